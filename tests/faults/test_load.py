"""The load script (scripts/faults/load.py) in a short run against the test database: gunicorn with
the production settings, signed in as a member, wrk over the main pages, no error response.

The issue's full run (60 s, 32 connections) is the same script with its defaults; see README."""

import subprocess
import sys

import pytest

from tests.conftest import build_group_world
from tests.factories.meetings import MeetingFactory
from tests.faults import _services as svc
from tests.faults.conftest import database_url, needs

pytestmark = [pytest.mark.services]


def test_short_load_run_has_no_error_response(postgresql_only):
    needs("wrk")
    world = build_group_world("load")
    MeetingFactory(working_group=world.group)
    command = [sys.executable, "scripts/faults/load.py", "--duration", "5", "--connections", "8", "--threads", "2"]
    command += ["--workers", "2", "--database-url", database_url(), "--email", world.users["member"].email]
    result = subprocess.run(command, cwd=svc.ROOT, capture_output=True, text=True, timeout=120)
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "non_2xx_3xx=0 socket_errors=0" in result.stdout
