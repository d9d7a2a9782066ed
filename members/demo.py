"""Demo data: the Peru working group as of August 2016 (footnote 2 of the Peru document) and a
small South Kivu technical working group (Netherlands report 2018) to show separation.

The groups, their institutions and logins are in `demo_data/groups.json`. Embassies of VPs member
governments and the EU sit in the government pillar; of the two international organisations that
observe in Peru, the ICRC (an independent humanitarian body) sits with civil society and UNLIREC
(a UN centre) with governments.

Idempotent: every object is looked up by a natural key first; institutions' other names (aliases)
are set to the file's on every run. Other apps add their demo data
through the loaders list of the load_demo command.
"""

import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from vpwg.permissions import sync_group_capabilities

from . import services
from .models import CoordinationSeat, GroupAdministrator, Institution, Membership, Pillar, Representative, WorkingGroup

User = get_user_model()
DEMO_PASSWORD = "demo-pass-2026"
ADMIN = ("admin", "Ada Admin", "peru.example.org")  # administers every demo group; also the Django admin
DEMO_LOGINS = [
    ("Secretariat (Socios Perú)", "socios@peru.example.org"),
    ("Coordination Group, government (MINEM)", "minem@peru.example.org"),
    ("Coordination Group, companies (Antamina)", "antamina@peru.example.org"),
    ("Coordination Group, civil society (IDL)", "idl@peru.example.org"),
    ("Member representative (Repsol)", "repsol@peru.example.org"),
    ("Observer representative (ICRC)", "icrc@peru.example.org"),
    ("Group administrator and Django admin", "admin@peru.example.org"),
    ("South Kivu Secretariat (DCAF)", "kivu.dcaf@kivu.example.org"),
]


def _groups_data() -> list[dict]:
    return json.loads((Path(__file__).parent / "demo_data" / "groups.json").read_text(encoding="utf-8"))


def _user(login: str, full_name: str, domain: str):
    email = f"{login}@{domain}"
    first, _sep, last = full_name.partition(" ")
    user, created = User.objects.get_or_create(
        email=email, defaults={"username": email, "first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _group(slug, **fields) -> WorkingGroup:
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None:
        return services.working_group_create(slug=slug, **fields)
    sync_group_capabilities(group)
    return group


def _populate(group: WorkingGroup, rows: list[dict], country: str, domain: str, joined_on: date) -> dict:
    """Institutions, memberships and one principal representative each. Returns {login: Representative}."""
    reps = {}
    for row in rows:
        institution = services.institution_find_or_create(
            name=row["name"], kind=Institution.Kind(row["kind"]), country=country, acronym=row["acronym"]
        )
        # Other names the non-attribution check looks for; a second run brings them back to the file's.
        services.institution_set_aliases(institution=institution, aliases=row.get("aliases", []), working_group=group)
        membership = Membership.objects.filter(working_group=group, institution=institution).first()
        if membership is None:
            membership = services.membership_admit(
                working_group=group,
                institution=institution,
                pillar=Pillar(row["pillar"]),
                status=Membership.Status(row["status"]),
                joined_on=joined_on,
                reason="Founding member",
            )
        user = _user(row["login"], row["representative"], domain)
        representative = Representative.objects.active().filter(user=user, working_group=group).first()
        if representative is None:
            representative = services.representative_add(
                membership=membership,
                user=user,
                role=Representative.Role.PRINCIPAL,
                job_title="Focal point for security and human rights",
                started_on=joined_on,
            )
        reps[row["login"]] = representative
    return reps


def _load_group(data: dict) -> None:
    """One demo group: its members, Secretariat, Coordination Group seats and the demo administrator."""
    group = _group(data["slug"], **data["group"])
    founded = date.fromisoformat(data["founded_on"])
    reps = _populate(group, data["institutions"], data["institution_country"], data["domain"], founded)
    if not group.secretariat_terms.exists():
        secretariat = reps[data["secretariat"]]
        services.secretariat_term_start(
            working_group=group,
            institution=secretariat.membership.institution,
            staff=[secretariat.user],
            started_on=founded,
        )
    for login in data["coordination"]:  # one seat per pillar
        if not CoordinationSeat.objects.filter(working_group=group, representative=reps[login]).exists():
            services.coordination_seat_assign(
                working_group=group, representative=reps[login], started_on=date.fromisoformat(data["seats_since"])
            )
    admin_user = _user(*ADMIN)  # also shows the group switcher
    if not GroupAdministrator.objects.filter(working_group=group, user=admin_user).exists():
        services.group_administrator_add(working_group=group, user=admin_user)
    if not admin_user.is_superuser:
        admin_user.is_staff = admin_user.is_superuser = True
        admin_user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def load_members_demo() -> list[tuple[str, str]]:
    """Create or complete the demo groups. Returns the demo logins as (role, e-mail)."""
    for data in _groups_data():
        _load_group(data)
    return DEMO_LOGINS
