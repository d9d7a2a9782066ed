"""The words of the index, the same on PostgreSQL and on SQLite, so that both find the same rows.

PostgreSQL turns a text into lexemes itself (the trigger of migration 0003): `unaccent`, every run of
characters that are not letters or digits made one space (so that addresses, hosts, hyphenated words
and signed numbers are plain words, not the parser's special tokens), then `to_tsvector` with the
group's configuration: words lower-cased, stop words dropped, the rest stemmed by Snowball; words with
digits kept as they are. This module does the same in Python for SQLite's FTS5 table (its triggers call
`search_lexemes`, registered on every SQLite connection) and for the searched terms on SQLite, with the
same data: `data/unaccent.rules` and `data/<language>.stop` are PostgreSQL 15's files, and
snowballstemmer 2.2.0 is the Snowball release PostgreSQL 15's stemmers were built from.
tests/search/test_demo_search.py checks on PostgreSQL that both give the same lexemes for every text of
the demo, and on both that the demo's searches find the same rows.

`word_similarity` is pg_trgm's `word_similarity` (the `<%` operator that finds misspelt names), for
SQLite: the trigram set of the searched words against the best continuous extent of the name's
trigrams, computed in single precision as pg_trgm does.
"""

from __future__ import annotations

import functools
import re
import struct
from pathlib import Path

import snowballstemmer

DATA = Path(__file__).resolve().parent / "data"
STEMMED = ("spanish", "english", "french")  # the configurations of TEXT_SEARCH_CONFIG
_WORDS = re.compile(r"[^\W_]+")


def _unaccent_table() -> dict[int, str]:
    table = {}
    for line in (DATA / "unaccent.rules").read_text(encoding="utf-8").splitlines():
        source, _tab, target = line.partition("\t")
        if source:
            table[ord(source)] = target.strip()
    return table


_UNACCENT = _unaccent_table()
_STOP = {config: frozenset((DATA / f"{config}.stop").read_text(encoding="utf-8").split()) for config in STEMMED}
_STEMMERS = {config: snowballstemmer.stemmer(config) for config in STEMMED}


def unaccent(text: str) -> str:
    """PostgreSQL's `unaccent()`: "Perú, Œuvre" -> "Peru, OEuvre"."""
    return text.translate(_UNACCENT)


def _word_character(char: str) -> bool:
    # PostgreSQL's [[:alnum:]] (the C library's iswalnum): letters and decimal digits, not "²" or "½".
    return char.isalpha() or char.isdecimal()


def words(text: str) -> list[str]:
    """The words of `text` as PostgreSQL's trigger sees them: unaccented, lower case, letters and digits."""
    found = []
    for token in _WORDS.findall(unaccent(text).lower()):
        if token.isalpha() or token.isdecimal() or all(_word_character(char) for char in token):
            found.append(token)
        else:  # a "²" or "½" inside a word separates it, as PostgreSQL's regular expression does
            found.extend("".join(c if _word_character(c) else " " for c in token).split())
    return found


@functools.lru_cache(maxsize=65536)
def lexeme(config: str, word: str) -> str | None:
    """What `to_tsvector(config, word)` keeps of one word: None for a stop word, else its stem."""
    if config not in _STEMMERS or not word.isalpha():
        return word  # the "simple" configuration, and words with digits (PostgreSQL's numword, uint)
    if word in _STOP[config]:
        return None
    return _STEMMERS[config].stemWord(word)


def lexemes(config: str, text: str | None) -> list[str]:
    """The lexemes of `text` in the text search configuration `config`, in order, with repeats."""
    return [found for word in words(text or "") if (found := lexeme(config, word)) is not None]


def lexemes_text(config: str, text: str | None) -> str:
    """`lexemes` as one string for the FTS5 table (SQLite's trigger function `search_lexemes`)."""
    return " ".join(lexemes(config, text))


# --- pg_trgm's word similarity ------------------------------------------------------------------

_FLOAT = struct.Struct("f")


def _single(value: float) -> float:
    """`value` rounded to single precision (pg_trgm computes similarities as float4)."""
    return _FLOAT.unpack(_FLOAT.pack(value))[0]


WORD_SIMILARITY_THRESHOLD = _single(0.6)  # pg_trgm.word_similarity_threshold's default, 0.6f


@functools.lru_cache(maxsize=4096)
def _trigrams(text: str) -> tuple[str, ...]:
    """Every trigram of every word of `text`, in order (a word is padded with two spaces before, one after)."""
    found = []
    for word in words_for_trigrams(text):
        padded = f"  {word} "
        found.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return tuple(found)


def words_for_trigrams(text: str) -> list[str]:
    # pg_trgm's words are runs of letters and digits, lower-cased (no unaccent: titles come folded).
    return "".join(c if _word_character(c) else " " for c in text.lower()).split()


def _ratio(common: int, wanted: int, extent: int) -> float:
    return _single(common / (wanted + extent - common))


@functools.lru_cache(maxsize=4096)
def word_similarity(pattern: str, text: str) -> float:
    """pg_trgm's `word_similarity(pattern, text)`: 0 (nothing alike) to 1 (a word of `text` is `pattern`).

    The extent of `text`'s trigrams grows to each trigram `pattern` has; at each such end, its start moves
    forward while that raises the ratio of the trigrams in common to the trigrams of both. The best
    ratio seen is the result.
    """
    wanted = set(_trigrams(pattern))
    sequence = _trigrams(text)
    if not wanted or not sequence:
        return 0.0
    last_seen: dict[str, int] = {}  # trigram -> its last position in the extent
    start, common, distinct, best = -1, 0, 0, 0.0
    for position, trigram in enumerate(sequence):
        is_wanted = trigram in wanted
        if start >= 0 or is_wanted:
            if trigram not in last_seen:
                distinct += 1
                common += is_wanted
            last_seen[trigram] = position
        if not is_wanted:
            continue
        if start < 0:
            start, distinct = position, 1
        current = _ratio(common, len(wanted), distinct)
        # Try each later start: drop the extent's first trigrams while that improves the ratio.
        trial_common, trial_distinct, old_start = common, distinct, start
        for trial_start in range(start, position + 1):
            trial = _ratio(trial_common, len(wanted), trial_distinct)
            if trial > current:
                current, distinct, start, common = trial, trial_distinct, trial_start, trial_common
            dropped = sequence[trial_start]
            if last_seen.get(dropped) == trial_start:
                trial_distinct -= 1
                trial_common -= dropped in wanted
        best = max(best, current)
        for dropped_at in range(old_start, start):
            dropped = sequence[dropped_at]
            if last_seen.get(dropped) == dropped_at:
                del last_seen[dropped]
    return best


def register_sqlite_functions(connection) -> None:
    """Give a SQLite connection (the DB-API one) what the index's triggers and the search query call."""
    connection.create_function("search_lexemes", 2, lexemes_text, deterministic=True)
    connection.create_function("search_word_similarity", 2, word_similarity, deterministic=True)
