"""The real worker sends the outbox while the database fails it right after each send: on SQLite a
second connection holds the write lock for a while ("database is locked"), on PostgreSQL the worker's
connection is terminated. And once the worker is killed between a send and its "sent" mark.

What left is counted in the recorder's log (tests/faults/trouble_mailbox.py), per message: every
message arrives exactly once, except the one whose mark the kill prevented, which arrives at most
once and is recorded as "unknown" for the Secretariat, never resent by itself (vpwg/outbox.py).
"""

from collections import Counter

import pytest
from django.db import connection, transaction

from tests.conftest import build_group_world
from tests.faults import _services as svc
from tests.faults._database import shared_database
from tests.faults.conftest import needs
from tests.faults.mailbox import delivered, message_digest
from vpwg.models import OutboxMessage
from vpwg.outbox import outbox_queue_email

pytestmark = [pytest.mark.services]

MESSAGES = 6
KILL_AT = 3  # the first worker dies right after handing over the third message


def _queue_messages(world) -> list[int]:
    """Six e-mails written as a service writes them, their immediate sends lost (the broker was down)."""
    recipients = [user.email for role, user in world.users.items() if user is not None and role != "outsider"]
    with transaction.atomic():
        ids = [
            outbox_queue_email(
                dedupe_key=f"faults:outbox:{n}",
                recipient=recipients[n % len(recipients)],
                template="members/emails/invitation",
                context={"invitation": _Invitation(), "working_group": world.group, "accept_url": f"http://x/{n}/"},
                working_group=world.group,
            ).pk
            for n in range(MESSAGES)
        ]
        connection.run_on_commit.clear()  # sent by the worker below, not in this process
    return ids


class _Invitation:
    first_name = "Ana"
    VALID_DAYS = 14

    class membership:  # noqa: N801 - stands in for the related object in the template
        class institution:  # noqa: N801
            name = "Antamina"


def test_each_message_goes_out_once_while_the_database_fails_the_mark(transactional_db, tmp_path):
    needs("redis-server")
    world = build_group_world("outboxfault")
    OutboxMessage.objects.all().delete()  # the set-up mail, sent in-process: not counted here
    ids = _queue_messages(world)
    trouble = "terminate" if connection.vendor == "postgresql" else "lock"
    redis = svc.PrivateRedis(tmp_path).start()
    broker = svc.broker_client(redis.url())
    first = second = None
    with shared_database(tmp_path) as url:
        env = svc.app_env(
            database_url=url,
            redis_url=redis.url(),
            workdir=tmp_path,
            DJANGO_SETTINGS_MODULE="tests.faults.outbox_settings",
            FAULTS_TROUBLE=trouble,
            FAULTS_LOCK_SECONDS="2.5",  # longer than the worker's busy timeout: its mark fails, then retries
            SQLITE_TIMEOUT="1",
            OUTBOX_LEASE_SECONDS="4",
        )
        log = env["FAULTS_MAIL_LOG"]
        try:
            first = svc.start_worker(env | {"FAULTS_KILL_AT": str(KILL_AT)}, tmp_path, "faults-outbox-1")
            svc.wait_worker_ready(first)
            for message_id in ids:
                broker.send_task("vpwg.tasks.outbox_send_task", args=[message_id])
            assert svc.wait_for(lambda: not first.running(), timeout=90), first.output()
            assert len(delivered(log)) == KILL_AT

            second = svc.start_worker(env, tmp_path, "faults-outbox-2")
            svc.wait_worker_ready(second)

            def settled() -> bool:  # every row sent or of unknown delivery: nothing left to do
                svc.send_and_wait(broker, second, "vpwg.tasks.outbox_drain_task", timeout=60)
                if connection.vendor == "postgresql":
                    return not OutboxMessage.objects.filter(pk__in=ids).pending().exists()
                return _sqlite_settled(url, ids)

            # beat's drain: it sends the rows the killed worker never took and, once the dead worker's
            # lease has run out, records its last row as unknown
            assert svc.wait_for(settled, timeout=90, every=1.0), second.output()
        finally:
            for worker in (first, second):
                if worker is not None:
                    worker.stop()
            redis.stop()

    rows = list(OutboxMessage.objects.filter(pk__in=ids))
    mails = Counter(m["digest"] for m in delivered(log))
    count = {row.pk: mails[message_digest(row.recipient, row.subject, row.body_text)] for row in rows}
    states = Counter(row.state for row in rows)
    assert sum(mails.values()) == sum(count.values()), "a message nobody queued"
    assert all(count[row.pk] == 1 for row in rows if row.state == OutboxMessage.State.SENT), count
    unknown = [row for row in rows if row.state == OutboxMessage.State.UNKNOWN]
    assert len(unknown) == 1 and count[unknown[0].pk] <= 1, (states, count)  # the kill's row: at most once
    assert states == {OutboxMessage.State.SENT: MESSAGES - 1, OutboxMessage.State.UNKNOWN: 1}, states
    # The trouble really hit the marks, and the marks got through on a retry.
    worker_logs = first.output(200_000) + second.output(200_000)
    expected_error = "database is locked" if trouble == "lock" else "terminat"
    assert "Outbox mark sent: database error, retrying" in worker_logs and expected_error in worker_logs
    print(
        f"outbox-delivery ({connection.vendor}, {trouble}): messages={MESSAGES}, delivered={sum(mails.values())}, "
        f"sent once={states[OutboxMessage.State.SENT]}, unknown={len(unknown)} (delivered {count[unknown[0].pk]}x), "
        f"repeats=0"
    )


def _sqlite_settled(url: str, ids: list[int]) -> bool:
    """The file the workers write (the test's own copy is refreshed only when they are done)."""
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        marks = ",".join("?" * len(ids))
        query = (
            f"SELECT COUNT(*) FROM vpwg_outboxmessage WHERE id IN ({marks}) "
            "AND sent_at IS NULL AND failed_at IS NULL AND unknown_at IS NULL"
        )
        return db.execute(query, ids).fetchone()[0] == 0
