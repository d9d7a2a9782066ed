#!/usr/bin/env python
"""The platform benchmark (issues 8 and 18). Not a test: it measures, prints and writes the figures
to a new file under var/ (`var/benchmark-<UTC time>.md`); `--record` also adds them to BENCHMARKS.md.

    make benchmark                      # or: .venv/bin/python scripts/benchmark.py
    make benchmark ARGS=--record        # and add the run to BENCHMARKS.md

For each data size (the full scale set and one ten times smaller) it creates a PostgreSQL database
(`vpwg_bench_full`, `vpwg_bench_tenth` on 127.0.0.1:5432, user postgres), migrates it, generates
the data set (`manage.py generate_scale_data`, seeded) and, in a fresh process, measures:

- every main page and the long lists, for the roles that matter: SQL queries, the size of the HTML,
  median and 95th percentile of the server time (Django's test client in-process: middleware, view,
  template; no network), and its ratio to a trivial signed-in page measured the same way in the same
  run (the person's preferences page: session, user, their profile, base template; the home page
  is no longer trivial, it reads what waits in each of the person's groups, issue 19);
- a 10-page minutes PDF (WeasyPrint), one recipient's stamp (pypdf) and the annual report;
- the reminder sweep over all meetings: the first run (queues what is due) and a steady-state run.

Then, on the full set, it starts gunicorn on 127.0.0.1 and runs `wrk` (bounded: a few seconds per
URL, 127.0.0.1 only) against /healthz (a trivial view: one SELECT 1), the trivial signed-in page, the
member directory and the meeting page, and prints requests per second and their ratio to both
trivial pages, the meeting page's median latency with one connection, and the load run: 32
connections rotating over the main pages for --load-duration seconds, with p50/p90/p99 and errors.

Production shape: persistent connections (CONN_MAX_AGE=60), and the cache and sessions in Redis
(`BENCH_REDIS`, default redis://127.0.0.1:6379/13; the database cache when no Redis answers there).

Options: --requests N (timed requests per page), --duration S (wrk seconds per URL),
--load-duration S (the load run; 0 skips it), --no-load, --reuse (keep existing databases),
--output FILE (default var/benchmark-<UTC time>.md; '-' to skip writing), --record (BENCHMARKS.md too).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SIZES = [("full", 1.0), ("tenth", 0.1)]
SEED = 8
SLUG = "scale-01"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/13")
TRIVIAL = "trivial signed-in page"


def redis_answers(url: str) -> bool:
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, _sep, port = host_port.partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def bench_env(db_name: str) -> dict:
    env = dict(os.environ)
    if redis_answers(REDIS):
        env["CACHE_REDIS_URL"] = REDIS  # the cache and sessions as production has them with REDIS_URL
    # The production settings (no DEBUG, hashed static files, no finder lookups per request), with a
    # throw-away key and plain HTTP on 127.0.0.1 instead of the TLS proxy.
    env.update(
        DJANGO_SETTINGS_MODULE="vpwg.settings.production",
        SECRET_KEY="benchmark-only-not-a-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"{PG}/{db_name}",
        CONN_MAX_AGE="60",
        REDIS_URL="memory://",  # tasks queued by the sweep stay in this process; no worker picks them up
        VPWG_VAR_DIR=str(ROOT / "var"),
        CELERY_TASK_ALWAYS_EAGER="false",
        PYTHONPATH=str(ROOT),
    )
    return env


# --- database set-up (runs in the parent process) ------------------------------------------------


def psql(sql: str) -> str:
    return subprocess.run(
        ["psql", "-q", "-At", f"{PG}/postgres", "-c", sql], check=True, capture_output=True, text=True
    ).stdout


def prepare(tag: str, scale: float, reuse: bool) -> tuple[str, float | None]:
    db_name = f"vpwg_bench_{tag}"
    query = f"SELECT 1 FROM pg_database WHERE datname = '{db_name}'"  # noqa: S608 (a fixed name)
    exists = psql(query).strip() == "1"
    if exists and reuse:
        print(f"== {tag}: reusing database {db_name}")
        return db_name, None
    if exists:
        psql(f"DROP DATABASE {db_name} WITH (FORCE)")
    psql(f"CREATE DATABASE {db_name}")
    env = bench_env(db_name)
    print(f"== {tag}: migrating {db_name}")
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.monotonic()
    subprocess.run(
        [PY, "manage.py", "generate_scale_data", "--scale", str(scale), "--seed", str(SEED)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # The planner's statistics, as autovacuum would gather them soon after a bulk load: measured right
    # after generating, the audit trail's page took 8 ms on a plan for 13 rows instead of 1,000 (0.4 ms after).
    subprocess.run(["psql", "-q", f"{PG}/{db_name}", "-c", "ANALYZE"], check=True)
    return db_name, time.monotonic() - started


# --- measurements (run in a child process with Django set up on the bench database) ------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _targets():
    """The group, people and objects the pages are measured with (the same choice on every size)."""
    from members.models import CoordinationSeat, Institution, Membership, Representative, SecretariatTerm, WorkingGroup
    from minutes.models import Minutes
    from workplan.models import WorkPlan

    group = WorkingGroup.objects.get(slug=SLUG)
    seats = CoordinationSeat.objects.filter(working_group=group).select_related("representative__user")
    seat_users = {seat.representative.user_id for seat in seats}
    member = (
        Representative.objects.active()
        .filter(working_group=group, role="principal", membership__status=Membership.Status.MEMBER)
        .exclude(user_id__in=seat_users)
        .select_related("user", "membership")
        .order_by("pk")
        .first()
    )
    from meetings.models import Meeting

    return {
        "group": group,
        "member": member.user,
        "secretariat": SecretariatTerm.objects.filter(working_group=group).first().staff.order_by("pk").first(),
        "reviewer": seats.first().representative.user,
        "institution": Institution.objects.get(pk=member.membership.institution_id),
        "meeting": Meeting.objects.filter(working_group=group, status=Meeting.Status.INVITED)
        .order_by("starts_at")
        .first(),
        "circulated": Minutes.objects.filter(working_group=group, status=Minutes.Status.CIRCULATED)
        .order_by("-meeting__starts_at")
        .first(),
        "submitted": Minutes.objects.filter(working_group=group, status=Minutes.Status.SUBMITTED).first(),
        "plan": WorkPlan.objects.filter(working_group=group, status=WorkPlan.Status.APPROVED).first(),
    }


def main_pages(t) -> list[tuple[str, str, str]]:
    """(page, role, url) for every main page."""
    from django.urls import reverse

    slug = t["group"].slug
    pages = [
        ("group dashboard", "members:dashboard", [slug]),
        ("member directory", "members:directory", [slug]),
        ("institution page", "members:institution-detail", [slug, t["institution"].pk]),
        ("meeting list", "meetings:index", [slug]),
        ("meeting page", "meetings:meeting-detail", [slug, t["meeting"].pk]),
        ("work plan", "workplan:plan-detail", [slug, t["plan"].pk]),
        ("activities statistics", "activities:statistics", [slug]),
    ]
    rows = [(TRIVIAL, "member", reverse("profile:preferences"))]
    for name, url_name, args in pages:
        for role in ("member", "secretariat"):
            rows.append((name, role, reverse(url_name, args=args)))
    rows.append(("minutes page", "member", reverse("minutes:minutes-detail", args=[slug, t["circulated"].pk])))
    rows.append(("minutes page", "reviewer", reverse("minutes:minutes-detail", args=[slug, t["submitted"].pk])))
    for role in ("member", "secretariat"):
        rows.append(("report centre", role, reverse("reports:index", args=[slug])))
    # The long lists (issue 18, item 2): folded by year or paged, so their size stays the same as the group grows.
    for name, url_name in (("minutes list", "minutes:index"), ("activity list", "activities:index")):
        for role in ("member", "secretariat"):
            rows.append((name, role, reverse(url_name, args=[slug])))
    rows.append(("audit trail", "secretariat", reverse("members:audit-trail", args=[slug])))
    return rows


# The pages the load run rotates over: the main pages of the earlier runs, so that runs stay comparable.
LOAD_PAGES = {
    "group dashboard",
    "member directory",
    "institution page",
    "meeting list",
    "meeting page",
    "work plan",
    "activities statistics",
    "minutes page",
    "report centre",
}


def measure_pages(t, requests: int) -> list[dict]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # this cache's keys only (vpwg/cache.py): nothing left from an earlier run
    results = []
    for name, role, url in main_pages(t):
        client = Client()
        client.force_login(t[role])
        for _ in range(3):  # warm caches, templates and the connection
            response = client.get(url)
            assert response.status_code == 200, (name, role, url, response.status_code)
        times, queries = [], set()
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            queries.add(len(captured.captured_queries))
        results.append(
            {
                "page": name,
                "role": role,
                "url": url,
                "queries": max(queries),
                "median_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "kb": len(response.content) / 1024,  # the HTML as sent (no compression)
            }
        )
        results[-1]["ratio"] = results[-1]["median_ms"] / results[0]["median_ms"]
        print(
            f"   {name:<22} {role:<12} {max(queries):>3} q  {results[-1]['kb']:6.1f} KB"
            f"  {results[-1]['median_ms']:7.1f} ms  p95 {results[-1]['p95_ms']:7.1f} ms"
            f"  ×{results[-1]['ratio']:.1f} of the trivial page"
        )
    return results


def ten_page_minutes(t):
    """An unsaved version of real minutes whose text fills ten PDF pages; returns (context, pages, pdf)."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from pypdf import PdfReader

    from minutes import selectors
    from vpwg.pdf import render_pdf

    minutes = t["circulated"]
    version = minutes.circulated_version
    base = version.sections
    repeat, pdf, pages = 1, b"", 0
    for _ in range(8):  # grow the text until the document has ten pages
        sections = [dict(s) for s in base]
        for section in sections:
            section["summary"] = "\n\n".join([section["summary"]] * repeat)
        context = selectors.minutes_document(minutes, version, sections=sections)
        with translation.override(minutes.working_group.language):
            html = render_to_string("minutes/pdf/minutes.html", context)
        import io

        pdf = render_pdf(html)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        if pages == 10:
            break
        repeat = max(1, round(repeat * 10 / max(pages, 1))) if pages < 10 else max(1, repeat - 1)
        if pages > 10 and repeat == 1:
            break
    return html, pages, pdf


def prepare_reports(t) -> int:
    """The group's annual report for last year, taken through its workflow to circulation (as the
    Secretariat and the Coordination Group would), and a meeting pack requested for each upcoming
    meeting, so the report centre lists what it lists in real use. Returns the annual Report's id."""
    from meetings.models import Meeting
    from reports import services
    from reports.models import Report

    group, secretariat = t["group"], t["secretariat"]
    annual = services.annual_report_start(working_group=group, year=group.today().year - 1, actor=secretariat)
    annual = services.annual_report_save(
        annual=annual,
        actor=secretariat,
        revision=annual.revision,
        foreword="A year of dialogue on security and human rights.",
        lessons_learned="Trust between the pillars takes time and regular meetings.",
        challenges="Funding for trainings outside the capital.",
    )
    services.annual_report_submit(annual=annual, actor=secretariat)
    _approve_by_the_coordination_group(annual)
    services.annual_report_circulate(annual=annual, actor=secretariat)
    for meeting in Meeting.objects.filter(working_group=group, status__in=["planned", "invited"]):
        services.report_request(actor=secretariat, kind=Report.Kind.MEETING_PACK, subject=meeting)
    return Report.objects.get(annual_report=annual).pk


def _approve_by_the_coordination_group(annual) -> None:
    """Every seat holder agrees until the charter's rule is met (the only way a report is approved)."""
    from members import roles
    from members import services as members_services

    group = annual.working_group
    seats = list(roles.coordination_members(group))
    decision = members_services.decision_open(
        working_group=group, kind="annual_report", subject=annual, actor=seats[0], reason="Approved."
    )
    for user in seats[1:]:
        decision.refresh_from_db()
        if decision.is_open and user.pk in members_services.decision_count(decision).pending:
            members_services.decision_vote(decision=decision, actor=user, choice="agree", reason="Approved.")


def measure_documents(t, annual_report_id: int) -> dict:
    """PDF timings with the plain static storage, as in development and tests: under the production
    manifest storage vpwg/pdf.py cannot map hashed stylesheet names (css/print.<hash>.css) back to
    files and refuses them, so reports would render unstyled (reported with the figures)."""
    from django.conf import settings
    from django.test.utils import override_settings

    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=plain):
        return _measure_documents(t, annual_report_id)


def _measure_documents(t, annual_report_id: int) -> dict:
    from vpwg.circulation import stamped_copy
    from vpwg.pdf import render_pdf

    html, pages, pdf = ten_page_minutes(t)
    render_times = []
    for _ in range(3):
        started = time.perf_counter()
        render_pdf(html)
        render_times.append((time.perf_counter() - started) * 1000)
    stamp_times = []
    for _ in range(20):
        started = time.perf_counter()
        stamped_copy(pdf, user=t["member"], working_group=t["group"])  # the recipient's band, as on download
        stamp_times.append((time.perf_counter() - started) * 1000)
    result = {
        "minutes_pdf_pages": pages,
        "minutes_pdf_ms": statistics.median(render_times),
        "stamp_ms": statistics.median(stamp_times),
        "stamp_p95_ms": percentile(stamp_times, 0.95),
    }
    from reports import services
    from reports.models import Report

    # The render the worker runs (data, template, WeasyPrint, saving the file), as a task would call it.
    Report.objects.filter(pk=annual_report_id).update(status=Report.Status.QUEUED)
    started = time.perf_counter()
    report = services.report_render(report_id=annual_report_id)
    result["annual_report_ms"] = (time.perf_counter() - started) * 1000
    result["annual_report_pages"] = report.pages
    assert report.status == Report.Status.READY, report.error
    print(f"   annual report ({report.pages} pages) {result['annual_report_ms']:.0f} ms")
    print(
        f"   minutes PDF ({pages} pages) {result['minutes_pdf_ms']:.0f} ms; stamp {result['stamp_ms']:.1f} ms "
        f"(p95 {result['stamp_p95_ms']:.1f})"
    )
    return result


def measure_sweep() -> dict:
    from django.db import connection

    from meetings.models import Meeting
    from meetings.reminders import reminders_sweep
    from vpwg.models import OutboxMessage

    out = {"meetings": Meeting.objects.count()}
    for label in ("first", "steady"):
        before = OutboxMessage.objects.count()
        # Counted with a wrapper: the sweep can exceed the 9,000 queries CaptureQueriesContext keeps.
        executed = []

        def count(execute, *args, executed=executed):
            executed.append(1)
            return execute(*args)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            reminders_sweep()
            elapsed = (time.perf_counter() - started) * 1000
        out[f"{label}_ms"] = elapsed
        out[f"{label}_queries"] = len(executed)
        out[f"{label}_queued"] = OutboxMessage.objects.count() - before
        print(
            f"   reminder sweep ({label}): {elapsed:.0f} ms, {len(executed)} queries, "
            f"{out[f'{label}_queued']} e-mails queued"
        )
    return out


def session_cookies(t) -> dict:
    """Session keys for the load generator (signed in as the member)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    user = t["member"]
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {"member": store.session_key}


def _url(t, page: str, role: str = "member") -> str:
    return next(url for name, who, url in main_pages(t) if (name, who) == (page, role))


def measure(requests: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    t = _targets()
    annual_report_id = prepare_reports(t)
    print(f"   measuring {SLUG} as {t['member'].email} (member), {t['secretariat'].email} (Secretariat)")
    from members.models import Membership

    out = {
        "group_size": {
            "memberships": Membership.objects.filter(working_group=t["group"]).count(),
            "meetings": t["group"].meetings.count(),
        },
        "pages": measure_pages(t, requests),
        "documents": measure_documents(t, annual_report_id),
        "session": session_cookies(t),
        "urls": {
            "trivial": _url(t, TRIVIAL),
            "directory": _url(t, "member directory"),
            "meeting": _url(t, "meeting page"),
            "load": [url for name, role, url in main_pages(t)[1:] if role == "member" and name in LOAD_PAGES],
        },
        "postgres": "{}.{}".format(*divmod(connection.cursor().connection.server_version, 10000)),
    }
    out["network"] = measure_network(requests)
    out["sweep"] = measure_sweep()  # last: it writes outbox rows
    return out


def measure_network(requests: int) -> dict:
    """Issue 19: a network of every group of the data set, all sharing, read by its staff (the overview,
    its CSV and one group's page) after the periodic task has computed the figures, as in production."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from members.models import WorkingGroup
    from networks import services as network_services
    from networks.models import Network
    from networks.selectors import figures_refresh
    from vpwg.permissions import role_group_name

    admin = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser(
        "bench-admin@scale.example.org", "bench-admin@scale.example.org", "bench-pass-2026"
    )
    network, _created = Network.objects.get_or_create(slug="bench", defaults={"name": "Benchmark network"})
    groups = list(WorkingGroup.objects.order_by("slug"))
    for group in groups:
        row = network_services.network_group_add(network=network, working_group=group, actor=admin)
        if not row.shares_figures:  # the group's own administrator records the decision
            group_admin = get_user_model().objects.filter(groups__name=role_group_name(group, "admin")).first()
            network_services.network_sharing_change(
                row=row, shares_figures=True, actor=group_admin, reason="Benchmark", decided_on=group.today()
            )
    staff, _created = get_user_model().objects.get_or_create(
        email="bench-network@scale.example.org", defaults={"username": "bench-network@scale.example.org"}
    )
    network_services.network_staff_set(network=network, user=staff, staff=True, actor=admin)
    started = time.perf_counter()
    figures_refresh()
    refresh_ms = (time.perf_counter() - started) * 1000
    client = Client()
    client.force_login(staff)
    pages = [
        ("network overview", reverse("networks:overview", args=[network.slug])),
        ("network CSV", reverse("networks:overview-csv", args=[network.slug])),
        ("network group page", reverse("networks:group-detail", args=[network.slug, groups[0].slug])),
    ]
    results = {"groups": len(groups), "refresh_ms": refresh_ms, "pages": []}
    print(f"   network of {len(groups)} groups: figures computed by the periodic task in {refresh_ms:.0f} ms")
    for name, url in pages:
        for _ in range(3):
            assert client.get(url).status_code == 200, (name, url)
        times, queries = [], set()
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            queries.add(len(captured.captured_queries))
        row = {"page": name, "queries": max(queries), "median_ms": statistics.median(times)}
        row["p95_ms"] = percentile(times, 0.95)
        results["pages"].append(row)
        print(f"   {name:<22} staff        {row['queries']:>3} q  {row['median_ms']:7.1f} ms", end="")
        print(f"  p95 {row['p95_ms']:7.1f} ms")
    return results


# --- load (parent process) ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, cookie: str | None, duration: int, connections: int) -> dict:
    cmd = ["wrk", "-t2" if connections > 1 else "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=duration + 30).stdout
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    median = next(line.split()[1] for line in out.splitlines() if line.strip().startswith("50%"))
    errors = [line.strip() for line in out.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    return {"rps": rps, "median": median, "errors": errors}


def load_run(base: str, paths: list[str], cookie: str, duration: int, connections: int = 32) -> dict:
    """The load run of scripts/faults/load.py (its wrk script): `connections` rotating over `paths`."""
    import importlib.util
    import tempfile

    spec = importlib.util.spec_from_file_location("fault_load", ROOT / "scripts" / "faults" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(module.LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "session": cookie})
    cmd = ["wrk", "-t4", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", "-s", lua.name]
    out = subprocess.run(cmd + [base + paths[0]], capture_output=True, text=True, timeout=duration + 60).stdout
    os.unlink(lua.name)
    summary = json.loads(next(line[9:] for line in out.splitlines() if line.startswith("WRK-JSON ")))
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    summary["errors"] = sum(summary[k] for k in ("connect", "read", "write", "status", "timeout"))
    summary["connections"] = connections
    summary["seconds"] = duration
    return summary


def measure_load(db_name: str, urls: dict, cookie: str, duration: int, load_duration: int) -> dict:
    if shutil.which("wrk") is None:
        print("   wrk is not installed (apt-get install wrk): skipping the load test")
        return {}
    port = free_port()
    workers = os.cpu_count() or 2
    env = bench_env(db_name)
    log = open(ROOT / "var" / "benchmark-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "vpwg.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        import urllib.request

        for path in ("/healthz", urls["trivial"], urls["directory"], urls["meeting"]):  # warm every worker
            for _ in range(workers * 2):
                headers = {"Cookie": f"sessionid={cookie}"}
                request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 (127.0.0.1)
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    assert response.status == 200, (path, response.status)
        results = {"workers": workers, "connections": 2 * workers}
        for name, path, with_cookie in (
            ("trivial view (/healthz)", "/healthz", False),
            (TRIVIAL, urls["trivial"], True),
            ("member directory", urls["directory"], True),
            ("meeting page", urls["meeting"], True),
        ):
            results[name] = wrk(base + path, cookie if with_cookie else None, duration, 2 * workers)
            print(f"   {name:<24} {results[name]['rps']:8.1f} req/s {results[name]['errors']}")
        results["meeting page, one connection"] = wrk(base + urls["meeting"], cookie, max(3, duration // 2), 1)
        print(f"   meeting page median with one connection: {results['meeting page, one connection']['median']}")
        if load_duration:
            results["load run"] = run = load_run(base, urls["load"], cookie, load_duration)
            print(
                f"   load run ({run['connections']} connections, {run['seconds']} s, main pages): "
                f"{run['rps']:.1f} req/s, p50 {run['p50_ms']:.1f} ms, p90 {run['p90_ms']:.1f} ms, "
                f"p99 {run['p99_ms']:.1f} ms, errors {run['errors']}"
            )
        return results
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


# --- report ------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(
            next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1]
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def ms(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def growth(small, large) -> str:
    if not small or small is None or large is None:
        return "—"
    return f"×{large / small:.2f}"


def report(runs: dict, load: dict, info: dict, started: str) -> str:
    full, tenth = runs.get("full"), runs.get("tenth")
    lines = [
        "## Run of " + started,
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} RAM, Python {info['python']}, "
        f"PostgreSQL {full['postgres'] if full else '?'}. Load average at start: {info['load_start']}, "
        f"at end: {info['load']}. Cache and sessions: {info['cache']}.",
        "",
    ]
    for tag, run in runs.items():
        lines.append(
            f"- **{tag}** data set: generated in {ms(run.get('generate_s'))} s; group {SLUG} has "
            f"{run['group_size']['memberships']} memberships and {run['group_size']['meetings']} meetings."
        )
    lines += [
        "",
        "### Main pages (server time: in-process test client, production settings, warm)",
        "",
        "| page | role | queries (full / tenth) | KB (full / tenth) | median ms full | p95 ms full "
        "| × trivial page | median ms tenth | p95 ms tenth | p95 growth |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    small = {(p["page"], p["role"]): p for p in (tenth or {}).get("pages", [])}
    for page in full["pages"]:
        other = small.get((page["page"], page["role"]), {})
        lines.append(
            f"| {page['page']} | {page['role']} | {page['queries']} / {other.get('queries', '—')} | "
            f"{ms(page.get('kb'))} / {ms(other.get('kb'))} | {ms(page['median_ms'])} | {ms(page['p95_ms'])} | "
            f"×{page.get('ratio', 1):.1f} | "
            f"{ms(other.get('median_ms'))} | {ms(other.get('p95_ms'))} | "
            f"{growth(other.get('p95_ms'), page['p95_ms'])} |"
        )
    lines += ["", "### Documents and the reminder sweep", "", "| measure | full | tenth |", "|---|---|---|"]
    fd, td = full["documents"], (tenth or {}).get("documents", {})
    lines.append(
        f"| minutes PDF, {fd['minutes_pdf_pages']} pages (ms) | {ms(fd['minutes_pdf_ms'])} "
        f"| {ms(td.get('minutes_pdf_ms'))} |"
    )
    lines.append(
        f"| one recipient's stamp (median / p95 ms) | {ms(fd['stamp_ms'])} / {ms(fd['stamp_p95_ms'])} "
        f"| {ms(td.get('stamp_ms'))} / {ms(td.get('stamp_p95_ms'))} |"
    )
    lines.append(
        f"| annual report of the group, {fd['annual_report_pages']} pages (ms) | {ms(fd['annual_report_ms'])} "
        f"| {ms(td.get('annual_report_ms'))} |"
    )
    fs, ts = full["sweep"], (tenth or {}).get("sweep", {})
    for label in ("first", "steady"):
        lines.append(
            f"| reminder sweep, {label} run over {fs['meetings']} / {ts.get('meetings', '—')} meetings "
            f"(ms; queries; e-mails queued) | {ms(fs[f'{label}_ms'])}; {fs[f'{label}_queries']} q; "
            f"{fs[f'{label}_queued']} | "
            f"{ms(ts.get(f'{label}_ms'))}; {ts.get(f'{label}_queries', '—')} q; {ts.get(f'{label}_queued', '—')} |"
        )
    network = full.get("network")
    if network:
        lines += [
            "",
            f"### The network overview (issue 19): {network['groups']} groups, all sharing, read by its staff",
            "",
            f"Figures computed by the periodic task in {ms(network['refresh_ms'])} ms; the pages read them.",
            "",
            "| page | queries | median ms | p95 ms |",
            "|---|---|---|---|",
        ]
        for row in network["pages"]:
            lines.append(f"| {row['page']} | {row['queries']} | {ms(row['median_ms'])} | {ms(row['p95_ms'])} |")
    if load:
        trivial = load["trivial view (/healthz)"]["rps"]
        signed_in = load.get(TRIVIAL, {}).get("rps")
        lines += [
            "",
            f"### Throughput through gunicorn (full set; {load['workers']} sync workers, wrk with "
            f"{load['connections']} connections, 127.0.0.1)",
            "",
            "| URL | req/s | ratio to /healthz | ratio to the trivial signed-in page | median latency |",
            "|---|---|---|---|---|",
        ]
        for name in ("trivial view (/healthz)", TRIVIAL, "member directory", "meeting page"):
            row = load.get(name)
            if row is None:
                continue
            to_signed_in = f"{row['rps'] / signed_in:.0%}" if signed_in else "—"
            lines.append(
                f"| {name} | {row['rps']:.1f} | {row['rps'] / trivial:.0%} | {to_signed_in} | {row['median']} |"
            )
        lines.append(
            f"| meeting page, one connection | {load['meeting page, one connection']['rps']:.1f} | — | — | "
            f"{load['meeting page, one connection']['median']} |"
        )
        run = load.get("load run")
        if run:
            lines += [
                "",
                f"Load run: {run['connections']} connections for {run['seconds']} s rotating over the member's "
                f"main pages: {run['rps']:.1f} req/s, p50 {run['p50_ms']:.1f} ms, p90 {run['p90_ms']:.1f} ms, "
                f"p99 {run['p99_ms']:.1f} ms, max {run['max_ms']:.1f} ms, {run['errors']} errors "
                f"({run['requests']} requests).",
            ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--load-duration", type=int, default=30, help="seconds of the load run (0: none)")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--output", help="where to write the figures (default var/benchmark-<UTC time>.md)")
    parser.add_argument("--record", action="store_true", help="add the run to BENCHMARKS.md as well")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # child process: measure this database
    args = parser.parse_args()

    if args.measure:
        os.environ.update(bench_env(args.measure))
        sys.path.insert(0, str(ROOT))
        result = measure(args.requests)
        print("RESULT " + json.dumps(result, default=str))
        return

    info = {"load_start": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    info["cache"] = f"Redis ({REDIS})" if redis_answers(REDIS) else "the database (no Redis at BENCH_REDIS)"
    now = datetime.now(UTC)
    started = now.strftime("%Y-%m-%d %H:%M UTC")
    (ROOT / "var").mkdir(exist_ok=True)
    runs, load = {}, {}
    print("== collecting static files (production settings serve hashed names)")
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=bench_env("postgres"), check=True
    )
    for tag, scale in SIZES:
        db_name, generate_s = prepare(tag, scale, args.reuse)
        print(f"== {tag}: measuring")
        proc = subprocess.run(
            [PY, __file__, "--measure", db_name, "--requests", str(args.requests)],
            cwd=ROOT,
            env=bench_env(db_name),
            capture_output=True,
            text=True,
        )
        sys.stdout.write("\n".join(line for line in proc.stdout.splitlines() if not line.startswith("RESULT ")) + "\n")
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            raise SystemExit(f"measuring {tag} failed")
        result = json.loads(next(line[7:] for line in proc.stdout.splitlines() if line.startswith("RESULT ")))
        result["generate_s"] = generate_s
        runs[tag] = result
        if tag == "full" and not args.no_load:
            print("== full: load through gunicorn")
            session = result["session"]["member"]
            load = measure_load(db_name, result["urls"], session, args.duration, args.load_duration)
    info.update(machine())
    text = report(runs, load, info, started)
    print()
    print(text)
    if args.output != "-":
        path = Path(args.output or ROOT / "var" / f"benchmark-{now:%Y%m%dT%H%MZ}.md")
        path.write_text(text)
        print(f"Written to {path}")
    if args.record:
        record(text)


def record(text: str) -> None:
    """Add the run to BENCHMARKS.md, below the marker, newest first."""
    path = ROOT / "BENCHMARKS.md"
    header = "# Benchmarks\n\nWritten by `make benchmark` (scripts/benchmark.py); see README, section Benchmark.\n\n"
    old = path.read_text() if path.exists() else header
    if not old.startswith("# Benchmarks"):
        old = header + old
    marker = "<!-- benchmark runs: newest first -->\n"
    if marker not in old:
        old = old.rstrip() + "\n\n" + marker
    before, after = old.split(marker, 1)
    path.write_text(before + marker + "\n" + text + "\n" + after)
    print(f"Written to {path}")


if __name__ == "__main__":
    main()
