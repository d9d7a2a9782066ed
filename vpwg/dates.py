"""Dates and times as people read them: in the working group's time zone, in the reader's language,
never numeric-only, and a time always says which clock it is ("13:02 (Lima)").

Pages of a group run in its time zone (`vpwg.views.group_view` activates it); e-mails and PDFs
render under `group_time(working_group)`. Templates use the `when` filter (a builtin, see
vpwg/templatetags/when.py); services writing a date into a message use `day_text`/`moment_text`.
The per-language formats themselves are in vpwg/formats/.
"""

from __future__ import annotations

import datetime
import zoneinfo
from contextlib import contextmanager

from django.utils import formats, timezone


def zone_label(tz=None) -> str:
    """A short name for a time zone: its city ("America/Lima" -> "Lima", "America/Argentina/Buenos_Aires"
    -> "Buenos Aires"), or the name as it is ("UTC"). The active time zone by default."""
    tz = tz or timezone.get_current_timezone()
    name = getattr(tz, "key", None) or str(tz)
    return name.rsplit("/", 1)[-1].replace("_", " ")


def moment_text(value: datetime.datetime | None, *, short: bool = False, tz=None) -> str:
    """A timestamp in `tz` (default: the active time zone), labelled with it: "10 de marzo de 2027,
    13:02 (Lima)". Naive values are shown as they are, without a label."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        tz = tz or timezone.get_current_timezone()
        local = timezone.localtime(value, tz)
        label = f" ({zone_label(tz)})"
    else:
        local, label = value, ""
    text = formats.date_format(local, "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT")
    return f"{text}{label}"


def time_text(value: datetime.datetime | None, *, tz=None) -> str:
    """The time of day alone, labelled: "15:00 (Lima)" (the end of "13:00–15:00 (Lima)")."""
    if value is None:
        return ""
    tz = tz or timezone.get_current_timezone()
    local = timezone.localtime(value, tz) if timezone.is_aware(value) else value
    return f"{formats.time_format(local, 'TIME_FORMAT')} ({zone_label(tz)})"


def day_text(value: datetime.date | datetime.datetime | None, *, short: bool = False, tz=None) -> str:
    """A day in the reader's language ("10 de marzo de 2027"; short: "10 mar 2027"). A datetime is
    first taken to `tz` (default: the active time zone), so an evening in Lima stays on its day."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, tz or timezone.get_current_timezone())
    return formats.date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")


def tzinfo_of(working_group) -> datetime.tzinfo:
    """The group's time zone (UTC for an object without one)."""
    tz = getattr(working_group, "tzinfo", None)
    if tz is not None:
        return tz
    name = getattr(working_group, "time_zone", None) or "UTC"
    return zoneinfo.ZoneInfo(name)


@contextmanager
def group_time(working_group):
    """Render in the group's time zone (e-mails, PDFs, tasks): `with group_time(group): ...`."""
    if working_group is None:
        yield
        return
    with timezone.override(tzinfo_of(working_group)):
        yield
