"""The non-attribution check: find what would let a reader recognise a participant in a text.

Pure functions, no database: `Checker(names, languages=...)` compiles once (cached by the
participants), `.find(text, section=, field=)` returns every `Hit` with its sentence, the rule that
fired, its severity (certain or possible) and a neutral wording to put instead.

What is looked for (names.py): full names in any order, surnames and each part of a compound
surname (certain), given names (possible), an honorific before a capitalised word (possible, certain
when the word is a participant's surname), institution names, acronyms, aliases and the parts of a
hyphenated name, and an embassy by its country or demonym next to an embassy word in English,
Spanish or French.

How it matches (text.py): accents and case do not matter, except that acronyms and names that are
also ordinary words ("SER", "Flores", "Luz") are matched only when written with capitals; apostrophes
and hyphens are normalised; invisible and bidirectional control characters are ignored (and
`strip_invisible` removes them on save); a name broken across lines still matches; whole words
only, so "Ser" is not in "service".
"""

from __future__ import annotations

from .engine import Checker, Hit, compiled, find_attributions
from .hits import accepted_by
from .lexicon import is_ordinary_word
from .names import (
    CERTAIN,
    KIND_ACRONYM,
    KIND_ATTENDEE,
    KIND_GUEST,
    KIND_INSTITUTION,
    KIND_UNLISTED,
    KINDS,
    MIN_NAME_LETTERS,
    MIN_SURNAME_LETTERS,
    POSSIBLE,
    RULES,
    SEVERITIES,
    Name,
    derive,
    from_institution,
    from_user,
    institution_name,
    person_name,
)
from .text import strip_invisible


def aliases_check(value, languages=None) -> tuple[list[str], list[str]]:
    """An institution's aliases cleaned (members.models.normalise_aliases) and the warnings for those
    that are also ordinary words of `languages` (default: Spanish, English and French)."""
    from members.models import normalise_aliases

    chosen = (languages,) if isinstance(languages, str) else tuple(languages or ())
    return normalise_aliases(
        value, is_ordinary_word=lambda alias: is_ordinary_word(alias, chosen or ("es", "en", "fr"))
    )


__all__ = [
    "CERTAIN",
    "accepted_by",
    "KINDS",
    "KIND_ACRONYM",
    "KIND_ATTENDEE",
    "KIND_GUEST",
    "KIND_INSTITUTION",
    "KIND_UNLISTED",
    "MIN_NAME_LETTERS",
    "MIN_SURNAME_LETTERS",
    "POSSIBLE",
    "RULES",
    "SEVERITIES",
    "Checker",
    "Hit",
    "Name",
    "aliases_check",
    "compiled",
    "derive",
    "find_attributions",
    "from_institution",
    "from_user",
    "institution_name",
    "is_ordinary_word",
    "person_name",
    "strip_invisible",
]
