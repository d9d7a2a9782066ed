"""The agenda of a planned or invited meeting: items in order, with format, presenters and guests.
A backlog topic pulled onto the agenda is scheduled; removed again, it returns to the backlog."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record

from ..exceptions import MeetingsError
from ..models import AgendaItem, Guest, Meeting, Topic
from ._common import full_clean, locked_meeting


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
    meeting = locked_meeting(meeting.pk)
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
        full_clean(guest)
        guest.save()
        guests.append(guest)
    item = agenda_append(meeting, title=title or topic.title, topic=topic, format=format, length_minutes=length_minutes)
    item.presenters.set(presenters)
    item.guests.set(guests)
    audit_record(action="meetings.agenda.item_added", actor=actor, target=meeting, working_group=meeting.working_group)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor) -> None:
    """Remove an item; the following items move up. A topic it scheduled returns to the backlog."""
    meeting = locked_meeting(item.meeting_id)
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
    meeting = locked_meeting(item.meeting_id)
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
