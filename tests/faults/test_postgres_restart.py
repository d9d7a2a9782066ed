"""PostgreSQL restarted under load: no acknowledged write is lost and the app serves again without
a restart of its own.

A private PostgreSQL cluster on a free port gets a copy of the test database; gunicorn (persistent
connections, CONN_MAX_AGE=60, with base.py's CONN_HEALTH_CHECKS) serves it; writer threads propose
topics through the web form and record which POSTs were acknowledged (302); mid-run the server is
restarted with `pg_ctl restart -m fast`. Afterwards every acknowledged topic is in the database.
"""

import threading
import time

import psycopg2
import pytest
from django.urls import reverse

from tests.conftest import build_group_world
from tests.faults import _services as svc
from tests.faults.conftest import database_url, request, session_cookie

pytestmark = [pytest.mark.services]

WRITERS = 4


def test_postgres_restart_under_load_loses_no_acknowledged_write(postgresql_only, tmp_path):
    if not svc.PrivatePostgres.available():
        pytest.skip("needs root, runuser and PostgreSQL's initdb to run a private server")
    world = build_group_world("pgrestart")
    member = session_cookie(world.users["member"])
    path = reverse("meetings:topic-create", args=[world.group.slug])
    # An unused port: nothing on the request path needs Redis.
    pg = svc.PrivatePostgres()
    web = None
    results = []  # (thread, n, title, status or error, monotonic time)
    stop = threading.Event()

    def writer(index: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            title = f"fault-write {index}-{n}"
            try:
                status, _ = request(web.base_url, "POST", path, session=member, data={"title": title}, timeout=10)
            except OSError as error:
                status = type(error).__name__
            results.append((index, n, title, status, time.monotonic()))

    try:
        pg.start()
        pg.copy_database(database_url(), "vpwg")
        env = svc.app_env(
            database_url=pg.url("vpwg"), redis_url=f"redis://127.0.0.1:{svc.free_port()}/0", workdir=tmp_path,
            CONN_MAX_AGE=60,
        )  # fmt: skip
        web = svc.start_gunicorn(env, tmp_path, workers=2, threads=2)
        threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        time.sleep(2.0)  # a time gap on purpose: the writers run for a while before the restart...
        restart_started = time.monotonic()
        restart_seconds = pg.restart()
        restart_done = time.monotonic()
        time.sleep(3.0)  # ...and go on writing for a while after it
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        status, body = request(web.base_url, "GET", "/healthz")
        assert status == 200, body
        assert web.running()  # the same gunicorn, never restarted

        acknowledged = {title for _, _, title, status, _ in results if status == 302}
        failed = [(title, status, at) for _, _, title, status, at in results if status != 302]
        with psycopg2.connect(pg.url("vpwg")) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT title FROM meetings_topic WHERE title LIKE 'fault-write %%'")
            stored = {row[0] for row in cursor.fetchall()}
    finally:
        stop.set()
        if web is not None:
            web.stop()
        pg.stop()

    assert len(acknowledged) > 20, results[:10]
    assert acknowledged <= stored, sorted(acknowledged - stored)[:10]  # no acknowledged write lost
    # Serving again: after the restart every request of the last second was acknowledged.
    tail = [status for _, _, _, status, at in results if at > restart_done + 2.0]
    assert tail and all(status == 302 for status in tail), tail
    errors_after = [f for f in failed if f[2] > restart_done + 0.5]
    gap = max((at for _, _, at in failed), default=restart_done) - restart_started
    print(
        f"postgres-restart: writes={len(results)} acknowledged={len(acknowledged)} stored={len(stored)} lost=0 "
        f"failed={len(failed)} (after the server was back: {len(errors_after)}) "
        f"pg_ctl restart={restart_seconds:.2f}s error window={gap:.2f}s "
        f"statuses={sorted({str(f[1]) for f in failed})}"
    )
