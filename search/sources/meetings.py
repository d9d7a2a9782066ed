"""Meetings, their agenda items and the topic backlog: everyone in the group sees them (`view_group`).

Who was invited, who answered and who attended are not indexed: the Rule protects who attended.
"""

from __future__ import annotations

from django.utils import timezone

from meetings.models import AgendaItem, Guest, Meeting, Topic

from ..models import Kind
from . import Entry, Source, group_url, plain

GROUP = "group"


def _year(meeting: Meeting) -> int:
    return timezone.localtime(meeting.starts_at, meeting.working_group.tzinfo).year


def _meeting_url(meeting: Meeting) -> str:
    return group_url("meetings:meeting-detail", meeting.working_group, meeting_id=meeting.pk)


def build_meeting(meeting: Meeting) -> list[Entry]:
    body = plain(
        meeting.get_kind_display(),
        meeting.get_format_display(),
        meeting.get_status_display(),
        meeting.venue,
        meeting.next_venue,
        meeting.next_guests,
        meeting.next_notes,
    )
    return [Entry(Kind.MEETING, GROUP, meeting.title, body, _meeting_url(meeting), _year(meeting))]


def build_agenda_item(item: AgendaItem) -> list[Entry]:
    meeting = item.meeting
    presenters = [rep.user.get_full_name() for rep in item.presenters.all()]
    guests = [str(guest) for guest in item.guests.all()]
    body = plain(
        meeting.title,
        item.get_format_display(),
        item.topic.title if item.topic_id else "",
        ", ".join(presenters),
        ", ".join(guests),
    )
    return [Entry(Kind.AGENDA_ITEM, GROUP, item.title, body, _meeting_url(meeting), _year(meeting))]


def build_topic(topic: Topic) -> list[Entry]:
    proposer = topic.membership.institution.name if topic.membership_id else ""
    body = plain(topic.description, topic.get_status_display(), proposer)
    url = group_url("meetings:topic-list", topic.working_group)
    year = topic.created_at.year if topic.created_at else None
    return [Entry(Kind.TOPIC, GROUP, topic.title, body, url, year)]


def _items():
    return AgendaItem.objects.select_related("meeting__working_group", "topic").prefetch_related(
        "presenters__user", "guests"
    )


SOURCES = [
    Source(
        model=Meeting,
        build=build_meeting,
        queryset=lambda: Meeting.objects.select_related("working_group"),
        group_path="working_group",
    ),
    Source(
        model=AgendaItem,
        build=build_agenda_item,
        queryset=_items,
        group_path="meeting__working_group",
        follows={Meeting: "meeting", Topic: "topic", Guest: "guests"},
        m2m=(AgendaItem.presenters.through, AgendaItem.guests.through),
    ),
    Source(
        model=Topic,
        build=build_topic,
        queryset=lambda: Topic.objects.select_related("working_group", "membership__institution"),
        group_path="working_group",
    ),
]

AUDIENCES = {GROUP: lambda access: access.can("view_group")}
