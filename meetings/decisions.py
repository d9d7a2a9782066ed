"""A plenary's agreements for the next meeting (Peru step 5), as entries of the group's decision
register (members.decision_hooks: the register lives in members, which may not import meetings)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Meeting


def plenary_agreements(working_group, access) -> list:
    """One register entry per held plenary that recorded what it agreed for the next one."""
    from members.decision_hooks import RegisterEntry

    meetings = Meeting.objects.filter(
        working_group=working_group, kind=Meeting.Kind.PLENARY, next_agreed_at__isnull=False
    ).order_by("-starts_at")
    entries = []
    for meeting in meetings:
        detail = " · ".join(part for part in (meeting.next_venue, meeting.next_guests, meeting.next_notes) if part)
        entries.append(
            RegisterEntry(
                kind="plenary",
                kind_label=_("Plenary agreement for the next meeting"),
                title=meeting.title,
                outcome=_("Agreed"),
                on=timezone.localtime(meeting.next_agreed_at, working_group.tzinfo).date(),
                rule=_("Agreed at the plenary"),
                url=reverse("meetings:meeting-detail", args=[working_group.slug, meeting.pk]),
                detail=detail,
            )
        )
    return entries


def register() -> None:
    """Called from MeetingsConfig.ready()."""
    from members.decision_hooks import register_register_source

    register_register_source(plenary_agreements)
