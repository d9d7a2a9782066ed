"""A fixed-window rate limit for public forms, counted in the shared cache.

The client address is `REMOTE_ADDR`, or — only behind `TRUSTED_PROXY_COUNT` proxies that each
append the address they saw — the entry of `X-Forwarded-For` that the outermost trusted proxy
wrote. Entries left of it are written by the client and never trusted: with the default of 0
proxies, a forged header changes nothing.
"""

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The address that sent the request, as far as our own proxies can vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    # Each of the `trusted` proxies appended one entry; the last proxy's own peer is REMOTE_ADDR.
    # So the client as seen by the outermost trusted proxy is `trusted` entries from the right.
    if len(entries) >= trusted:
        return entries[-trusted]
    return entries[0] if entries else remote


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
