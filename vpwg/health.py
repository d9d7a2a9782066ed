"""Liveness and readiness, answered before sessions, authentication and host checks.

- `/healthz` (liveness; what the load balancer routes on): one `SELECT 1` on this process's
  database connection, nothing else. 200 "ok", or 503 when the database does not answer.
- `/readyz` (readiness; for deploys and monitoring): PostgreSQL, the Redis cache and the Celery
  broker, each checked now; 200 when all answer, 503 naming what does not. Not for routing: with
  Redis down every page still answers (vpwg/cache.py), and a balancer routing on /readyz would
  take every node out at once.

`HealthCheckMiddleware` is the first middleware, so a probe costs no session, user, CSP nonce or
template, and works with any Host header (balancers probe by address). The URL patterns of the
same views stay for `reverse()` and for a stack without the middleware.
"""

from __future__ import annotations

import json
import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    """One round trip. Django would check a reused connection with a `SELECT 1` of its own before
    ours (CONN_HEALTH_CHECKS); ours is that check, so the probe skips Django's and, when the reused
    connection turns out dead, opens a new one once."""
    for attempt in range(2):
        try:
            if connection.connection is not None and attempt == 0:
                connection.health_check_done = True
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except DatabaseError as error:
            connection.close()
            if attempt:
                logger.warning("healthz: the database does not answer: %s", error)
    return False


def _cache_answers() -> bool | None:
    """None when the cache is the database (nothing more to check)."""
    ping = getattr(cache, "is_available", None)
    return None if ping is None else ping()


def _broker_answers() -> bool:
    from .celery import app

    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=0, timeout=1)
        return True
    except Exception as error:  # noqa: BLE001 (kombu raises the transport's own errors)
        logger.warning("readyz: the broker does not answer: %s", error)
        return False


@login_not_required
def healthz(request):
    if _database_answers():
        return HttpResponse("ok", content_type="text/plain")
    return HttpResponse("database unavailable", status=503, content_type="text/plain")


@login_not_required
def readyz(request):
    checks = {"database": _database_answers(), "cache": _cache_answers(), "broker": _broker_answers()}
    report = {name: ("ok" if ok else "unavailable") for name, ok in checks.items() if ok is not None}
    status = 200 if all(ok is not False for ok in checks.values()) else 503
    return HttpResponse(json.dumps(report), status=status, content_type="application/json")


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the probes itself, GET and HEAD only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
