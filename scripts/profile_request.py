#!/usr/bin/env python
"""Where a signed-in request spends its time, middleware by middleware (issue 18). Not a test.

    .venv/bin/python scripts/profile_request.py --database vpwg_bench_full [--url /g/scale-01/] [--cprofile]

Runs in-process with the production settings against a benchmark database (`make benchmark`
creates `vpwg_bench_full`), signed in as a member representative of group scale-01 (or --email).
Each middleware is wrapped in a timer that counts its own time (its `__call__` and hooks, minus
what it hands on) and its own SQL queries; what is left is the view and its template. `--cprofile`
adds the 25 most expensive functions of the whole request (cumulative time).

By default the cache and sessions are whatever the environment gives (REDIS_URL: Redis); pass
`--redis redis://127.0.0.1:6379/13` to use a Redis cache, as production does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")

CLOCK = [time.perf_counter]  # --clock cpu: time.thread_time (this process's CPU, not waits on the database)
TIMES: dict[str, list[float]] = {}
QUERIES: dict[str, int] = {}
_stack: list[list] = []  # [name, started, handed_on_seconds, queries_at_start, queries_handed_on]
_query_count = [0]


SQL_TIMES: dict[str, list[float]] = {}  # the statement's first words -> its times (ms)


def _count_queries(execute, sql, params, many, context):
    _query_count[0] += 1
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        SQL_TIMES.setdefault(" ".join(sql.split())[:110], []).append((time.perf_counter() - started) * 1000)


def timed(path: str):
    """A middleware class standing in for `path`, timing it."""
    from django.utils.module_loading import import_string

    real = import_string(path)
    name = path.rsplit(".", 1)[1]

    class Timed:
        def __init__(self, get_response):
            def handed_on(request):
                frame = _stack[-1]
                started, queries = CLOCK[0](), _query_count[0]
                try:
                    return get_response(request)
                finally:
                    frame[2] += CLOCK[0]() - started
                    frame[4] += _query_count[0] - queries

            self.inner = real(handed_on)
            for hook in ("process_view", "process_exception", "process_template_response"):
                if hasattr(self.inner, hook):
                    setattr(self, hook, self._hook(getattr(self.inner, hook)))

        def _hook(self, method):
            def run(*args, **kwargs):
                started, queries = CLOCK[0](), _query_count[0]
                try:
                    return method(*args, **kwargs)
                finally:
                    TIMES.setdefault(name, []).append(CLOCK[0]() - started)
                    QUERIES[name] = QUERIES.get(name, 0) + _query_count[0] - queries

            return run

        def __call__(self, request):
            _stack.append([name, CLOCK[0](), 0.0, _query_count[0], 0])
            try:
                return self.inner(request)
            finally:
                _name, started, handed, q0, q_handed = _stack.pop()
                TIMES.setdefault(name, []).append(CLOCK[0]() - started - handed)
                QUERIES[name] = QUERIES.get(name, 0) + (_query_count[0] - q0 - q_handed)

    Timed.__name__ = f"Timed{name}"
    return Timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="vpwg_bench_full")
    parser.add_argument("--url", default="/g/scale-01/")
    parser.add_argument("--email", help="sign in as this user (default: a member representative)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--redis", help="cache and sessions in this Redis (as production with REDIS_URL)")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument(
        "--clock", choices=["wall", "cpu"], default="wall", help="cpu: leave out waits (a busy machine)"
    )
    args = parser.parse_args()
    if args.clock == "cpu":
        CLOCK[0] = time.thread_time

    os.environ.update(
        DJANGO_SETTINGS_MODULE="vpwg.settings.production",
        SECRET_KEY="profile-only-not-a-secret",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"{PG}/{args.database}",
        CONN_MAX_AGE="60",
    )
    if args.redis:
        os.environ["CACHE_REDIS_URL"] = args.redis
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection
    from django.test import Client

    module = sys.modules[__name__]
    stand_ins = []
    for index, path in enumerate(settings.MIDDLEWARE):
        setattr(module, f"mw{index}", timed(path))
        stand_ins.append(f"{__name__}.mw{index}")
    settings.MIDDLEWARE = stand_ins

    user = _user(args.email)
    client = Client()
    client.force_login(user)
    for _ in range(5):
        response = client.get(args.url)
        assert response.status_code == 200, (args.url, response.status_code)
    TIMES.clear()
    QUERIES.clear()
    SQL_TIMES.clear()
    totals = []
    profiler = cProfile.Profile() if args.cprofile else None
    with connection.execute_wrapper(_count_queries):
        for _ in range(args.requests):
            started = CLOCK[0]()
            if profiler:
                profiler.enable()
            client.get(args.url)
            if profiler:
                profiler.disable()
            totals.append(CLOCK[0]() - started)
    total = statistics.median(totals) * 1000
    print(f"{args.url} as {user.email}: median {total:.2f} ms ({args.clock} clock) over {args.requests} requests")
    print(f"cache {settings.CACHES['default']['BACKEND']}, sessions {settings.SESSION_ENGINE}")
    print(f"{'middleware (own time, its hooks included)':<44} {'median ms':>9} {'queries/req':>11}")
    own = 0.0
    for path in (p.rsplit(".", 1)[1] for p in _real_paths()):
        values = TIMES.get(path, [0.0])
        per_request = sum(values) / args.requests * 1000
        own += per_request
        print(f"  {path:<42} {per_request:9.3f} {QUERIES.get(path, 0) / args.requests:11.2f}")
    print(f"  {'view, template and the rest':<42} {total - own:9.3f}")
    print("SQL statements, slowest first (median ms, per request):")
    for sql, times in sorted(SQL_TIMES.items(), key=lambda pair: -statistics.median(pair[1]))[:12]:
        print(f"  {statistics.median(times):7.3f}  {len(times) / args.requests:4.1f}x  {sql}")
    if profiler:
        out = io.StringIO()
        # PROFILE_FILTER: a regular expression on file paths (e.g. "^/work/main/(?!\\.venv)": our code only).
        restrictions = [r for r in [os.environ.get("PROFILE_FILTER")] if r]
        pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(
            *restrictions, int(os.environ.get("PROFILE_LINES", "25"))
        )
        print(out.getvalue())


def _real_paths():
    from vpwg.settings import base

    return base.MIDDLEWARE


def _user(email):
    from django.contrib.auth import get_user_model

    if email:
        return get_user_model().objects.get(email=email)
    from members.models import Representative

    representative = (
        Representative.objects.active()
        .filter(working_group__slug="scale-01", role="principal")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return representative.user


if __name__ == "__main__":
    main()
