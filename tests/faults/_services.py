"""Private services and processes for the fault tests: Redis and PostgreSQL instances on free ports of
127.0.0.1 (never the machine's shared 5432/6379 instances), gunicorn, Celery workers.

Every process runs in its own session, so `stop` kills its whole process group; every wait is
bounded. Used by tests/faults/ and scripts/faults/load.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.helpers import task_finished, wait_until

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_VERSIONS = Path("/usr/lib/postgresql")
PG_BIN = PG_VERSIONS / (sorted(os.listdir(PG_VERSIONS))[-1] if PG_VERSIONS.exists() else "15") / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout: float, every: float = 0.2, nudge=None) -> bool:
    return wait_until(condition, timeout=timeout, interval=every, nudge=nudge)


class Process:
    """A child in its own process group, its output in a log file."""

    def __init__(self, command: list[str], *, env: dict | None = None, log: Path, cwd: Path = ROOT):
        self.command, self.log = command, log
        with log.open("ab") as out:
            self.popen = subprocess.Popen(
                command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def running(self) -> bool:
        return self.popen.poll() is None

    def output(self, last: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-last:] if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole group: what a crash or the OOM killer does."""
        self._signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 10) -> None:
        if self.popen.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, signum) -> None:
        try:
            os.killpg(self.popen.pid, signum)
        except ProcessLookupError:
            pass


class PrivateRedis:
    """redis-server on its own port, no persistence; stop() and start() keep the port."""

    def __init__(self, workdir: Path):
        self.workdir, self.port, self.process = workdir, free_port(), None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> PrivateRedis:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.workdir)]
        self.process = Process(command, log=self.workdir / "redis.log")
        assert wait_for(self.ping, timeout=10), self.process.output()
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (initdb) on its own port, run as the postgres user (needs root)."""

    def __init__(self):
        # Not pytest's tmp_path: its parents are private to root and the postgres user must reach it.
        self.dir = Path(tempfile.mkdtemp(prefix="vpwg-faults-pg-"))
        self.dir.chmod(0o755)
        self.data = self.dir / "data"
        self.port = free_port()

    @staticmethod
    def available() -> bool:
        return os.geteuid() == 0 and shutil.which("runuser") is not None and (PG_BIN / "initdb").exists()

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _as_postgres(self, *command, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=timeout, check=True
        )

    def start(self) -> PrivatePostgres:
        shutil.chown(self.dir, "postgres")
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
                "max_connections = 100\n"
            )
        self.pg_ctl("start")
        return self

    def pg_ctl(self, action: str, *extra: str) -> float:
        """Run `pg_ctl <action>` and wait for it; returns the seconds it took."""
        started = time.monotonic()
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-t", "30",
            action, *extra,
        )  # fmt: skip
        return time.monotonic() - started

    def restart(self) -> float:
        return self.pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def copy_database(self, source_url: str, name: str) -> None:
        """Create `name` here as a copy (schema and rows) of the database at `source_url`."""
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name], check=True)
        dump = subprocess.Popen(["pg_dump", "--format=custom", "--no-owner", source_url], stdout=subprocess.PIPE)
        restore = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", name],
            stdin=dump.stdout, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        dump.stdout.close()
        assert dump.wait(timeout=120) == 0 and restore.returncode == 0, restore.stderr


def app_env(*, database_url: str, redis_url: str, workdir: Path, **extra) -> dict:
    """The environment of gunicorn and workers in the fault tests (tests/faults/settings.py)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        TEST_DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        VPWG_VAR_DIR=str(workdir / "var"),
        MEDIA_ROOT=str(workdir / "media"),
        FAULTS_MAIL_LOG=str(workdir / "delivered.jsonl"),
        PATH=f"{VENV_BIN}:{os.environ.get('PATH', '')}",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_gunicorn(env: dict, workdir: Path, *, workers: int = 2, threads: int = 1, port: int | None = None):
    port = port or free_port()
    command = [str(VENV_BIN / "gunicorn"), "vpwg.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--timeout", "30", "--graceful-timeout", "2"]
    process = Process(command, env=env, log=workdir / "gunicorn.log")

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    if not wait_for(lambda: up() or not process.running(), timeout=45, every=0.3) or not up():
        process.stop()
        raise AssertionError(f"gunicorn did not come up:\n{process.output()}")
    process.base_url = f"http://127.0.0.1:{port}"
    return process


def start_worker(env: dict, workdir: Path, name: str) -> Process:
    command = [str(VENV_BIN / "celery"), "-A", "vpwg", "worker", "--pool=solo", "-l", "info"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}-{os.getpid()}@%h"]
    process = Process(command, env=env, log=workdir / f"{name}.log")
    return process


def wait_worker_ready(worker: Process, timeout: float = 30) -> None:
    assert wait_for(lambda: "ready." in worker.output(100_000) or not worker.running(), timeout=timeout)
    assert worker.running() and "ready." in worker.output(100_000), worker.output()


def send_and_wait(broker, worker: Process, task_name: str, timeout: float = 30) -> None:
    """Send `task_name` and wait until `worker` (solo pool, INFO log) has finished it, and so every task
    sent before it: what follows then checks the state after that task, not after a guessed delay."""
    task_id = broker.send_task(task_name).id
    assert wait_for(lambda: task_finished(worker.log, task_id), timeout=timeout), worker.output()
    assert f"[{task_id}] succeeded" in worker.output(100_000), worker.output()


def broker_client(url: str):
    """A Celery client that sends tasks by name to `url`.

    `set_as_current=False`: a new Celery app otherwise becomes the current app, and every later
    `task.delay()` in this process (the eager test settings) would go to this broker instead.
    """
    from celery import Celery

    client = Celery("faults-client", broker=url, set_as_current=False)
    client.conf.broker_connection_timeout = 2
    return client
