"""Snippets with the searched words marked: the text is escaped first, then `<mark>` goes around matches.

Matching here is for display only (the database decided what matched): a word matches when its
unaccented, lower-cased form starts with a searched term, or with the term less its last two letters
for longer terms (so "reuniones" marks "reunión", as the stemmer matched it).
"""

from __future__ import annotations

import functools
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .lexemes import words

SNIPPET_CHARS = 200


# Letters a searched term may stand for in the text, accents included (terms are folded: no accents).
_VARIANTS = {
    "a": "aàáâãäå",
    "c": "cç",
    "e": "eèéêë",
    "i": "iìíîï",
    "n": "nñ",
    "o": "oòóôõö",
    "u": "uùúûü",
    "y": "yýÿ",
}


def terms_of(query: str) -> list[str]:
    """The searched words, folded as the index folds its texts (search/lexemes.py), in order, without repeats."""
    return list(dict.fromkeys(words(query)))


def _letter(char: str) -> str:
    variants = _VARIANTS.get(char)
    return f"[{variants}]" if variants else re.escape(char)


@functools.lru_cache(maxsize=256)
def _compiled(stems: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join("".join(_letter(char) for char in stem) for stem in stems)
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def _pattern(terms: list[str]) -> re.Pattern | None:
    """Matches, in the original text (accents and case as written), the words the terms stand for."""
    stems = {term if len(term) <= 5 else term[: len(term) - 2] for term in terms}
    if not stems:
        return None
    return _compiled(tuple(sorted(stems, key=len, reverse=True)))


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, position = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole of `text` (a title), escaped, with matches marked."""
    pattern = _pattern(terms)
    spans = [m.span() for m in pattern.finditer(text)] if pattern else []
    return mark_safe(_marked(text, spans, 0, len(text)))  # noqa: S308 - every piece is escaped above


def snippet(text: str, terms: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """About `length` characters of `text` around its first match, escaped, matches marked."""
    pattern = _pattern(terms)
    first = pattern.search(text) if pattern else None
    # Only the neighbourhood of the first match is read: a long set of minutes costs no more than a title.
    around = first.start() if first else 0
    offset, stop = max(0, around - length), around + 2 * length
    cut_before, cut_after = offset > 0, stop < len(text)
    text = " ".join(text[offset:stop].split())
    spans = [m.span() for m in pattern.finditer(text)] if pattern else []
    if not spans:
        start = 0
    else:
        start = max(0, spans[0][0] - length // 3)
        if start:  # begin on a word
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (spans[0][1] if spans and spans[0][1] < end else start) else end
    body = _marked(text, spans, start, end)
    prefix = "…" if start or cut_before else ""
    suffix = "…" if end < len(text) or cut_after else ""
    return mark_safe(prefix + body + suffix)  # noqa: S308 - every piece is escaped in _marked
