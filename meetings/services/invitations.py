"""Invitations: who a meeting invites, the invitation e-mail (previewed as sent) with its calendar file,
the answer, and the reminder to those who have not answered.

Every e-mail goes through vpwg.notify (the outbox, once per key and person, in the recipient's
language). Answers close when the meeting starts.
"""

from __future__ import annotations

import html

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members import roles
from members.models import Representative
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.circulation import circulation_recipients
from vpwg.i18n import language_for_address
from vpwg.notify import queue_email_once

from ..exceptions import MeetingsError, TransitionNotAllowed
from ..ics import meeting_ics
from ..links import meeting_url
from ..models import Guest, GuestInvitation, Meeting, MeetingInvitation
from ..selectors import reminder_key
from ._common import change_status, locked_meeting
from .agenda import guest_invite

INVITATION_TEMPLATE = "meetings/emails/invitation"
REMINDER_TEMPLATE = "meetings/emails/chaser"
MESSAGE_MAX_LENGTH = 2000


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


def meeting_audience_to_invite(meeting: Meeting) -> list:
    """The audience not invited yet, by pillar and institution (what the invitation page offers)."""
    invited = meeting.invitations.values("user_id")
    return list(
        meeting_audience(meeting)
        .exclude(user_id__in=invited)
        .select_related("user")
        .order_by("membership__pillar", "membership__institution__name", "role")
    )


def invitation_agenda(meeting: Meeting) -> list:
    """The agenda as the invitation shows it: items in order with presenters and guests, each guest with
    `link_sent` (their own link to this meeting went already). Three queries, whatever its length."""
    people = Representative.objects.select_related("user", "membership__institution")
    presenters = Prefetch("presenters", queryset=people)
    sent = GuestInvitation.objects.filter(meeting=meeting, guest=OuterRef("pk"), sent_at__isnull=False)
    guests = Prefetch("guests", queryset=Guest.objects.annotate(link_sent=Exists(sent)))
    return list(meeting.agenda_items.order_by("position").prefetch_related(presenters, guests))


def invitation_guests(agenda: list) -> list:
    """The guest speakers of `agenda` (invitation_agenda), each once, in the agenda's order: the invitation
    page offers to send those with an e-mail their own link with the invitations."""
    seen, guests = set(), []
    for item in agenda:
        for guest in item.guests.all():
            if guest.pk not in seen:
                seen.add(guest.pk)
                guests.append(guest)
    return guests


def _invitation_context(meeting: Meeting, agenda: list, representative, message: str) -> dict:
    """What the invitation e-mail shows: the one context for the preview and for the e-mail sent."""
    return {
        "meeting": meeting,
        "agenda": agenda,
        "representative": representative,
        "message": message.strip(),
        "hybrid": meeting.format == Meeting.Format.HYBRID,
        "url": meeting_url(meeting),
    }


def invitation_preview(*, meeting: Meeting, representative, message: str = "", agenda: list | None = None) -> dict:
    """The invitation e-mail exactly as `representative` will receive it (their language, else the
    group's): {"subject", "body_text", "body_html", "language"}. Sends and records nothing. `agenda`:
    invitation_agenda(meeting), when the caller has read it already."""
    agenda = invitation_agenda(meeting) if agenda is None else agenda
    context = _invitation_context(meeting, agenda, representative, message)
    user = representative.user
    context.update({"user": user, "group": meeting.working_group})
    language = language_for_address(user.email, default=meeting.working_group.language)
    with translation.override(language):
        subject = html.unescape(" ".join(render_to_string(f"{INVITATION_TEMPLATE}_subject.txt", context).split()))
        body_text = html.unescape(render_to_string(f"{INVITATION_TEMPLATE}_body.txt", context))
        body_html = render_to_string(f"{INVITATION_TEMPLATE}_body.html", context)
    return {"subject": subject, "body_text": body_text, "body_html": body_html, "language": language}


@transaction.atomic
def meeting_invite(
    *,
    meeting: Meeting,
    actor,
    representatives: list | None = None,
    message: str = "",
    guests: list | None = None,
) -> int:
    """Invite the meeting's audience, or the chosen part of it: an e-mail with the venue, the online
    link, the agenda, the Secretariat's `message` and an .ics file to each representative.

    `representatives`: those to invite now (Representatives or their ids), all of the audience not
    yet invited when None; anyone outside the audience is refused. Requires manage_meetings and a
    planned or invited meeting that has not started. One invitation per person: someone already
    invited is skipped. Returns how many were invited by this call.

    `guests` (Guests or their ids, guest speakers of this agenda with an e-mail): each is sent their own
    link in the same transaction, through `guest_invite`, so once per guest whichever way it went first
    (the agenda's "send their link" button, before or after). With guests, `representatives` may be empty:
    then only the guests are sent their links and the meeting's status does not change.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if meeting.starts_at <= timezone.now():
        raise MeetingsError(_("This meeting has already started or taken place: it can no longer be invited to."))
    if len(message) > MESSAGE_MAX_LENGTH:
        raise MeetingsError(_("The personal message is too long."))
    agenda = invitation_agenda(meeting)
    chosen_guests = []
    if guests:
        offered = {guest.pk: guest for guest in invitation_guests(agenda) if guest.email}
        wanted = [getattr(g, "pk", g) for g in guests]
        if any(pk not in offered for pk in wanted):
            raise MeetingsError(_("Choose guests of this meeting's agenda who have an e-mail."))
        chosen_guests = [offered[pk] for pk in dict.fromkeys(wanted)]
    candidates = meeting_audience_to_invite(meeting)
    if representatives is not None:
        wanted = {getattr(r, "pk", r) for r in representatives}
        known = {r.pk for r in candidates}
        if wanted - known:
            raise MeetingsError(_("Choose recipients among the meeting's audience who are not invited yet."))
        candidates = [r for r in candidates if r.pk in wanted]
        if not candidates and not chosen_guests:
            raise MeetingsError(_("Choose at least one recipient."))
    invited = _invite_representatives(meeting, actor, candidates, agenda, message) if candidates or not guests else 0
    for guest in chosen_guests:
        guest_invite(meeting=meeting, guest=guest, actor=actor)  # writes its own audit record; a repeat sends nothing
    return invited


def _invite_representatives(meeting: Meeting, actor, candidates: list, agenda: list, message: str) -> int:
    """The members' part of meeting_invite (inside its transaction): the status, one invitation and one
    e-mail per representative, the audit record."""
    if meeting.status == Meeting.Status.PLANNED:
        change_status(meeting, Meeting.Status.INVITED)
        meeting.invited_at = timezone.now()
        meeting.save(update_fields=["status", "invited_at", "updated_at"])
    elif meeting.status != Meeting.Status.INVITED:
        raise TransitionNotAllowed(_("Only a planned meeting can be invited to."))
    attachments = [{"filename": "meeting.ics", "mimetype": "text/calendar", "content": meeting_ics(meeting)}]
    invited = 0
    for representative in candidates:
        MeetingInvitation.objects.create(
            meeting=meeting,
            representative=representative,
            user=representative.user,
            membership=representative.membership,
        )
        queue_email_once(
            user=representative.user,
            dedupe_key=f"meeting:{meeting.pk}:invitation:{representative.user_id}",
            template=INVITATION_TEMPLATE,
            context=_invitation_context(meeting, agenda, representative, message),
            working_group=meeting.working_group,
            attachments=attachments,
        )
        invited += 1
    audit_record(
        action="meetings.meeting.invited",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        invited=invited,
        message=message.strip()[:MESSAGE_MAX_LENGTH],
    )
    return invited


@transaction.atomic
def invitation_answer(
    *,
    invitation: MeetingInvitation,
    actor,
    answer: str,
    mode: str = "",
    attendee_name: str = "",
    comment: str = "",
) -> MeetingInvitation:
    """The invited person answers: attending / not attending / sending the alternate; for a hybrid
    meeting whether they come in person or online; who will come when not themselves; a comment.

    Answering again replaces the answer. Only the invited person answers, while invitations are out
    and until the meeting starts. Someone not coming has no mode and no attendee.
    """
    invitation = (
        MeetingInvitation.objects.select_for_update().select_related("meeting__working_group").get(pk=invitation.pk)
    )
    if invitation.user_id != actor.pk:
        raise PermissionDenied
    meeting = invitation.meeting
    if answer not in MeetingInvitation.Answer.values or answer == MeetingInvitation.Answer.PENDING:
        raise MeetingsError(_("Choose an answer."))
    if meeting.status != Meeting.Status.INVITED:
        raise MeetingsError(_("This meeting no longer takes answers."))
    if meeting.has_started:
        raise MeetingsError(_("Answers closed when the meeting started."))
    coming = answer != MeetingInvitation.Answer.NOT_ATTENDING
    if mode and mode not in MeetingInvitation.Mode.values:
        raise MeetingsError(_("Choose in person or online."))
    if meeting.format == Meeting.Format.HYBRID and coming and not mode:
        raise MeetingsError(_("Say whether you come in person or online."))
    if meeting.format != Meeting.Format.HYBRID:
        mode = ""
    if len(comment) > 1000 or len(attendee_name) > 200:
        raise MeetingsError(_("The comment or the name is too long."))
    previous = invitation.answer
    invitation.answer = answer
    invitation.mode = mode if coming else ""
    invitation.attendee_name = " ".join(attendee_name.split()) if coming else ""
    invitation.comment = comment.strip()
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "mode", "attendee_name", "comment", "answered_at", "updated_at"])
    audit_record(
        action="meetings.invitation.answered",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        answer=answer,
        previous=previous,
        mode=invitation.mode,
    )
    return invitation


@transaction.atomic
def invitation_remind(*, meeting: Meeting, actor) -> dict:
    """Remind everyone invited who has not answered, once each.

    Requires manage_meetings and an invited meeting that has not started. The reminder shares its
    outbox key with the sweep's automatic one (`selectors.reminder_key`): a person already reminded,
    by either, gets nothing new. Returns {"queued": sent by this call, "pending": still unanswered}.
    The audit record is written only when something was sent.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if meeting.status != Meeting.Status.INVITED:
        raise MeetingsError(_("Only a meeting whose invitations are out has answers to chase."))
    if meeting.has_started:
        raise MeetingsError(_("Answers closed when the meeting started."))
    pending = list(meeting.invitations.filter(answer=MeetingInvitation.Answer.PENDING).select_related("user"))
    url = meeting_url(meeting)
    queued = 0
    for invitation in pending:
        invitation.meeting = meeting
        queued += queue_email_once(
            user=invitation.user,
            dedupe_key=reminder_key(meeting, invitation.user_id),
            template=REMINDER_TEMPLATE,
            context={"meeting": meeting, "url": url, "invitation": invitation},
            working_group=meeting.working_group,
        )
    if queued:
        audit_record(
            action="meetings.invitation.reminded",
            actor=actor,
            target=meeting,
            working_group=meeting.working_group,
            reminded=queued,
        )
    return {"queued": queued, "pending": len(pending)}
