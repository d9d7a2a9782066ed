"""A worker killed (SIGKILL) while it sends reminders: no reminder is lost and none is sent twice.
The one message the worker had claimed when it died (maybe handed over, never marked sent) is not
sent again: its claim runs out and it is recorded as "unknown" for the Secretariat (vpwg/outbox.py),
delivered at most once.

The mail transport is slowed (FAULTS_MAIL_DELAY) so the kill lands mid-send; what really left is
counted in the recorder's log, independently of the outbox rows.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.conftest import build_group_world
from tests.factories.meetings import MeetingFactory
from tests.faults import _services as svc
from tests.faults.conftest import database_url, needs
from tests.faults.mailbox import delivered, message_digest
from vpwg.models import OutboxMessage

pytestmark = [pytest.mark.services]


def test_worker_killed_mid_send_loses_no_reminder_and_repeats_none(postgresql_only, tmp_path):
    needs("redis-server")
    world = build_group_world("workerkill")
    meetings = []
    for days in (2, 3, 4, 5):
        meeting = MeetingFactory(working_group=world.group, starts_in_days=days)
        services.meeting_invite(meeting=meeting, actor=world.users["secretariat"])  # sent in-process (eager)
        meetings.append(meeting)
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(invited_at=timezone.now() - timedelta(days=20))
    earlier = list(OutboxMessage.objects.values_list("pk", flat=True))

    redis = svc.PrivateRedis(tmp_path).start()
    env = svc.app_env(
        database_url=database_url(),
        redis_url=redis.url(),
        workdir=tmp_path,
        FAULTS_MAIL_DELAY="0.2",
        OUTBOX_LEASE_SECONDS="3",  # the dead worker's claim runs out within the test
    )
    log = env["FAULTS_MAIL_LOG"]
    broker = svc.broker_client(redis.url())
    first = second = None
    try:
        first = svc.start_worker(env, tmp_path, "faults-kill-1")
        svc.wait_worker_ready(first)
        broker.send_task("meetings.tasks.reminders_sweep_task")
        assert svc.wait_for(lambda: len(delivered(log)) >= 5, timeout=30), first.output()
        first.kill()
        at_kill = len(delivered(log))
        rows = OutboxMessage.objects.exclude(pk__in=earlier)
        pending_at_kill = rows.filter(sent_at__isnull=True).count()
        assert pending_at_kill > 0  # the kill really was mid-send

        second = svc.start_worker(env, tmp_path, "faults-kill-2")
        svc.wait_worker_ready(second)
        broker.send_task("meetings.tasks.reminders_sweep_task")  # beat's next sweep: a no-op by dedupe keys
        # beat's outbox drain picks up the sends the killed worker never started, and records the one
        # it had claimed as unknown once the claim has run out
        assert svc.wait_for(
            lambda: not rows.pending().exists(),
            timeout=30,
            every=1.0,
            nudge=lambda: broker.send_task("vpwg.tasks.outbox_drain_task"),
        ), second.output()
        # A last drain, as beat would send it: once it has finished, so have the sweep and every send.
        svc.send_and_wait(broker, second, "vpwg.tasks.outbox_drain_task")
    finally:
        for worker in (first, second):
            if worker is not None:
                worker.stop()
        redis.stop()

    digest = {pk: message_digest(*row) for pk, *row in rows.values_list("pk", "recipient", "subject", "body_text")}
    sent = set(rows.filter(sent_at__isnull=False).values_list("pk", flat=True))
    unknown = set(rows.filter(unknown_at__isnull=False, sent_at__isnull=True).values_list("pk", flat=True))
    mails = Counter(m["digest"] for m in delivered(log))
    reminders = sum(rows.filter(dedupe_key__startswith=f"meeting:{m.pk}:").count() for m in meetings)
    assert reminders == len(meetings) * 3 * 2  # reminder + chaser for each of three representatives
    assert sent | unknown == set(digest), "lost"
    assert len(unknown) <= 1  # the one claimed when the worker died (solo pool: one send at a time)
    unexpected = [(m["to"], m["subject"]) for m in delivered(log) if m["digest"] not in digest.values()]
    assert not unexpected, (unexpected, list(OutboxMessage.objects.values_list("dedupe_key", "sent_at")))
    assert all(mails[digest[pk]] == 1 for pk in sent), "a sent row delivered twice, or not at all"
    assert all(mails[digest[pk]] <= 1 for pk in unknown)
    repeats = sum(mails.values()) - len(set(mails))
    assert repeats == 0
    print(
        f"worker-killed: messages={len(digest)} (meeting reminders {reminders}), delivered before the kill={at_kill}, "
        f"pending at the kill={pending_at_kill}, delivered in all={sum(mails.values())}, lost=0, "
        f"unknown={len(unknown)} (delivered {sum(mails[digest[pk]] for pk in unknown)}x), repeats={repeats}"
    )
