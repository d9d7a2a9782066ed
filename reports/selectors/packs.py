"""The contents of a meeting pack: the agenda, guests and speakers, the previous meeting's circulated
minutes and the open follow-up actions."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from meetings.models import Guest, Meeting
from members.models import Representative
from minutes.models import FollowUpAction, Minutes
from minutes.selectors import minutes_document

from .progress import Progress, no_progress


def previous_meeting(meeting: Meeting) -> Meeting | None:
    if meeting.follows_id:
        return meeting.follows
    return (
        Meeting.objects.filter(
            working_group=meeting.working_group, status=Meeting.Status.HELD, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at")
        .first()
    )


def pack_document(meeting: Meeting, progress: Progress = no_progress) -> dict:
    """Agenda, guests, the previous meeting's circulated minutes and the open follow-up actions."""
    progress(10, _("Agenda"))
    items = list(
        meeting.agenda_items.prefetch_related(
            Prefetch("presenters", queryset=Representative.objects.select_related("membership__institution")),
            "guests",
        )
    )
    guests = list(Guest.objects.filter(agenda_items__meeting=meeting).distinct().order_by("name"))
    progress(30, _("Previous minutes"))
    previous = previous_meeting(meeting)
    minutes = (
        Minutes.objects.filter(meeting=previous, circulated_version__isnull=False)
        .select_related("circulated_version", "meeting", "working_group")
        .first()
        if previous
        else None
    )
    previous_minutes = minutes_document(minutes, minutes.circulated_version) if minutes else None
    progress(50, _("Follow-up actions"))
    actions = list(
        FollowUpAction.objects.circulated()  # not a correction's actions the Coordination Group has not approved
        .filter(minutes__working_group=meeting.working_group, status=FollowUpAction.Status.OPEN)
        .select_related("institution__institution", "minutes__meeting")
        .order_by("due_on", "pk")
    )
    toc = [
        ("agenda", _("Agenda")),
        ("guests", _("Guests and speakers")),
        ("minutes", _("Minutes of the previous meeting")),
        ("actions", _("Open follow-up actions")),
    ]
    return {
        "meeting": meeting,
        "group": meeting.working_group,
        "items": items,
        "total_minutes": sum(item.length_minutes for item in items),
        "guests": guests,
        "previous": previous,
        "previous_minutes": previous_minutes,
        "actions": actions,
        "today": meeting.working_group.today(),
        "toc": toc,
    }
