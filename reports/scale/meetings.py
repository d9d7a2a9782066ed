"""The meetings part of the scale data set: meetings with agendas, attendance, invitations and topics."""

from __future__ import annotations

from datetime import timedelta

from meetings.models import AgendaItem, Attendance, Guest, Meeting, MeetingInvitation, Topic, TopicSupport

from .base import AGENDA_TITLES, FIRST, GROUPS, LAST, ScaleRun, bulk, participating


def meetings(run: ScaleRun) -> None:
    per_group = max(4, run.n["meetings"] // GROUPS)
    upcoming = 3 if per_group >= 20 else 1
    rows = []
    guests_of = {}
    for wg in run.groups:
        guests_of[wg.pk] = bulk(
            Guest, [Guest(working_group=wg, name=f"{run.rng.choice(FIRST)} {run.rng.choice(LAST)}") for _ in range(3)]
        )
        for index in range(per_group):
            # The first `upcoming` are ahead (invited, then planned); the rest held, about one a month back.
            if index < upcoming:
                starts = run.now + timedelta(days=(10, 40, 70)[index])
                status = Meeting.Status.INVITED if index < 2 else Meeting.Status.PLANNED
                invited_at = run.now - timedelta(days=5) if status == Meeting.Status.INVITED else None
            else:
                starts = run.now - timedelta(days=30 * (index - upcoming + 1) + run.rng.randrange(5))
                status = Meeting.Status.CANCELLED if index % 17 == 5 else Meeting.Status.HELD
                invited_at = starts - timedelta(days=30)
            starts = starts.replace(hour=15, minute=0, second=0)
            kind = Meeting.Kind.COORDINATION if index % 4 == 3 else Meeting.Kind.PLENARY
            label = "Plenary" if kind == Meeting.Kind.PLENARY else "Coordination meeting"
            rows.append(
                Meeting(
                    working_group=wg,
                    kind=kind,
                    title=f"{label} {per_group - index}",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    venue=f"{wg.country}, Secretariat offices",
                    status=status,
                    invited_at=invited_at,
                )
            )
    run.meetings = bulk(Meeting, rows)
    items = _agendas(run, guests_of)
    run.step(f"{len(run.meetings)} meetings, {len(items)} agenda items")
    _attendance(run)
    _invitations_and_topics(run)


def _agendas(run: ScaleRun, guests_of: dict) -> list[AgendaItem]:
    """Five items per meeting, a presenter on the second and a guest on the third."""
    items = []
    for meeting in run.meetings:
        for position, title in enumerate(run.rng.sample(AGENDA_TITLES, 5), start=1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=title,
                    format=run.rng.choice(AgendaItem.Format.values),
                    length_minutes=20,
                )
            )
    items = bulk(AgendaItem, items)
    for item in items:
        run.items_by_meeting.setdefault(item.meeting_id, []).append(item)
    presenters, guests = [], []
    for meeting in run.meetings:
        agenda = run.items_by_meeting[meeting.pk]
        reps = run.active_reps[meeting.working_group_id]
        presenters.append(
            AgendaItem.presenters.through(agendaitem_id=agenda[1].pk, representative_id=run.rng.choice(reps).pk)
        )
        guests.append(
            AgendaItem.guests.through(
                agendaitem_id=agenda[2].pk, guest_id=run.rng.choice(guests_of[meeting.working_group_id]).pk
            )
        )
    bulk(AgendaItem.presenters.through, presenters)
    bulk(AgendaItem.guests.through, guests)
    return items


def _attendance(run: ScaleRun) -> None:
    """Attendance of held meetings: ~`attendance` rows in all, capped by the group's institutions."""
    held = [m for m in run.meetings if m.status == Meeting.Status.HELD]
    per_meeting = max(1, round(run.n["attendance"] / max(1, len(held))))
    rows = []
    for meeting in held:
        current = participating(run.by_group[meeting.working_group_id])
        for membership in run.rng.sample(current, min(per_meeting, len(current))):
            roll = run.rng.random()
            status = (
                Attendance.Status.PRESENT
                if roll < 0.75
                else Attendance.Status.EXCUSED
                if roll < 0.88
                else Attendance.Status.ABSENT
            )
            rep = run.principal.get(membership.pk) if status == Attendance.Status.PRESENT else None
            rows.append(
                Attendance(
                    meeting=meeting,
                    membership=membership,
                    pillar=membership.pillar,
                    status=status if rep or status != Attendance.Status.PRESENT else Attendance.Status.EXCUSED,
                    representative=rep,
                )
            )
    bulk(Attendance, rows)
    run.step(f"{len(rows)} attendance records")


def _invitations_and_topics(run: ScaleRun) -> None:
    """Every active representative is invited to the upcoming invited meetings; 15 backlog topics per group."""
    answers = MeetingInvitation.Answer.values
    invitations = []
    for meeting in run.meetings:
        if meeting.status != Meeting.Status.INVITED:
            continue
        for rep in run.active_reps[meeting.working_group_id]:
            invitations.append(
                MeetingInvitation(
                    meeting=meeting,
                    representative=rep,
                    user_id=rep.user_id,
                    membership_id=rep.membership_id,
                    answer=run.rng.choice(answers),
                )
            )
    bulk(MeetingInvitation, invitations)
    topics = []
    for wg in run.groups:
        for index in range(15):
            topics.append(
                Topic(
                    working_group=wg,
                    title=f"{run.rng.choice(AGENDA_TITLES)} ({index + 1})",
                    description="Raised by several members.",
                    membership=run.rng.choice(run.by_group[wg.pk]),
                )
            )
    topics = bulk(Topic, topics)
    supports = []
    for topic in topics:
        members = run.by_group[topic.working_group_id]
        for membership in run.rng.sample(members, min(3, len(members))):
            supports.append(TopicSupport(topic=topic, membership=membership))
    bulk(TopicSupport, supports)
    run.step(f"{len(invitations)} invitations, {len(topics)} topics")
