"""Sessions in the database behind the Redis cache (`SESSION_ENGINE` when `REDIS_URL` is set).

Django's `cached_db`, with one change: a session stays in the cache for at most
`SESSION_CACHE_SECONDS` (10 minutes) before it is read from the database again. The database row
is the truth; the cached copy is a shortcut. vpwg/cache.py deletes from Redis, once it answers again,
every key this process failed to change during an outage; the short life of the cached copy bounds
what remains (a process restarted during the outage forgets its list): a session ended at sign-out
while Redis was unreachable cannot come back from a Redis that kept its data for longer than that.
"""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore


def _cache_seconds(expiry_age: int) -> int:
    return max(0, min(expiry_age, getattr(settings, "SESSION_CACHE_SECONDS", 600)))


class SessionStore(CachedDBStore):
    def load(self):
        data = self._cache.get(self.cache_key)  # a Redis error is a miss (vpwg/cache.py)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache.set(self.cache_key, data, _cache_seconds(self.get_expiry_age(expiry=stored.expire_date)))
        return data

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._cache.set(self.cache_key, self._session, _cache_seconds(self.get_expiry_age()))
