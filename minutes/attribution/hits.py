"""What the check reports: a `Hit` per mention, with its sentence, rule, severity and a neutral wording."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from . import lexicon
from .names import CERTAIN, KIND_GUEST, KIND_UNLISTED, POSSIBLE, RULE_EMBASSY, RULE_GIVEN_NAME, Name, Term
from .text import Sentences, extend_over_marks, key

CONTEXT_CHARS = 300  # a sentence longer than this is shown cut at word boundaries around the hit
# Embassy words that stand for a person: the suggestion is then "a representative of an embassy".
_PERSON_WORDS = frozenset(
    key(word)
    for word in "ambassador ambassadors ambassadress high commissioner consul delegate delegates representative "
    "representatives embajador embajadora embajadores embajadoras cónsul delegado delegada delegados delegadas "
    "representante representantes ambassadeur ambassadrice ambassadeurs délégué déléguée délégués représentant "
    "représentante représentants".split()
)
_ARTICLE_BEFORE = re.compile(r"(?i)(?<!\w)(?:(?:the|el|la|los|las|le|les)\s+|l['’])$")


@dataclass(frozen=True)
class Hit:
    """One mention. Offsets are in the author's own text; `highlight_*` are within `sentence`."""

    term: str  # the participant as the list spells them (or the words after an honorific)
    kind: str
    section: str  # the section key of the document ("" for a plain text)
    field: str  # which field of the section ("summary", "agreements", ...)
    line: int  # 1-based, in the original text
    column: int  # 1-based, in the original text
    start: int
    end: int
    matched: str  # the text as written
    context: str  # the sentence, cut at word boundaries if long
    occurrence: int  # the n-th hit of this term in this field (1-based)
    rule: str = ""
    severity: str = CERTAIN
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    highlight_start: int = 0
    highlight_end: int = 0
    institution_kind: str = ""
    pillar: str = ""
    suggestion: str = ""  # a neutral wording in the group's language
    replace_start: int = 0  # what the suggestion replaces: the hit and a definite article before it
    replace_end: int = 0

    @property
    def is_certain(self) -> bool:
        return self.severity == CERTAIN

    @property
    def sentence_before(self) -> str:
        return self.sentence[: self.highlight_start]

    @property
    def sentence_after(self) -> str:
        return self.sentence[self.highlight_end :]

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Entry:
    name: Name
    term: Term


class HitBuilder:
    """Turns matched spans into Hits: offsets in the original text, sentence, severity, wording."""

    def __init__(self, text: str, positions: list[int] | None, language: str, section: str, field: str):
        self.text, self.positions, self.language = text, positions, language
        self.section, self.field = section, field
        self.hits: list[Hit] = []
        self._counts: dict[str, int] = {}
        self._sentences: Sentences | None = None
        self._line_starts: list[int] | None = None

    def _original(self, start: int, end: int) -> tuple[int, int]:
        if self.positions is None:
            return start, end
        return self.positions[start], extend_over_marks(self.text, self.positions[end - 1] + 1)

    def add(self, start: int, end: int, entry: Entry, *, after_honorific: bool = False) -> None:
        text = self.text
        first, last = self._original(start, end)
        if self._sentences is None:
            self._sentences = Sentences(text)
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        sentence_start, sentence_end = self._sentences.bounds(first, last)
        matched = text[first:last]
        severity = entry.term.severity
        if (
            entry.term.ordinary
            and not after_honorific
            and severity == CERTAIN
            and not matched.isupper()
            and not re.search(r"\w", text[sentence_start:first])
        ):
            severity = POSSIBLE  # "Flores y velas adornaban la sala": capitalised only because it starts the sentence
        name = entry.name
        if name.kind == KIND_UNLISTED:  # named as written, accents and all
            name = Name(" ".join(matched.split()), KIND_UNLISTED)
        self._counts[name.term] = self._counts.get(name.term, 0) + 1
        line = _line_of(self._line_starts, first)
        replace_start = first
        article = _ARTICLE_BEFORE.search(text, max(0, first - 5), first)
        if article:
            replace_start = article.start()
        suggestion = self._suggestion(name, entry.term, matched)
        if replace_start <= sentence_start or not re.search(r"\w", text[sentence_start:replace_start]):
            suggestion = suggestion[:1].upper() + suggestion[1:]
        sentence = text[sentence_start:sentence_end]
        self.hits.append(
            Hit(
                term=name.term,
                kind=name.kind,
                section=self.section,
                field=self.field,
                line=line + 1,
                column=first - self._line_starts[line] + 1,
                start=first,
                end=last,
                matched=matched,
                context=_context(sentence, first - sentence_start, last - sentence_start),
                occurrence=self._counts[name.term],
                rule=entry.term.rule,
                severity=severity,
                sentence=sentence,
                sentence_start=sentence_start,
                sentence_end=sentence_end,
                highlight_start=first - sentence_start,
                highlight_end=last - sentence_start,
                institution_kind=name.institution_kind,
                pillar=name.pillar,
                suggestion=suggestion,
                replace_start=min(replace_start, first),
                replace_end=last,
            )
        )

    def _suggestion(self, name: Name, term: Term, matched: str) -> str:
        category = name.institution_kind or name.pillar or ("guest" if name.kind == KIND_GUEST else "participant")
        what = "person" if name.is_person else "institution"
        if term.rule == RULE_EMBASSY:
            category = name.institution_kind or "foreign_government"
            if set(key(matched).split()) & _PERSON_WORDS:
                what = "person"
        if term.rule == RULE_GIVEN_NAME or name.kind == KIND_UNLISTED:
            what = "person"
        return lexicon.neutral_wording(what, category, self.language)


def _context(sentence: str, start: int, end: int) -> str:
    """The sentence on one line, cut at word boundaries around the hit when it is long."""
    if len(sentence) <= CONTEXT_CHARS:
        return " ".join(sentence.split())
    room = max(0, (CONTEXT_CHARS - (end - start)) // 2)
    left = max(0, start - room)
    right = min(len(sentence), end + room)
    while left > 0 and not sentence[left - 1].isspace():
        left -= 1
    while right < len(sentence) and not sentence[right].isspace():
        right += 1
    return ("…" if left else "") + " ".join(sentence[left:right].split()) + ("…" if right < len(sentence) else "")


def _line_of(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def accepted_by(hit: Hit, acceptances):
    """The first of `acceptances` that covers `hit`, or None. An acceptance (minutes' or an annual
    report's) names a term and either every occurrence or one: its section (where it has sections;
    else the hit's own), field and occurrence."""
    for acceptance in acceptances:
        if acceptance.term != hit.term:
            continue
        if acceptance.covers_every_occurrence:
            return acceptance
        section = getattr(acceptance, "section_key", hit.section)
        if (section, acceptance.field, acceptance.occurrence) == (hit.section, hit.field, hit.occurrence):
            return acceptance
    return None
