#!/usr/bin/env python
"""Load run: wrk against gunicorn on 127.0.0.1 with the production settings, signed in as a member,
rotating over the main pages. Prints requests/s, latency percentiles, non-2xx/3xx responses and
socket errors; exits 1 if there was any error response or socket error.

    .venv/bin/python scripts/faults/load.py                      # 60 s, 32 connections (issue 9)
    .venv/bin/python scripts/faults/load.py --duration 5 --connections 8

By default it creates a database of its own on the local PostgreSQL (127.0.0.1:5432), migrates it,
loads the demo data, signs in the demo member representative, and drops the database afterwards
(--keep keeps it). --database-url and --email use an existing, migrated database instead (the test
suite does this with its test database). Needs `wrk` (Debian package) and the project's .venv.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python" if (VENV_BIN / "python").exists() else Path(sys.executable)
DEMO_MEMBER = "repsol@peru.example.org"

# Run inside Django (the target database's settings): a signed-in session and the pages to load.
PREPARE = r"""
import json, os
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse
from members.selectors import groups_of
user = get_user_model().objects.get(email=os.environ["LOAD_EMAIL"])
group = groups_of(user)[0]
client = Client()
client.force_login(user)
paths = []
for name in ["members:dashboard", "members:directory", "meetings:index", "minutes:index", "workplan:index",
             "activities:index", "activities:statistics"]:
    try:
        paths.append(reverse(name, args=[group.slug]))
    except NoReverseMatch:
        pass
meeting = group.meetings.order_by("-starts_at").first() if hasattr(group, "meetings") else None
if meeting is not None:
    paths.append(reverse("meetings:meeting-detail", args=[group.slug, meeting.pk]))
print(json.dumps({"session": client.cookies["sessionid"].value, "paths": paths, "group": group.slug}))
"""

LUA = r"""
paths = {%(paths)s}
cookie = "sessionid=%(session)s"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Cookie"] = cookie})
end
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK-JSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50_ms": %%.1f, "p90_ms": %%.1f, "p99_ms": %%.1f, "max_ms": %%.1f, ' ..
    '"mean_ms": %%.1f}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
"""


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(command, env, timeout=300) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return result.stdout


def redis_answers(url: str) -> bool:
    import socket

    host, _sep, port = url.split("//", 1)[1].split("/", 1)[0].partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, session: str | None = None) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    # Only ever http://127.0.0.1:<port> built by this script.
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"} if session else {})  # noqa: S310
    try:
        with opener.open(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--threads", type=int, default=4, help="wrk threads (default 4)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as docker-compose)")
    parser.add_argument("--database-url", help="an existing, migrated database (default: a new one with demo data)")
    parser.add_argument("--email", default=DEMO_MEMBER, help="the user to sign in as (default: the demo member)")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the database this script created")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12", help="the cache's Redis (if it answers)")
    parser.add_argument("--no-redis", dest="redis", action="store_const", const="", help="cache in the database")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="vpwg-load-"))
    created = None
    database_url = args.database_url
    if database_url is None:
        created = f"vpwg_load_{os.getpid()}"
        database_url = args.admin_url.rsplit("/", 1)[0] + f"/{created}"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "EMAIL_HOST")}
    env.update(
        DJANGO_SETTINGS_MODULE="vpwg.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        VPWG_VAR_DIR=str(workdir / "var"),  # static files, the filesystem broker: nothing outside workdir
        MEDIA_ROOT=str(workdir / "media"),
        PATH=f"{VENV_BIN}:{os.environ.get('PATH', '')}",
    )
    # As production runs with REDIS_URL: the cache and sessions in Redis (under a prefix of this run's
    # own, so runs side by side never read each other's keys). --no-redis: the database alone.
    if args.redis and redis_answers(args.redis):
        env.update(CACHE_REDIS_URL=args.redis, CACHE_KEY_PREFIX=f"vpwg-load-{os.getpid()}")
        say(f"Cache and sessions in Redis ({args.redis})")
    else:
        say("Cache and sessions in the database (no Redis)")
    web = None
    try:
        if created:
            say(f"Creating database {created} (migrate and demo data)")
            run(["createdb", "--maintenance-db", args.admin_url, created], env)
            run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
            run([PYTHON, "manage.py", "load_demo"], env)
        say("Collecting static files (production storage)")
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        prepared = run([PYTHON, "manage.py", "shell", "-c", PREPARE], {**env, "LOAD_EMAIL": args.email})
        target = json.loads(prepared.strip().splitlines()[-1])
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        say(f"gunicorn on {base}, {args.workers} workers")
        log = (workdir / "gunicorn.log").open("ab")
        web = subprocess.Popen(
            [VENV_BIN / "gunicorn", "vpwg.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers",
             str(args.workers), "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(f"{base}/healthz") == 200:
                    break
            except OSError:
                pass
            if web.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not come up:\n" + (workdir / "gunicorn.log").read_text()[-3000:])
            time.sleep(0.3)
        for path in target["paths"]:  # signed in: real pages, not redirects to the login page
            status = get(base + path, target["session"])
            if status != 200:
                raise SystemExit(f"{path} answered {status} before the load run")
        lua = workdir / "pages.lua"
        lua.write_text(LUA % {"paths": ", ".join(json.dumps(p) for p in target["paths"]), "session": target["session"]})
        say(f"wrk: {args.duration} s, {args.connections} connections, {len(target['paths'])} pages")
        threads = max(1, min(args.threads, args.connections))
        output = run(
            ["wrk", "-t", str(threads), "-c", str(args.connections), "-d", f"{args.duration}s", "--timeout", "10s",
             "--latency", "-s", str(lua), base + target["paths"][0]],
            env, timeout=args.duration + 120,
        )  # fmt: skip
    finally:
        if web is not None and web.poll() is None:
            os.killpg(web.pid, signal.SIGTERM)
            try:
                web.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(web.pid, signal.SIGKILL)
        if created and not args.keep:
            subprocess.run(["dropdb", "--maintenance-db", args.admin_url, "--force", created], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)

    figures = json.loads(output.split("WRK-JSON ", 1)[1].splitlines()[0])
    seconds = figures["duration_us"] / 1e6
    socket_errors = sum(figures[k] for k in ("connect", "read", "write", "timeout"))
    print(
        f"pages={len(target['paths'])} duration={seconds:.1f}s connections={args.connections} "
        f"requests={figures['requests']} requests_per_s={figures['requests'] / seconds:.1f} "
        f"latency_ms p50={figures['p50_ms']} p90={figures['p90_ms']} p99={figures['p99_ms']} "
        f"max={figures['max_ms']} mean={figures['mean_ms']} "
        f"non_2xx_3xx={figures['status']} socket_errors={socket_errors} "
        f"(connect={figures['connect']} read={figures['read']} write={figures['write']} timeout={figures['timeout']})"
    )
    return 1 if figures["status"] or socket_errors or not figures["requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
