"""The attendance register: per institution, present (through which representative), excused or absent."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.celery import enqueue_on_commit

from ..exceptions import MeetingsError
from ..models import Attendance, Meeting
from ..tasks import compliance_notify_task
from ._common import change_status, locked_meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, entries: list[dict]) -> Meeting:
    """Record, per institution, present (through which representative), excused or absent.

    `entries`: [{"membership": Membership, "status": str, "representative": Representative | None}].
    Requires manage_meetings and a meeting that has started and was not cancelled. Recording
    again replaces the earlier entries. The meeting becomes held. Compliance flags are re-checked
    after commit.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if not meeting.has_started:
        raise MeetingsError(_("Attendance can only be recorded once the meeting has started."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingsError(_("A cancelled meeting has no attendance."))
    for entry in entries:
        membership, status, representative = entry["membership"], entry["status"], entry.get("representative")
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
        Attendance.objects.update_or_create(
            meeting=meeting,
            membership=membership,
            defaults={"status": status, "representative": representative, "pillar": membership.pillar},
        )
    if meeting.status != Meeting.Status.HELD:
        change_status(meeting, Meeting.Status.HELD)
        meeting.save(update_fields=["status", "updated_at"])
    audit_record(
        action="meetings.attendance.recorded",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        entries=len(entries),
    )
    enqueue_on_commit(compliance_notify_task, meeting.working_group_id)
    return meeting
