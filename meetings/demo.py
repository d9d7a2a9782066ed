"""Demo meetings for the Peru group: a year of held plenaries with attendance (the state's presence
weak, as Peru step 10 says), the next plenary with its agenda (topics of step 8) and a topic backlog.

Idempotent: meetings are looked up by title, topics by title, supports by institution.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from members.models import Membership, Pillar, Representative, SecretariatTerm, WorkingGroup

from . import services
from .models import Meeting, Topic, TopicSupport

AGENDA = [
    ("Private security companies: the draft law", "panel", 40),
    ("National legislation on the use of force", "presentation", 25),
    ("Agreements between the national police and extractive companies", "dialogue", 30),
    ("Social conflicts around mine sites", "dialogue", 15),
]
BACKLOG = [
    ("Indigenous peoples and free, prior and informed consent", ["aprodeh", "idl", "antamina", "canada"]),
    ("Contracts between extractive companies and private security companies", ["ser", "repsol"]),
    ("The UN Guiding Principles on Business and Human Rights in Peru", ["switzerland"]),
]


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
                venue="Socios Perú, Lima",
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
            # A minutes draft exists for the older ones (the minutes app will set this itself).
            if months_ago > 3:
                Meeting.objects.filter(pk=meeting.pk).update(minutes_drafted_at=meeting.ends_at + timedelta(days=7))
        held.append(meeting)

    # The topic backlog, with supports from member institutions.
    topics = {}
    proposer = _rep(group, "idl")
    for title, supporters in BACKLOG:
        topic = Topic.objects.filter(working_group=group, title=title).first()
        if topic is None and proposer is not None:
            topic = services.topic_propose(working_group=group, actor=proposer.user, title=title)
        topics[title] = topic
        for login in supporters:
            rep = _rep(group, login)
            if topic and rep and rep.membership_id != topic.membership_id and rep.membership.status == "member":
                if not TopicSupport.objects.filter(topic=topic, membership=rep.membership).exists():
                    services.topic_support_toggle(topic=topic, actor=rep.user)

    # The last plenary agreed the next one's venue and guests; the next plenary starts from it.
    last = held[-1]
    if not last.has_next_agreement:
        services.meeting_record_next(
            meeting=last,
            actor=actor,
            topics=[],
            guests="SUCAMEC (regulator of private security companies); a police commander from Cusco",
            venue="Embassy of Canada, Lima",
        )
    title = "Plenary: private security and the use of force"
    if not Meeting.objects.filter(working_group=group, title=title).exists():
        day = today + timedelta(days=21)
        meeting = services.meeting_schedule(
            working_group=group,
            actor=actor,
            kind=Meeting.Kind.PLENARY,
            title=title,
            starts_at=_at(group, day),
            ends_at=_at(group, day) + timedelta(minutes=group.plenary_length_minutes),
            venue="Embassy of Canada, Lima",
            follows=last,
        )
        presenters = {0: "sucamec", 1: "mininter", 2: "antamina", 3: "ser"}
        for index, (item_title, fmt, minutes) in enumerate(AGENDA):
            rep = _rep(group, presenters[index])
            services.agenda_item_add(
                meeting=meeting,
                actor=actor,
                title=item_title,
                format=fmt,
                length_minutes=minutes,
                presenters=[rep] if rep else [],
                new_guest={"name": "Dr Elena Ruiz", "affiliation": "IDEH-PUCP", "expertise": "Use of force"}
                if index == 1
                else None,
            )
        if meeting.starts_at > timezone.now():
            services.meeting_invite(meeting=meeting, actor=actor)
