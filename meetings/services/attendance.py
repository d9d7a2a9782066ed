"""The attendance register: per institution, present (through which representative), excused or absent,
and the guests present.

Two ways in: the register (`attendance_record`: every line at once, then the meeting is held and the
compliance flags are checked) and the door (`attendance_mark`: one institution at a time as people
arrive; the meeting stays as it is until the register is saved, so an institution not yet at the door
is never counted absent by the compliance check).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Membership
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.celery import enqueue_on_commit

from ..exceptions import MeetingsError
from ..models import Attendance, GuestAttendance, Meeting
from ..permissions import DOOR_OPENS_BEFORE
from ..tasks import compliance_notify_task
from ._common import change_status, locked_meeting


def _locked_recordable(meeting: Meeting, actor) -> Meeting:
    """The meeting locked, once the actor may record its attendance: started, not cancelled."""
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if not meeting.has_started:
        raise MeetingsError(_("Attendance can only be recorded once the meeting has started."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingsError(_("A cancelled meeting has no attendance."))
    return meeting


def _write_entry(meeting: Meeting, membership: Membership, status: str, representative) -> Attendance:
    """One institution's line: the pillar and whether it is an observer are copied as they are today."""
    if membership.working_group_id != meeting.working_group_id:
        raise MeetingsError(_("An institution of another group cannot attend."))
    if status not in Attendance.Status.values:
        raise MeetingsError(_("Choose present, excused or absent."))
    if status != Attendance.Status.PRESENT:
        representative = None
    elif representative is not None and representative.membership_id != membership.pk:
        raise MeetingsError(
            _("%(person)s does not represent %(institution)s.")
            % {"person": representative.user.get_full_name(), "institution": membership.institution}
        )
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        membership=membership,
        defaults={
            "status": status,
            "representative": representative,
            "pillar": membership.pillar,
            "observer": membership.status == Membership.Status.OBSERVER,
        },
    )
    return attendance


def _replace_guests(meeting: Meeting, guests: list[dict]) -> int:
    """The guests present become exactly `guests` ([{"guest": Guest | None, "name", "affiliation"}])."""
    meeting.guest_attendances.all().delete()
    rows, seen = [], set()
    for entry in guests:
        guest = entry.get("guest")
        if guest is not None:
            if guest.working_group_id != meeting.working_group_id:
                raise MeetingsError(_("A guest of another group cannot attend."))
            if guest.pk in seen:
                continue
            seen.add(guest.pk)
            name, affiliation = guest.name, guest.affiliation
        else:
            name, affiliation = " ".join(entry.get("name", "").split()), entry.get("affiliation", "").strip()
            if not name:
                continue
        rows.append(GuestAttendance(meeting=meeting, guest=guest, name=name[:200], affiliation=affiliation[:200]))
    GuestAttendance.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, entries: list[dict], guests: list[dict] | None = None) -> Meeting:
    """Record, per institution, present (through which representative), excused or absent, and the
    guests present.

    `entries`: [{"membership": Membership, "status": str, "representative": Representative | None}].
    `guests`: [{"guest": Guest | None, "name": str, "affiliation": str}] replaces the guests recorded;
    None leaves them as they are. Requires manage_meetings and a meeting that has started and was not
    cancelled. Recording again replaces the earlier entries. The meeting becomes held (this is the
    one place attendance makes it so). Compliance flags are re-checked after commit.
    """
    meeting = _locked_recordable(meeting, actor)
    for entry in entries:
        _write_entry(meeting, entry["membership"], entry["status"], entry.get("representative"))
    guest_count = _replace_guests(meeting, guests) if guests is not None else None
    if meeting.status != Meeting.Status.HELD:
        change_status(meeting, Meeting.Status.HELD)
        meeting.save(update_fields=["status", "updated_at"])
    audit_record(
        action="meetings.attendance.recorded",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        entries=len(entries),
        guests=guest_count,
    )
    enqueue_on_commit(compliance_notify_task, meeting.working_group_id)
    return meeting


@transaction.atomic
def attendance_mark(*, meeting: Meeting, actor, membership: Membership, present: bool, representative=None):
    """At the door: mark one institution present (through `representative`, usually the person who
    answered), or take the mark back (`present=False` removes its line).

    Requires manage_meetings and a meeting that was not cancelled, from two hours before its start
    (people arrive early). Repeating a tap changes
    nothing. The meeting's status is left alone: saving the register completes it (and marks the rest).
    Returns the line, or None when it was taken back.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingsError(_("A cancelled meeting has no attendance."))
    if meeting.starts_at - DOOR_OPENS_BEFORE > timezone.now():
        raise MeetingsError(_("The door list opens two hours before the meeting starts."))
    if membership.working_group_id != meeting.working_group_id:
        raise MeetingsError(_("An institution of another group cannot attend."))
    if present:
        attendance = _write_entry(meeting, membership, Attendance.Status.PRESENT, representative)
    else:
        Attendance.objects.filter(meeting=meeting, membership=membership).delete()
        attendance = None
    audit_record(
        action="meetings.attendance.marked" if present else "meetings.attendance.unmarked",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        membership=membership.pk,
    )
    return attendance
