"""A mail transport that makes trouble right after the mail server "accepted" a message: the moment
at which a lost "sent" mark used to mean a second copy.

It records each message like tests/faults/mailbox.py (so the test counts what really left), then,
per FAULTS_TROUBLE:

- `lock`: a second SQLite connection takes the write lock (BEGIN EXCLUSIVE) and holds it for
  FAULTS_LOCK_SECONDS, so the worker's "sent" mark meets "database is locked";
- `terminate`: the worker's own PostgreSQL connection is ended with pg_terminate_backend (what a
  restart or a failover does), so the mark meets a dropped connection.

FAULTS_KILL_AT=n: after the n-th delivery in the log, the worker SIGKILLs itself before it can mark
the row: the message went out, the database never hears of it.
"""

import os
import signal
import sqlite3
import threading
import time

from django.db import connection, connections

from tests.faults.mailbox import RecordingBackend, delivered
from tests.helpers import wait_until


def _hold_sqlite_write_lock(path: str, seconds: float) -> None:
    """Return once the lock is held; a thread lets go of it after `seconds`."""
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    locker.execute("BEGIN EXCLUSIVE")

    def release():
        time.sleep(seconds)  # a time gap on purpose: the lock is held this long
        locker.execute("COMMIT")
        locker.close()

    threading.Thread(target=release, daemon=True).start()


def _terminate_own_postgresql_connection() -> None:
    """End this process's database session from another one, and wait until it is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

            def gone() -> bool:
                cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                return cursor.fetchone() is None

            wait_until(gone, timeout=5, interval=0.05)
    finally:
        other.close()


class TroubleBackend(RecordingBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        kill_at = int(os.environ.get("FAULTS_KILL_AT", "0"))
        if kill_at and len(delivered(os.environ["FAULTS_MAIL_LOG"])) >= kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        trouble = os.environ.get("FAULTS_TROUBLE", "")
        if trouble == "lock":
            _hold_sqlite_write_lock(connection.settings_dict["NAME"], float(os.environ.get("FAULTS_LOCK_SECONDS", "3")))
        elif trouble == "terminate":
            _terminate_own_postgresql_connection()
        return sent
