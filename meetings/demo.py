"""Demo meetings for the Peru group: a year of held plenaries with attendance (the state's presence
weak, as Peru step 10 says), the next plenary with its agenda (topics of step 8) and a topic backlog.

The agenda, the backlog and what the last plenary agreed are in `demo_data/meetings.json`.
Idempotent: meetings are looked up by title, topics by title, supports by institution.
"""

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from members.models import Membership, Pillar, Representative, SecretariatTerm, WorkingGroup

from . import services
from .models import Meeting, Topic, TopicSupport


def _meetings_data() -> dict:
    return json.loads((Path(__file__).parent / "demo_data" / "meetings.json").read_text(encoding="utf-8"))


def _rep(group: WorkingGroup, login: str) -> Representative | None:
    return (
        Representative.objects.active()
        .filter(working_group=group, user__email=f"{login}@peru.example.org")
        .select_related("membership")
        .first()
    )


def _at(group: WorkingGroup, day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=group.tzinfo)


@transaction.atomic
def load_meetings_demo() -> None:
    group = WorkingGroup.objects.filter(slug="peru").first()
    if group is None:
        return
    term = SecretariatTerm.objects.filter(working_group=group).prefetch_related("staff").first()
    actor = term.staff.first() if term else None
    if actor is None:
        return
    data = _meetings_data()
    today = group.today()
    memberships = list(Membership.objects.current().filter(working_group=group).select_related("institution"))

    # Four held plenaries, one per quarter of the past year.
    held = []
    for index, months_ago in enumerate((12, 9, 6, 3)):
        day = today - timedelta(days=30 * months_ago)
        title = f"Plenary {day:%B %Y}"
        meeting = Meeting.objects.filter(working_group=group, title=title).first()
        if meeting is None:
            meeting = services.meeting_schedule(
                working_group=group,
                actor=actor,
                kind=Meeting.Kind.PLENARY,
                title=title,
                starts_at=_at(group, day),
                ends_at=_at(group, day) + timedelta(minutes=group.plenary_length_minutes),
                venue=data["held_venue"],
                backfill=True,
            )
            entries = []
            for n, membership in enumerate(memberships):
                rep = membership.representatives.active().first()
                if membership.pillar == Pillar.GOVERNMENT and membership.institution.kind == "host_state_agency":
                    status = "present" if (n + index) % 3 == 0 else ("excused" if n % 2 else "absent")
                elif membership.pillar == Pillar.GOVERNMENT:
                    status = "present" if (n + index) % 2 == 0 else "excused"
                else:
                    status = "present" if (n + index) % 5 else "excused"
                entries.append(
                    {"membership": membership, "status": status, "representative": rep if status == "present" else None}
                )
            services.attendance_record(meeting=meeting, actor=actor, entries=entries)
        held.append(meeting)

    # The topic backlog, with supports from member institutions.
    proposer = _rep(group, data["topic_proposer"])
    for backlog_topic in data["backlog"]:
        title = backlog_topic["title"]
        topic = Topic.objects.filter(working_group=group, title=title).first()
        if topic is None and proposer is not None:
            topic = services.topic_propose(working_group=group, actor=proposer.user, title=title)
        for login in backlog_topic["supporters"]:
            rep = _rep(group, login)
            if topic and rep and rep.membership_id != topic.membership_id and rep.membership.status == "member":
                if not TopicSupport.objects.filter(topic=topic, membership=rep.membership).exists():
                    services.topic_support_toggle(topic=topic, actor=rep.user)

    # The last plenary agreed the next one's venue and guests; the next plenary starts from it.
    last = held[-1]
    if not last.has_next_agreement:
        services.meeting_record_next(meeting=last, actor=actor, topics=[], **data["next_agreed"])
    upcoming = data["next_plenary"]
    if not Meeting.objects.filter(working_group=group, title=upcoming["title"]).exists():
        day = today + timedelta(days=upcoming["days_ahead"])
        meeting = services.meeting_schedule(
            working_group=group,
            actor=actor,
            kind=Meeting.Kind.PLENARY,
            title=upcoming["title"],
            starts_at=_at(group, day),
            ends_at=_at(group, day) + timedelta(minutes=group.plenary_length_minutes),
            venue=upcoming["venue"],
            follows=last,
        )
        for item in upcoming["agenda"]:
            rep = _rep(group, item["presenter"])
            services.agenda_item_add(
                meeting=meeting,
                actor=actor,
                title=item["title"],
                format=item["format"],
                length_minutes=item["length_minutes"],
                presenters=[rep] if rep else [],
                new_guest=item.get("new_guest"),
            )
        if meeting.starts_at > timezone.now():
            services.meeting_invite(meeting=meeting, actor=actor)
