"""Cache and sessions: Redis in front of the database when REDIS_URL is set; the database alone on
the embedded default.

With Redis, sessions are `cached_db` (the row in the database is the truth, Redis keeps a copy for
at most SESSION_CACHE_SECONDS) and the cache is vpwg.cache.ResilientRedisCache: a Redis error is a
cache miss, so every page answers with Redis stopped (tests/faults/test_redis_down.py). Rate-limit
counters then count in each web process's memory until Redis returns (see vpwg/cache.py).

Without Redis, the cache is the `vpwg_cache` table (shared by every process, e.g. allauth's
rate-limit counters) and sessions are plain database sessions: a database cache in front of a
database session would only add a query.
"""

from ..base import env

_redis_url = env.str("REDIS_URL", default="")
# The cache may have a Redis of its own; by default it shares the broker's, under its own key prefix.
_cache_url = env.str("CACHE_REDIS_URL", default="") or _redis_url

if _cache_url and not _cache_url.startswith("memory://"):
    CACHES = {
        "default": {
            "BACKEND": "vpwg.cache.ResilientRedisCache",
            "LOCATION": _cache_url,
            # Several installations (or test runs) may share one Redis: each under its own prefix.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="vpwg"),
            "OPTIONS": {
                # A Redis that does not answer costs a request at most this long once; then
                # vpwg.cache skips it for a few seconds.
                "socket_connect_timeout": env.float("CACHE_REDIS_TIMEOUT", default=0.25),
                "socket_timeout": env.float("CACHE_REDIS_TIMEOUT", default=0.25),
            },
        }
    }
    SESSION_ENGINE = "vpwg.cached_sessions"
    # The per-person access rows (roles and capabilities) are cached only when the cache is not the
    # database: reading them from a database cache would cost the query it saves.
    VPWG_ACCESS_CACHE_SECONDS = env.int("VPWG_ACCESS_CACHE_SECONDS", default=300)
    # What a group's pages keep between its writes (vpwg/kept.py: the waiting list and count, the
    # activity statistics): renewed by every write in the group, so this bounds only what changes by
    # the clock alone (a task falling due).
    VPWG_GROUP_CACHE_SECONDS = env.int("VPWG_GROUP_CACHE_SECONDS", default=120)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "vpwg_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    VPWG_ACCESS_CACHE_SECONDS = 0
    VPWG_GROUP_CACHE_SECONDS = 0
SESSION_CACHE_SECONDS = env.int("SESSION_CACHE_SECONDS", default=600)
