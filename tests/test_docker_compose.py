"""docker-compose.yml, checked without Docker: parse it and start each service's own command
here, against local PostgreSQL and Redis (or, for those two services, a private instance on
its own port), and check each comes up."""

import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import psycopg2
import pytest
import yaml

from tests.conftest import on_postgresql
from tests.helpers import wait_until

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PG_BIN = (
    Path("/usr/lib/postgresql")
    / (sorted(os.listdir("/usr/lib/postgresql"))[-1] if Path("/usr/lib/postgresql").exists() else "15")
    / "bin"
)

pytestmark = [pytest.mark.services]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if not on_postgresql():
        pytest.skip("docker-compose services run against PostgreSQL")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _interpolate(value: str, variables: dict) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} forms."""

    def replace(match):
        name, op, arg = match.group(1), match.group(2), match.group(3) or ""
        if name in variables and variables[name] != "":
            return variables[name]
        if op == ":?":
            raise AssertionError(f"compose needs {name}: {arg}")
        return arg if op == ":-" else ""

    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", replace, value)


def _app_env(service: dict, database_url: str) -> dict:
    compose_vars = {
        "SECRET_KEY": "compose-test-" + "x" * 50,
        "POSTGRES_PASSWORD": "unused",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env = {k: _interpolate(str(v), compose_vars) for k, v in service["environment"].items()}
    # Outside Docker the service names resolve to this machine's own services.
    env["DATABASE_URL"] = database_url
    env["REDIS_URL"] = env["REDIS_URL"].replace("redis:6379", "127.0.0.1:6379").rsplit("/", 1)[0] + "/14"
    env["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="vpwg-compose-media-")
    path = f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}"
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    return {**base, **env, "PATH": path}


@pytest.fixture(scope="module")
def compose_database():
    name = "vpwg_compose_test"
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def _start(command, env):
    log = tempfile.NamedTemporaryFile(prefix="vpwg-compose-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    process.log_path = log.name
    return process


def _output(process) -> str:
    return Path(process.log_path).read_text(errors="replace")


def _stop(process):
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, 9)


def _wait_for_output(process, needle: str, timeout: float) -> str:
    wait_until(lambda: needle in _output(process) or process.poll() is not None, timeout=timeout)
    seen = _output(process)
    assert needle in seen, f"{needle!r} not seen; output:\n{seen[-3000:]}"
    return seen


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200 and response.read() == b"ok"
    except OSError:
        return False


def test_compose_file_has_the_production_shape():
    assert set(SERVICES) == {"migrate", "web", "lb", "worker", "beat", "postgres", "redis"}
    for name in ("migrate", "web", "worker", "beat"):
        assert SERVICES[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "vpwg.settings.production"
        assert "SECRET_KEY" in SERVICES[name]["environment"]
    assert "gunicorn" in SERVICES["web"]["command"] and "migrate" not in SERVICES["web"]["command"]


def test_web_scales_behind_the_balancer_after_the_one_off_migration():
    """`--scale web=N`: no replica claims a host port (the balancer does); migrations run once, before."""
    assert SERVICES["migrate"]["command"] == "python manage.py migrate --noinput"
    assert SERVICES["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert "ports" not in SERVICES["web"] and SERVICES["web"]["expose"] == ["8000"]
    assert SERVICES["lb"]["ports"] == ["8000:8000"]
    assert "./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in SERVICES["lb"]["volumes"]
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    assert "server-template web " in config and " web:8000 " in config  # every replica compose's DNS names
    assert "option httpchk GET /healthz" in config


def test_balancer_config_is_valid():
    if shutil.which("haproxy") is None:
        pytest.skip("needs haproxy (Debian package; bin/test installs it)")
    command = shlex.split(SERVICES["lb"]["command"])
    command[command.index("-f") + 1] = str(ROOT / "deploy" / "haproxy.cfg")  # the file compose mounts there
    result = subprocess.run([*command, "-c"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrate_job_then_web_service_command_serves(compose_database):
    env = _app_env(SERVICES["migrate"], compose_database)
    migrate = subprocess.run(
        shlex.split(SERVICES["migrate"]["command"]), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert migrate.returncode == 0, migrate.stdout[-2000:] + migrate.stderr[-3000:]
    port = _free_port()
    web_env = {**_app_env(SERVICES["web"], compose_database), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    process = _start(shlex.split(SERVICES["web"]["command"]), web_env)
    try:
        wait_until(lambda: _healthy(port) or process.poll() is not None, timeout=90, interval=0.5)
        assert process.poll() is None, _output(process)
        assert _healthy(port), "web did not come up in 90 s"
    finally:
        _stop(process)


def test_worker_service_command_comes_up(compose_database):
    command = SERVICES["worker"]["command"] + " --hostname compose-test@%h"
    process = _start(shlex.split(command), _app_env(SERVICES["worker"], compose_database))
    try:
        _wait_for_output(process, "ready.", timeout=60)
    finally:
        _stop(process)


def test_beat_service_command_comes_up(compose_database, tmp_path):
    command = SERVICES["beat"]["command"].replace("/tmp/celerybeat-schedule", str(tmp_path / "schedule"))
    process = _start(shlex.split(command), _app_env(SERVICES["beat"], compose_database))
    try:
        _wait_for_output(process, "beat: Starting", timeout=60)
    finally:
        _stop(process)


def test_redis_service_command_comes_up(tmp_path):
    port = _free_port()
    command = shlex.split(SERVICES["redis"]["command"]) + [
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(tmp_path),
    ]
    process = _start(command, os.environ.copy())

    def up() -> bool:
        ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
        return ping.stdout.strip() == "PONG"

    try:
        wait_until(lambda: up() or process.poll() is not None, timeout=20)
        assert up() and process.poll() is None, "redis did not come up"
    finally:
        _stop(process)


def test_postgres_service_command_comes_up():
    if os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs root to run PostgreSQL as the postgres user")
    # Not pytest's tmp_path: its parents are private to root and the postgres user must reach it.
    tmp_path = Path(tempfile.mkdtemp(prefix="vpwg-compose-pg-"))
    tmp_path.chmod(0o755)
    data = tmp_path / "pgdata"
    data.mkdir()
    shutil.chown(tmp_path, "postgres")
    shutil.chown(data, "postgres")
    subprocess.run(
        ["runuser", "-u", "postgres", "--", str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = _free_port()
    command = shlex.split(SERVICES["postgres"]["command"])
    command[0] = str(PG_BIN / command[0])
    command += ["-D", str(data), "-p", str(port), "-k", str(tmp_path), "-h", "127.0.0.1"]
    process = _start(["runuser", "-u", "postgres", "--", *command], os.environ.copy())

    def up() -> bool:
        ready = subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True)
        return ready.returncode == 0

    try:
        wait_until(lambda: up() or process.poll() is not None, timeout=30, interval=0.3)
        assert up() and process.poll() is None, "postgres did not come up"
    finally:
        _stop(process)
        shutil.rmtree(tmp_path, ignore_errors=True)
