"""The words the check knows besides the directory: country names, demonyms, ordinary words, wording.

Country names in English, Spanish and French come from CLDR (Babel's territory names), so they are
kept up to date with the rest of the world's locale data; demonyms and everyday names CLDR lacks
("Holanda", "EE. UU.") are kept in data/demonyms.json. Everything is read once and cached.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from babel import Locale

from .text import key, words

DATA = Path(__file__).parent / "data"
LANGUAGES = ("es", "en", "fr")
SUPRANATIONAL = ("EU",)  # CLDR territories that are not countries but are known by name like one
# CLDR codes that name no single state (Eurozone, United Nations, unknown region, ...).
_NOT_A_STATE = frozenset({"EZ", "UN", "QO", "ZZ", "XA", "XB"})


def _json(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def demonyms() -> dict[str, dict]:
    """{ISO code: {language: {"masc"|"fem"|"plural": [forms]}, "names": {language: [names]}}}."""
    return {code: entry for code, entry in _json("demonyms.json").items() if not code.startswith("_")}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return _json("lexicon.json")


@lru_cache(maxsize=1)
def wording() -> dict:
    return _json("wording.json")


@lru_cache(maxsize=8)
def ordinary_words(languages: tuple[str, ...] = LANGUAGES) -> frozenset[str]:
    """Ordinary words of `languages` that are also names (keys: lower case, no accents)."""
    found: set[str] = set()
    for language in languages or LANGUAGES:
        path = DATA / "ordinary_words" / f"{language}.txt"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                found.add(key(line))
    return frozenset(found)


def is_ordinary_word(text: str, languages: tuple[str, ...] = LANGUAGES) -> bool:
    """True if `text` reads as ordinary words: a single listed word, or several whose longer words are all listed."""
    parts = words(text)
    if not parts:
        return False
    vocabulary = ordinary_words(tuple(languages) or LANGUAGES)
    if len(parts) == 1:
        return parts[0] in vocabulary
    content = [part for part in parts if len(part) > 3]
    return bool(content) and all(part in vocabulary for part in content)


@lru_cache(maxsize=1)
def _territories() -> dict[str, dict[str, str]]:
    """{language: {code: name}} for the states CLDR knows (two-letter codes) and the EU."""
    names = {}
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        names[language] = {
            code: name
            for code, name in territories.items()
            if (len(code) == 2 and code.isalpha() and code not in _NOT_A_STATE) or code in SUPRANATIONAL
        }
    return names


def country_name(code: str, language: str) -> str:
    """CLDR's name of the country in `language` ("NL", "es" -> "Países Bajos"), or ""."""
    return _territories().get(language, {}).get(code, "")


def country_names(code: str) -> list[str]:
    """The country's names in English, Spanish and French: CLDR's, then the everyday ones of demonyms.json."""
    found = [_territories()[language].get(code, "") for language in LANGUAGES]
    extra = demonyms().get(code, {}).get("names", {})
    for language in LANGUAGES:
        found.extend(extra.get(language, []))
    return _unique(found)


def demonym_forms(code: str) -> list[str]:
    """Every demonym form (masculine, feminine, plural) in English, Spanish and French; [] if unknown."""
    entry = demonyms().get(code, {})
    found = []
    for language in LANGUAGES:
        for forms in entry.get(language, {}).values():
            found.extend(forms)
    return _unique(found)


def _unique(values) -> list[str]:
    seen, out = set(), []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


@lru_cache(maxsize=2)
def _country_index(with_demonyms: bool) -> dict[str, str]:
    """{key of a country name, everyday name (or demonym): code}, to tell which country an institution is."""
    index: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in _territories()[language].items():
            index.setdefault(key(name), code)
    for code in demonyms():
        for form in country_names(code) + (demonym_forms(code) if with_demonyms else []):
            index.setdefault(key(form), code)
    return index


_LONGEST_NAME_WORDS = 6


def resolve_country(text: str, *, only: tuple[str, ...] = (), with_demonyms: bool = True) -> str:
    """The first country named in `text` ("Embassy of the Netherlands in Kinshasa" -> "NL", "British
    Embassy" -> "GB"), an ISO code given as such ("ch"), or "". With `only`, other countries are ignored;
    without demonyms, only names count ("European Union", not "European Bank")."""
    if not text.strip():
        return ""
    candidate = text.strip().upper()
    if len(candidate) == 2 and candidate in _territories()["en"] and (not only or candidate in only):
        return candidate
    index = _country_index(with_demonyms)
    tokens = [token for token in re.split(r"[\s,;:()]+", key(text).replace("'", "' ")) if token]
    for first in range(len(tokens)):
        for size in range(min(_LONGEST_NAME_WORDS, len(tokens) - first), 0, -1):
            code = index.get(" ".join(tokens[first : first + size]).replace("' ", "'"))
            if code and (not only or code in only):
                return code
    return ""


def embassy_words() -> list[str]:
    return _unique(word for language in LANGUAGES for word in lexicon()["embassy_words"][language])


def honorifics() -> tuple[list[str], list[str]]:
    """(honorifics matched in any usual case, honorifics matched only as written)."""
    table = lexicon()["honorifics"]
    exact = list(table.get("_case_sensitive", []))
    usual = _unique(h for language in LANGUAGES for h in table[language] if h not in exact)
    return usual, exact


def articles() -> list[str]:
    return _unique(article for language in LANGUAGES for article in lexicon()["articles"][language])


def neutral_wording(what: str, category: str, language: str) -> str:
    """The neutral wording for a person or institution (`what`) of `category` (a kind or a pillar)."""
    table = wording().get(language) or wording()["en"]
    options = table[what]
    return options.get(category) or options["participant"]
