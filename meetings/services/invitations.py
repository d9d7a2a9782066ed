"""Invitations: who a meeting invites, the invitation e-mail with its calendar file, and the answer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import roles
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.circulation import circulation_recipients
from vpwg.outbox import outbox_queue_email

from ..exceptions import MeetingsError, TransitionNotAllowed
from ..ics import meeting_ics
from ..links import meeting_url
from ..models import Meeting, MeetingInvitation
from ._common import change_status, locked_meeting


def meeting_audience(meeting: Meeting):
    """The representatives a meeting invites (a queryset, with user and institution).

    Plenaries and extraordinary meetings: every active representative of every current member and
    observer (observers are formally invited, Peru step 2). Coordination meetings: the seat holders.
    """
    representatives = circulation_recipients(meeting.working_group).select_related("membership__institution")
    if meeting.kind == Meeting.Kind.COORDINATION:
        seats = roles.coordination_seats(meeting.working_group)
        representatives = representatives.filter(pk__in=[seat.representative_id for seat in seats])
    return representatives


@transaction.atomic
def meeting_invite(*, meeting: Meeting, actor) -> int:
    """Invite the meeting's audience: an e-mail with the agenda and an .ics file to each representative.

    Requires manage_meetings and a planned or invited meeting that has not started. Sending again
    invites only representatives who joined since (one invitation per person). Returns how many
    were invited by this call.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if meeting.starts_at <= timezone.now():
        raise MeetingsError(_("This meeting has already started or taken place: it can no longer be invited to."))
    if meeting.status == Meeting.Status.PLANNED:
        change_status(meeting, Meeting.Status.INVITED)
        meeting.invited_at = timezone.now()
        meeting.save(update_fields=["status", "invited_at", "updated_at"])
    elif meeting.status != Meeting.Status.INVITED:
        raise TransitionNotAllowed(_("Only a planned meeting can be invited to."))
    already = set(meeting.invitations.values_list("user_id", flat=True))
    agenda = list(
        meeting.agenda_items.prefetch_related("presenters__user", "presenters__membership__institution", "guests")
    )
    ics = meeting_ics(meeting)
    invited = 0
    for representative in meeting_audience(meeting):
        if representative.user_id in already:
            continue
        MeetingInvitation.objects.create(
            meeting=meeting,
            representative=representative,
            user=representative.user,
            membership=representative.membership,
        )
        # Straight to the outbox (not vpwg.notify): the invitation carries the calendar file.
        outbox_queue_email(
            dedupe_key=f"meeting:{meeting.pk}:invitation:{representative.user_id}",
            recipient=representative.user.email,
            template="meetings/emails/invitation",
            context={
                "meeting": meeting,
                "agenda": agenda,
                "representative": representative,
                "url": meeting_url(meeting),
            },
            working_group=meeting.working_group,
            attachments=[{"filename": "meeting.ics", "mimetype": "text/calendar", "content": ics}],
            language=meeting.working_group.language,
        )
        invited += 1
    audit_record(
        action="meetings.meeting.invited",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        invited=invited,
    )
    return invited


@transaction.atomic
def invitation_answer(*, invitation: MeetingInvitation, actor, answer: str) -> MeetingInvitation:
    """The invited person answers (attending / not attending / sending the alternate).

    Answering again replaces the answer. Only the invited person answers; not once the meeting is over
    or cancelled.
    """
    invitation = (
        MeetingInvitation.objects.select_for_update().select_related("meeting__working_group").get(pk=invitation.pk)
    )
    if invitation.user_id != actor.pk:
        raise PermissionDenied
    meeting = invitation.meeting
    if answer not in MeetingInvitation.Answer.values or answer == MeetingInvitation.Answer.PENDING:
        raise MeetingsError(_("Choose an answer."))
    if meeting.status != Meeting.Status.INVITED or meeting.ends_at <= timezone.now():
        raise MeetingsError(_("This meeting no longer takes answers."))
    previous = invitation.answer
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at", "updated_at"])
    audit_record(
        action="meetings.invitation.answered",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        answer=answer,
        previous=previous,
    )
    return invitation
