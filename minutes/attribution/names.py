"""Who the check looks for (`Name`) and every way a reader would recognise them (`derive`).

From what the directory records, with no typing needed:
- a person: the full name as recorded and in any order of given names and surnames ("Luz Marina
  Condori", "Condori Mamani, Luz Marina": adjacent parts of one person's name make one hit); the
  surname and each of its parts of at least 4 letters ("Condori", "Mamani") as certain hits; the
  given names, compound ones too ("Rosa Elena", "Marie-Claire"), as possible hits, since first names
  are shared; surnames shorter than 4 letters ("Paz", "Wu") alone only after an honorific ("Sr. Paz");
- an institution: its name, acronym and aliases, and the parts of a hyphenated or slashed name
  ("Yanacocha-Newmont": "Yanacocha", "Newmont");
- a foreign government or embassy: its country (CLDR names in English, Spanish and French) and the
  demonyms next to an embassy word, in either order ("Dutch Embassy", "la Embajada de los Países
  Bajos", "el embajador neerlandés", "l'ambassade des Pays-Bas"), certain; the country alone, possible.
A name that is also an ordinary word of the language ("Flores", "Luz") and an acronym ("SER" against
the verb "ser") are matched only when capitalised or upper-case; given names always so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import lexicon
from .text import key, plain

KIND_ATTENDEE = "attendee"
KIND_INSTITUTION = "institution"
KIND_ACRONYM = "acronym"
KIND_GUEST = "guest"
KIND_UNLISTED = "unlisted"  # somebody named after an honorific who is not on the list
KINDS = (KIND_ATTENDEE, KIND_INSTITUTION, KIND_ACRONYM, KIND_GUEST, KIND_UNLISTED)

CERTAIN = "certain"
POSSIBLE = "possible"
SEVERITIES = (CERTAIN, POSSIBLE)

RULE_FULL_NAME = "full_name"
RULE_SURNAME = "surname"
RULE_ACRONYM = "acronym"
RULE_INSTITUTION = "institution"
RULE_ALIAS = "alias"
RULE_INSTITUTION_PART = "institution_part"
RULE_EMBASSY = "embassy"
RULE_COUNTRY = "country"
RULE_GIVEN_NAME = "given_name"
RULE_HONORIFIC = "honorific"
RULES = (  # strongest first: when two participants share a form, the first rule wins
    RULE_FULL_NAME,
    RULE_SURNAME,
    RULE_ACRONYM,
    RULE_INSTITUTION,
    RULE_ALIAS,
    RULE_INSTITUTION_PART,
    RULE_EMBASSY,
    RULE_COUNTRY,
    RULE_GIVEN_NAME,
    RULE_HONORIFIC,
)

FOLD = "fold"  # any case, any accents
EXACT = "exact"  # as written (accents still ignored)

MIN_SURNAME_LETTERS = 4
MIN_GIVEN_LETTERS = 3
MIN_NAME_LETTERS = 3
MIN_ACRONYM_LETTERS = 2
MIN_TITLE_ACRONYM_LETTERS = 4  # "Minem", "Sucamec": long acronyms are also written as a word
FOREIGN_GOVERNMENT = "foreign_government"
INTERNATIONAL_ORGANISATION = "international_organisation"
_PARTICLES = frozenset("de del la las los da das do dos di du le van von der den ten ter y e et zu".split())
_PART_SPLIT = re.compile(r"\s*[-/]\s*")


@dataclass(frozen=True)
class Name:
    """A participant to look for. The first three fields are the original interface; the rest are
    optional and let the check derive more names and suggest a neutral wording.

    People (`kind` attendee or guest): `term` is the full name, `surname` the surname(s) and `given`
    the given name(s) (default: `term` without the surname). Institutions: `term` is the name.
    """

    term: str
    kind: str
    surname: str = ""
    given: str = ""
    acronym: str = ""
    aliases: tuple[str, ...] = ()
    institution_kind: str = ""  # Institution.Kind value (of the person's institution, for people)
    pillar: str = ""
    country: str = ""  # a foreign government's country (ISO code or name); found from the name if empty

    def __post_init__(self):
        if not isinstance(self.aliases, tuple):
            object.__setattr__(self, "aliases", tuple(self.aliases))

    @property
    def is_person(self) -> bool:
        return self.kind in (KIND_ATTENDEE, KIND_UNLISTED) or (
            self.kind == KIND_GUEST and bool(self.surname or self.given)
        )


def person_name(
    *,
    given: str,
    surname: str,
    full_name: str = "",
    kind: str = KIND_ATTENDEE,
    institution_kind: str = "",
    pillar: str = "",
) -> Name:
    """A person as the directory records them (User.first_name, last_name) and what they represent."""
    full = " ".join((full_name or f"{given} {surname}").split())
    return Name(full, kind, surname.strip(), given.strip(), institution_kind=institution_kind, pillar=pillar)


def institution_name(
    *, name: str, acronym: str = "", aliases=(), institution_kind: str = "", pillar: str = "", country: str = ""
) -> Name:
    """An institution as the directory records it. `country` only for a foreign government (the
    country it represents, not where its office is); found from the name when empty."""
    return Name(
        name.strip(),
        KIND_INSTITUTION,
        acronym=acronym.strip(),
        aliases=tuple(aliases or ()),
        institution_kind=institution_kind,
        pillar=pillar,
        country=country.strip(),
    )


def from_institution(institution, *, pillar: str = "", host_country: str = "") -> Name:
    """The Name of a directory Institution (read as attributes: name, acronym, aliases, kind, country).

    Institution.country is where the institution is; for an embassy it is used only if its name tells
    no country and it is not the group's own country (`host_country`): an embassy in Peru is not Peru.
    """
    name = institution_name(
        name=institution.name,
        acronym=getattr(institution, "acronym", "") or "",
        aliases=tuple(getattr(institution, "aliases", None) or ()),
        institution_kind=getattr(institution, "kind", "") or "",
        pillar=pillar,
    )
    country = (getattr(institution, "country", "") or "").strip()
    if country and name.institution_kind == FOREIGN_GOVERNMENT and not country_of(name):
        code = lexicon.resolve_country(country)
        if code and code != lexicon.resolve_country(host_country):
            return replace(name, country=code)
    return name


def from_user(user, *, institution=None, pillar: str = "", kind: str = KIND_ATTENDEE) -> Name:
    """The Name of a person of the directory (first_name, last_name, else the e-mail) and what they represent."""
    full = " ".join(f"{user.first_name} {user.last_name}".split()) or user.email
    return person_name(
        given=user.first_name or "",
        surname=user.last_name or "",
        full_name=full,
        kind=kind,
        institution_kind=getattr(institution, "kind", "") if institution is not None else "",
        pillar=pillar,
    )


@dataclass(frozen=True)
class Term:
    """One form to search: `text` as written, matched in any case (FOLD) or as written (EXACT)."""

    text: str
    rule: str
    severity: str
    mode: str = FOLD
    ordinary: bool = False  # an ordinary word matched because capitalised: less sure at a sentence start


@dataclass(frozen=True)
class Derived:
    terms: list[Term]
    embassy_forms: list[str]  # country names and demonyms to find next to an embassy word
    short_surnames: list[str]  # surnames too short to search alone: only after an honorific


def derive(name: Name, languages: tuple[str, ...] = ()) -> Derived:
    """Every form of `name` the check searches (see the module docstring)."""
    if name.is_person:
        terms, short = _person_terms(name, languages)
        return Derived(terms, [], short)
    terms, forms = _institution_terms(name, languages)
    return Derived(terms, forms, [])


def letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


def looks_like_acronym(text: str) -> bool:
    found = [char for char in text if char.isalpha()]
    return len(found) >= MIN_ACRONYM_LETTERS and not any(char.islower() for char in found)


def capital_forms(text: str) -> list[str]:
    """`text` capitalised and in capitals: how an ordinary word is written when it is a name."""
    text = " ".join(text.split())
    forms = [text] if any(char.isupper() for char in text) else []
    forms += [text[:1].upper() + text[1:], " ".join(w[:1].upper() + w[1:] for w in text.split()), text.upper()]
    return list(dict.fromkeys(forms))


def _word_terms(text: str, rule: str, severity: str, languages, *, force_capital: bool = False) -> list[Term]:
    """One name as FOLD, or as its capitalised forms when it is an ordinary word (or must be capitalised)."""
    ordinary = lexicon.is_ordinary_word(text, languages or lexicon.LANGUAGES)
    if force_capital or ordinary:
        return [Term(form, rule, severity, EXACT, ordinary=ordinary) for form in capital_forms(text)]
    return [Term(text, rule, severity, FOLD)]


def _acronym_terms(text: str, rule: str, languages) -> list[Term]:
    terms = [Term(text, rule, CERTAIN, EXACT)]
    word = plain(text)
    if letters(word) >= MIN_TITLE_ACRONYM_LETTERS and word.isalpha() and not lexicon.is_ordinary_word(word, languages):
        terms.append(Term(word[:1] + word[1:].lower(), rule, CERTAIN, EXACT))
    return terms


def _literal_terms(text: str, rule: str, languages) -> list[Term]:
    text = " ".join(text.split())
    if looks_like_acronym(text):
        return _acronym_terms(text, RULE_ACRONYM if rule == RULE_INSTITUTION else rule, languages)
    if sum(char.isalnum() for char in text) < MIN_NAME_LETTERS:
        return []
    return _word_terms(text, rule, CERTAIN, languages)


# --- people ----------------------------------------------------------------------------------------


def _honorific_keys() -> frozenset[str]:
    usual, exact = lexicon.honorifics()
    return frozenset(key(h).rstrip(".") for h in usual + exact)


def _split_person(name: Name) -> tuple[list[str], list[str]]:
    """(given-name tokens, surname tokens) of a person, honorifics left out."""
    full = name.term.split()
    surname = name.surname.split()
    if name.given:
        given = name.given.split()
    elif surname and [key(t) for t in full[-len(surname) :]] == [key(t) for t in surname]:
        given = full[: -len(surname)]
    else:
        surname_keys = {key(t) for t in surname}
        given = [t for t in full if key(t) not in surname_keys]
    honorifics = _honorific_keys()
    while given and key(given[0]).rstrip(".") in honorifics:
        given = given[1:]
    return given, surname


def _person_terms(name: Name, languages) -> tuple[list[Term], list[str]]:
    full = " ".join(name.term.split())
    if not full:
        return [], []
    if "@" in full:  # a user with no name recorded: the e-mail address as written
        return [Term(full, RULE_FULL_NAME, CERTAIN)], []
    given, surname = _split_person(name)
    terms: list[Term] = []
    if len(full.split()) > 1 or not (given or surname):
        terms += _word_terms(full, RULE_FULL_NAME, CERTAIN, languages)
    given_text = " ".join(given)
    surname_text = " ".join(surname)
    surname_parts = [
        part for piece in _PART_SPLIT.split(surname_text) for part in piece.split() if key(part) not in _PARTICLES
    ]
    if given and surname:
        # Other orders as wholes, for names whose parts are too short to be found alone ("Li Wu"); any
        # other combination ("Luz Condori", "Condori Mamani, Luz Marina") is found part by part and the
        # adjacent parts joined into one hit (engine).
        for combination in (f"{surname_text} {given_text}", f"{surname_text}, {given_text}"):
            terms += _word_terms(combination, RULE_FULL_NAME, CERTAIN, languages)
    short: list[str] = []
    if surname_text and (len(surname) > 1 or letters(surname_text) >= MIN_SURNAME_LETTERS):
        terms += _word_terms(surname_text, RULE_SURNAME, CERTAIN, languages)
    for part in surname_parts:
        if letters(part) >= MIN_SURNAME_LETTERS:
            terms += _word_terms(part, RULE_SURNAME, CERTAIN, languages)
        elif letters(part) >= 2:
            short.append(part)
    given_names = [given_text] if len(given) > 1 or "-" in given_text else []
    given_names += [part for part in given if letters(part) >= MIN_GIVEN_LETTERS]
    for given_name in dict.fromkeys(given_names):
        terms += _word_terms(given_name, RULE_GIVEN_NAME, POSSIBLE, languages, force_capital=True)
    if not surname and len(given) == 1 and not terms:
        terms += _word_terms(given_text, RULE_GIVEN_NAME, POSSIBLE, languages, force_capital=True)
    return terms, list(dict.fromkeys(short))


# --- institutions --------------------------------------------------------------------------------


def _parts(text: str) -> list[str]:
    """The parts of a hyphenated or slashed name that stand for it ("Yanacocha-Newmont", "Las Bambas-MMG").

    Split only where one side is a single word or an acronym, so that "… du Sud-Kivu" gives no "Kivu".
    """
    pieces = [piece for piece in _PART_SPLIT.split(" ".join(text.split())) if piece]
    if len(pieces) < 2:
        return []
    found = []
    for index, piece in enumerate(pieces):
        neighbours = pieces[max(0, index - 1) : index] + pieces[index + 1 : index + 2]
        stands_alone = looks_like_acronym(piece) or all(
            len(other.split()) == 1 or looks_like_acronym(other) for other in neighbours
        )
        if not stands_alone or key(piece) in _PARTICLES:
            continue
        if looks_like_acronym(piece) or letters(piece) >= MIN_SURNAME_LETTERS:
            found.append(piece)
    return found


def country_of(name: Name) -> str:
    """The ISO code of the country a foreign government or embassy represents (or "EU"), else ""."""
    if name.country:
        return lexicon.resolve_country(name.country)
    texts = [name.term, *name.aliases]
    embassy_words = {key(word) for word in lexicon.embassy_words()}
    if name.institution_kind == FOREIGN_GOVERNMENT or (
        not name.institution_kind and any(set(key(text).split()) & embassy_words for text in texts)
    ):
        for text in texts:
            code = lexicon.resolve_country(text)
            if code:
                return code
    if name.institution_kind in ("", INTERNATIONAL_ORGANISATION):
        for text in texts:
            code = lexicon.resolve_country(text, only=lexicon.SUPRANATIONAL, with_demonyms=False)
            if code:
                return code
    return ""


def _institution_terms(name: Name, languages) -> tuple[list[Term], list[str]]:
    rule = RULE_ACRONYM if name.kind == KIND_ACRONYM else RULE_INSTITUTION
    if name.kind == KIND_ACRONYM:
        terms = _acronym_terms(" ".join(name.term.split()), RULE_ACRONYM, languages) if name.term.strip() else []
    else:
        terms = _literal_terms(name.term, rule, languages)
    if name.acronym:
        terms += _acronym_terms(" ".join(name.acronym.split()), RULE_ACRONYM, languages)
    for alias in name.aliases:
        if sum(char.isalnum() for char in alias) >= MIN_ACRONYM_LETTERS:
            terms += _literal_terms(alias, RULE_ALIAS, languages)
    for text in [name.term, name.acronym, *name.aliases]:
        for part in _parts(text):
            if looks_like_acronym(part):
                terms += _acronym_terms(part, RULE_INSTITUTION_PART, languages)
            else:
                terms += _word_terms(part, RULE_INSTITUTION_PART, CERTAIN, languages)
    code = country_of(name)
    if not code:
        return terms, []
    names = lexicon.country_names(code)
    # The institution that is the country itself ("European Union") is named for certain by it.
    own = {key(text) for text in [name.term, *name.aliases]}
    severity = CERTAIN if own & {key(country) for country in names} else POSSIBLE
    for country in names:
        if looks_like_acronym(country):
            terms.append(Term(country, RULE_COUNTRY, severity, EXACT))
        else:
            terms += [Term(form, RULE_COUNTRY, severity, EXACT) for form in capital_forms(country)]
    return terms, names + lexicon.demonym_forms(code)
