"""Every change to meetings, agendas, invitations, attendance, topics and requests goes through here."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CoordinationSeat, Membership, Representative, SecretariatTerm, WorkingGroup
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.celery import enqueue_on_commit
from vpwg.circulation import circulation_recipients
from vpwg.models import OutboxMessage
from vpwg.outbox import absolute_url, outbox_queue_email

from .exceptions import MeetingsError, TransitionNotAllowed
from .ics import meeting_ics
from .models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
    Guest,
    Meeting,
    MeetingInvitation,
    MeetingRequest,
    Topic,
    TopicSupport,
)

# --- helpers ---------------------------------------------------------------------------------


def _change_status(meeting: Meeting, to_status: str) -> None:
    if to_status not in Meeting.ALLOWED[meeting.status]:
        raise TransitionNotAllowed(
            _("A meeting that is %(status)s cannot become %(to)s.")
            % {"status": meeting.get_status_display().lower(), "to": Meeting.Status(to_status).label.lower()}
        )
    meeting.status = to_status


def _full_clean(obj) -> None:
    """full_clean, with the model's messages turned into one MeetingsError for the form."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise MeetingsError(" ".join(message for messages in error.message_dict.values() for message in messages))


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
            % {"title": clash.title, "date": local.date().isoformat(), "time": local.strftime("%H:%M")}
        )


def _queue(**kwargs) -> bool:
    """Queue one e-mail once. False if its dedupe key was used before (also by a concurrent sweep)."""
    if OutboxMessage.objects.filter(dedupe_key=kwargs["dedupe_key"]).exists():
        return False
    try:
        with transaction.atomic():
            outbox_queue_email(**kwargs)
    except IntegrityError:  # another process queued the same key between our check and our insert
        return False
    return True


def meeting_audience(meeting: Meeting):
    """The representatives a meeting invites.

    Plenaries and extraordinary meetings: every active representative of every current member and
    observer (observers are formally invited, Peru step 2). Coordination meetings: the seat holders.
    """
    representatives = circulation_recipients(meeting.working_group).select_related("membership__institution")
    if meeting.kind == Meeting.Kind.COORDINATION:
        seat_holders = CoordinationSeat.objects.current(meeting.working_group.today()).filter(
            working_group=meeting.working_group
        )
        representatives = representatives.filter(pk__in=seat_holders.values("representative_id"))
    return representatives


def secretariat_staff(working_group: WorkingGroup) -> list:
    term = (
        SecretariatTerm.objects.current(working_group.today())
        .filter(working_group=working_group)
        .prefetch_related("staff")
        .first()
    )
    return list(term.staff.all()) if term else []


def coordination_members(working_group: WorkingGroup) -> list:
    seats = (
        CoordinationSeat.objects.current(working_group.today())
        .filter(working_group=working_group)
        .select_related("representative__user")
    )
    return [seat.representative.user for seat in seats]


# --- meetings --------------------------------------------------------------------------------


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
    _full_clean(meeting)
    now = timezone.now()
    if backfill and starts_at > now:
        raise MeetingsError(_("Only a meeting that has already taken place can be recorded as held."))
    if not backfill and starts_at <= now:
        raise MeetingsError(
            _("This date is in the past. A past meeting can only be recorded as held, to complete the history.")
        )
    _check_no_overlap(meeting)
    if backfill:
        _change_status(meeting, Meeting.Status.HELD)
    meeting.save()
    if follows is not None and not backfill:
        for topic in follows.next_topics.filter(status=Topic.Status.OPEN):
            _agenda_append(meeting, title=topic.title, topic=topic)
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
    meeting = Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if not meeting.is_open:
        raise MeetingsError(_("A held or cancelled meeting can no longer be changed."))
    allowed = {"title", "starts_at", "ends_at", "format", "venue", "online_link", "reminder_days"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    _full_clean(meeting)
    if meeting.starts_at <= timezone.now():
        raise MeetingsError(_("A meeting cannot be moved into the past."))
    _check_no_overlap(meeting)
    meeting.save()
    audit_record(action="meetings.meeting.updated", actor=actor, target=meeting, working_group=meeting.working_group)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, reason: str = "") -> Meeting:
    """Cancel a planned or invited meeting; invited representatives are told."""
    meeting = Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    _change_status(meeting, Meeting.Status.CANCELLED)
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(
        action="meetings.meeting.cancelled",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        reason=reason,
    )
    for invitation in meeting.invitations.select_related("user"):
        _queue(
            dedupe_key=f"meeting:{meeting.pk}:cancelled:{invitation.user_id}",
            recipient=invitation.user.email,
            template="meetings/emails/cancelled",
            context={"meeting": meeting, "reason": reason, "url": _meeting_url(meeting)},
            working_group=meeting.working_group,
            language=meeting.working_group.language,
        )
    return meeting


def _meeting_url(meeting: Meeting) -> str:
    return absolute_url("meetings:meeting-detail", meeting.working_group.slug, meeting.pk)


@transaction.atomic
def meeting_invite(*, meeting: Meeting, actor) -> int:
    """Invite the meeting's audience: an e-mail with the agenda and an .ics file to each representative.

    Requires manage_meetings and a planned or invited meeting that has not started. Sending again
    invites only representatives who joined since (one invitation per person). Returns how many
    were invited by this call.
    """
    meeting = Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)
    permissions.require(actor, "manage_meetings", meeting.working_group)
    if meeting.starts_at <= timezone.now():
        raise MeetingsError(_("This meeting has already started or taken place: it can no longer be invited to."))
    if meeting.status == Meeting.Status.PLANNED:
        _change_status(meeting, Meeting.Status.INVITED)
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
        outbox_queue_email(
            dedupe_key=f"meeting:{meeting.pk}:invitation:{representative.user_id}",
            recipient=representative.user.email,
            template="meetings/emails/invitation",
            context={
                "meeting": meeting,
                "agenda": agenda,
                "representative": representative,
                "url": _meeting_url(meeting),
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


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, entries: list[dict]) -> Meeting:
    """Record, per institution, present (through which representative), excused or absent.

    `entries`: [{"membership": Membership, "status": str, "representative": Representative | None}].
    Requires manage_meetings and a meeting that has started and was not cancelled. Recording
    again replaces the earlier entries. The meeting becomes held. Compliance flags are re-checked
    after commit.
    """
    meeting = Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)
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
        _change_status(meeting, Meeting.Status.HELD)
        meeting.save(update_fields=["status", "updated_at"])
    audit_record(
        action="meetings.attendance.recorded",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        entries=len(entries),
    )
    from .tasks import compliance_notify_task

    enqueue_on_commit(compliance_notify_task, meeting.working_group_id)
    return meeting


@transaction.atomic
def meeting_record_next(
    *, meeting: Meeting, actor, topics: list, guests: str = "", venue: str = "", notes: str = ""
) -> Meeting:
    """Record what a held plenary agreed for the next one (topics, guests, venue): Peru step 5.

    Requires manage_meetings and a held meeting. Recording again replaces the agreement.
    """
    meeting = Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)
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


# --- agenda ----------------------------------------------------------------------------------


def _agenda_append(meeting: Meeting, *, title: str, topic: Topic | None = None, **fields) -> AgendaItem:
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title.strip(), topic=topic, **fields)
    _full_clean(item)
    item.save()
    if topic is not None and topic.status == Topic.Status.OPEN:
        topic.status = Topic.Status.SCHEDULED
        topic.save(update_fields=["status", "updated_at"])
    return item


def _require_agenda_editable(meeting: Meeting, actor) -> None:
    permissions.require(actor, "edit_agenda", meeting.working_group)
    if not meeting.is_open:
        raise MeetingsError(_("The agenda of a held or cancelled meeting can no longer change."))


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    actor,
    title: str = "",
    topic: Topic | None = None,
    format: str = AgendaItem.Format.PRESENTATION,  # noqa: A002
    length_minutes: int = 20,
    presenters: list | None = None,
    guests: list | None = None,
    new_guest: dict | None = None,
) -> AgendaItem:
    """Append an item to a planned or invited meeting's agenda; a backlog topic pulled in is scheduled.

    Requires edit_agenda (Secretariat and Coordination Group). `new_guest` ({name, affiliation,
    expertise}) adds an outside speaker to the group's guests and to this item.
    """
    meeting = Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)
    _require_agenda_editable(meeting, actor)
    if topic is not None and topic.working_group_id != meeting.working_group_id:
        raise MeetingsError(_("Choose a topic of this group."))
    if not title and topic is None:
        raise MeetingsError(_("Give the item a title or choose a topic."))
    presenters = list(presenters or [])
    if any(p.working_group_id != meeting.working_group_id for p in presenters):
        raise MeetingsError(_("Presenters must represent a member of this group."))
    guests = list(guests or [])
    if any(g.working_group_id != meeting.working_group_id for g in guests):
        raise MeetingsError(_("Choose guests of this group."))
    if new_guest and new_guest.get("name"):
        guest = Guest(working_group=meeting.working_group, **new_guest)
        _full_clean(guest)
        guest.save()
        guests.append(guest)
    item = _agenda_append(
        meeting, title=title or topic.title, topic=topic, format=format, length_minutes=length_minutes
    )
    item.presenters.set(presenters)
    item.guests.set(guests)
    audit_record(action="meetings.agenda.item_added", actor=actor, target=meeting, working_group=meeting.working_group)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor) -> None:
    """Remove an item; the following items move up. A topic it scheduled returns to the backlog."""
    meeting = Meeting.objects.select_for_update().select_related("working_group").get(pk=item.meeting_id)
    _require_agenda_editable(meeting, actor)
    item = AgendaItem.objects.select_related("topic").get(pk=item.pk)
    if item.topic is not None and item.topic.status == Topic.Status.SCHEDULED:
        item.topic.status = Topic.Status.OPEN
        item.topic.save(update_fields=["status", "updated_at"])
    item.delete()
    for position, following in enumerate(meeting.agenda_items.order_by("position"), start=1):
        if following.position != position:
            following.position = position
            following.save(update_fields=["position", "updated_at"])
    audit_record(
        action="meetings.agenda.item_removed", actor=actor, target=meeting, working_group=meeting.working_group
    )


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor, direction: str) -> None:
    """Swap an item with its neighbour ("up" or "down"); at either end nothing happens."""
    meeting = Meeting.objects.select_for_update().select_related("working_group").get(pk=item.meeting_id)
    _require_agenda_editable(meeting, actor)
    items = list(meeting.agenda_items.order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if other_index < 0 or other_index >= len(items):
        return
    first, second = items[index], items[other_index]
    first_position, second_position = first.position, second.position
    first.position = 0  # a free slot: positions are unique per meeting and start at 1
    first.save(update_fields=["position", "updated_at"])
    second.position = first_position
    second.save(update_fields=["position", "updated_at"])
    first.position = second_position
    first.save(update_fields=["position", "updated_at"])


# --- topics ----------------------------------------------------------------------------------


def _representation_of(actor, working_group: WorkingGroup) -> Representative:
    representative = (
        Representative.objects.active()
        .filter(user=actor, working_group=working_group, membership__status__in=Membership.PARTICIPATING)
        .select_related("membership")
        .first()
    )
    if representative is None:
        raise PermissionDenied
    return representative


@transaction.atomic
def topic_propose(*, working_group: WorkingGroup, actor, title: str, description: str = "") -> Topic:
    """A member or observer representative proposes a topic for the institution they represent."""
    permissions.require(actor, "propose_topic", working_group)
    representative = _representation_of(actor, working_group)
    topic = Topic(
        working_group=working_group,
        title=title.strip(),
        description=description.strip(),
        proposed_by=actor,
        membership=representative.membership,
    )
    _full_clean(topic)
    topic.save()
    audit_record(action="meetings.topic.proposed", actor=actor, target=topic, working_group=working_group)
    return topic


@transaction.atomic
def topic_support_toggle(*, topic: Topic, actor) -> bool:
    """Support a topic for one's institution, or withdraw that support. Returns True if now supported.

    One support per institution (a second representative of it withdraws the same support).
    Members only; an institution does not support its own proposal.
    """
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    permissions.require(actor, "support_topic", topic.working_group)
    representative = _representation_of(actor, topic.working_group)
    if topic.membership_id == representative.membership_id:
        raise MeetingsError(_("Your institution proposed this topic; support comes from the others."))
    if topic.status != Topic.Status.OPEN:
        raise MeetingsError(_("Only topics in the backlog take support."))
    existing = TopicSupport.objects.filter(topic=topic, membership=representative.membership).first()
    if existing is not None:
        existing.delete()
        audit_record(
            action="meetings.topic.support_withdrawn", actor=actor, target=topic, working_group=topic.working_group
        )
        return False
    TopicSupport.objects.create(topic=topic, membership=representative.membership, user=actor)
    audit_record(action="meetings.topic.supported", actor=actor, target=topic, working_group=topic.working_group)
    return True


# --- requests for extraordinary meetings ------------------------------------------------------


@transaction.atomic
def meeting_request_create(
    *, working_group: WorkingGroup, actor, subject: str, reason: str, preferred_date=None
) -> MeetingRequest:
    """A representative asks for an extraordinary meeting; the Secretariat is told."""
    permissions.require(actor, "request_meeting", working_group)
    representative = _representation_of(actor, working_group)
    request = MeetingRequest.objects.create(
        working_group=working_group,
        requested_by=actor,
        membership=representative.membership,
        subject=subject.strip(),
        reason=reason.strip(),
        preferred_date=preferred_date,
    )
    audit_record(action="meetings.request.created", actor=actor, target=request, working_group=working_group)
    for user in secretariat_staff(working_group):
        _queue(
            dedupe_key=f"meeting-request:{request.pk}:created:{user.pk}",
            recipient=user.email,
            template="meetings/emails/request_created",
            context={"request": request, "url": absolute_url("meetings:index", working_group.slug)},
            working_group=working_group,
            language=working_group.language,
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
    if to_status not in MeetingRequest.ALLOWED[meeting_request.status]:
        raise TransitionNotAllowed(_("This request has already been decided."))
    meeting_request.status = to_status
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
        _queue(
            dedupe_key=f"meeting-request:{meeting_request.pk}:decided",
            recipient=meeting_request.requested_by.email,
            template="meetings/emails/request_decided",
            context={
                "request": meeting_request,
                "url": absolute_url("meetings:index", meeting_request.working_group.slug),
            },
            working_group=meeting_request.working_group,
            language=meeting_request.working_group.language,
        )
    return meeting_request


# --- calendar feed ---------------------------------------------------------------------------


def calendar_feed_for(*, user) -> CalendarFeed:
    """The person's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": CalendarFeed.new_token()})
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.token = CalendarFeed.new_token()
    feed.save(update_fields=["token", "updated_at"])
    audit_record(action="meetings.calendar_feed.regenerated", actor=user, target=feed)
    return feed
