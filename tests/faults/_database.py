"""The test database, shared with the processes a test starts (gunicorn, Celery workers).

On PostgreSQL they connect to the test database itself (the test commits: `transactional_db`). On
SQLite the test database lives in memory, out of their reach: it is copied to a file for them, and
the file copied back once they are done, so the test then reads what they wrote through the ORM.
"""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from tests.conftest import on_postgresql
from tests.faults.conftest import database_url


@contextmanager
def shared_database(workdir: Path):
    """Yield the URL at which started processes reach the test database; stop them before leaving."""
    if on_postgresql():
        yield database_url()
        return
    path = workdir / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    try:
        yield f"sqlite:///{path}"
    finally:
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
