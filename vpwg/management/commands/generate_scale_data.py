"""A platform-sized data set for the benchmark (issue 8), reproducible from a seed.

At `--scale 1`: 20 groups, 2,000 institutions, 10,000 users, 1,000 meetings with agendas, about
50,000 attendance records, 2,000 minutes versions, 5,000 activities and 20,000 audit records.
`--scale 0.1` divides every count by ten except the number of groups (20 tenants either way), so
each group holds ten times less: that is the comparison that shows whether a page grows with its
group's size. Attendance per meeting is capped by the group's participating institutions.

Rows are written with bulk_create (the services would take hours at this size), but the data is
what the services would have produced: role groups and capability grants come from
`working_group_create`, people's Django groups match their representations, seats and Secretariat
terms (bulk-inserted into the User.groups table), circulated minutes carry the guardian
`view_minutes` grants to the member and observer role groups, and every status has its history.

Groups are named `scale-01` … `scale-20`; the command refuses to run twice on the same database.
"""

from __future__ import annotations

import random
import secrets
import time
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from guardian.models import GroupObjectPermission

from activities.models import SECTOR_FIELDS, Activity, OutreachContact
from activities.models import Topic as ActivityTopic
from meetings.models import AgendaItem, Attendance, Guest, Meeting, MeetingInvitation, Topic, TopicSupport
from members import services as member_services
from members.models import (
    CoordinationSeat,
    GroupAdministrator,
    Institution,
    Membership,
    MembershipAction,
    MembershipApplication,
    MembershipStatusChange,
    Pillar,
    Representative,
    SecretariatTerm,
    WorkingGroup,
)
from minutes.models import (
    FollowUpAction,
    Minutes,
    MinutesApproval,
    MinutesStatusChange,
    MinutesVersion,
)
from vpwg.models import AuditRecord
from vpwg.permissions import Role, role_group_name
from workplan.models import Objective, ProgressReport, Task, WorkPlan

User = get_user_model()

SLUG_PREFIX = "scale"
GROUPS = 20
FULL = {
    "institutions": 2000,
    "users": 10000,
    "meetings": 1000,
    "attendance": 50000,
    "versions": 2000,
    "activities": 5000,
    "audit": 20000,
}
PASSWORD = "bench-pass-2026"
BATCH = 2000

COUNTRIES = [
    ("Peru", "America/Lima"),
    ("Ghana", "Africa/Accra"),
    ("Nigeria", "Africa/Lagos"),
    ("Colombia", "America/Bogota"),
    ("Democratic Republic of the Congo", "Africa/Lubumbashi"),
    ("Myanmar", "Asia/Yangon"),
    ("Kenya", "Africa/Nairobi"),
    ("Mozambique", "Africa/Maputo"),
    ("Guatemala", "America/Guatemala"),
    ("Indonesia", "Asia/Jakarta"),
]
KIND_PILLAR = [
    (Institution.Kind.HOST_STATE_AGENCY, Pillar.GOVERNMENT),
    (Institution.Kind.FOREIGN_GOVERNMENT, Pillar.GOVERNMENT),
    (Institution.Kind.COMPANY, Pillar.COMPANIES),
    (Institution.Kind.COMPANY, Pillar.COMPANIES),
    (Institution.Kind.INDUSTRY_ASSOCIATION, Pillar.COMPANIES),
    (Institution.Kind.NGO, Pillar.CIVIL_SOCIETY),
    (Institution.Kind.NGO, Pillar.CIVIL_SOCIETY),
    (Institution.Kind.ACADEMIC, Pillar.CIVIL_SOCIETY),
    (Institution.Kind.INTERNATIONAL_ORGANISATION, Pillar.GOVERNMENT),
]
WORDS = (
    "Andean Pacific Northern Southern Central Highland Coastal River Valley Summit Copper Gold Silver Iron "
    "Lithium Energy Resources Mining Rights Justice Dialogue Peace Security Development Community Institute "
    "Foundation Alliance Network Council Agency Ministry Office Centre Observatory Association"
).split()
FIRST = (
    "Ana Carlos Rosa Jorge Lucía Miguel Patricia Daniel Sofía Javier Emma Luis Gloria Iván Carmen Raúl "
    "Mariana Hannah Oliver Claire Andrés Sanne Luca Rachel Thomas Nadia Felipe Kwame Ama Chinedu Ngozi "
    "Aline Patrick Wei Priya Tomás Elena Samuel Grace Joseph"
).split()
LAST = (
    "Quispe Huamán Salazar Paredes Ríos Torres Vega Morales Castillo Ortega Clarke Chávez Cano Mendoza "
    "Figueroa Delgado Wright Bennett Tremblay Restrepo Meier Moore Weber Haddad Araya Mensah Owusu Okafor "
    "Adeyemi Bahati Mulumba Furaha Dubois Jansen Zhang Kumar Silva Santos Otieno Banda"
).split()
AGENDA_TITLES = [
    "Opening remarks and adoption of the agenda",
    "Draft law on private security companies",
    "Use of force by police providing security to extractive operations",
    "Agreements between the police and extractive companies",
    "Social conflicts near mine sites and dialogue tables",
    "Security and human rights risk assessments",
    "Grievance mechanisms for affected communities",
    "Work plan progress and next steps",
    "Training programme for public security forces",
    "Report of the Coordination Group",
]
SUMMARIES = [
    "Participants discussed **{topic}** and shared experiences from their institutions' operations. "
    "Several participants stressed that implementation outside the capital remains uneven, and that "
    "coordination between national and regional authorities is essential.\n\n"
    "- Vetting and training of security personnel were raised repeatedly.\n"
    "- The role of *independent monitoring* was discussed at length.\n"
    "- One participant noted that subcontracting chains make responsibility hard to trace.",
    "A presentation summarised recent developments on {topic}. The discussion that followed focused on "
    "proportionality, the reporting of incidents and how communities can raise grievances.\n\n"
    "1. Incident reporting should follow a common template.\n"
    "2. Information should reach communities in their own language.\n\n"
    "> The group recalled that the meeting is held under the Chatham House Rule.",
    "The group reviewed {topic} in light of the Voluntary Principles. Participants exchanged views on "
    "transparency, oversight and the sharing of good practice among the three pillars, and agreed that a "
    "short written guide would help members brief their colleagues.",
]
AGREEMENTS = [
    "- The Secretariat will circulate a summary of the applicable norms.\n- Members will send comments within a month.",
    "- Prepare joint comments for the competent authority.",
    "",
    "- Invite a speaker on this topic to the next plenary.",
]


def _rng_name(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def _bulk(model, rows, **kwargs):
    return model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)


class Generator:
    """Builds the data set. `scale` multiplies every count but the number of groups."""

    def __init__(self, *, scale: float, seed: int, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.log = log
        self.n = {key: max(1, round(value * scale)) for key, value in FULL.items()}
        self.now = timezone.now().replace(microsecond=0)
        self.today = self.now.date()
        self.started = time.monotonic()

    def step(self, message: str) -> None:
        self.log(f"  [{time.monotonic() - self.started:6.1f}s] {message}")

    # --- members ---------------------------------------------------------------------------------

    def groups(self) -> None:
        self.groups_ = []
        for index in range(GROUPS):
            country, tz = COUNTRIES[index % len(COUNTRIES)]
            self.groups_.append(
                member_services.working_group_create(
                    slug=f"{SLUG_PREFIX}-{index + 1:02d}",
                    name=f"Voluntary Principles Working Group {country} {index // len(COUNTRIES) + 1}",
                    short_name=f"VPs-WG {index + 1:02d}",
                    country=country,
                    time_zone=tz,
                    require_mfa_for_privileged=False,
                    objectives="A trusted space for dialogue on security and human rights.",
                )
            )
        self.role_groups = {
            (wg.pk, role): group
            for wg in self.groups_
            for role in Role
            for group in [Group.objects.get(name=role_group_name(wg, role))]
        }
        self.step(f"{GROUPS} groups with their role groups and capability grants")

    def institutions(self) -> None:
        rows = []
        for index in range(self.n["institutions"]):
            kind, _pillar = KIND_PILLAR[index % len(KIND_PILLAR)]
            country = COUNTRIES[(index // GROUPS) % len(COUNTRIES)][0]
            rows.append(
                Institution(
                    name=f"{_rng_name(self.rng, 2)} {kind.label} {index + 1:04d}",
                    acronym=f"I{index + 1:04d}",
                    kind=kind,
                    country=country,
                )
            )
        self.institutions_ = _bulk(Institution, rows)
        self.pillar_of = {
            inst.pk: KIND_PILLAR[index % len(KIND_PILLAR)][1] for index, inst in enumerate(self.institutions_)
        }
        self.step(f"{len(rows)} institutions")

    def memberships(self) -> None:
        rows = []
        for index, institution in enumerate(self.institutions_):
            homes = [index % GROUPS]
            if self.rng.random() < 0.2:  # a fifth of the institutions sit in a second group
                homes.append((index + 1 + self.rng.randrange(GROUPS - 1)) % GROUPS)
            for home in homes:
                roll = self.rng.random()
                status = (
                    Membership.Status.MEMBER
                    if roll < 0.9
                    else Membership.Status.OBSERVER
                    if roll < 0.97
                    else Membership.Status.WITHDRAWN
                )
                joined = date(2010 + self.rng.randrange(12), 1 + self.rng.randrange(12), 1)
                rows.append(
                    Membership(
                        working_group=self.groups_[home],
                        institution=institution,
                        pillar=self.pillar_of[institution.pk],
                        status=status,
                        joined_on=joined,
                        ended_on=joined + timedelta(days=900) if status == Membership.Status.WITHDRAWN else None,
                    )
                )
        self.memberships_ = _bulk(Membership, rows)
        history = []
        for membership in self.memberships_:
            first = Membership.Status.OBSERVER if membership.status == Membership.Status.OBSERVER else "member"
            history.append(
                MembershipStatusChange(
                    membership=membership,
                    action=MembershipAction.ADMITTED,
                    to_status=first,
                    pillar=membership.pillar,
                    effective_on=membership.joined_on,
                    reason="Admitted by the plenary",
                )
            )
            if membership.status == Membership.Status.WITHDRAWN:
                history.append(
                    MembershipStatusChange(
                        membership=membership,
                        action=MembershipAction.WITHDREW,
                        from_status=first,
                        to_status=Membership.Status.WITHDRAWN,
                        pillar=membership.pillar,
                        effective_on=membership.ended_on,
                        reason="Withdrew by letter",
                    )
                )
        _bulk(MembershipStatusChange, history)
        self.by_group = {wg.pk: [] for wg in self.groups_}
        for membership in self.memberships_:
            self.by_group[membership.working_group_id].append(membership)
        self.step(f"{len(self.memberships_)} memberships with their history")

    def users(self) -> None:
        password = make_password(PASSWORD)  # one hash for everybody: hashing 10,000 times takes minutes
        rows = []
        for index in range(self.n["users"]):
            email = f"u{index + 1:05d}@scale.example.org"
            rows.append(
                User(
                    username=email,
                    email=email,
                    first_name=self.rng.choice(FIRST),
                    last_name=self.rng.choice(LAST),
                    password=password,
                )
            )
        self.users_ = _bulk(User, rows)
        self.step(f"{len(rows)} users")

    def people(self) -> None:
        """Representatives (principal and alternate per participating membership), Secretariat staff and
        an administrator per group; the remaining users are former representatives (history)."""
        pool = iter(self.users_)
        reps = []
        self.staff = {}
        self.admins = {}
        for wg in self.groups_:
            self.staff[wg.pk] = [next(pool), next(pool)]
            self.admins[wg.pk] = next(pool)
        active_memberships = [m for m in self.memberships_ if m.status in Membership.PARTICIPATING]
        for membership in active_memberships:
            for role in (Representative.Role.PRINCIPAL, Representative.Role.ALTERNATE):
                user = next(pool, None)
                if user is None:
                    break
                reps.append(
                    Representative(
                        user=user,
                        membership=membership,
                        working_group_id=membership.working_group_id,
                        role=role,
                        job_title="Focal point for security and human rights",
                        started_on=membership.joined_on,
                    )
                )
        for user in pool:  # former representatives: their representation ended
            membership = self.rng.choice(self.memberships_)
            reps.append(
                Representative(
                    user=user,
                    membership=membership,
                    working_group_id=membership.working_group_id,
                    role=Representative.Role.ALTERNATE,
                    started_on=membership.joined_on,
                    ended_on=membership.joined_on + timedelta(days=400),
                )
            )
        self.reps_ = _bulk(Representative, reps)
        self.principal = {}
        self.active_reps = {wg.pk: [] for wg in self.groups_}
        for rep in self.reps_:
            if rep.ended_on is None:
                self.active_reps[rep.working_group_id].append(rep)
                if rep.role == Representative.Role.PRINCIPAL:
                    self.principal[rep.membership_id] = rep
        membership_by_pk = {m.pk: m for m in self.memberships_}

        seats, terms, admins = [], [], []
        self.seat_holders = {}
        for wg in self.groups_:
            holders = []
            for pillar in Pillar:
                candidates = [
                    m for m in self.by_group[wg.pk] if m.pillar == pillar and m.status == Membership.Status.MEMBER
                ]
                if candidates and candidates[0].pk in self.principal:
                    rep = self.principal[candidates[0].pk]
                    holders.append(rep)
                    seats.append(
                        CoordinationSeat(
                            working_group=wg, pillar=pillar, representative=rep, started_on=date(2024, 1, 1)
                        )
                    )
            self.seat_holders[wg.pk] = holders
            ngo = next((m for m in self.by_group[wg.pk] if m.pillar == Pillar.CIVIL_SOCIETY), self.by_group[wg.pk][0])
            terms.append(
                SecretariatTerm(working_group=wg, institution_id=ngo.institution_id, started_on=date(2020, 1, 1))
            )
            admins.append(GroupAdministrator(working_group=wg, user=self.admins[wg.pk], started_on=date(2020, 1, 1)))
        _bulk(CoordinationSeat, seats)
        terms = _bulk(SecretariatTerm, terms)
        _bulk(GroupAdministrator, admins)
        _bulk(
            SecretariatTerm.staff.through,
            [
                SecretariatTerm.staff.through(secretariatterm_id=term.pk, user_id=user.pk)
                for term in terms
                for user in self.staff[term.working_group_id]
            ],
        )

        # Django groups exactly as members.services.roles_derive would set them.
        through = User.groups.through
        links = []
        for wg in self.groups_:
            for user in self.staff[wg.pk]:
                links.append(through(user_id=user.pk, group_id=self.role_groups[(wg.pk, Role.SECRETARIAT)].pk))
            links.append(through(user_id=self.admins[wg.pk].pk, group_id=self.role_groups[(wg.pk, Role.ADMIN)].pk))
            for rep in self.active_reps[wg.pk]:
                status = membership_by_pk[rep.membership_id].status
                role = Role.MEMBER if status == Membership.Status.MEMBER else Role.OBSERVER
                links.append(through(user_id=rep.user_id, group_id=self.role_groups[(wg.pk, role)].pk))
            for rep in self.seat_holders[wg.pk]:
                links.append(through(user_id=rep.user_id, group_id=self.role_groups[(wg.pk, Role.COORDINATION)].pk))
        _bulk(through, links)
        self.step(f"{len(self.reps_)} representatives, seats, Secretariat terms, {len(links)} role-group links")

    def applications(self) -> None:
        rows = []
        for wg in self.groups_:
            for index in range(5):
                rows.append(
                    MembershipApplication(
                        working_group=wg,
                        status=MembershipApplication.Status.SUBMITTED
                        if index < 3
                        else MembershipApplication.Status.REJECTED,
                        institution_name=f"Applicant {wg.slug} {index}",
                        institution_kind=Institution.Kind.COMPANY,
                        institution_country=wg.country,
                        pillar=Pillar.COMPANIES,
                        contact_first_name="Lucía",
                        contact_last_name="Ramos",
                        contact_email=f"applicant{index}@{wg.slug}.example.org",
                        motivation="We operate two mines and want to take part.",
                        criterion_institutional="Represented by our head of security.",
                        criterion_relevant_work="Security and human rights programmes.",
                        criterion_reputation="Recognised by peers.",
                        status_token=secrets.token_urlsafe(24),
                    )
                )
        _bulk(MembershipApplication, rows)
        self.step(f"{len(rows)} membership applications")

    # --- meetings ----------------------------------------------------------------------------------

    def meetings(self) -> None:
        per_group = max(4, self.n["meetings"] // GROUPS)
        upcoming = 3 if per_group >= 20 else 1
        meetings = []
        for wg in self.groups_:
            guests = _bulk(
                Guest,
                [Guest(working_group=wg, name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}") for _ in range(3)],
            )
            wg._guests = guests
            for index in range(per_group):
                # The first `upcoming` are ahead (invited, then planned); the rest held, about one a month back.
                if index < upcoming:
                    starts = self.now + timedelta(days=(10, 40, 70)[index])
                    status = Meeting.Status.INVITED if index < 2 else Meeting.Status.PLANNED
                    invited_at = self.now - timedelta(days=5) if status == Meeting.Status.INVITED else None
                else:
                    starts = self.now - timedelta(days=30 * (index - upcoming + 1) + self.rng.randrange(5))
                    status = Meeting.Status.CANCELLED if index % 17 == 5 else Meeting.Status.HELD
                    invited_at = starts - timedelta(days=30)
                starts = starts.replace(hour=15, minute=0, second=0)
                kind = Meeting.Kind.COORDINATION if index % 4 == 3 else Meeting.Kind.PLENARY
                label = "Plenary" if kind == Meeting.Kind.PLENARY else "Coordination meeting"
                meetings.append(
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
        self.meetings_ = _bulk(Meeting, meetings)
        items = []
        for meeting in self.meetings_:
            titles = self.rng.sample(AGENDA_TITLES, 5)
            for position, title in enumerate(titles, start=1):
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        position=position,
                        title=title,
                        format=self.rng.choice(AgendaItem.Format.values),
                        length_minutes=20,
                    )
                )
        self.items_ = _bulk(AgendaItem, items)
        self.items_by_meeting = {}
        for item in self.items_:
            self.items_by_meeting.setdefault(item.meeting_id, []).append(item)
        group_of = {wg.pk: wg for wg in self.groups_}
        presenters, guests = [], []
        for meeting in self.meetings_:
            items = self.items_by_meeting[meeting.pk]
            reps = self.active_reps[meeting.working_group_id]
            presenters.append(
                AgendaItem.presenters.through(agendaitem_id=items[1].pk, representative_id=self.rng.choice(reps).pk)
            )
            guests.append(
                AgendaItem.guests.through(
                    agendaitem_id=items[2].pk, guest_id=self.rng.choice(group_of[meeting.working_group_id]._guests).pk
                )
            )
        _bulk(AgendaItem.presenters.through, presenters)
        _bulk(AgendaItem.guests.through, guests)
        self.step(f"{len(self.meetings_)} meetings, {len(self.items_)} agenda items")

        # Attendance of held meetings: ~`attendance` rows in all, capped by the group's institutions.
        held = [m for m in self.meetings_ if m.status == Meeting.Status.HELD]
        per_meeting = max(1, round(self.n["attendance"] / max(1, len(held))))
        rows = []
        for meeting in held:
            current = [m for m in self.by_group[meeting.working_group_id] if m.status in Membership.PARTICIPATING]
            for membership in self.rng.sample(current, min(per_meeting, len(current))):
                roll = self.rng.random()
                status = (
                    Attendance.Status.PRESENT
                    if roll < 0.75
                    else Attendance.Status.EXCUSED
                    if roll < 0.88
                    else Attendance.Status.ABSENT
                )
                rep = self.principal.get(membership.pk) if status == Attendance.Status.PRESENT else None
                rows.append(
                    Attendance(
                        meeting=meeting,
                        membership=membership,
                        pillar=membership.pillar,
                        status=status if rep or status != Attendance.Status.PRESENT else Attendance.Status.EXCUSED,
                        representative=rep,
                    )
                )
        _bulk(Attendance, rows)
        self.step(f"{len(rows)} attendance records")

        # Invitations for the upcoming invited meetings: every active representative of the group.
        answers = MeetingInvitation.Answer.values
        invitations = []
        for meeting in self.meetings_:
            if meeting.status != Meeting.Status.INVITED:
                continue
            for rep in self.active_reps[meeting.working_group_id]:
                invitations.append(
                    MeetingInvitation(
                        meeting=meeting,
                        representative=rep,
                        user_id=rep.user_id,
                        membership_id=rep.membership_id,
                        answer=self.rng.choice(answers),
                    )
                )
        _bulk(MeetingInvitation, invitations)
        topics = []
        for wg in self.groups_:
            for index in range(15):
                topics.append(
                    Topic(
                        working_group=wg,
                        title=f"{self.rng.choice(AGENDA_TITLES)} ({index + 1})",
                        description="Raised by several members.",
                        membership=self.rng.choice(self.by_group[wg.pk]),
                    )
                )
        topics = _bulk(Topic, topics)
        supports = []
        for topic in topics:
            for membership in self.rng.sample(
                self.by_group[topic.working_group_id], min(3, len(self.by_group[topic.working_group_id]))
            ):
                supports.append(TopicSupport(topic=topic, membership=membership))
        _bulk(TopicSupport, supports)
        self.step(f"{len(invitations)} invitations, {len(topics)} topics")

    # --- minutes -----------------------------------------------------------------------------------

    def _sections(self, meeting) -> list[dict]:
        sections = [
            {
                "key": "opening",
                "title": "Opening and context",
                "agenda_item_id": None,
                "summary": "The Secretariat opened the session, recalled the Chatham House Rule and presented "
                "the agenda agreed at the previous plenary.",
                "agreements": "",
            }
        ]
        for item in self.items_by_meeting[meeting.pk]:
            sections.append(
                {
                    "key": f"item-{item.pk}",
                    "title": f"{item.position}. {item.title}",
                    "agenda_item_id": item.pk,
                    "summary": self.rng.choice(SUMMARIES).format(topic=item.title.lower()),
                    "agreements": self.rng.choice(AGREEMENTS),
                }
            )
        sections.append(
            {
                "key": "other",
                "title": "Other business",
                "agenda_item_id": None,
                "summary": "No other business was raised.",
                "agreements": "",
            }
        )
        sections.append(
            {
                "key": "next",
                "title": "Next meeting",
                "agenda_item_id": None,
                "summary": "The next plenary will take place in three months.",
                "agreements": "",
            }
        )
        return sections

    def minutes(self) -> None:
        held = sorted(
            (m for m in self.meetings_ if m.status == Meeting.Status.HELD),
            key=lambda m: (m.working_group_id, -m.starts_at.timestamp()),
        )
        latest = {}
        for meeting in held:
            latest.setdefault(meeting.working_group_id, meeting.pk)
        circulated_count = sum(1 for m in held if latest[m.working_group_id] != m.pk)
        submitted_count = len(held) - circulated_count
        extra = max(
            0.0, min(1.0, (self.n["versions"] - submitted_count - 2 * circulated_count) / max(1, circulated_count))
        )
        minutes_rows, plan = [], []
        for meeting in held:
            sections = self._sections(meeting)
            if latest[meeting.working_group_id] == meeting.pk:
                status, versions = Minutes.Status.SUBMITTED, 1
            else:
                status, versions = Minutes.Status.CIRCULATED, 2 + (self.rng.random() < extra)
            staff = self.staff[meeting.working_group_id][0]
            minutes_rows.append(
                Minutes(
                    working_group_id=meeting.working_group_id,
                    meeting=meeting,
                    status=status,
                    sections=sections,
                    latest_version_number=versions,
                    circulated_at=meeting.ends_at + timedelta(days=20) if status == Minutes.Status.CIRCULATED else None,
                    created_by=staff,
                )
            )
            plan.append((versions, sections, staff))
        minutes_rows = _bulk(Minutes, minutes_rows)
        version_rows = []
        for minutes, (versions, sections, staff) in zip(minutes_rows, plan, strict=True):
            for number in range(1, versions + 1):
                version_rows.append(
                    MinutesVersion(
                        minutes=minutes,
                        number=number,
                        sections=sections,
                        change_summary="" if number == 1 else "Sections changed: 2",
                        created_by=staff,
                    )
                )
        version_rows = _bulk(MinutesVersion, version_rows)
        last_version = {}
        for version in version_rows:
            last_version[version.minutes_id] = version
        history, approvals, actions, grants = [], [], [], []
        view_minutes = Permission.objects.get(content_type__app_label="minutes", codename="view_minutes")
        minutes_ct = ContentType.objects.get_for_model(Minutes)
        for minutes in minutes_rows:
            staff = self.staff[minutes.working_group_id][0]
            history.append(
                MinutesStatusChange(
                    minutes=minutes, from_status="draft", to_status="submitted", version_number=1, actor=staff
                )
            )
            if minutes.status != Minutes.Status.CIRCULATED:
                continue
            version = last_version[minutes.pk]
            minutes.circulated_version = version
            for number in range(2, version.number + 1):
                history.append(
                    MinutesStatusChange(
                        minutes=minutes,
                        from_status="submitted",
                        to_status="draft",
                        version_number=number - 1,
                        note="Please reword section 2.",
                    )
                )
                history.append(
                    MinutesStatusChange(
                        minutes=minutes, from_status="draft", to_status="submitted", version_number=number, actor=staff
                    )
                )
            history.append(
                MinutesStatusChange(
                    minutes=minutes, from_status="submitted", to_status="approved", version_number=version.number
                )
            )
            history.append(
                MinutesStatusChange(
                    minutes=minutes,
                    from_status="approved",
                    to_status="circulated",
                    version_number=version.number,
                    actor=staff,
                )
            )
            for rep in self.seat_holders[minutes.working_group_id]:
                approvals.append(MinutesApproval(version=version, user_id=rep.user_id, pillar=rep.membership.pillar))
            for role in (Role.MEMBER, Role.OBSERVER):
                grants.append(
                    GroupObjectPermission(
                        group=self.role_groups[(minutes.working_group_id, role)],
                        permission=view_minutes,
                        content_type=minutes_ct,
                        object_pk=str(minutes.pk),
                    )
                )
            members = [m for m in self.by_group[minutes.working_group_id] if m.status in Membership.PARTICIPATING]
            item = self.items_by_meeting[minutes.meeting_id][1]
            actions.append(
                FollowUpAction(
                    minutes=minutes,
                    agenda_item=item,
                    description="Circulate joint comments on the draft law.",
                    institution=self.rng.choice(members),
                    due_on=minutes.circulated_at.date() + timedelta(days=45),
                    status=FollowUpAction.Status.DONE if self.rng.random() < 0.7 else FollowUpAction.Status.OPEN,
                )
            )
        Minutes.objects.bulk_update(
            [m for m in minutes_rows if m.circulated_version_id], ["circulated_version"], batch_size=BATCH
        )
        Meeting.objects.filter(pk__in=[m.meeting_id for m in minutes_rows]).update(minutes_drafted_at=self.now)
        _bulk(MinutesStatusChange, history)
        _bulk(MinutesApproval, approvals)
        _bulk(FollowUpAction, actions)
        _bulk(GroupObjectPermission, grants)
        self.step(f"{len(minutes_rows)} minutes, {len(version_rows)} versions, {len(grants)} circulation grants")

    # --- work plans and activities -----------------------------------------------------------------

    def workplans(self) -> None:
        year = self.today.year
        plans = []
        for wg in self.groups_:
            plans.append(
                WorkPlan(
                    working_group=wg,
                    title=f"Work plan {year - 1}",
                    starts_on=date(year - 1, 1, 1),
                    ends_on=date(year - 1, 12, 31),
                    status=WorkPlan.Status.CLOSED,
                    approved_on=date(year - 2, 12, 10),
                    closed_on=date(year, 1, 15),
                )
            )
            plans.append(
                WorkPlan(
                    working_group=wg,
                    title=f"Work plan {year}",
                    starts_on=date(year, 1, 1),
                    ends_on=date(year, 12, 31),
                    status=WorkPlan.Status.APPROVED,
                    approved_on=date(year - 1, 12, 10),
                )
            )
        plans = _bulk(WorkPlan, plans)
        objectives = _bulk(
            Objective,
            [
                Objective(work_plan=plan, title=f"Objective {i + 1}: {self.rng.choice(AGENDA_TITLES)}", position=i)
                for plan in plans
                for i in range(4)
            ],
        )
        objectives_of = {}
        for objective in objectives:
            objectives_of.setdefault(objective.work_plan_id, []).append(objective)
        tasks = []
        for plan in plans:
            current = [m for m in self.by_group[plan.working_group_id] if m.status in Membership.PARTICIPATING]
            for index in range(24):
                start = plan.starts_on + timedelta(days=15 * index)
                tasks.append(
                    Task(
                        work_plan=plan,
                        objective=objectives_of[plan.pk][index % 4],
                        title=f"{self.rng.choice(Task.Category.labels)}: {self.rng.choice(AGENDA_TITLES)}",
                        category=Task.Category.values[index % len(Task.Category.values)],
                        lead=self.rng.choice(current),
                        starts_on=start,
                        due_on=start + timedelta(days=60),
                        status=self.rng.choice(Task.Status.values),
                    )
                )
        tasks = _bulk(Task, tasks)
        supporting, reports = [], []
        for task in tasks:
            group_members = [
                m for m in self.by_group[task.work_plan.working_group_id] if m.status in Membership.PARTICIPATING
            ]
            for membership in self.rng.sample(group_members, min(2, len(group_members))):
                supporting.append(Task.supporting.through(task_id=task.pk, membership_id=membership.pk))
            for _ in range(2):
                rep = self.principal.get(task.lead_id)
                reports.append(
                    ProgressReport(
                        task=task,
                        author_id=rep.user_id if rep else None,
                        membership_id=task.lead_id,
                        text="Two sessions held; the third is scheduled.",
                    )
                )
        _bulk(Task.supporting.through, supporting, ignore_conflicts=True)
        _bulk(ProgressReport, reports)
        self.step(f"{len(plans)} work plans, {len(tasks)} tasks, {len(reports)} progress reports")

    def activities(self) -> None:
        per_group = max(1, self.n["activities"] // GROUPS)
        rows = []
        topics = ActivityTopic.values
        for wg in self.groups_:
            for _index in range(per_group):
                start = date(2010, 1, 1) + timedelta(days=self.rng.randrange((self.today - date(2010, 1, 1)).days))
                counts = {name: (self.rng.randrange(30) if self.rng.random() < 0.4 else 0) for name in SECTOR_FIELDS}
                rows.append(
                    Activity(
                        working_group=wg,
                        type=self.rng.choice(Activity.Type.values),
                        title=f"{self.rng.choice(Activity.Type.labels)} on {self.rng.choice(AGENDA_TITLES).lower()}",
                        starts_on=start,
                        ends_on=start + timedelta(days=self.rng.randrange(3)),
                        place=wg.country,
                        region=self.rng.choice(["Capital", "North", "South", "Highlands", "Coast"]),
                        topics=self.rng.sample(topics, 2),
                        recorded_by=self.staff[wg.pk][0],
                        **counts,
                    )
                )
        rows = _bulk(Activity, rows)
        organisers = []
        for activity in rows:
            for membership in self.rng.sample(
                self.by_group[activity.working_group_id], min(2, len(self.by_group[activity.working_group_id]))
            ):
                organisers.append(Activity.organisers.through(activity_id=activity.pk, membership_id=membership.pk))
        _bulk(Activity.organisers.through, organisers)
        outreach = [
            OutreachContact(
                working_group=wg,
                contacted_on=self.today - timedelta(days=20 * index),
                institution_name=f"{_rng_name(self.rng, 2)} Police Directorate",
                kind=self.rng.choice(OutreachContact.Kind.values),
                purpose="Present the Voluntary Principles.",
            )
            for wg in self.groups_
            for index in range(10)
        ]
        _bulk(OutreachContact, outreach)
        self.step(f"{len(rows)} activities, {len(organisers)} organiser links, {len(outreach)} outreach contacts")

    def audit(self) -> None:
        actions = [
            "members.representative.added",
            "members.roles.changed",
            "meetings.meeting.scheduled",
            "meetings.attendance.recorded",
            "minutes.submitted",
            "minutes.approved",
            "minutes.circulated",
            "workplan.task.updated",
            "activities.activity.recorded",
        ]
        rows = []
        for index in range(self.n["audit"]):
            wg = self.groups_[index % GROUPS]
            rows.append(
                AuditRecord(
                    working_group=wg,
                    actor=self.staff[wg.pk][index % 2],
                    action=actions[index % len(actions)],
                    target_type="meetings.meeting",
                    target_id=str(index),
                    target_label=f"Record {index}",
                    data={"n": index},
                )
            )
        _bulk(AuditRecord, rows)
        self.step(f"{len(rows)} audit records")

    def run(self) -> dict:
        with transaction.atomic():
            self.groups()
            self.institutions()
            self.memberships()
            self.users()
            self.people()
            self.applications()
            self.meetings()
            self.minutes()
            self.workplans()
            self.activities()
            self.audit()
        return {
            "groups": WorkingGroup.objects.filter(slug__startswith=f"{SLUG_PREFIX}-").count(),
            "institutions": Institution.objects.count(),
            "users": User.objects.count(),
            "meetings": Meeting.objects.count(),
            "agenda items": AgendaItem.objects.count(),
            "attendance": Attendance.objects.count(),
            "minutes versions": MinutesVersion.objects.count(),
            "activities": Activity.objects.count(),
            "audit records": AuditRecord.objects.count(),
        }


class Command(BaseCommand):
    help = "Generate the benchmark's platform-sized data set (issue 8), reproducibly from --seed."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the full set; 0.1 = ten times smaller")
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, scale, seed, **options):
        if WorkingGroup.objects.filter(slug__startswith=f"{SLUG_PREFIX}-").exists():
            raise CommandError("This database already holds a scale data set (groups scale-01…); use a fresh database.")
        self.stdout.write(f"Generating the scale data set (scale {scale}, seed {seed}):")
        counts = Generator(scale=scale, seed=seed, log=self.stdout.write).run()
        for name, count in counts.items():
            self.stdout.write(f"  {name:<18} {count:>7,}")
        self.stdout.write(self.style.SUCCESS(f"Done. Every user's password is {PASSWORD!r}."))


__all__ = ["Generator", "PASSWORD", "SLUG_PREFIX"]
