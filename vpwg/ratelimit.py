"""A fixed-window rate limit for public forms, counted in the shared (database) cache."""

import time

from django.core.cache import cache


def client_ip(request) -> str:
    # Behind the proxy the first X-Forwarded-For entry is the client (SECURE_PROXY_SSL_HEADER trusts it too).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def rate_limit_exceeded(request, *, scope: str, limit: int, period_seconds: int) -> bool:
    """Count this request; True when the client has made more than `limit` in the current window."""
    window = int(time.time() // period_seconds)
    key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, period_seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, period_seconds)
        return False
