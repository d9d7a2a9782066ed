"""Races on decisions and written procedures, with real threads on committed transactions (run on SQLite
and on PostgreSQL): concurrent votes, a double submit, the sweep closing while a vote arrives, two
representatives of one institution voting at once. One outcome, every vote once, no 500."""

import sqlite3
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import services
from members.exceptions import MembersError
from members.models import Decision, DecisionKind, Pillar
from tests.factories.members import RepresentativeFactory
from tests.members.decision_helpers import three_pillar_board
from vpwg.models import AuditRecord, OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)
C, G, S = Pillar.COMPANIES, Pillar.GOVERNMENT, Pillar.CIVIL_SOCIETY


@contextmanager
def _threads_database(workdir):
    """On SQLite the test database is in memory (shared cache, which answers "table is locked" instead of
    waiting): the threads get a file copy, as production's SQLite file, copied back when they are done.
    On PostgreSQL they use the test database itself."""
    if connection.vendor != "sqlite":
        yield
        return
    path = str(workdir / "races.sqlite3")
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    settings_dict, name = connection.settings_dict, connection.settings_dict["NAME"]
    settings_dict["NAME"] = path  # new connections (the threads') open the file
    try:
        yield
    finally:
        settings_dict["NAME"] = name
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def _together(*calls):
    """Run the calls in threads released at the same moment; returns their results (or exceptions)."""
    with _threads_database(WORKDIR[0]):
        return _run_together(calls)


WORKDIR = [None]


@pytest.fixture(autouse=True)
def _workdir(tmp_path):
    WORKDIR[0] = tmp_path


def _run_together(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _post_as(user, url, data):
    def call():
        client = Client()
        client.force_login(user)
        return client.post(url, data).status_code

    return call


@pytest.fixture
def a(world):
    group_world = world["a"]
    group_world.board = three_pillar_board(group_world)
    return group_world


def test_concurrent_votes_close_the_decision_once_and_count_every_vote(a):
    company = a.objects["company"]
    decision = services.decision_open(
        working_group=a.group, kind=DecisionKind.SUSPENSION, subject=company, actor=a.board[C], reason="Breach"
    )
    url = reverse("members:decision-vote", args=[a.group.slug, decision.pk])
    vote = {"choice": "agree", "reason": "Agreed"}
    statuses = _together(_post_as(a.board[S], url, vote), _post_as(a.board[G], url, vote))
    assert statuses == [302, 302]
    decision.refresh_from_db()
    company.refresh_from_db()
    assert decision.status == "adopted" and decision.votes.count() == 3
    assert company.status == "suspended" and company.history.filter(action="suspended").count() == 1
    assert AuditRecord.objects.filter(action="members.decision.adopted", target_id=str(decision.pk)).count() == 1
    assert OutboxMessage.objects.filter(dedupe_key__startswith=f"decision:{decision.pk}:closed:").count() == len(
        {*[user.pk for user in a.board.values()], a.users["secretariat"].pk}
    )


def test_a_double_submit_keeps_one_vote(a):
    services.decision_rule_change(
        working_group=a.group, actor=a.users["admin"], kind="expulsion", rule="all", days=14, reason="r"
    )
    decision = services.decision_open(
        working_group=a.group, kind=DecisionKind.EXPULSION, subject=a.objects["company"], actor=a.board[C], reason="r"
    )
    url = reverse("members:decision-vote", args=[a.group.slug, decision.pk])
    vote = {"choice": "agree", "reason": "Once"}
    assert _together(_post_as(a.board[S], url, vote), _post_as(a.board[S], url, vote)) == [302, 302]
    assert decision.votes.filter(voter=a.board[S]).count() == 1
    assert Decision.objects.get(pk=decision.pk).is_open  # the third pillar has not voted


def test_the_sweep_closing_while_a_vote_arrives_gives_one_outcome(a):
    services.decision_rule_change(
        working_group=a.group, actor=a.users["admin"], kind="warning", rule="consensus", days=3, reason="r"
    )
    decision = services.decision_open(
        working_group=a.group, kind=DecisionKind.WARNING, subject=a.objects["company"], actor=a.board[C], reason="r"
    )
    # The deadline passes while the government's vote is on its way.
    Decision.objects.filter(pk=decision.pk).update(deadline=timezone.now() + timedelta(milliseconds=300))

    def vote():
        return services.decision_vote(decision=decision, actor=a.board[G], choice="object", reason="No")

    def sweep():
        return services.decisions_close_due(now=timezone.now() + timedelta(seconds=1))

    results = _together(vote, sweep)
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, MembersError)]
    assert not unexpected
    decision.refresh_from_db()
    assert decision.status in ("adopted", "rejected")
    closes = AuditRecord.objects.filter(action__in=["members.decision.adopted", "members.decision.rejected"])
    assert closes.filter(target_id=str(decision.pk)).count() == 1
    counted = decision.votes.filter(voter=a.board[G]).count()
    assert counted == (0 if isinstance(results[0], MembersError) else 1)


def test_two_representatives_of_one_institution_vote_once_between_them(a):
    company = a.objects["company"]
    alternate = RepresentativeFactory(membership=company, role="alternate")
    procedure = services.procedure_open(
        working_group=a.group,
        actor=a.users["secretariat"],
        title="Statement",
        text="The group welcomes the new law.",
        deadline=timezone.now() + timedelta(days=3),
        rule="majority",
    )
    url = reverse("members:procedure-vote", args=[a.group.slug, procedure.pk])
    statuses = _together(
        _post_as(a.users["member"], url, {"choice": "agree"}), _post_as(alternate.user, url, {"choice": "object"})
    )
    assert statuses == [302, 302]
    assert procedure.votes.filter(membership=company).count() == 1
