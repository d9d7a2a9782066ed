"""Validators for free text that is circulated: nothing invisible may hide in it.

Zero-width and bidirectional control characters (U+200B, U+202E, ...) display as nothing, or reverse
the text around them in the PDF, and can split a name so that the non-attribution check misses it.
Minutes texts have them removed when saved (`strip_invisible`, with a notice to the author); every
other circulated free-text field refuses them with a message (`refuse_invisible`).
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Zero-width and bidirectional controls (and the BOM and the Arabic letter mark).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]")
_INVISIBLE_CLASS = INVISIBLE.pattern[1:-1]
# The word a character sits in: letters, digits, apostrophes, hyphens and the invisible characters.
_WORD_BEFORE = re.compile(rf"[\w'’\-{_INVISIBLE_CLASS}]*$")
_WORD_AFTER = re.compile(rf"[\w'’\-{_INVISIBLE_CLASS}]*")


def strip_invisible(text: str) -> tuple[str, int]:
    """`text` without zero-width and bidirectional control characters, and how many were removed."""
    if not text:
        return text, 0
    return INVISIBLE.subn("", text)


def _described(text: str) -> tuple[list[str], list[str]]:
    """(the characters as "U+202E RIGHT-TO-LEFT OVERRIDE", the words they sit in, cleaned) of `text`."""
    characters, found_in = [], []
    for match in INVISIBLE.finditer(text):
        char = match.group()
        label = f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()
        if label not in characters:
            characters.append(label)
        before = _WORD_BEFORE.search(text, 0, match.start()).group()
        after = _WORD_AFTER.match(text, match.end()).group()
        word = INVISIBLE.sub("", before + after)
        if word and word not in found_in:
            found_in.append(word)
    return characters, found_in


def refuse_invisible(value: str) -> None:
    """Field validator: refuse invisible or text-direction control characters, saying which and where."""
    if not value or not INVISIBLE.search(value):
        return
    count = len(INVISIBLE.findall(value))
    characters, found_in = _described(value)
    message = ngettext_lazy(
        "The text contains %(count)s invisible or text-direction character (%(characters)s), which can hide "
        "a name or reverse the text in the PDF.",
        "The text contains %(count)s invisible or text-direction characters (%(characters)s), which can hide "
        "a name or reverse the text in the PDF.",
        "count",
    ) % {"count": count, "characters": ", ".join(characters)}
    if found_in:
        message = _("%(message)s Retype these words: %(words)s.") % {
            "message": message,
            "words": ", ".join(f"“{word}”" for word in found_in[:10]),
        }
    raise ValidationError(message, code="invisible_characters")
