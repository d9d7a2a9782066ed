import os
import shutil
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from members import services
from members.models import Institution, Membership, Pillar
from tests.factories.members import (
    InstitutionFactory,
    MembershipFactory,
    RepresentativeFactory,
    UserFactory,
    WorkingGroupFactory,
)

# Playwright's sync API runs an event loop in the test thread; the ORM refuses that otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = ["anonymous", "outsider", "member", "observer", "coordination", "secretariat", "admin"]


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@dataclass
class GroupWorld:
    """One working group with a person in every role and the objects the URLs need."""

    group: object
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


def build_group_world(slug: str) -> GroupWorld:
    group = WorkingGroupFactory(slug=slug, name=f"Group {slug}")
    world = GroupWorld(group=group)
    company = MembershipFactory(
        working_group=group, pillar=Pillar.COMPANIES, institution=InstitutionFactory(name=f"Mining Co {slug}")
    )
    ngo = MembershipFactory(
        working_group=group,
        pillar=Pillar.CIVIL_SOCIETY,
        institution=InstitutionFactory(name=f"Rights NGO {slug}", kind=Institution.Kind.NGO),
    )
    observer = MembershipFactory(
        working_group=group,
        pillar=Pillar.GOVERNMENT,
        status=Membership.Status.OBSERVER,
        institution=InstitutionFactory(name=f"Observer Org {slug}", kind=Institution.Kind.INTERNATIONAL_ORGANISATION),
    )
    member_rep = RepresentativeFactory(membership=company)
    coordination_rep = RepresentativeFactory(membership=ngo)
    services.coordination_seat_assign(working_group=group, representative=coordination_rep, started_on=date(2020, 1, 1))
    observer_rep = RepresentativeFactory(membership=observer)
    secretariat = UserFactory()
    services.secretariat_term_start(
        working_group=group, institution=ngo.institution, staff=[secretariat], started_on=date(2020, 1, 1)
    )
    admin = UserFactory()
    services.group_administrator_add(working_group=group, user=admin)
    world.users = {
        "anonymous": None,
        "outsider": UserFactory(),
        "member": member_rep.user,
        "observer": observer_rep.user,
        "coordination": coordination_rep.user,
        "secretariat": secretariat,
        "admin": admin,
    }
    application = services.application_submit(working_group=group, data=application_data(f"Applicant {slug}"))
    world.objects = {
        "company": company,
        "ngo": ngo,
        "observer": observer,
        "member_rep": member_rep,
        "coordination_seat": coordination_rep.seats.get(),
        "application": application,
    }
    return world


def application_data(name: str, pillar: str = Pillar.COMPANIES, **overrides) -> dict:
    """Valid answers to the membership application form."""
    return {
        "institution_name": name,
        "institution_acronym": "",
        "institution_kind": Institution.Kind.COMPANY,
        "institution_country": "Peru",
        "institution_website": "",
        "pillar": pillar,
        "contact_first_name": "Lucía",
        "contact_last_name": "Ramos",
        "contact_email": "lucia.ramos@example.org",
        "contact_job_title": "Head of security",
        "motivation": "We operate two mines in Cusco and want to take part.",
        "criterion_vps_member": "Proposed by the companies pillar.",
        "criterion_institutional": "We are represented by our head of security on behalf of the company.",
        "criterion_relevant_work": "We run security and human rights programmes around our operations.",
        "criterion_reputation": "Recognised by peers for our grievance mechanism.",
        **overrides,
    }


@pytest.fixture
def world(db):
    """Two groups, A and B, each with every role: what one can see of the other is the test."""
    return {"a": build_group_world("alpha"), "b": build_group_world("beta")}


@pytest.fixture
def client_as(client):
    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The two groups, built once for the whole matrix (each case still runs in a rolled-back
    transaction, so a POST changes nothing for the next); flushed afterwards like a
    TransactionTestCase would."""
    with django_db_blocker.unblock():
        worlds = {"a": build_group_world("alpha"), "b": build_group_world("beta")}
        for world in worlds.values():
            for build in matrix_builders():  # each matrix module may add the objects its rows need
                build(world)
    yield worlds
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def matrix_builders():
    from tests.matrix import BUILDERS

    return BUILDERS
