"""The agenda of a planned or invited meeting: items in order, with a start time and a length, format,
presenters and guests; the running total against the meeting's length; guest speakers' own links.

A backlog topic pulled onto the agenda is scheduled; removed again, it returns to the backlog. Items
start one after the other from the meeting's start unless one has a fixed start time (after a break,
a guest's slot). A guest is sent a personal link (a signed token) to the agenda and their own items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.outbox import absolute_url, outbox_queue_email

from ..exceptions import MeetingsError
from ..guest_links import GUEST_LINK_DAYS_AFTER, guest_link_expired, guest_token, guest_token_read  # noqa: F401
from ..models import AgendaItem, Guest, GuestInvitation, Meeting, Topic, new_nonce
from ._common import full_clean, locked_meeting

# A guest's link works until a week after the meeting (their slides, the venue they look up again).


# --- timing -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemTiming:
    item: AgendaItem
    starts: datetime  # in the group's time zone
    ends: datetime
    elapsed_minutes: int  # the running total: from the meeting's start to this item's end
    fixed: bool  # its start time is fixed (not "after the previous item")
    clash: bool  # a fixed start before the previous item ends (or before the meeting starts)


@dataclass(frozen=True)
class AgendaTiming:
    rows: list[ItemTiming]
    budget_minutes: int  # the meeting's length, from its start and end times
    plenary_length_minutes: int  # the charter's plenary length (the default length of a new plenary)
    items_minutes: int  # the items' lengths added up

    @property
    def elapsed_minutes(self) -> int:
        return self.rows[-1].elapsed_minutes if self.rows else 0

    @property
    def over_by(self) -> int:
        return max(0, self.elapsed_minutes - self.budget_minutes)

    @property
    def is_over(self) -> bool:
        return self.over_by > 0

    @property
    def remaining_minutes(self) -> int:
        return max(0, self.budget_minutes - self.elapsed_minutes)

    @property
    def ends(self) -> datetime | None:
        return self.rows[-1].ends if self.rows else None

    @property
    def has_clash(self) -> bool:
        return any(row.clash for row in self.rows)

    def for_item(self, item_id: int) -> ItemTiming | None:
        return next((row for row in self.rows if row.item.pk == item_id), None)


def agenda_timing(meeting: Meeting, items: list[AgendaItem] | None = None) -> AgendaTiming:
    """When each item starts and ends, the running total and how far it runs over the meeting's length.

    Pure arithmetic on `items` (the meeting's agenda in order; prefetched ones are used as they are).
    """
    tz = meeting.working_group.tzinfo
    start = timezone.localtime(meeting.starts_at, tz)
    items = list(meeting.agenda_items.all()) if items is None else list(items)
    rows, cursor = [], start
    for item in items:
        fixed = item.start_time is not None
        begins = datetime.combine(start.date(), item.start_time, tzinfo=tz) if fixed else cursor
        clash = fixed and begins < cursor
        ends = begins + timedelta(minutes=item.length_minutes)
        rows.append(
            ItemTiming(
                item=item,
                starts=begins,
                ends=ends,
                elapsed_minutes=int((ends - start).total_seconds() // 60),
                fixed=fixed,
                clash=clash,
            )
        )
        cursor = max(cursor, ends)
    return AgendaTiming(
        rows=rows,
        budget_minutes=meeting.length_minutes,
        plenary_length_minutes=meeting.working_group.plenary_length_minutes,
        items_minutes=sum(item.length_minutes for item in items),
    )


# --- items ------------------------------------------------------------------------------------------


def agenda_append(meeting: Meeting, *, title: str, topic: Topic | None = None, **fields) -> AgendaItem:
    """Add an item at the end of `meeting`'s agenda (the caller checked who may); schedules `topic`."""
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title.strip(), topic=topic, **fields)
    full_clean(item)
    item.save()
    if topic is not None and topic.status == Topic.Status.OPEN:
        topic.status = Topic.Status.SCHEDULED
        topic.save(update_fields=["status", "updated_at"])
    return item


def _require_agenda_editable(meeting: Meeting, actor) -> None:
    permissions.require(actor, "edit_agenda", meeting.working_group)
    if not meeting.is_open:
        raise MeetingsError(_("The agenda of a held or cancelled meeting can no longer change."))


def _people(meeting: Meeting, presenters, guests, new_guest: dict | None) -> tuple[list, list]:
    """The presenters and guests for an item of `meeting`, checked; `new_guest` ({name, affiliation,
    expertise, email}) is added to the group's guests."""
    presenters = list(presenters or [])
    if any(p.working_group_id != meeting.working_group_id for p in presenters):
        raise MeetingsError(_("Presenters must represent a member of this group."))
    guests = list(guests or [])
    if any(g.working_group_id != meeting.working_group_id for g in guests):
        raise MeetingsError(_("Choose guests of this group."))
    if new_guest and new_guest.get("name"):
        guest = Guest(working_group=meeting.working_group, **new_guest)
        full_clean(guest)
        guest.save()
        guests.append(guest)
    return presenters, guests


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    actor,
    title: str = "",
    topic: Topic | None = None,
    format: str = AgendaItem.Format.PRESENTATION,  # noqa: A002
    length_minutes: int = 20,
    start_time: time | None = None,
    presenters: list | None = None,
    guests: list | None = None,
    new_guest: dict | None = None,
) -> AgendaItem:
    """Append an item to a planned or invited meeting's agenda; a backlog topic pulled in is scheduled.

    Requires edit_agenda (Secretariat and Coordination Group). `new_guest` ({name, affiliation,
    expertise, email}) adds an outside speaker to the group's guests and to this item.
    """
    meeting = locked_meeting(meeting.pk)
    _require_agenda_editable(meeting, actor)
    if topic is not None and topic.working_group_id != meeting.working_group_id:
        raise MeetingsError(_("Choose a topic of this group."))
    if not title and topic is None:
        raise MeetingsError(_("Give the item a title or choose a topic."))
    presenters, guests = _people(meeting, presenters, guests, new_guest)
    item = agenda_append(
        meeting,
        title=title or topic.title,
        topic=topic,
        format=format,
        length_minutes=length_minutes,
        start_time=start_time,
    )
    item.presenters.set(presenters)
    item.guests.set(guests)
    audit_record(
        action="meetings.agenda.item_added",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        item=item.pk,
    )
    return item


@transaction.atomic
def agenda_items_add(*, meeting: Meeting, actor, items: list[dict]) -> list[AgendaItem]:
    """Append several items at once, in the order given (a pasted agenda): `items` are {"title",
    "length_minutes"}; each is a presentation following the one before it, with no presenters yet.

    Requires edit_agenda and a planned or invited meeting. All or nothing: one bad item adds none. One
    audit record per item, as adding them one by one writes.
    """
    meeting = locked_meeting(meeting.pk)
    _require_agenda_editable(meeting, actor)
    if not items:
        raise MeetingsError(_("Write at least one item."))
    added = []
    for entry in items:
        if not entry["title"].strip():
            raise MeetingsError(_("Give the item a title or choose a topic."))
        item = agenda_append(meeting, title=entry["title"], length_minutes=entry["length_minutes"])
        audit_record(
            action="meetings.agenda.item_added",
            actor=actor,
            target=meeting,
            working_group=meeting.working_group,
            item=item.pk,
        )
        added.append(item)
    return added


def item_revision(item: AgendaItem) -> str:
    """What an edit form carries to tell a stale save: the item's last change."""
    return item.updated_at.isoformat() if item.updated_at else ""


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    actor,
    title: str,
    format: str,  # noqa: A002
    length_minutes: int,
    start_time: time | None = None,
    presenters: list | None = None,
    guests: list | None = None,
    new_guest: dict | None = None,
    revision: str | None = None,
) -> AgendaItem:
    """Change an item in place: title, format, start time, length, presenters and guests.

    Requires edit_agenda and a planned or invited meeting. `revision` (item_revision when the form was
    opened) refuses a save over someone else's change: nothing is lost, the person reloads and retries.
    """
    meeting = locked_meeting(item.meeting_id)
    _require_agenda_editable(meeting, actor)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if revision is not None and revision != item_revision(item):
        raise MeetingsError(
            _("Someone else changed this item since you opened it. Reload the agenda and make your change again.")
        )
    if not title.strip():
        raise MeetingsError(_("Give the item a title or choose a topic."))
    presenters, guests = _people(meeting, presenters, guests, new_guest)
    changed = {
        name
        for name, value in (
            ("title", title.strip()),
            ("format", format),
            ("length_minutes", length_minutes),
            ("start_time", start_time),
        )
        if getattr(item, name) != value
    }
    item.title, item.format, item.length_minutes, item.start_time = title.strip(), format, length_minutes, start_time
    full_clean(item)
    item.save()
    if {p.pk for p in presenters} != set(item.presenters.values_list("pk", flat=True)):
        changed.add("presenters")
    if {g.pk for g in guests} != set(item.guests.values_list("pk", flat=True)):
        changed.add("guests")
    item.presenters.set(presenters)
    item.guests.set(guests)
    audit_record(
        action="meetings.agenda.item_updated",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        item=item.pk,
        changed=sorted(changed),
    )
    return item


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    """Give the items positions 1..n in `ordered_ids` order. Positions are unique per meeting, so they
    first move out of the way (above any real position), then to their places: two UPDATEs. In the
    database only: an item's revision (its last edit) does not change with its place."""
    if not ordered_ids:
        return
    items = AgendaItem.objects.filter(meeting=meeting, pk__in=ordered_ids)
    offset = 1000 + len(ordered_ids)  # above every position in use: no row collides on the way
    for base in (offset, 0):  # two statements, whatever the agenda's length
        items.update(
            position=Case(*(When(pk=pk, then=Value(base + index)) for index, pk in enumerate(ordered_ids, start=1)))
        )


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor) -> None:
    """Remove an item; the following items move up. A topic it scheduled returns to the backlog; its
    documents stay, as documents of the whole meeting."""
    meeting = locked_meeting(item.meeting_id)
    _require_agenda_editable(meeting, actor)
    item = AgendaItem.objects.select_related("topic").get(pk=item.pk)
    if item.topic is not None and item.topic.status == Topic.Status.SCHEDULED:
        item.topic.status = Topic.Status.OPEN
        item.topic.save(update_fields=["status", "updated_at"])
    title = item.title
    item.delete()
    _renumber(meeting, list(meeting.agenda_items.order_by("position").values_list("pk", flat=True)))
    audit_record(
        action="meetings.agenda.item_removed",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        title=title,
    )


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor, direction: str) -> None:
    """Swap an item with its neighbour ("up" or "down"); at either end nothing happens."""
    meeting = locked_meeting(item.meeting_id)
    _require_agenda_editable(meeting, actor)
    ids = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    if item.pk not in ids:
        raise MeetingsError(_("This item is not on the meeting's agenda."))
    index = ids.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(ids):
        return
    ids[index], ids[other] = ids[other], ids[index]
    _renumber(meeting, ids)


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, actor, order: list[int]) -> None:
    """Put the agenda in the order of `order` (every item's id once, as a drag and drop leaves them).

    Refused when `order` is not exactly the meeting's items (one was added or removed meanwhile).
    """
    meeting = locked_meeting(meeting.pk)
    _require_agenda_editable(meeting, actor)
    current = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    if sorted(order) != sorted(current) or len(set(order)) != len(order):
        raise MeetingsError(_("The agenda changed meanwhile. Reload it and move the item again."))
    if order == current:
        return
    _renumber(meeting, order)
    audit_record(
        action="meetings.agenda.reordered",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        order=order,
    )


# --- guests' links ----------------------------------------------------------------------------------


def guest_link(invitation: GuestInvitation, meeting: Meeting) -> str:
    """The absolute address of a guest's own page of `meeting` (their invitation's)."""
    return absolute_url("meetings:guest-agenda", meeting.working_group.slug, meeting.pk, guest_token(invitation))


@transaction.atomic
def guest_invite(*, meeting: Meeting, guest: Guest, actor, email: str = "", renew: bool = False) -> GuestInvitation:
    """Send a guest speaker their own link to `meeting`'s agenda and their items (e-mail, group language).

    Requires invite_guest (the Secretariat, before the meeting starts), a guest of an item of this
    meeting and their e-mail (`email` records it first). Sending again sends nothing new (one e-mail
    per link); `renew` replaces the link (the old one stops working) and sends the new one.
    """
    meeting = locked_meeting(meeting.pk)
    permissions.access_for(actor, meeting.working_group).require_rule("meetings.invite_guest", meeting)
    items = list(meeting.agenda_items.filter(guests=guest).order_by("position"))
    if guest.working_group_id != meeting.working_group_id or not items:
        raise MeetingsError(_("Only a guest of an item on this agenda can be invited."))
    if email and email != guest.email:
        guest.email = email
        full_clean(guest)
        guest.save(update_fields=["email", "updated_at"])
    if not guest.email:
        raise MeetingsError(_("Add the guest's e-mail first: the link goes there."))
    invitation, created = GuestInvitation.objects.select_for_update().get_or_create(meeting=meeting, guest=guest)
    if renew and not created:
        invitation.nonce = new_nonce()
    elif invitation.sent_at is not None:
        return invitation
    invitation.sent_to, invitation.sent_at, invitation.sent_by = guest.email, timezone.now(), actor
    invitation.save()
    timing = agenda_timing(meeting, list(meeting.agenda_items.order_by("position")))
    outbox_queue_email(
        dedupe_key=f"meeting:{meeting.pk}:guest:{guest.pk}:{invitation.nonce}",
        recipient=guest.email,
        template="meetings/emails/guest_invitation",
        context={
            "meeting": meeting,
            "guest": guest,
            "items": [timing.for_item(item.pk) for item in items],
            "url": guest_link(invitation, meeting),
            "time_zone": meeting.working_group.time_zone,
            "zone_label": meeting.working_group.zone_label,
        },
        working_group=meeting.working_group,
        language=meeting.working_group.language,
    )
    audit_record(
        action="meetings.guest.invited",
        actor=actor,
        target=meeting,
        working_group=meeting.working_group,
        guest=guest.pk,
        renewed=bool(renew and not created),
    )
    return invitation
