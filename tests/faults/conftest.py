import http.client
import shutil
import urllib.parse

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import on_postgresql

CSRF = "faultsfaultsfaultsfaultsfaults12"  # a valid 32-character CSRF secret, sent as cookie and header


@pytest.fixture
def postgresql_only(transactional_db):
    """The started processes share the test database with the test: PostgreSQL only."""
    if not on_postgresql():
        pytest.skip("fault tests start processes that share the test database: PostgreSQL only")


def needs(*binaries: str) -> None:
    missing = [b for b in binaries if shutil.which(b) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


def database_url() -> str:
    """The test database, as the started processes reach it."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER'] or 'postgres'}{password}@{host}:{port}/{db['NAME']}"


def session_cookie(user) -> str:
    """A committed login session for `user` (sessions live in the database)."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def request(base_url: str, method: str, path: str, *, session: str | None = None, data: dict | None = None, timeout=10):
    """One HTTP request without following redirects: (status, body). Connection errors raise OSError."""
    parsed = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout)
    headers = {"Cookie": f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")}
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data, doseq=True)  # lists: one field per value
        headers.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": CSRF})
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()
