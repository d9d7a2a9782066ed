"""The columns of an import: their headers in every language, and turning a cell's text into a value.

A header or a choice is recognised in English, Spanish and French, with or without accents and in any
case ("Pilar", "PILAR", "pillar"), so a file made from a template in one language imports anywhere.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_COUNT = 1_000_000  # participants of one sector at one activity


def fold(text: str) -> str:
    """Lower case, no accents, letters and digits only: "Sociedad civil" == "sociedad-CIVIL"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return re.sub(r"[^0-9a-z]+", "", "".join(c for c in decomposed if not unicodedata.combining(c)).casefold())


def squash(text: str) -> str:
    """Spaces collapsed (names compare this way)."""
    return " ".join(text.split())


def in_every_language(label) -> set[str]:
    """The folded forms of a lazily translated label in each of the site's languages."""
    forms = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            forms.add(fold(str(label)))
    return forms


class CellError(ValueError):
    """A cell's text is not a value of its column; the message is for the person."""


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation: the header in the template's language
    kind: str = "text"  # text | choice | choices | date | time | count | email | url
    required: bool = False
    max_length: int | None = None
    choices: Callable | None = None  # () -> [(value, label)] for choice and choices
    example: Callable | None = None  # (working group) -> text in the active language
    hint: object = ""  # shown on the import page

    def header_forms(self) -> set[str]:
        return in_every_language(self.label) | {fold(self.key)}

    def parse(self, text: str):
        """The value of `text` for this column (None when empty); CellError when it is not one."""
        text = text.strip()
        if not text:
            if self.required:
                raise CellError(_("Required."))
            return [] if self.kind == "choices" else None
        return PARSERS[self.kind](self, text)


def _text(column: Column, text: str) -> str:
    text = squash(text) if "\n" not in text else text
    if column.max_length and len(text) > column.max_length:
        raise CellError(
            ngettext(
                "At most %(count)d character (this has %(length)d).",
                "At most %(count)d characters (this has %(length)d).",
                column.max_length,
            )
            % {
                "count": column.max_length,
                "length": len(text),
            }
        )
    return text


def choice_lookup(choices) -> dict[str, str]:
    """{folded value or label in any language: value}."""
    lookup = {}
    for value, label in choices:
        lookup[fold(value)] = value
        for form in in_every_language(label):
            lookup.setdefault(form, value)
    return lookup


def _choice_error(text: str, choices) -> CellError:
    return CellError(
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": text[:60], "choices": ", ".join(str(label) for _value, label in choices)}
    )


@functools.lru_cache(maxsize=64)
def _lookup_of(choices: Callable) -> dict[str, str]:
    # Built once per process: a column's choices and their labels in every language do not change, and
    # building them is several translations for every choice (a thousand rows, three choice columns).
    return choice_lookup(choices())


def _choice(column: Column, text: str) -> str:
    value = _lookup_of(column.choices).get(fold(text))
    if value is None:
        raise _choice_error(text, column.choices())
    return value


def split_list(text: str) -> list[str]:
    """Several values in one cell, separated by ';' or a new line (',' may be part of a name)."""
    return [squash(part) for part in re.split(r"[;\n]", text) if part.strip()]


def _choices(column: Column, text: str) -> list[str]:
    lookup = _lookup_of(column.choices)
    values = []
    for part in split_list(text):
        value = lookup.get(fold(part))
        if value is None:
            raise _choice_error(part, column.choices())
        if value not in values:
            values.append(value)
    return values


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def _date(column: Column, text: str) -> datetime.date:
    text = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text) else text  # an XLSX date-time cell
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date: write it as 2024-03-31 or 31/03/2024.") % {"value": text[:30]})


def _time(column: Column, text: str) -> datetime.time:
    for pattern in ("%H:%M", "%H:%M:%S", "%Hh%M", "%H.%M"):
        try:
            return datetime.datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a time: write it as 09:30.") % {"value": text[:30]})


def _count(column: Column, text: str) -> int:
    number = text.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d+([.,]0+)?", number):
        value = int(re.split(r"[.,]", number)[0])
        if value <= MAX_COUNT:
            return value
    raise CellError(_("“%(value)s” is not a number of people (a whole number from 0).") % {"value": text[:30]})


def _email(column: Column, text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": text[:80]})
    return _text(column, text.lower())


def _url(column: Column, text: str) -> str:
    candidate = text if "://" in text else f"https://{text}"
    try:
        URLValidator(schemes=["http", "https"])(candidate)
    except ValidationError:
        raise CellError(_("“%(value)s” is not a web address.") % {"value": text[:80]})
    return _text(column, candidate)


PARSERS = {
    "text": _text,
    "choice": _choice,
    "choices": _choices,
    "date": _date,
    "time": _time,
    "count": _count,
    "email": _email,
    "url": _url,
}


def map_headers(headers: list[str], columns: list[Column]) -> tuple[dict[int, Column], list[str], list[Column]]:
    """({cell index: column}, headers not recognised, required columns missing)."""
    forms = {form: column for column in columns for form in column.header_forms()}
    mapping, unknown = {}, []
    for index, header in enumerate(headers):
        column = forms.get(fold(header))
        if column is None or column in mapping.values():
            if header.strip():
                unknown.append(header)
            continue
        mapping[index] = column
    missing = [column for column in columns if column.required and column not in mapping.values()]
    return mapping, unknown, missing
