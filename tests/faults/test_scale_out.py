"""Several nodes (issue 18, deploy/): two gunicorn instances behind HAProxy (deploy/haproxy.cfg with
this machine's addresses), two Celery workers and one beat, on the shared PostgreSQL (the test
database) and a private Redis, with media on S3-compatible storage (moto's server standing in for
the cloud one; the storage code is django-storages' own, switched on by AWS_STORAGE_BUCKET_NAME).

- a person signs in through one instance and continues on the other;
- a document uploaded through one is downloaded through the other, and lies in the bucket;
- the reminder sweep runs on both workers at once, and every e-mail still goes out once;
- a short load run through HAProxy has no error.
"""

import http.client
import json
import re
import subprocess
import urllib.parse
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityAttachment
from meetings.models import Meeting
from tests.conftest import build_group_world
from tests.factories.activities import ActivityFactory
from tests.factories.meetings import MeetingFactory
from tests.faults import _services as svc
from tests.faults.conftest import CSRF, database_url, needs, request, session_cookie
from tests.faults.mailbox import delivered, message_digest
from vpwg.models import OutboxMessage

pytestmark = [pytest.mark.services]

PASSWORD = "scale-out-pass-2026"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BUCKET = "vpwg-scale-out"


def _moto(workdir: Path) -> svc.Process:
    port = svc.free_port()
    process = svc.Process(
        [str(svc.VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], log=workdir / "moto.log"
    )

    def up() -> bool:
        try:
            return request(f"http://127.0.0.1:{port}", "GET", "/moto-api/")[0] < 500
        except OSError:
            return False

    assert svc.wait_for(lambda: up() or not process.running(), timeout=30), process.output()
    process.base_url = f"http://127.0.0.1:{port}"
    return process


def _s3(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _haproxy(workdir: Path, servers: list[str]) -> svc.Process:
    """deploy/haproxy.cfg as written, with this machine's addresses for the bind and the replicas."""
    config = (svc.ROOT / "deploy" / "haproxy.cfg").read_text()
    port = svc.free_port()
    config = config.replace("    bind :8000\n", f"    bind 127.0.0.1:{port}\n")
    template = re.search(r"^    server-template .*$", config, re.MULTILINE).group(0)
    replicas = "\n".join(f"    server web{i} {address} check" for i, address in enumerate(servers, 1))
    config = config.replace(template, replicas)
    path = workdir / "haproxy.cfg"
    path.write_text(config)
    process = svc.Process(["haproxy", "-db", "-f", str(path)], log=workdir / "haproxy.log")
    process.base_url = f"http://127.0.0.1:{port}"

    def both_up() -> bool:
        statuses = []
        for _ in range(4):  # round robin: four requests reach both replicas twice
            try:
                statuses.append(request(process.base_url, "GET", "/healthz")[0])
            except OSError:
                return False
        return statuses == [200] * 4

    assert svc.wait_for(lambda: both_up() or not process.running(), timeout=30), process.output()
    return process


def _sign_in(base_url: str, email: str) -> str:
    """allauth's sign-in form through one instance; returns the session it set."""
    parsed = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=20)
    body = urllib.parse.urlencode({"login": email, "password": PASSWORD})
    headers = {
        "Cookie": f"csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    try:
        conn.request("POST", reverse("account_login"), body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        assert response.status == 302, response.status
        cookies = response.msg.get_all("Set-Cookie") or []
    finally:
        conn.close()
    return next(c.split(";", 1)[0].split("=", 1)[1] for c in cookies if c.startswith("sessionid="))


def _upload(base_url: str, path: str, session: str, name: str, content: bytes) -> int:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmaterial\r\n'.encode(),
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    parsed = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=20)
    headers = {
        "Cookie": f"csrftoken={CSRF}; sessionid={session}",
        "X-CSRFToken": CSRF,
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    try:
        conn.request("POST", path, body=b"".join(parts), headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _worker(env: dict, workdir: Path, name: str) -> svc.Process:
    """A worker that also listens on a queue of its own, so a task can be sent to this one."""
    command = [
        str(svc.VENV_BIN / "celery"),
        "-A",
        "vpwg",
        "worker",
        "--pool=solo",
        "-l",
        "info",
        "-Q",
        f"celery,{name}",
    ]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"]
    return svc.Process(command, env=env, log=workdir / f"{name}.log")


def _load(workdir: Path, base_url: str, paths: list[str], session: str, seconds=5, connections=8) -> dict:
    """The wrk script of scripts/faults/load.py, rotating over `paths` signed in."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fault_load", svc.ROOT / "scripts" / "faults" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lua = workdir / "pages.lua"
    lua.write_text(module.LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "session": session})
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(lua)]
    out = subprocess.run(command + [base_url + paths[0]], capture_output=True, text=True, timeout=seconds + 60).stdout
    return json.loads(next(line[9:] for line in out.splitlines() if line.startswith("WRK-JSON ")))


def test_two_web_instances_two_workers_and_object_storage_behind_haproxy(postgresql_only, tmp_path):
    needs("redis-server", "haproxy", "wrk")
    if not (svc.VENV_BIN / "moto_server").exists():
        pytest.skip("needs moto's server (requirements-dev.txt: moto[server])")
    world = build_group_world("scaleout")
    member, secretariat = world.users["member"], world.users["secretariat"]
    member.set_password(PASSWORD)
    member.save()
    activity = ActivityFactory(working_group=world.group)
    meeting = MeetingFactory(working_group=world.group, starts_in_days=5)
    from meetings import services as meeting_services

    meeting_services.meeting_invite(meeting=meeting, actor=secretariat)
    Meeting.objects.filter(pk=meeting.pk).update(invited_at=timezone.now() - timedelta(days=20))
    earlier = set(OutboxMessage.objects.values_list("pk", flat=True))  # the invitations, sent in-process

    redis = svc.PrivateRedis(tmp_path).start()
    moto = _moto(tmp_path)
    _s3(moto.base_url).create_bucket(Bucket=BUCKET)
    env = svc.app_env(
        database_url=database_url(),
        redis_url=redis.url(),
        workdir=tmp_path,
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=moto.base_url,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        TRUSTED_PROXY_COUNT=1,
        CONN_MAX_AGE=60,
    )
    processes = [moto]
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
        web_a = svc.start_gunicorn(env, tmp_path / "a", workers=2)
        processes.append(web_a)
        web_b = svc.start_gunicorn(env, tmp_path / "b", workers=2)
        processes.append(web_b)
        addresses = [urllib.parse.urlsplit(web.base_url).netloc for web in (web_a, web_b)]
        lb = _haproxy(tmp_path, addresses)
        processes.append(lb)
        workers = [_worker(env, tmp_path, name) for name in ("scale-a", "scale-b")]
        processes += workers
        beat = svc.Process(
            [str(svc.VENV_BIN / "celery"), "-A", "vpwg", "beat", "-l", "info", "-s", str(tmp_path / "beat-schedule")],
            env=env,
            log=tmp_path / "beat.log",
        )
        processes.append(beat)
        for worker in workers:
            svc.wait_worker_ready(worker)
        assert svc.wait_for(lambda: "beat: Starting" in beat.output() or not beat.running(), timeout=30)
        assert beat.running(), beat.output()

        # Signed in through A, the same person continues on B (and through the balancer).
        session = _sign_in(web_a.base_url, member.email)
        dashboard = reverse("members:dashboard", args=[world.group.slug])
        for base in (web_b.base_url, lb.base_url, lb.base_url):
            status, body = request(base, "GET", dashboard, session=session)
            assert status == 200, (base, status, body[-300:])  # not the sign-in page: the session holds

        # Uploaded through A, downloaded through B; the file lies in the bucket, not on a disk.
        staff = session_cookie(secretariat)
        add = reverse("activities:attachment-add", args=[world.group.slug, activity.pk])
        assert _upload(web_a.base_url, add, staff, "programme.pdf", PDF) == 302
        attachment = ActivityAttachment.objects.get(activity=activity)
        listed = _s3(moto.base_url).list_objects_v2(Bucket=BUCKET).get("Contents", [])
        assert [item["Key"] for item in listed] == [attachment.file.name]
        assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.pdf"))
        download = reverse("activities:attachment-download", args=[world.group.slug, attachment.pk])
        status, body = request(web_b.base_url, "GET", download, session=session)
        assert (status, body) == (200, PDF)

        # The sweep on both workers at once; then each worker drains the outbox, as beat would.
        broker = svc.broker_client(redis.url())
        sweeps = [
            broker.send_task("meetings.tasks.reminders_sweep_task", queue=name) for name in ("scale-a", "scale-b")
        ]
        for worker, sweep in zip(workers, sweeps, strict=True):
            assert svc.wait_for(lambda w=worker, s=sweep: svc.task_finished(w.log, s.id), timeout=60), worker.output()
        rows = OutboxMessage.objects.exclude(pk__in=earlier)
        assert rows.filter(dedupe_key__startswith=f"meeting:{meeting.pk}:").count() >= 6  # reminders and chasers
        assert svc.wait_for(lambda: not rows.filter(sent_at__isnull=True).exists(), timeout=60), workers[0].output()
        for worker, name in zip(workers, ("scale-a", "scale-b"), strict=True):
            drain = broker.send_task("vpwg.tasks.outbox_drain_task", queue=name)
            assert svc.wait_for(lambda w=worker, d=drain: svc.task_finished(w.log, d.id), timeout=60), worker.output()

        # A short load run through HAProxy over the main pages.
        pages = [
            reverse(name, args=[world.group.slug])
            for name in ("members:dashboard", "members:directory", "meetings:index", "activities:index")
        ]
        load = _load(tmp_path, lb.base_url, pages, session)
    finally:
        for process in reversed(processes):
            process.stop()
        redis.stop()

    sent = list(rows.values_list("recipient", "subject", "body_text", "attempts"))
    assert sent and all(attempts == 1 for *_, attempts in sent)
    mails = Counter(m["digest"] for m in delivered(env["FAULTS_MAIL_LOG"]))
    assert mails == Counter(message_digest(r, s, b) for r, s, b, _ in sent)  # every row once, none twice
    served = {name: lb.output(10**8).count(f"web/{name} ") for name in ("web1", "web2")}
    assert all(served.values()), served  # both replicas served requests
    errors = sum(load[key] for key in ("connect", "read", "write", "status", "timeout"))
    assert errors == 0 and load["requests"] > 0, load
    print(
        f"scale-out: signed in on A, served by B; upload on A downloaded on B from the bucket; sweep on 2 workers "
        f"queued {len(sent)} e-mails, delivered {sum(mails.values())}, duplicates 0; load through HAProxy "
        f"{load['requests']} requests, p99 {load['p99_ms']:.0f} ms, errors {errors}; per replica {dict(served)}"
    )
