"""Scheduling: a meeting is scheduled (or a past one recorded as held), changed, cancelled, and a
held plenary records what it agreed for the next one (Peru step 5)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import WorkingGroup
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.dates import day_text, zone_label
from vpwg.notify import notify

from ..exceptions import MeetingsError
from ..links import meeting_url
from ..models import Meeting, Topic
from ._common import change_status, full_clean, locked_meeting
from .agenda import agenda_append


def _check_no_overlap(meeting: Meeting) -> None:
    """Two plenaries of one group never overlap (cancelled ones do not count)."""
    if meeting.kind != Meeting.Kind.PLENARY:
        return
    clash = (
        Meeting.objects.plenaries()
        .not_cancelled()
        .filter(working_group=meeting.working_group, starts_at__lt=meeting.ends_at, ends_at__gt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .first()
    )
    if clash is not None:
        local = timezone.localtime(clash.starts_at, meeting.working_group.tzinfo)
        raise MeetingsError(
            _("This plenary overlaps “%(title)s” on %(date)s at %(time)s. Choose another time.")
            % {"title": clash.title, "date": day_text(local), "time": f"{local:%H:%M} ({zone_label(local.tzinfo)})"}
        )


@transaction.atomic
def meeting_schedule(
    *,
    working_group: WorkingGroup,
    actor,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    format: str = Meeting.Format.IN_PERSON,  # noqa: A002 - the domain's word
    venue: str = "",
    online_link: str = "",
    reminder_days: int = 7,
    backfill: bool = False,
    follows: Meeting | None = None,
) -> Meeting:
    """Schedule a meeting, or record one that already took place (`backfill`) as held.

    Requires manage_meetings. Refuses a meeting that ends before it starts, a plenary that overlaps
    another, a future meeting recorded as held and a past meeting that is not a backfill. A new
    plenary starts from the agreement of the last held plenary (`follows`): its agreed topics
    become the first agenda items.
    """
    permissions.require(actor, "manage_meetings", working_group)
    meeting = Meeting(
        working_group=working_group,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        format=format,
        venue=venue.strip(),
        online_link=online_link.strip(),
        reminder_days=reminder_days,
        created_by=actor,
        follows=follows,
    )
    full_clean(meeting)
    now = timezone.now()
    if backfill and starts_at > now:
        raise MeetingsError(_("Only a meeting that has already taken place can be recorded as held."))
    if not backfill and starts_at <= now:
        raise MeetingsError(
            _("This date is in the past. A past meeting can only be recorded as held, to complete the history.")
        )
    _check_no_overlap(meeting)
    if backfill:
        change_status(meeting, Meeting.Status.HELD)
    meeting.save()
    if follows is not None and not backfill:
        for topic in follows.next_topics.filter(status=Topic.Status.OPEN):
            agenda_append(meeting, title=topic.title, topic=topic)
    audit_record(
        action="meetings.meeting.recorded" if backfill else "meetings.meeting.scheduled",
        actor=actor,
        target=meeting,
        working_group=working_group,
        kind=kind,
        starts_at=starts_at.isoformat(),
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor, **fields) -> Meeting:
    """Change a planned or invited meeting's title, time, format, venue or reminder days.

    Requires manage_meetings; a held or cancelled meeting is history and does not change here.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if not meeting.is_open:
        raise MeetingsError(_("A held or cancelled meeting can no longer be changed."))
    allowed = {"title", "starts_at", "ends_at", "format", "venue", "online_link", "reminder_days"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    full_clean(meeting)
    if meeting.starts_at <= timezone.now():
        raise MeetingsError(_("A meeting cannot be moved into the past."))
    _check_no_overlap(meeting)
    meeting.save()
    audit_record(action="meetings.meeting.updated", actor=actor, target=meeting, working_group=meeting.working_group)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, reason: str = "") -> Meeting:
    """Cancel a planned or invited meeting that has not started; invited representatives are told."""
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if meeting.is_open and meeting.has_started:
        raise MeetingsError(_("This meeting has already started: it can no longer be cancelled."))
    change_status(meeting, Meeting.Status.CANCELLED)
    meeting.save(update_fields=["status", "updated_at"])
    notify(
        action="meetings.meeting.cancelled",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        recipients=[invitation.user for invitation in meeting.invitations.select_related("user")],
        template="meetings/emails/cancelled",
        context={"meeting": meeting, "reason": reason, "url": meeting_url(meeting)},
        dedupe_key=f"meeting:{meeting.pk}:cancelled",
        reason=reason,
    )
    return meeting


@transaction.atomic
def meeting_record_next(
    *, meeting: Meeting, actor, topics: list, guests: str = "", venue: str = "", notes: str = ""
) -> Meeting:
    """Record what a held plenary agreed for the next one (topics, guests, venue): Peru step 5.

    Requires manage_meetings and a held meeting. Recording again replaces the agreement.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if meeting.status != Meeting.Status.HELD:
        raise MeetingsError(_("Agreements for the next meeting are recorded once this meeting has been held."))
    if any(topic.working_group_id != meeting.working_group_id for topic in topics):
        raise MeetingsError(_("Choose topics of this group."))
    meeting.next_guests, meeting.next_venue, meeting.next_notes = guests.strip(), venue.strip(), notes.strip()
    meeting.next_agreed_at = timezone.now()
    meeting.save(update_fields=["next_guests", "next_venue", "next_notes", "next_agreed_at", "updated_at"])
    meeting.next_topics.set(topics)
    audit_record(
        action="meetings.meeting.next_agreed",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        topics=[t.pk for t in topics],
    )
    return meeting
