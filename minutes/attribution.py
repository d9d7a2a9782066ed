"""The non-attribution check: find names of the meeting's participants in a text.

Pure functions, no database. `find_attributions(text, names)` returns every hit with its place.

Matching rules (and why):
- Accents and case do not matter for names: "Ramírez", "RAMIREZ" and "ramirez" are the same person
  to a reader. The text and the names are compared after NFKD decomposition with combining marks
  removed; a map from each normalised character back to the original keeps line, column and the
  context snippet in the author's own text.
- Whole words only: a name never matches inside a longer word ("Ser" is not in "service").
  Whitespace inside a name matches any run of whitespace, so a name broken across lines still hits.
- Acronyms are matched case-sensitively as whole tokens: "IDL" hits "IDL" but not "idle" or "Idl",
  and "SER" (an NGO) does not hit the Spanish verb "ser". An acronym of one letter is ignored.
- People are matched by full name, and by surname alone when the surname has at least 4 letters:
  "Ramos" on its own identifies a participant as surely as "Lucía Ramos", while 2–3 letter surnames
  ("Li", "Paz") would flag ordinary words far too often. First names alone are not checked (too
  common to be useful). Names shorter than 3 letters are ignored for the same reason.
- One compiled regular expression per check, built as a trie of the terms, so a 10-page text is
  scanned once whatever the number of names (well under 50 ms for 100 names).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

KIND_ATTENDEE = "attendee"
KIND_INSTITUTION = "institution"
KIND_ACRONYM = "acronym"
KIND_GUEST = "guest"
KINDS = (KIND_ATTENDEE, KIND_INSTITUTION, KIND_ACRONYM, KIND_GUEST)

MIN_SURNAME_LETTERS = 4
MIN_NAME_LETTERS = 3
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Name:
    """A term to look for. `kind` is one of KINDS; `surname` (people only) is also searched alone."""

    term: str
    kind: str
    surname: str = ""


@dataclass(frozen=True)
class Hit:
    term: str  # the name as the participant list spells it
    kind: str
    section: str  # the section key of the document ("" for a plain text)
    field: str  # which field of the section ("summary", "agreements", ...)
    line: int  # 1-based, in the original text
    column: int  # 1-based, in the original text
    start: int  # offsets in the original text
    end: int
    matched: str  # the text as written
    context: str  # a snippet around the hit
    occurrence: int  # the n-th hit of this term in this field (1-based)


def _strip_marks(text: str) -> tuple[str, list[int]]:
    """`text` without accents (NFKD, combining marks removed) and, per output character, its source index."""
    out, index = [], []
    for position, char in enumerate(text):
        if char.isascii():
            out.append(char)
            index.append(position)
            continue
        for part in unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part):
                out.append(part)
                index.append(position)
    return "".join(out), index


def _key(text: str, case_sensitive: bool) -> str:
    plain = " ".join(_strip_marks(text)[0].split())
    return plain if case_sensitive else plain.casefold()


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of `words` factored as a trie (longest first at each branch)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = []
        for char in sorted((c for c in node if c), key=lambda c: (-len(node[c]), c)):
            atom = r"\s+" if char == " " else re.escape(char)
            branches.append(atom + build(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


class Checker:
    """A compiled check for one set of names; reuse it for every field of a document."""

    def __init__(self, names: list[Name]):
        self._folded: dict[str, Name] = {}
        self._exact: dict[str, Name] = {}
        for name in names:
            if name.kind == KIND_ACRONYM:
                key = _key(name.term, case_sensitive=True)
                if len(key) >= 2:
                    self._exact.setdefault(key, name)
                continue
            key = _key(name.term, case_sensitive=False)
            if sum(c.isalnum() for c in key) >= MIN_NAME_LETTERS:
                self._folded.setdefault(key, name)
            surname = _key(name.surname, case_sensitive=False)
            if surname and sum(c.isalpha() for c in surname) >= MIN_SURNAME_LETTERS:
                self._folded.setdefault(surname, name)
        parts = []
        if self._folded:
            parts.append("(?i:" + _trie_pattern(sorted(self._folded)) + ")")
        if self._exact:
            parts.append(_trie_pattern(sorted(self._exact)))
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)") if parts else None

    def find(self, text: str, *, section: str = "", field: str = "") -> list[Hit]:
        if self._regex is None or not text:
            return []
        plain, index = _strip_marks(text)
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        hits, counts = [], {}
        for match in self._regex.finditer(plain):
            found = " ".join(match.group().split())
            name = self._exact.get(found) or self._folded.get(found.casefold())
            if name is None:  # an acronym matched case-insensitively through the other branch
                continue
            start = index[match.start()]
            end = index[match.end() - 1] + 1
            line = _line_of(line_starts, start)
            counts[name.term] = counts.get(name.term, 0) + 1
            snippet_from = max(0, start - CONTEXT_CHARS)
            snippet_to = min(len(text), end + CONTEXT_CHARS)
            context = " ".join(text[snippet_from:snippet_to].split())
            hits.append(
                Hit(
                    term=name.term,
                    kind=name.kind,
                    section=section,
                    field=field,
                    line=line + 1,
                    column=start - line_starts[line] + 1,
                    start=start,
                    end=end,
                    matched=text[start:end],
                    context=("…" if snippet_from else "") + context + ("…" if snippet_to < len(text) else ""),
                    occurrence=counts[name.term],
                )
            )
        return hits


def _line_of(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def find_attributions(text: str, names: list[Name], *, section: str = "", field: str = "") -> list[Hit]:
    """Every mention of one of `names` in `text` (see the module docstring for the rules)."""
    return Checker(names).find(text, section=section, field=field)
