"""/healthz and /readyz (issue 18): answered before sessions and authentication."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.faults import _services as svc
from vpwg import health
from vpwg.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db


def test_healthz_touches_the_database_once_and_nothing_else(client):
    client.get("/healthz")  # the connection exists: what follows is a reused one
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert "sessionid" not in response.cookies and "Vary" not in response  # no session, no user


def test_healthz_answers_a_balancer_probing_by_address(client):
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200  # not in ALLOWED_HOSTS


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(health, "_database_answers", lambda: False)
    assert client.get("/healthz").status_code == 503


def test_readyz_names_each_part(client, monkeypatch):
    monkeypatch.setattr(health, "_broker_answers", lambda: True)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "ok"}  # the cache is the database


def test_readyz_is_503_when_redis_or_the_broker_does_not_answer(client, monkeypatch):
    stopped = ResilientRedisCache(f"redis://127.0.0.1:{svc.free_port()}/0", {"OPTIONS": {}})
    monkeypatch.setattr(health, "cache", stopped)
    monkeypatch.setattr(health, "_broker_answers", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "unavailable", "broker": "unavailable"}


def test_the_broker_check_fails_fast_on_a_closed_port(settings):
    from vpwg.celery import app

    closed = f"redis://127.0.0.1:{svc.free_port()}/0"
    previous = app.conf.broker_url
    app.conf.broker_url = closed
    try:
        assert health._broker_answers() is False
    finally:
        app.conf.broker_url = previous
