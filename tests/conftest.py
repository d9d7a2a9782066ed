import copy
import os
import shutil
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

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


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    """A request activates its reader's language in the test's thread (vpwg.i18n); the next test must
    start from the default, or its English assertions read Spanish (seen: tests/networks before
    tests/reports/test_attribution.py)."""
    yield
    translation.deactivate()


@pytest.fixture
def kept_cache(settings):
    """vpwg.kept switched on, with a local-memory cache standing in for production's Redis: what a group's
    pages keep between its writes. Use with django_db(transaction=True): what is read inside a transaction
    is never kept."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept"}}
    settings.VPWG_GROUP_CACHE_SECONDS = 60
    cache.clear()
    return cache


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
    sessions: dict = field(default_factory=dict)  # role: session key, signed in once (matrix_world)


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


def build_worlds() -> dict[str, GroupWorld]:
    return {"a": build_group_world("alpha"), "b": build_group_world("beta")}


class SharedWorlds:
    """The two groups of `world`, built once for many tests instead of once per test (that took most of
    the suite's time), inside a transaction left open across those tests and never committed.

    pytest-django runs each `db` test in a transaction of its own, rolled back at its end; opened inside
    this one, it becomes a savepoint, so every test starts from the shared rows as they were built, and
    gets its own copy of the objects. Before any other database test the open transaction is rolled back
    (instantly), so those start from an empty database as they always did (some count rows), and tests on
    committed transactions (`transactional_db`, `live_server`) see nothing uncommitted; the groups are
    built again before the next test that asks for them.
    """

    def __init__(self):
        self.blocker = None  # pytest-django's database blocker, once the test database exists
        self.worlds: dict[str, GroupWorld] | None = None
        self.held = False  # by `matrix_world`, whose rows stay for its whole module, as if committed
        self._transaction = None

    def load(self) -> None:
        if self.worlds is not None or self.blocker is None:
            return
        with self.blocker.unblock():
            self._transaction = transaction.atomic()
            self._transaction.__enter__()
            try:
                # Never committed, so their on-commit work (the set-up e-mails) never runs: as when each
                # test built the groups inside its own transaction.
                self.worlds = build_worlds()
            except BaseException:
                self.discard()
                raise

    def discard(self, *, even_if_held: bool = False) -> None:
        if self._transaction is None or (self.held and not even_if_held):
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._transaction.__exit__(None, None, None)
        self._transaction, self.worlds = None, None

    def copy(self) -> dict[str, GroupWorld]:
        """Fresh instances of the shared rows: what a test changes on its objects stays in its test."""
        return copy.deepcopy(self.worlds)


SHARED = SharedWorlds()


def _on_committed_transactions(item) -> bool:
    """Does `item` run on committed transactions, then flush? (pytest-django's own rule)"""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        options = dict(zip(("transaction", "reset_sequences"), marker.args, strict=False)) | marker.kwargs
        if options.get("transaction") or options.get("reset_sequences"):
            return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the item's fixtures, so outside its transaction: build the shared worlds, or roll them back."""
    fixtures = set(getattr(item, "fixturenames", ()))
    if _on_committed_transactions(item):
        SHARED.discard(even_if_held=True)  # its server threads and processes could not see them anyway
    elif {"world", "matrix_world"} & fixtures:
        SHARED.load()
    elif "db" in fixtures or item.get_closest_marker("django_db") is not None:
        SHARED.discard()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, as pytest-django creates it; from now on the shared worlds can be built."""
    SHARED.blocker = django_db_blocker
    yield
    SHARED.discard(even_if_held=True)
    SHARED.blocker = None


@pytest.fixture
def world(db):
    """Two groups, A and B, each with every role: what one can see of the other is the test."""
    if SHARED.worlds is not None:
        return SHARED.copy()
    # A test on committed transactions builds its own (the database is flushed after it), and so does the
    # very first database test of a run, set up before the test database existed.
    return build_worlds()


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
    """The two groups with what every matrix row needs, built once for the whole module on top of the
    shared worlds (each case still runs in a rolled-back savepoint, so a POST changes nothing for the
    next) and rolled back with them afterwards. Their on-commit work (e-mails, PDFs) never runs."""
    SHARED.load()
    with django_db_blocker.unblock():
        worlds = SHARED.copy()
        for world in worlds.values():
            for build in matrix_builders():  # each matrix module may add the objects its rows need
                build(world)
        for world in worlds.values():
            world.sessions = {role: signed_in_session(user) for role, user in world.users.items() if user}
    SHARED.held = True
    yield worlds
    SHARED.held = False
    SHARED.discard()


def signed_in_session(user) -> str:
    """The key of a session signed in as `user`, as `login()` leaves it, without the sign-in's side work
    (last login, idle clock, language): the matrix makes thousands of requests and checks statuses only.
    It lives as long as the matrix's shared rows, so each case sends its cookie instead of signing in."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def matrix_builders():
    from tests.matrix import BUILDERS

    return BUILDERS
