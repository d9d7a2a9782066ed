"""Settings of the processes the fault tests start (gunicorn, Celery workers): the test settings,
with the mail transport replaced by a recorder (tests/faults/mailbox.py: the outside world) and the
connection settings of base.py applied to the test database."""

from vpwg.settings import base
from vpwg.settings.test import *  # noqa: F403
from vpwg.settings.test import DATABASES, env

MAILERS = {"default": {"BACKEND": "tests.faults.mailbox.RecordingBackend"}}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = base.DATABASES["default"].get("CONN_HEALTH_CHECKS", False)
# The production cache and sessions: Redis in front of the database (the private Redis of each test).
CACHES, SESSION_ENGINE = base.CACHES, base.SESSION_ENGINE
VPWG_ACCESS_CACHE_SECONDS = base.VPWG_ACCESS_CACHE_SECONDS
