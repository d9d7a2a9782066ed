"""`{{ value|when }}`: a timestamp in the active (the group's) time zone, labelled with it, in the
reader's language ("4 de junio de 2026, 13:02 (Lima)"); `{{ value|when:"short" }}` for tables
("4 jun 2026, 13:02 (Lima)"); `{{ value|when:"time" }}` for the time alone ("13:02 (Lima)"). A date
shows as the day. A builtin (settings TEMPLATES), like
`{% submit_token %}`, so every template has it without a `{% load %}`."""

import datetime

from django import template

from vpwg.dates import day_text, moment_text, time_text

register = template.Library()


@register.filter(expects_localtime=False, is_safe=False)
def when(value, style: str = ""):
    if value in (None, ""):
        return ""
    short = style == "short"
    if isinstance(value, datetime.datetime) and style == "time":
        return time_text(value)
    if isinstance(value, datetime.datetime):
        return moment_text(value, short=short)
    if isinstance(value, datetime.date):
        return day_text(value, short=short)
    return value
