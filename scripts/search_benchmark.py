#!/usr/bin/env python
"""The search benchmark (issue 17). Not a test: it measures and prints.

    .venv/bin/python scripts/search_benchmark.py              # or with --reuse on a second run

It creates a PostgreSQL database (`vpwg_bench_search` on 127.0.0.1:5432, user postgres), migrates it,
generates the full scale data set (`manage.py generate_scale_data`, seeded like scripts/benchmark.py),
builds the index (`manage.py search_reindex`, timed: the data set is bulk-loaded, so no signal indexed
it), then, in a fresh process with the production settings, opens the search results page of group
scale-01 for a member, a Coordination Group member and the Secretariat with a set of queries (words,
names, an unaccented and a misspelt name, a year filter, a kind filter): SQL queries per page, median
and 95th percentile of the server time (Django's test client in-process; no network).

Options: --requests N (timed requests per query and role, default 20), --reuse (keep the database and,
if it has one, its index).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import PG, PY, SEED, SLUG, bench_env, percentile, psql  # noqa: E402

DB_NAME = "vpwg_bench_search"
QUERIES = [
    ("security", {}),
    ("police force", {}),
    ("grievance mechanisms", {}),
    ("Quispe", {}),  # a surname: representatives by name
    ("Huaman", {}),  # written without its accent (Huamán)
    ("Quisppe", {}),  # misspelt: trigram similarity
    ("risk assessments", {"year": "2024"}),
    ("training", {"kind": "activity"}),
]
LIMIT_MS = 100


def psql_db(sql: str) -> str:
    return subprocess.run(
        ["psql", "-q", "-At", f"{PG}/{DB_NAME}", "-c", sql], check=True, capture_output=True, text=True
    ).stdout


def prepare(reuse: bool) -> None:
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'").strip() == "1"  # noqa: S608
    env = bench_env(DB_NAME)
    if not (exists and reuse):
        if exists:
            psql(f"DROP DATABASE {DB_NAME} WITH (FORCE)")
        psql(f"CREATE DATABASE {DB_NAME}")
        print(f"== migrating {DB_NAME} and generating the full scale data set")
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [PY, "manage.py", "generate_scale_data", "--scale", "1", "--seed", str(SEED)], cwd=ROOT, env=env, check=True
        )
    else:
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        indexed = psql_db("SELECT count(*) FROM search_searchentry").strip()
        if indexed != "0":
            print(f"== reusing {DB_NAME} and its index ({indexed} entries)")
            return
    started = time.monotonic()
    subprocess.run([PY, "manage.py", "search_reindex"], cwd=ROOT, env=env, check=True)
    print(f"   search_reindex: {time.monotonic() - started:.1f} s")


def measure(requests: int) -> list[dict]:
    """Runs in the child process, Django set up on the bench database."""
    import django

    django.setup()
    from benchmark import _targets
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from search.models import SearchEntry

    targets = _targets()
    group = targets["group"]
    url = reverse("search:results", args=[group.slug])
    rows = []
    in_group = SearchEntry.objects.filter(working_group=group).count()
    print(f"   index: {SearchEntry.objects.count():,} entries, {in_group:,} in {group.slug}")
    baselines = {
        "home (trivial)": reverse("home") + "?all=1",
        "group dashboard": reverse("members:dashboard", args=[group.slug]),
    }
    for role in ("member", "reviewer", "secretariat"):
        client = Client()
        client.force_login(targets[role])
        for name, page in baselines.items():  # for scale: the same machine, the same moment
            client.get(page)
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                client.get(page)
                timings.append((time.perf_counter() - started) * 1000)
            rows.append(
                {
                    "role": role,
                    "query": f"({name})",
                    "queries": None,
                    "median_ms": statistics.median(timings),
                    "p95_ms": percentile(timings, 0.95),
                    "results": None,
                }
            )
        for text, extra in QUERIES:
            params = {"q": text, **extra}
            client.get(url, params)  # warm: sessions, content types
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, params)
            assert response.status_code == 200, response.status_code
            count = len(queries)  # now: the next request empties the connection's query log
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
            rows.append(
                {
                    "role": role,
                    "query": text + "".join(f" [{k}={v}]" for k, v in extra.items()),
                    "queries": count,
                    "median_ms": statistics.median(timings),
                    "p95_ms": percentile(timings, 0.95),
                    "results": response.content.decode().count('class="search-hit"'),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.requests)))
        return
    prepare(args.reuse)
    env = bench_env(DB_NAME)
    child = subprocess.run(
        [PY, __file__, "--measure", "--requests", str(args.requests)],
        cwd=ROOT,
        env={**env, "PYTHONPATH": f"{ROOT}:{ROOT / 'scripts'}"},
        check=True,
        capture_output=True,
        text=True,
    )
    lines = child.stdout.strip().splitlines()
    print("\n".join(lines[:-1]))
    rows = json.loads(lines[-1])
    print(f"\nSearch results page, group {SLUG}, {args.requests} timed requests each (PostgreSQL at {PG}):")
    print(f"{'role':<12} {'query':<34} {'queries':>7} {'hits':>5} {'median ms':>10} {'p95 ms':>8}")
    for row in rows:
        queries = "" if row["queries"] is None else row["queries"]
        results = "" if row["results"] is None else row["results"]
        print(
            f"{row['role']:<12} {row['query']:<34} {queries:>7} {results:>5}"
            f" {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f}"
        )
    searches = [row for row in rows if row["queries"] is not None]
    worst = max(row["p95_ms"] for row in searches)
    counts = sorted({row["queries"] for row in searches})
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"\nworst p95: {worst:.1f} ms (limit {LIMIT_MS} ms); queries per page: {counts}")
    sys.exit(0 if worst < LIMIT_MS else 1)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
