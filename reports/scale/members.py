"""The members part of the scale data set: groups, institutions, memberships, people and their roles."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

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
)
from vpwg.permissions import Role, role_group_name

from .base import FIRST, GROUPS, LAST, PASSWORD, SLUG_PREFIX, ScaleRun, bulk, participating

User = get_user_model()

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


def groups(run: ScaleRun) -> None:
    """The groups through the service, so that role groups and capability grants are the real ones."""
    for index in range(GROUPS):
        country, tz = COUNTRIES[index % len(COUNTRIES)]
        run.groups.append(
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
    run.role_groups = {
        (wg.pk, role): group
        for wg in run.groups
        for role in Role
        for group in [Group.objects.get(name=role_group_name(wg, role))]
    }
    run.step(f"{GROUPS} groups with their role groups and capability grants")


def institutions(run: ScaleRun) -> None:
    rows = []
    for index in range(run.n["institutions"]):
        kind, _pillar = KIND_PILLAR[index % len(KIND_PILLAR)]
        country = COUNTRIES[(index // GROUPS) % len(COUNTRIES)][0]
        rows.append(
            Institution(
                name=f"{run.words(2)} {kind.label} {index + 1:04d}",
                acronym=f"I{index + 1:04d}",
                kind=kind,
                country=country,
            )
        )
    run.institutions = bulk(Institution, rows)
    run.pillar_of = {inst.pk: KIND_PILLAR[index % len(KIND_PILLAR)][1] for index, inst in enumerate(run.institutions)}
    run.step(f"{len(rows)} institutions")


def memberships(run: ScaleRun) -> None:
    rows = []
    for index, institution in enumerate(run.institutions):
        homes = [index % GROUPS]
        if run.rng.random() < 0.2:  # a fifth of the institutions sit in a second group
            homes.append((index + 1 + run.rng.randrange(GROUPS - 1)) % GROUPS)
        for home in homes:
            roll = run.rng.random()
            status = (
                Membership.Status.MEMBER
                if roll < 0.9
                else Membership.Status.OBSERVER
                if roll < 0.97
                else Membership.Status.WITHDRAWN
            )
            joined = date(2010 + run.rng.randrange(12), 1 + run.rng.randrange(12), 1)
            rows.append(
                Membership(
                    working_group=run.groups[home],
                    institution=institution,
                    pillar=run.pillar_of[institution.pk],
                    status=status,
                    joined_on=joined,
                    ended_on=joined + timedelta(days=900) if status == Membership.Status.WITHDRAWN else None,
                )
            )
    run.memberships = bulk(Membership, rows)
    bulk(MembershipStatusChange, [change for m in run.memberships for change in _history(m)])
    run.by_group = {wg.pk: [] for wg in run.groups}
    for membership in run.memberships:
        run.by_group[membership.working_group_id].append(membership)
    run.step(f"{len(run.memberships)} memberships with their history")


def _history(membership: Membership) -> list[MembershipStatusChange]:
    """Admission, and the withdrawal of a withdrawn membership."""
    first = Membership.Status.OBSERVER if membership.status == Membership.Status.OBSERVER else "member"
    history = [
        MembershipStatusChange(
            membership=membership,
            action=MembershipAction.ADMITTED,
            to_status=first,
            pillar=membership.pillar,
            effective_on=membership.joined_on,
            reason="Admitted by the plenary",
        )
    ]
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
    return history


def users(run: ScaleRun) -> None:
    password = make_password(PASSWORD)  # one hash for everybody: hashing 10,000 times takes minutes
    rows = []
    for index in range(run.n["users"]):
        email = f"u{index + 1:05d}@scale.example.org"
        rows.append(
            User(
                username=email,
                email=email,
                first_name=run.rng.choice(FIRST),
                last_name=run.rng.choice(LAST),
                password=password,
            )
        )
    run.users = bulk(User, rows)
    run.step(f"{len(rows)} users")


def people(run: ScaleRun) -> None:
    """Representatives (principal and alternate per participating membership), Secretariat staff and
    an administrator per group; the remaining users are former representatives (history)."""
    pool = iter(run.users)
    reps = []
    for wg in run.groups:
        run.staff[wg.pk] = [next(pool), next(pool)]
        run.admins[wg.pk] = next(pool)
    for membership in participating(run.memberships):
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
        membership = run.rng.choice(run.memberships)
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
    run.reps = bulk(Representative, reps)
    run.active_reps = {wg.pk: [] for wg in run.groups}
    for rep in run.reps:
        if rep.ended_on is None:
            run.active_reps[rep.working_group_id].append(rep)
            if rep.role == Representative.Role.PRINCIPAL:
                run.principal[rep.membership_id] = rep
    _seats_and_terms(run)
    links = _role_links(run)
    run.step(f"{len(run.reps)} representatives, seats, Secretariat terms, {len(links)} role-group links")


def _seats_and_terms(run: ScaleRun) -> None:
    """A Coordination Group seat per pillar, a Secretariat term (an NGO's) and an administrator per group."""
    seats, terms, admins = [], [], []
    for wg in run.groups:
        holders = []
        for pillar in Pillar:
            candidates = [m for m in run.by_group[wg.pk] if m.pillar == pillar and m.status == Membership.Status.MEMBER]
            if candidates and candidates[0].pk in run.principal:
                rep = run.principal[candidates[0].pk]
                holders.append(rep)
                seats.append(
                    CoordinationSeat(working_group=wg, pillar=pillar, representative=rep, started_on=date(2024, 1, 1))
                )
        run.seat_holders[wg.pk] = holders
        ngo = next((m for m in run.by_group[wg.pk] if m.pillar == Pillar.CIVIL_SOCIETY), run.by_group[wg.pk][0])
        terms.append(SecretariatTerm(working_group=wg, institution_id=ngo.institution_id, started_on=date(2020, 1, 1)))
        admins.append(GroupAdministrator(working_group=wg, user=run.admins[wg.pk], started_on=date(2020, 1, 1)))
    bulk(CoordinationSeat, seats)
    terms = bulk(SecretariatTerm, terms)
    bulk(GroupAdministrator, admins)
    bulk(
        SecretariatTerm.staff.through,
        [
            SecretariatTerm.staff.through(secretariatterm_id=term.pk, user_id=user.pk)
            for term in terms
            for user in run.staff[term.working_group_id]
        ],
    )


def _role_links(run: ScaleRun) -> list:
    """People's Django groups exactly as members.services.roles_derive would set them."""
    status_of = {m.pk: m.status for m in run.memberships}
    through = User.groups.through
    links = []
    for wg in run.groups:
        for user in run.staff[wg.pk]:
            links.append(through(user_id=user.pk, group_id=run.role_groups[(wg.pk, Role.SECRETARIAT)].pk))
        links.append(through(user_id=run.admins[wg.pk].pk, group_id=run.role_groups[(wg.pk, Role.ADMIN)].pk))
        for rep in run.active_reps[wg.pk]:
            role = Role.MEMBER if status_of[rep.membership_id] == Membership.Status.MEMBER else Role.OBSERVER
            links.append(through(user_id=rep.user_id, group_id=run.role_groups[(wg.pk, role)].pk))
        for rep in run.seat_holders[wg.pk]:
            links.append(through(user_id=rep.user_id, group_id=run.role_groups[(wg.pk, Role.COORDINATION)].pk))
    return bulk(through, links)


def applications(run: ScaleRun) -> None:
    rows = []
    for wg in run.groups:
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
    bulk(MembershipApplication, rows)
    run.step(f"{len(rows)} membership applications")
