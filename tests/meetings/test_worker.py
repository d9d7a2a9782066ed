"""Reminders against a real Celery worker and a real Redis: each reminder reaches each person once,
also when the worker is killed mid-sweep and a new one runs the sweep again (the one send the dead
worker had claimed is recorded as "unknown", never sent twice: vpwg/outbox.py)."""

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.conftest import on_postgresql
from tests.factories.meetings import MeetingFactory
from tests.helpers import task_finished, wait_until
from vpwg.models import OutboxMessage

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# A Redis database of its own, so no other test run's worker takes these messages.
BROKER = os.environ.get("MEETINGS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def broker():
    if not on_postgresql():
        pytest.skip("the worker needs a database it can share with the test: PostgreSQL only")
    client = Celery("meetings-test", broker=BROKER, set_as_current=False)  # keep eager mode for later tests
    client.conf.broker_connection_timeout = 2
    try:
        client.control.purge()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"Redis is not reachable: {error}")
    return client


def _start_worker(log: Path) -> subprocess.Popen:
    name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vpwg.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "REDIS_URL": BROKER,
        "TEST_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "OUTBOX_LEASE_SECONDS": "3",  # a dead worker's claim runs out within the test
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "vpwg",
            "worker",
            "--pool=solo",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"meetings-test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def _send_and_wait(broker, log: Path, task_name: str) -> None:
    """Send `task_name` and wait until the worker has finished it (and so everything sent before it)."""
    task_id = broker.send_task(task_name).id
    assert wait_until(lambda: task_finished(log, task_id), timeout=45), log.read_text()[-3000:]
    assert f"[{task_id}] succeeded" in log.read_text(), log.read_text()[-3000:]


def test_sweep_twice_and_after_a_killed_worker_sends_each_reminder_once(world, broker, tmp_path):
    alpha = world["a"]
    secretariat = alpha.users["secretariat"]
    meetings = []
    for days in (2, 3, 4, 5):  # several meetings, so the first worker can die between them
        meeting = MeetingFactory(working_group=alpha.group, starts_in_days=days)
        services.meeting_invite(meeting=meeting, actor=secretariat)
        meetings.append(meeting)
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(invited_at=timezone.now() - timedelta(days=20))
    OutboxMessage.objects.update(sent_at=timezone.now())  # the invitations themselves went out earlier

    prefixes = [f"meeting:{m.pk}:" for m in meetings]

    def reminder_rows():
        rows = OutboxMessage.objects.none()
        for prefix in prefixes:
            rows = rows | OutboxMessage.objects.filter(dedupe_key__startswith=prefix).exclude(
                dedupe_key__contains=":invitation:"
            )
        return rows

    expected = len(meetings) * 3 * 2  # reminder + chaser, three invited representatives each
    log = tmp_path / "worker.log"
    first = _start_worker(log)
    try:
        broker.send_task("meetings.tasks.reminders_sweep_task")
        assert wait_until(lambda: reminder_rows().exists(), timeout=45), log.read_text()[-3000:]
        _kill(first)  # mid-sweep, or just after: either way nothing may repeat
    finally:
        _kill(first)

    second = _start_worker(log)
    try:
        broker.send_task("meetings.tasks.reminders_sweep_task")
        broker.send_task("meetings.tasks.reminders_sweep_task")

        def all_sent():
            rows = reminder_rows()
            return rows.count() == expected and not rows.pending().exists()  # sent, or unknown after a kill

        # The beat's outbox drain picks up sends the killed worker had taken.
        assert wait_until(
            all_sent, timeout=45, interval=1.0, nudge=lambda: broker.send_task("vpwg.tasks.outbox_drain_task")
        ), (
            reminder_rows().count(),
            log.read_text()[-3000:],
        )
        # One more sweep, as beat would send it; nothing is checked before the worker has logged it
        # finished. Every send it queued is ahead of the drain sent next, so once that drain has
        # finished too, any repeat the sweep caused has happened.
        _send_and_wait(broker, log, "meetings.tasks.reminders_sweep_task")
        _send_and_wait(broker, log, "vpwg.tasks.outbox_drain_task")
    finally:
        _kill(second)

    rows = list(reminder_rows().values_list("dedupe_key", "attempts"))
    assert len(rows) == expected
    assert len({key for key, _attempts in rows}) == expected
    assert all(attempts == 1 for _key, attempts in rows), rows
    assert reminder_rows().filter(sent_at__isnull=True).count() <= 1  # at most the send the kill cut short
    for meeting in meetings:
        assert OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:reminder-7d:").count() == 3
        assert OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:chaser:").count() == 3
