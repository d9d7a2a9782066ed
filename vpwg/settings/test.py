"""Test settings: PostgreSQL by default (TEST_DATABASE_URL), SQLite on request; eager Celery.

Tests marked `worker` switch eager mode off themselves and talk to a real worker and Redis.
"""

from .base import *  # noqa: F403
from .base import env, tune_sqlite

DEBUG = False
DATABASES = {
    "default": env.db("TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/vpwg"),
}
tune_sqlite(DATABASES["default"])
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_vpwg")}
VPWG_ADMIN_REQUIRES_MFA = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The real-worker tests start their worker with CELERY_TASK_ALWAYS_EAGER=false.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/15")
# live_server cannot serve hashed names from the manifest storage.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# The database cache and sessions even when REDIS_URL names the tests' broker: rows roll back with
# each test, so rate-limit counters and cached access rows never leak into the next one. The Redis
# cache is tested on its own (tests/vpwg/test_cache.py) and by the processes of tests/faults/.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "vpwg_cache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
VPWG_ACCESS_CACHE_SECONDS = 0
VPWG_GROUP_CACHE_SECONDS = 0  # exact query counts; tests/vpwg/test_waiting.py turns it on
WHITENOISE_USE_FINDERS = True  # serve from the apps' static folders; no collectstatic needed
WHITENOISE_AUTOREFRESH = True
