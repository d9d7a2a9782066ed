"""Concurrent writes through a live server (gunicorn, several threads and processes) on the test's own
database, SQLite or PostgreSQL: nobody sees an error page, and each storm has exactly one outcome.

- 12 approvals of one submitted minutes at once (the seat holder clicking in many tabs);
- 6 circulations of one approved minutes;
- 6 decisions proposed on one application;
- 8 identical submits of one warning (one form, sent 8 times: a double-click storm) and 6 of one topic.

Each must answer a redirect (the winner "done", the others a message saying why not), never 500, and
leave one transition, one history row and one e-mail per recipient.
"""

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from meetings.models import Topic
from members.models import Membership, MembershipApplication, MembershipStatusChange
from members.models.decisions import Decision
from minutes.models import Minutes, MinutesApproval
from tests.conftest import build_group_world
from tests.factories.minutes import MinutesFactory
from tests.faults import _services as svc
from tests.faults._database import shared_database
from tests.faults.conftest import needs, request, session_cookie
from vpwg.idempotency import FIELD
from vpwg.models import OutboxMessage

pytestmark = [pytest.mark.services]


def _storm(base_url: str, posts: list[tuple[str, str, dict]]) -> list[int]:
    """Send every (path, session, data) at the same moment; return the status codes."""
    barrier = threading.Barrier(len(posts))

    def one(post):
        path, session, data = post
        barrier.wait(timeout=30)
        status, _body = request(base_url, "POST", path, session=session, data=data, timeout=60)
        return status

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        return list(pool.map(one, posts))


def _token(base_url: str, path: str, session: str) -> str:
    """The one-time token of the form at `path`, as a browser gets it."""
    status, body = request(base_url, "GET", path, session=session)
    assert status == 200, (path, status)
    match = re.search(rf'name="{FIELD}" value="([^"]+)"', body.decode())
    assert match, f"{path}: no submit token in the form"
    return match.group(1)


def test_concurrent_writes_answer_no_500_and_have_one_outcome_each(transactional_db, tmp_path):
    needs("redis-server")
    world = build_group_world("concur")
    group, users = world.group, world.users
    submitted = MinutesFactory(world, status=Minutes.Status.SUBMITTED)
    approved = MinutesFactory(world, status=Minutes.Status.APPROVED, title="Second plenary")
    application = world.objects["application"]
    company = world.objects["company"]
    coordination, secretariat, member = (session_cookie(users[r]) for r in ("coordination", "secretariat", "member"))
    before = set(OutboxMessage.objects.values_list("pk", flat=True))

    def url(name, **kwargs):
        return reverse(name, kwargs={"group_slug": group.slug, **kwargs})

    redis = svc.PrivateRedis(tmp_path).start()  # the web processes queue tasks there; no worker runs
    web = None
    with shared_database(tmp_path) as database:
        env = svc.app_env(database_url=database, redis_url=redis.url(), workdir=tmp_path)
        try:
            web = svc.start_gunicorn(env, tmp_path, workers=2, threads=8)
            base = web.base_url
            warn_url = url("members:membership-lifecycle", institution_id=company.institution_id, step="warn")
            warning = {
                "reason": "Missed three plenaries.",
                "effective_on": "",
                FIELD: _token(base, warn_url, coordination),
            }
            topic_url = url("meetings:topic-create")
            topic = {"title": "Private security contracts", "description": "", FIELD: _token(base, topic_url, member)}
            storms = {
                "approvals": _storm(
                    base, [(url("minutes:minutes-approve", minutes_id=submitted.pk), coordination, {"note": ""})] * 12
                ),
                "circulations": _storm(
                    base, [(url("minutes:minutes-circulate", minutes_id=approved.pk), secretariat, {})] * 6
                ),
                "decisions": _storm(
                    base,
                    [
                        (
                            url("members:application-decide", application_id=application.pk),
                            coordination,
                            {"decision-decision": "admit_member", "decision-reason": "Meets every criterion."},
                        )
                    ]
                    * 6,
                ),
                "warnings": _storm(base, [(warn_url, coordination, warning)] * 8),
                "topics": _storm(base, [(topic_url, member, topic)] * 6),
            }
        finally:
            if web is not None:
                web.stop()
            redis.stop()
    log = web.output(200_000)

    assert {name: Counter(codes) for name, codes in storms.items()} == {
        name: Counter({302: len(codes)}) for name, codes in storms.items()
    }, log[-6000:]
    assert "database is locked" not in log

    submitted.refresh_from_db()
    approved.refresh_from_db()
    assert submitted.status == Minutes.Status.APPROVED
    assert MinutesApproval.objects.filter(version__minutes=submitted).count() == 1
    assert submitted.history.filter(to_status=Minutes.Status.APPROVED).count() == 1
    assert approved.status == Minutes.Status.CIRCULATED
    assert approved.history.filter(to_status=Minutes.Status.CIRCULATED).count() == 1

    assert Decision.objects.about(application).count() == 1
    application.refresh_from_db()
    decided = application.events.filter(kind="decided").count()
    assert decided <= 1 and (decided == 1) == (application.status != MembershipApplication.Status.SUBMITTED)

    assert Decision.objects.about(Membership.objects.get(pk=company.pk)).count() == 1
    assert MembershipStatusChange.objects.filter(membership=company, action="warned").count() == 1
    assert Topic.objects.filter(working_group=group, title="Private security contracts").count() == 1

    mails = Counter(OutboxMessage.objects.exclude(pk__in=before).values_list("recipient", "subject"))
    assert mails and all(count == 1 for count in mails.values()), [m for m, n in mails.items() if n > 1]
    warned_reps = set(company.representatives.active().values_list("user__email", flat=True))
    warned_mail = {r for r, s in mails if r in warned_reps}
    assert warned_mail == warned_reps  # the warned institution is told, once per representative
    print(
        "concurrency: "
        + ", ".join(f"{name} {len(codes)}x -> {dict(Counter(codes))}" for name, codes in storms.items())
        + f"; e-mails queued {sum(mails.values())}, duplicates 0"
    )
