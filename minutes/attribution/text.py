"""What a reader sees, not how it was typed: the text forms the check compares, and sentences.

`fold(text)` gives the text the patterns run on, with a map back to the author's own characters:
accents removed (NFKD without combining marks), every apostrophe written ' and every hyphen -,
and invisible or bidirectional control characters dropped, so that none of them hides a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width and bidirectional controls: invisible, and able to split or reverse a name. `strip_invisible`
# removes them when minutes text is saved (services tell the author when the count is not 0).
from vpwg.validators import INVISIBLE, strip_invisible  # noqa: F401 - re-exported

# Ignored when matching but not removed from the text on save: a soft hyphen is a legitimate hint.
_IGNORED = frozenset("\u00ad\u034f\u180e")
_APOSTROPHES = frozenset("\u2019\u2018\u02bc\u02bb\u2032\u00b4\u0060\uff07")
_HYPHENS = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
SEPARATORS = re.compile(r"\s*[-/]\s*|\s+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _IGNORED or INVISIBLE.match(char):
        return ""
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    return "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))


class _FoldTable(dict):
    """str.translate's table, filled as characters are met; notes those that do not fold to one character."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            _UNEVEN.add(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()
_UNEVEN: set[str] = set()  # characters that fold to nothing ("\u200b", a lone accent) or to several


def fold(text: str) -> tuple[str, list[int] | None]:
    """The text the patterns run on and, per character of it, its index in `text` (None: the same)."""
    if text.isascii():
        return text, None
    uneven = False

    def fold_run(run: re.Match) -> str:
        nonlocal uneven
        part = run.group()
        folded = part.translate(_TABLE)
        if len(folded) != len(part) or not _UNEVEN.isdisjoint(part):
            uneven = True
        return folded

    folded = _NON_ASCII.sub(fold_run, text)
    if not uneven:
        return folded, None  # every character folded to one: offsets are unchanged
    return _fold_with_index(text)


def _fold_with_index(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    index: list[int] = []
    position = 0
    for run in _NON_ASCII.finditer(text):
        start, end = run.span()
        if start > position:
            out.append(text[position:start])
            index.extend(range(position, start))
        for offset in range(start, end):
            folded = _fold_char(text[offset])
            if folded:
                out.append(folded)
                index.extend([offset] * len(folded))
        position = end
    if position < len(text):
        out.append(text[position:])
        index.extend(range(position, len(text)))
    return "".join(out), index


def plain(text: str) -> str:
    """A name as the patterns see it: folded, separators (spaces, hyphens, slashes) as one space."""
    return SEPARATORS.sub(" ", fold(text)[0]).strip()


def key(text: str) -> str:
    """The case-insensitive key of a name or of a matched text."""
    return plain(text).lower()


def words(text: str) -> list[str]:
    return [word for word in key(text).replace("'", " ").split() if word]


def extend_over_marks(text: str, end: int) -> int:
    """An end offset moved past combining marks, so that a highlight keeps whole letters ("José" in NFD)."""
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


# Where sentences end: . ! ? … (and closing quotes) before a space, a blank line, or a new list item or
# heading. A full stop after an abbreviation or an initial ("Sr.", "M.", "J.") ends nothing.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-*+•]\s|\d+[.)]\s|#))")
_ABBREVIATIONS = frozenset(
    "sr sra srta sres sras dr dra dna dña mr mrs ms mx mme mlle mmes prof lic ing st no nº art pp vs ee uu av"
    " jr etc e.g i.e approx cf".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)$")


class Sentences:
    """Finds the sentence around a hit, looking only near it (a text may be ten pages long)."""

    WINDOW = 1500  # a sentence longer than this is shown from this far before the hit

    def __init__(self, text: str):
        self.text = text

    def _boundaries(self, start: int, end: int):
        """(end of a sentence, start of the next) for each boundary in text[start:end]."""
        text = self.text
        for match in _BOUNDARY.finditer(text, start, end):
            if match.group()[0] == ".":
                before = _WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
                word = before.group(1).lower() if before else ""
                if word in _ABBREVIATIONS or (len(word) == 1 and len(match.group()) == 1):
                    continue
            yield (match.end() if match.group()[0] in ".!?…" else match.start()), match.end()

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """(first, last + 1) of the sentence that holds text[start:end], without surrounding space."""
        text = self.text
        for window in (300, self.WINDOW):  # most sentences are short: look close first
            first = max(0, start - window)
            found = False
            for _end, next_start in self._boundaries(first, start):
                if next_start <= start:
                    first, found = next_start, True
            if found or first == 0:
                break
        last = min(len(text), end + self.WINDOW)
        for sentence_end, _next in self._boundaries(end, last):
            last = sentence_end
            break
        while first < start and text[first].isspace():
            first += 1
        while last > end and text[last - 1].isspace():
            last -= 1
        return first, last
