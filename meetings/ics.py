""".ics calendars for meetings. No attendee is ever listed: the Chatham House Rule protects who attends."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from vpwg.outbox import absolute_url

from .models import Meeting

PRODID = "-//VP Working Groups//Meetings//EN"


def _uid(meeting: Meeting) -> str:
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "vpwg"
    return f"meeting-{meeting.pk}@{host}"


def _event(meeting: Meeting, *, with_agenda: bool) -> Event:
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.title} · {meeting.working_group.short_name or meeting.working_group.name}")
    location = ", ".join(part for part in (meeting.venue, meeting.online_link) if part)
    if location:
        event.add("location", location)
    url = absolute_url("meetings:meeting-detail", meeting.working_group.slug, meeting.pk)
    event.add("url", url)
    lines = []
    if with_agenda:
        for item in meeting.agenda_items.all():
            lines.append(f"{item.position}. {item.title} ({item.get_format_display()}, {item.length_minutes} min)")
    lines.append(url)
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    event.add("sequence", int(meeting.updated_at.timestamp()) if meeting.updated_at else 0)
    return event


def calendar_for(meetings: Iterable[Meeting], *, name: str, with_agenda: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, with_agenda=with_agenda))
    return calendar.to_ical()


def meeting_ics(meeting: Meeting) -> str:
    """One meeting with its agenda, as text (for e-mail attachments and the download link)."""
    return calendar_for([meeting], name=meeting.title, with_agenda=True).decode()
