"""Django's Redis cache, made safe for the request path: a Redis error counts as a miss.

With `REDIS_URL` set, the cache (sessions via `cached_db`, the per-person access rows, rate-limit
counters) lives in Redis. Redis may go away; every page must still answer (tests/faults/). So:

- a read that fails is a miss (`get` returns the default, `get_many` returns nothing), and the caller
  goes to the database as it would on a cold cache;
- a write or delete that fails is dropped, and the key is remembered: once Redis answers again this
  process deletes those keys first, so a value changed or deleted during the outage (a session ended
  at sign-out, roles changed) does not come back from Redis stale;
- after an error this process skips Redis for `RETRY_AFTER_SECONDS` (it would only wait for the
  same refused or timed-out connection on every call);
- rate-limit counters (ours in vpwg/ratelimit.py, allauth's `allauth:rl:` keys and their locks) fall
  back to a counter in this process's memory instead of being lost: during an outage a limit still
  holds per web process (so it is at most N times looser with N processes), never off and never
  refusing everyone. When Redis returns, the counters in Redis count again.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Keys kept in process memory while Redis is unreachable (counters, not cached copies of the database).
LOCAL_FALLBACK_PREFIXES = ("ratelimit:", "allauth:rl:")
RETRY_AFTER_SECONDS = 2.0
MAX_UNSYNCED_KEYS = 10_000
_ERRORS = (RedisError, OSError)


class _OutageState:
    def __init__(self):
        self.down_until = 0.0  # monotonic time before which Redis is not tried again
        self.unsynced: set[str] = set()  # keys written or deleted while Redis did not answer


_STATES: dict[str, _OutageState] = {}


class _OneClientPerPool(RedisCacheClient):
    """Django's client makes a new `redis.Redis` for every call (~0.2 ms each, several per page: the
    session, the access rows, the waiting count). One per connection pool does the same: a
    `redis.Redis` takes a connection from its pool per command, so it is safe to share."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` where Redis being down is a cache miss."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool
        # Django makes one backend object per thread; the fallback counters and the outage state are
        # the process's (per LOCATION), so every thread of a gthread worker sees the same ones.
        self._local = LocMemCache(f"vpwg-fallback:{server}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._state = _STATES.setdefault(str(server), _OutageState())

    # -- the guard ---------------------------------------------------------------------------

    def _available(self) -> bool:
        state = self._state
        if time.monotonic() < state.down_until:
            return False
        if state.unsynced:
            keys, state.unsynced = list(state.unsynced), set()
            try:
                self._cache.delete_many(keys)  # already made keys: the raw client, not self.delete_many
            except _ERRORS as error:
                self._failed(error, keys)
                return False
            logger.info("Redis cache back: deleted %d keys changed while it was unavailable", len(keys))
        return True

    def _failed(self, error: Exception, made_keys=()) -> None:
        if time.monotonic() >= self._state.down_until:
            logger.warning("Redis cache unavailable, reading from the database meanwhile: %s", error)
        self._state.down_until = time.monotonic() + RETRY_AFTER_SECONDS
        self._remember(made_keys)

    def _remember(self, made_keys) -> None:
        if len(self._state.unsynced) < MAX_UNSYNCED_KEYS:
            self._state.unsynced.update(made_keys)

    @staticmethod
    def _local_key(key) -> bool:
        return isinstance(key, str) and key.startswith(LOCAL_FALLBACK_PREFIXES)

    def _attempt(self, operation, *args, written=(), **kwargs):
        """(True, result) from Redis, or (False, None) when Redis is unavailable."""
        if not self._available():
            self._remember(written)
            return False, None
        try:
            return True, operation(*args, **kwargs)
        except _ERRORS as error:
            self._failed(error, written)
            return False, None

    # -- the cache API -----------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        ok, value = self._attempt(super().get, key, default, version)
        if ok:
            return value
        return self._local.get(key, default, version) if self._local_key(key) else default

    def set(self, key, value, timeout=..., version=None):
        timeout = self.default_timeout if timeout is ... else timeout
        ok, _ = self._attempt(super().set, key, value, timeout, version, written=[self.make_key(key, version)])
        if not ok and self._local_key(key):
            self._local.set(key, value, timeout, version)

    def add(self, key, value, timeout=..., version=None):
        timeout = self.default_timeout if timeout is ... else timeout
        ok, added = self._attempt(super().add, key, value, timeout, version, written=[self.make_key(key, version)])
        if ok:
            return added
        if self._local_key(key):
            return self._local.add(key, value, timeout, version)
        return True  # nothing was there to refuse it (a lock taken "successfully" guards nothing, harmlessly)

    def incr(self, key, delta=1, version=None):
        ok, value = self._attempt(super().incr, key, delta, version, written=[self.make_key(key, version)])
        if ok:
            return value
        if self._local_key(key):
            return self._local.incr(key, delta, version)
        raise ValueError(f"Key '{key}' not found")  # a miss, as for a key that was never set

    def delete(self, key, version=None):
        ok, deleted = self._attempt(super().delete, key, version, written=[self.make_key(key, version)])
        if self._local_key(key):
            deleted = self._local.delete(key, version) or deleted
        return bool(deleted)

    def touch(self, key, timeout=..., version=None):
        timeout = self.default_timeout if timeout is ... else timeout
        ok, touched = self._attempt(super().touch, key, timeout, version)
        return bool(touched) if ok else False

    def has_key(self, key, version=None):
        ok, present = self._attempt(super().has_key, key, version)
        if ok:
            return present
        return self._local.has_key(key, version) if self._local_key(key) else False

    def get_many(self, keys, version=None):
        ok, values = self._attempt(super().get_many, keys, version)
        if ok:
            return values
        return self._local.get_many([k for k in keys if self._local_key(k)], version)

    def set_many(self, data, timeout=..., version=None):
        timeout = self.default_timeout if timeout is ... else timeout
        made = [self.make_key(key, version) for key in data]
        ok, failed = self._attempt(super().set_many, data, timeout, version, written=made)
        if ok:
            return failed
        local = {k: v for k, v in data.items() if self._local_key(k)}
        self._local.set_many(local, timeout, version)
        return [k for k in data if k not in local]

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._attempt(super().delete_many, keys, version, written=[self.make_key(k, version) for k in keys])
        self._local.delete_many([k for k in keys if self._local_key(k)], version)

    def clear(self):
        """Delete this cache's keys only: Celery's broker may share the Redis database (one REDIS_URL)."""
        self._local.clear()
        ok, client = self._attempt(self._cache.get_client, None, write=True)
        if ok:
            try:
                for batch in _batched(client.scan_iter(match=self.make_key("*"), count=500), 500):
                    client.delete(*batch)
            except _ERRORS as error:
                self._failed(error)
        return True

    def is_available(self) -> bool:
        """For /readyz: does Redis answer a PING now (ignores the retry pause)?"""
        try:
            return bool(self._cache.get_client(None).ping())
        except _ERRORS:
            return False


def _batched(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
