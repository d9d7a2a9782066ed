"""The Redis cache on the request path: a Redis error is a miss (issue 18).

Against a Redis that is not there (a closed port) and, where redis-server is installed, a private one
that is stopped and started again (tests/faults/_services.py's PrivateRedis).
"""

import pytest
from django.contrib.sessions.models import Session
from django.test import RequestFactory, override_settings

from tests.faults import _services as svc
from vpwg import cache as resilient
from vpwg.cache import ResilientRedisCache
from vpwg.ratelimit import rate_limit_exceeded


def _cache(url: str) -> ResilientRedisCache:
    resilient._STATES.pop(url, None)  # a fresh outage state for each test
    return ResilientRedisCache(url, {"KEY_PREFIX": "t18", "OPTIONS": {"socket_connect_timeout": 0.25}})


@pytest.fixture
def no_redis():
    return _cache(f"redis://127.0.0.1:{svc.free_port()}/0")  # nothing listens there


@pytest.fixture
def private_redis(tmp_path, monkeypatch):
    if not svc.PrivateRedis.available():
        pytest.skip("needs redis-server")
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0.0)  # try Redis again at once once it is back
    redis = svc.PrivateRedis(tmp_path).start()
    yield redis
    redis.stop()


def test_without_redis_reads_miss_and_writes_are_dropped(no_redis):
    assert no_redis.get("anything") is None
    assert no_redis.get("anything", "default") == "default"
    no_redis.set("key", "value")
    assert no_redis.get("key") is None
    assert no_redis.add("lock", True) is True  # nothing there to refuse it: a lock never spins
    assert no_redis.get_many(["a", "b"]) == {}
    assert no_redis.delete("key") is False
    assert no_redis.has_key("key") is False
    with pytest.raises(ValueError):
        no_redis.incr("counter")  # a miss, as for a counter never set


def test_without_redis_rate_limit_counters_count_in_the_process(no_redis):
    assert no_redis.add("ratelimit:apply:203.0.113.9:1", 0, 60) is True
    assert [no_redis.incr("ratelimit:apply:203.0.113.9:1") for _ in range(3)] == [1, 2, 3]
    no_redis.set("allauth:rl:allauth.account:login_failed:x", [1.0, 2.0])
    assert no_redis.get("allauth:rl:allauth.account:login_failed:x") == [1.0, 2.0]


def test_the_public_form_limit_still_holds_while_redis_is_down(no_redis, monkeypatch):
    monkeypatch.setattr("vpwg.ratelimit.cache", no_redis)
    request = RequestFactory().post("/apply/", REMOTE_ADDR="203.0.113.10")
    refused = [rate_limit_exceeded(request, scope="t18", limit=3, period_seconds=600) for _ in range(5)]
    assert refused == [False, False, False, True, True]


def test_after_an_error_redis_is_skipped_for_a_moment(no_redis, monkeypatch):
    calls = []
    monkeypatch.setattr(no_redis._cache, "get", lambda *a, **k: calls.append(1) or (_ for _ in ()).throw(OSError()))
    no_redis.get("a")
    no_redis.get("b")
    no_redis.get("c")
    assert calls == [1]  # one failed attempt, then misses without trying


def test_with_redis_the_cache_stores(private_redis):
    cache = _cache(private_redis.url(3))
    cache.set("key", {"a": 1}, 60)
    assert cache.get("key") == {"a": 1}
    assert cache.add("key", "other") is False
    cache.clear()  # this cache's keys only
    assert cache.get("key") is None
    assert cache.is_available()


class _Cut:
    """A network cut between this process and a Redis that keeps running (and keeps its data)."""

    def __init__(self, cache):
        self.cache, self.monkeypatch = cache, pytest.MonkeyPatch()

    def __enter__(self):
        def refused(*args, **kwargs):
            raise ConnectionError("cut")

        self.monkeypatch.setattr(self.cache._cache, "get_client", refused)

    def __exit__(self, *exc):
        self.monkeypatch.undo()


def test_a_key_deleted_while_redis_was_unreachable_does_not_come_back(private_redis):
    """A session ended at sign-out during an outage: Redis must not serve the old copy once it is back."""
    cache = _cache(private_redis.url(3))
    cache.set("session", "signed in", 600)
    cache.set("other", "kept", 600)
    with _Cut(cache):
        cache.delete("session")
        assert cache.get("other") is None  # a miss while unreachable
    assert cache.get("session") is None  # deleted first, once Redis answers again
    assert cache.get("other") == "kept"


def test_a_key_changed_while_redis_was_unreachable_is_dropped_on_return(private_redis):
    cache = _cache(private_redis.url(4))
    cache.set("roles", "member", 600)
    with _Cut(cache):
        cache.set("roles", "former member")  # dropped while unreachable
    assert cache.get("roles") is None  # never "member" again: read from the database next


@pytest.mark.django_db
def test_sessions_fall_back_to_the_database_with_redis_down(no_redis, monkeypatch):
    from vpwg.cached_sessions import SessionStore

    monkeypatch.setattr("django.core.cache.caches", {"default": no_redis}, raising=False)
    store = SessionStore()
    store._cache = no_redis
    store["who"] = "member"
    store.save()
    assert Session.objects.filter(session_key=store.session_key).exists()
    again = SessionStore(store.session_key)
    again._cache = no_redis
    assert again["who"] == "member"
    again.flush()
    assert not Session.objects.filter(session_key=store.session_key).exists()


@override_settings(SESSION_CACHE_SECONDS=30)
def test_sessions_stay_in_the_cache_for_a_short_while_only():
    from vpwg.cached_sessions import _cache_seconds

    assert _cache_seconds(8 * 3600) == 30
    assert _cache_seconds(10) == 10
