"""Redis stopped: every main page still answers, and what was queued meanwhile (an invitation sent
from the web, reminders from a sweep) goes out exactly once after Redis returns and a worker runs
the outbox drain and the sweep, as beat would.

A private redis-server on a free port is started, then stopped; gunicorn and the worker use it.
"""

import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.conftest import build_group_world
from tests.factories.meetings import MeetingFactory
from tests.faults import _services as svc
from tests.faults.conftest import database_url, needs, request, session_cookie
from tests.faults.mailbox import delivered, message_digest
from vpwg.circulation import circulation_recipients
from vpwg.models import OutboxMessage

pytestmark = [pytest.mark.services]

MAIN_PAGES = [  # (url name, kwargs beyond the group slug)
    ("members:dashboard", {}),
    ("members:directory", {}),
    ("members:institution-detail", {"institution_id": "company"}),
    ("meetings:index", {}),
    ("meetings:meeting-detail", {"meeting_id": "meeting"}),
    ("minutes:index", {}),
    ("workplan:index", {}),
    ("activities:index", {}),
    ("activities:statistics", {}),
]


def _main_urls(world, meeting) -> list[str]:
    ids = {"company": world.objects["company"].institution_id, "meeting": meeting.pk}
    return [
        reverse(name, kwargs={"group_slug": world.group.slug, **{k: ids[v] for k, v in kwargs.items()}})
        for name, kwargs in MAIN_PAGES
    ]


def test_redis_down_pages_answer_and_queued_mail_goes_out_once_after_it_returns(postgresql_only, tmp_path):
    needs("redis-server")
    world = build_group_world("redisdown")
    meeting = MeetingFactory(working_group=world.group, starts_in_days=5)
    member = session_cookie(world.users["member"])
    secretariat = session_cookie(world.users["secretariat"])
    redis = svc.PrivateRedis(tmp_path).start()
    env = svc.app_env(database_url=database_url(), redis_url=redis.url(), workdir=tmp_path)
    web = worker = None
    try:
        web = svc.start_gunicorn(env, tmp_path)
        earlier = list(OutboxMessage.objects.values_list("pk", flat=True))  # sent in-process while setting up
        redis.stop()
        assert not redis.ping()

        # An invitation from the web while the broker is down: the request still succeeds at once.
        started = time.monotonic()
        path = reverse("meetings:meeting-invite", args=[world.group.slug, meeting.pk])
        everyone = [rep.pk for rep in circulation_recipients(world.group)]  # ticked, as the page opens
        status, _ = request(
            web.base_url, "POST", path, session=secretariat, data={"recipients": everyone, "action": "send"}
        )
        invite_seconds = time.monotonic() - started
        assert status == 302

        timings = {}
        for url in _main_urls(world, meeting):
            started = time.monotonic()
            status, body = request(web.base_url, "GET", url, session=member)
            timings[url] = time.monotonic() - started
            assert status == 200, (url, status, body[-500:])

        # Reminders queued while the broker is down (a sweep already running when Redis went away).
        Meeting.objects.filter(pk=meeting.pk).update(invited_at=timezone.now() - timedelta(days=20))
        sweep = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); from meetings.reminders import reminders_sweep; "
             "print(reminders_sweep().queued)"],
            cwd=svc.ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert sweep.returncode == 0, sweep.stderr[-3000:]
        rows = OutboxMessage.objects.exclude(pk__in=earlier)
        queued = rows.count()
        # Three invitations, then a reminder and a chaser for each of the three representatives.
        assert rows.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:").count() >= 6
        assert not rows.filter(sent_at__isnull=False).exists()
        assert delivered(env["FAULTS_MAIL_LOG"]) == []

        # Redis returns; a worker runs the drain and the sweep, twice, as beat would.
        redis.start()
        worker = svc.start_worker(env, tmp_path, "faults-redis")
        svc.wait_worker_ready(worker)
        broker = svc.broker_client(redis.url())
        for _ in range(2):
            broker.send_task("vpwg.tasks.outbox_drain_task")
            broker.send_task("meetings.tasks.reminders_sweep_task")
        assert svc.wait_for(lambda: not rows.filter(sent_at__isnull=True).exists(), timeout=30), worker.output()
        # A last drain: once it has finished, so have both sweeps, and any repeat it sent is counted below.
        svc.send_and_wait(broker, worker, "vpwg.tasks.outbox_drain_task")
    finally:
        for process in (worker, web):
            if process is not None:
                process.stop()
        redis.stop()

    sent = list(rows.values_list("recipient", "subject", "body_text", "attempts"))
    assert len(sent) == queued and all(attempts == 1 for *_, attempts in sent)
    mails = Counter(m["digest"] for m in delivered(env["FAULTS_MAIL_LOG"]))
    expected = Counter(message_digest(r, s, b) for r, s, b, _ in sent)
    assert mails == expected  # every row delivered, none twice
    print(
        f"redis-down: pages={len(timings)} all 200, slowest page {max(timings.values()):.2f}s, "
        f"invite POST {invite_seconds:.2f}s, messages queued while down={queued}, delivered after return="
        f"{sum(mails.values())}, duplicates=0"
    )
