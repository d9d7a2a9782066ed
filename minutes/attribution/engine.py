"""The compiled check: one regular expression per set of participants, run once over each text.

The pattern has four branches, tried in this order at each word start:
1. an honorific ("Sra.", "Mr", "Mme", ...) before a capitalised word: the word that follows is a
   participant's name (the hit then starts at the honorific) or, if nobody on the list, a possible hit;
2. a participant country's name or demonym next to an embassy word, in either order;
3. every derived name matched in any case (a trie, so the cost hardly grows with the names);
4. the names matched only as written (acronyms, ordinary words capitalised).
Compiled patterns are cached by the participants and languages, so a page that checks several
texts, or checks again as the author types, compiles once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .hits import Entry, Hit, HitBuilder
from .names import (
    CERTAIN,
    EXACT,
    KIND_UNLISTED,
    POSSIBLE,
    RULE_EMBASSY,
    RULE_FULL_NAME,
    RULE_GIVEN_NAME,
    RULE_HONORIFIC,
    RULE_SURNAME,
    RULES,
    Name,
    Term,
    derive,
)
from .text import fold, key, plain

SEP = r"(?:\s*[-/]\s*|\s+)"
_CAPITAL = "A-ZĐŁØÆŒÞ"
# A capitalised word of at least two letters ("Condori", "D'Souza"), after an optional particle ("de Vries").
_NAME_AFTER_HONORIFIC = (
    r"(?:(?:de\s+la|de\s+los|del|de|van\s+der|van\s+den|van|von|da|dos|du|le|la|di)\s+)?"
    rf"[{_CAPITAL}](?=[^\W\d_]|'[^\W\d_])[^\W\d_]*(?:['-][^\W\d_]+)*"
)
_CONNECTOR = r"(?:\s+(?:of|from|de|del|du|des)(?:\s+(?:the|la|las|los|el|le|les))?\s+|\s+(?:de\s+)?l'|\s+d'|\s+)"


def _stronger(new: Entry, old: Entry | None) -> bool:
    if old is None:
        return True
    rank = (new.term.severity != CERTAIN, RULES.index(new.term.rule))
    return rank < (old.term.severity != CERTAIN, RULES.index(old.term.rule))


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of `words` factored as a trie; a space stands for any separator."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [
            (SEP if char == " " else re.escape(char)) + build(node[char]) for char in sorted(c for c in node if c)
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class _Index:
    """The compiled pattern and the tables that tell, for a matched text, whose name it is."""

    def __init__(self, names: tuple[Name, ...], languages: tuple[str, ...]):
        self.language = next((lang for lang in languages if lang in lexicon.wording()), "en")
        self.folded: dict[str, Entry] = {}
        self.exact: dict[str, Entry] = {}
        self.embassy_folded: dict[str, Name] = {}
        self.embassy_exact: dict[str, Name] = {}
        self.short_surnames: dict[str, Name] = {}
        for name in names:
            derived = derive(name, languages)
            for term in derived.terms:
                entry = Entry(name, term)
                table, form = (self.exact, plain(term.text)) if term.mode == EXACT else (self.folded, key(term.text))
                if form and _stronger(entry, table.get(form)):
                    table[form] = entry
            for form in derived.embassy_forms:
                if any(char.isupper() for char in form) and form.upper() == form:
                    self.embassy_exact.setdefault(plain(form), name)
                else:
                    self.embassy_folded.setdefault(key(form), name)
            for surname in derived.short_surnames:
                self.short_surnames.setdefault(key(surname), name)
        self.regex = self._compile()

    def _compile(self) -> re.Pattern | None:
        usual, exact_honorifics = lexicon.honorifics()
        variants = set()
        for honorific in usual:
            form = plain(honorific)
            variants |= {form, form[:1].lower() + form[1:], form.upper()}
        honorific = (
            "(?:" + _trie_pattern(sorted(variants)) + "|" + _trie_pattern(sorted(map(plain, exact_honorifics))) + ")"
        )
        branches = [
            rf"(?P<hon>{honorific})\s+(?=(?P<cap>{_NAME_AFTER_HONORIFIC}))",
        ]
        if self.embassy_folded or self.embassy_exact:
            context = "(?i:" + _trie_pattern(sorted({key(word) for word in lexicon.embassy_words()})) + ")"
            forms = []
            if self.embassy_folded:
                forms.append("(?i:" + _trie_pattern(sorted(self.embassy_folded)) + ")")
            if self.embassy_exact:
                forms.append(_trie_pattern(sorted(self.embassy_exact)))
            either = "(?:" + "|".join(forms) + ")"
            branches.append(rf"(?P<emb1>{context}(?i:{_CONNECTOR}))(?P<c1>{either})(?!\w)")
            branches.append(rf"(?P<c2>{either}){SEP}(?P<emb2>{context})(?!\w)")
        if self.folded:
            branches.append(r"(?P<fold>(?i:" + _trie_pattern(sorted(self.folded)) + r"))(?!\w)")
        if self.exact:
            branches.append(r"(?P<exact>" + _trie_pattern(sorted(self.exact)) + r")(?!\w)")
        if len(branches) == 1 and not self.short_surnames:
            return None  # nobody to look for: honorifics alone are not worth a pass over the text
        return re.compile(r"(?<!\w)(?:" + "|".join(branches) + ")")

    def entry_for(self, match: re.Match) -> Entry | None:
        groups = match.groupdict()
        if groups.get("fold") is not None:
            return self.folded.get(key(match.group()))
        if groups.get("exact") is not None:
            return self.exact.get(plain(match.group()))
        country = groups.get("c1") or groups.get("c2") or ""
        name = self.embassy_exact.get(plain(country)) or self.embassy_folded.get(key(country))
        if name is None:
            return None
        same = self.folded.get(key(match.group()))  # the institution's own name ("Embassy of Switzerland")
        if same is not None and same.name == name:
            return same
        return Entry(name, Term(match.group(), RULE_EMBASSY, CERTAIN))

    def honorific_only(self, folded: str, start: int, cap_start: int, cap_end: int) -> list:
        """An honorific before a capitalised word: a short surname of the list, or somebody unlisted."""
        cap = folded[cap_start:cap_end]
        name = self.short_surnames.get(key(cap))
        if name is not None:
            return [start, cap_end, Entry(name, Term(cap, RULE_SURNAME, CERTAIN)), True]
        unlisted = Name(" ".join(folded[start:cap_end].split()), KIND_UNLISTED)
        return [start, cap_end, Entry(unlisted, Term(unlisted.term, RULE_HONORIFIC, POSSIBLE)), True]


@lru_cache(maxsize=32)
def compiled(names: tuple[Name, ...], languages: tuple[str, ...] = ()) -> _Index:
    """The compiled check for these participants (cached: the same list compiles once)."""
    return _Index(names, languages)


def _languages(languages) -> tuple[str, ...]:
    if not languages:
        return ()
    if isinstance(languages, str):
        return (languages,)
    return tuple(languages)


class Checker:
    """A compiled check for one set of names; reuse it for every field of a document.

    `languages`: the group's language(s), for the ordinary-word lists and the suggested wording
    (default: the ordinary words of Spanish, English and French, suggestions in English).
    """

    def __init__(self, names, *, languages=None):
        self._index = compiled(tuple(names), _languages(languages))

    @property
    def language(self) -> str:
        return self._index.language

    def find(self, text: str, *, section: str = "", field: str = "") -> list[Hit]:
        index = self._index
        if index.regex is None or not text:
            return []
        folded, positions = fold(text)
        spans: list[list] = []  # [start, end, entry, after an honorific]
        pending = None  # an honorific waiting to see whether a name follows it
        for match in index.regex.finditer(folded):
            if match.group("hon") is not None:
                if pending:
                    spans.append(index.honorific_only(folded, *pending))
                pending = (match.start(), match.start("cap"), match.end("cap"))
                continue
            entry = index.entry_for(match)
            if entry is None:
                continue
            if pending and pending[1] <= match.start() <= pending[2]:
                spans.append([pending[0], match.end(), entry, True])
                pending = None
                continue
            if pending:
                spans.append(index.honorific_only(folded, *pending))
                pending = None
            spans.append([match.start(), match.end(), entry, False])
        if pending:
            spans.append(index.honorific_only(folded, *pending))
        builder = HitBuilder(text, positions, index.language, section, field)
        for start, end, entry, after_honorific in _join_name_parts(spans, folded):
            builder.add(start, end, entry, after_honorific=after_honorific)
        return builder.hits


_PERSON_RULES = (RULE_FULL_NAME, RULE_SURNAME, RULE_GIVEN_NAME)


def _adjacent(gap: str, before: str, after: str) -> bool:
    """Only space between two parts of a name; a comma only in "surnames, given names"."""
    if not gap.strip():
        return True
    return gap.strip() == "," and before != RULE_GIVEN_NAME and after == RULE_GIVEN_NAME


def _join_name_parts(spans: list[list], folded: str) -> list[list]:
    """Adjacent parts of one person's name ("Luz" "Condori", "Condori Mamani," "Luz Marina") as one hit:
    a given name next to a surname is the full name, a certain hit."""
    joined: list[list] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not span[3]  # a new honorific starts a new mention
            and previous[2].name == span[2].name
            and span[2].name.is_person
            and previous[2].term.rule in _PERSON_RULES
            and span[2].term.rule in _PERSON_RULES
            and _adjacent(folded[previous[1] : span[0]], previous[2].term.rule, span[2].term.rule)
        ):
            rules = {previous[2].term.rule, span[2].term.rule}
            rule = RULE_FULL_NAME if RULE_FULL_NAME in rules or len(rules) > 1 else previous[2].term.rule
            severity = CERTAIN if rule != RULE_GIVEN_NAME else POSSIBLE
            text = folded[previous[0] : span[1]]
            previous[1] = span[1]
            previous[2] = Entry(span[2].name, Term(text, rule, severity))
            continue
        joined.append(list(span))
    return joined


def find_attributions(text: str, names, *, section: str = "", field: str = "", languages=None) -> list[Hit]:
    """Every mention of one of `names` in `text` (see the package docstring for the rules)."""
    return Checker(names, languages=languages).find(text, section=section, field=field)
