"""Where members learns whether an alias is also an ordinary word, without importing the check.

The non-attribution check (minutes, a layer above) knows the ordinary words of each language and
matches an alias that is one only when it is written with a capital; the institution page warns the
Secretariat about such aliases. minutes registers its word list here in MinutesConfig.ready(); with
nothing registered, no warning is given.
"""

from __future__ import annotations

from collections.abc import Callable

# fn(alias, languages: tuple[str, ...]) -> True if the alias reads as ordinary words of those languages.
_ORDINARY_WORD_CHECKS: list[Callable[[str, tuple[str, ...]], bool]] = []


def register_ordinary_word_check(check: Callable[[str, tuple[str, ...]], bool]) -> None:
    if check not in _ORDINARY_WORD_CHECKS:
        _ORDINARY_WORD_CHECKS.append(check)


def ordinary_word_check(languages: tuple[str, ...]) -> Callable[[str], bool] | None:
    """A one-argument check for normalise_aliases, in `languages`; None if no app registered one."""
    if not _ORDINARY_WORD_CHECKS:
        return None
    return lambda alias: any(check(alias, languages) for check in _ORDINARY_WORD_CHECKS)
