"""Requests for an extraordinary meeting: a member asks, the Secretariat accepts or declines."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import roles
from members.models import WorkingGroup
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.notify import notify, queue_email_once
from vpwg.workflow import transition

from ..links import meetings_index_url
from ..models import Meeting, MeetingRequest
from ._common import require_representation


@transaction.atomic
def meeting_request_create(
    *, working_group: WorkingGroup, actor, subject: str, reason: str, preferred_date=None
) -> MeetingRequest:
    """A representative asks for an extraordinary meeting; the Secretariat is told."""
    permissions.require(actor, "request_meeting", working_group)
    representative = require_representation(actor, working_group)
    request = MeetingRequest.objects.create(
        working_group=working_group,
        requested_by=actor,
        membership=representative.membership,
        subject=subject.strip(),
        reason=reason.strip(),
        preferred_date=preferred_date,
    )
    notify(
        action="meetings.request.created",
        actor=actor,
        target=request,
        working_group=working_group,
        recipients=roles.secretariat_staff(working_group),
        template="meetings/emails/request_created",
        context={"request": request, "url": meetings_index_url(working_group)},
        dedupe_key=f"meeting-request:{request.pk}:created",
    )
    return request


@transaction.atomic
def meeting_request_decide(
    *, meeting_request: MeetingRequest, actor, accept: bool, note: str = "", meeting: Meeting | None = None
) -> MeetingRequest:
    """The Secretariat accepts (optionally linking the meeting it scheduled) or declines a request.

    A decided request cannot be decided again. The requester is told either way.
    """
    meeting_request = (
        MeetingRequest.objects.select_for_update().select_related("working_group").get(pk=meeting_request.pk)
    )
    permissions.require(actor, "manage_meetings", meeting_request.working_group)
    to_status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    transition(meeting_request, to_status, message=_("This request has already been decided."))
    meeting_request.decided_by, meeting_request.decided_at = actor, timezone.now()
    meeting_request.decision_note = note.strip()
    meeting_request.meeting = meeting
    meeting_request.save()
    audit_record(
        action=f"meetings.request.{to_status}",
        actor=actor,
        target=meeting_request,
        working_group=meeting_request.working_group,
        reason=note,
    )
    if meeting_request.requested_by is not None:
        # One requester, so the key names the request only (tests and sent rows rely on it).
        queue_email_once(
            user=meeting_request.requested_by,
            dedupe_key=f"meeting-request:{meeting_request.pk}:decided",
            template="meetings/emails/request_decided",
            context={"request": meeting_request, "url": meetings_index_url(meeting_request.working_group)},
            working_group=meeting_request.working_group,
        )
    return meeting_request
