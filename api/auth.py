"""Bearer-token authentication for the API, the rate limit per token, and the scope check.

The token's owner becomes `request.user`: every endpoint then asks the same access object
(`vpwg.permissions.access_for`) as the pages do, so a token sees and does exactly what its owner may.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer

from members.two_factor import two_factor_missing
from vpwg import permissions
from vpwg.ratelimit import rate_limit_exceeded

from .errors import ApiError
from .models import ApiToken
from .tokens import token_authenticate


def _rate_limited(key: str, limit: int, period: int = 60) -> int | None:
    """Count one request under `key`; the seconds to wait when over `limit` in this window, else None.
    A cache that fails counts as a miss: the API keeps answering without its limit."""
    window = int(time.time() // period)
    name = f"api:rate:{key}:{window}"
    try:
        cache.add(name, 0, period)
        count = cache.incr(name)
    except Exception:  # noqa: BLE001 - any cache failure: no limit rather than no API
        return None
    if count > limit:
        return period - int(time.time()) % period
    return None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer vpwg_…` — a personal access token (api.tokens)."""

    def __call__(self, request):
        value = request.headers.get("Authorization", "")
        if not value:
            raise ApiError(401, "not_authenticated", "Send a token: Authorization: Bearer <token>.")
        scheme, _space, token = value.partition(" ")
        if scheme.lower() != "bearer":
            raise ApiError(401, "invalid_token", "Send the token as: Authorization: Bearer <token>.")
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token: str) -> ApiToken:
        api_token = token_authenticate(token)
        if api_token is None:
            raise ApiError(401, "invalid_token", "This token is unknown, expired or revoked.")
        wait = _rate_limited(f"token:{api_token.pk}", getattr(settings, "API_RATE_LIMIT_PER_MINUTE", 120))
        if wait is not None:
            raise ApiError(429, "rate_limited", "Too many requests for this token.", {"Retry-After": str(wait)})
        request.user = api_token.user
        request.api_token = api_token
        return api_token


def public_rate_limit(request) -> None:
    """The public endpoints (no token): limited per client address."""
    limit = getattr(settings, "API_PUBLIC_RATE_LIMIT_PER_MINUTE", 60)
    if rate_limit_exceeded(request, scope="api-public", limit=limit, period_seconds=60):
        raise ApiError(429, "rate_limited", "Too many requests from this address.", {"Retry-After": "60"})


def require_scope(request, scope: str) -> None:
    if not request.api_token.allows(scope):
        raise ApiError(403, "insufficient_scope", f"This token has no {scope} scope.")


def group_for(request, slug: str):
    """The working group `slug` as the token's owner sees it: 404 unless they belong to it; 403 where the
    group requires two-factor sign-in of its privileged roles and the owner has not set it up."""
    group = permissions.get_visible_group_or_404(request.user, slug)
    if two_factor_missing(request.user, group):
        raise ApiError(403, "two_factor_required", "This group requires two-factor sign-in: set it up first.")
    return group


def access(request, slug: str, capability: str = "view_group"):
    """(group, access object) after the group check and `capability` (403 without it)."""
    group = group_for(request, slug)
    group_access = permissions.access_for(request.user, group)
    if not group_access.can(capability):
        raise ApiError(403, "forbidden", "You may not do this.")
    return group, group_access
