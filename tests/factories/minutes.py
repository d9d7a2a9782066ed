"""Minutes in any workflow state, built through the services (so history, versions and grants exist)."""

from datetime import timedelta

from django.utils import timezone

from meetings.models import Attendance, Meeting
from minutes import services
from minutes.models import Minutes
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

ORDER = [Minutes.Status.DRAFT, Minutes.Status.SUBMITTED, Minutes.Status.APPROVED, Minutes.Status.CIRCULATED]


def held_meeting(world, *, title=None, attendance=True, items=2):
    """A plenary held a month ago with agenda items and (optionally) every institution present."""
    meeting = MeetingFactory(
        working_group=world.group,
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - timedelta(days=30),
        **({"title": title} if title else {}),
    )
    for position in range(1, items + 1):
        AgendaItemFactory(meeting=meeting, position=position, title=f"Agenda item {position}")
    if attendance:
        for key in ("company", "ngo", "observer"):
            membership = world.objects[key]
            representative = membership.representatives.active().first()
            Attendance.objects.create(
                meeting=meeting,
                membership=membership,
                pillar=membership.pillar,
                status=Attendance.Status.PRESENT,
                representative=representative,
            )
    return meeting


def MinutesFactory(  # noqa: N802
    world, status=Minutes.Status.DRAFT, text="The group discussed the draft law.", actions=(), **meeting_kwargs
):
    """Minutes of a new held meeting of `world`, moved to `status` by the services. `actions`: follow-up
    actions (action_add's keyword arguments) added to the draft, so that they go with its first version."""
    users = world.users
    meeting = held_meeting(world, **meeting_kwargs)
    minutes = services.minutes_start(meeting=meeting, actor=users["secretariat"])
    texts = {s["key"]: {"summary": text, "agreements": ""} for s in minutes.sections}
    services.minutes_save_draft(minutes=minutes, actor=users["secretariat"], revision=minutes.revision, texts=texts)
    for action in actions:
        services.action_add(minutes=minutes, actor=users["secretariat"], **action)
    if status == Minutes.Status.CHANGES_REQUESTED:  # submitted once, returned by the Coordination Group
        services.minutes_submit(minutes=minutes, actor=users["secretariat"])
        services.minutes_return(minutes=minutes, actor=users["coordination"], note="Shorten the opening.")
        minutes.refresh_from_db()
        return minutes
    target = ORDER.index(status)
    if target >= 1:
        services.minutes_submit(minutes=minutes, actor=users["secretariat"])
    if target >= 2:
        services.minutes_approve(minutes=minutes, actor=users["coordination"])
    if target >= 3:
        services.minutes_circulate(minutes=minutes, actor=users["secretariat"])
    minutes.refresh_from_db()
    assert minutes.status == status, minutes.status
    return minutes
