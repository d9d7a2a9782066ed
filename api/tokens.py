"""Creating, using and revoking personal access tokens (every change goes through these functions)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vpwg.audit import audit_record
from vpwg.errors import DomainError

from .models import ApiToken

TOKEN_PREFIX = "vpwg_"
MAX_DAYS = 366
MAX_ACTIVE_TOKENS = 20
# last_used_at is written at most this often per token: a busy script must not write on every call.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, scope: str, expires_in_days: int) -> tuple[ApiToken, str]:
    """A new token for `user`. Returns the row and the secret, which is shown once and never stored.

    Refuses a lifetime outside 1..366 days, an unknown scope, and a 21st active token.
    """
    if scope not in ApiToken.Scope.values:
        raise DomainError(_("Choose the read or the read and write scope."))
    if not 1 <= expires_in_days <= MAX_DAYS:
        raise DomainError(_("A token lasts from 1 to %(days)s days.") % {"days": MAX_DAYS})
    now = timezone.now()
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            ngettext(
                "You have %(count)s active token: revoke it first.",
                "You have %(count)s active tokens: revoke one first.",
                active,
            )
            % {"count": active}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or _("API token"),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=_digest(secret),
        scope=scope,
        expires_at=now + timedelta(days=expires_in_days),
    )
    audit_record(
        action="api.token.created", actor=user, target=token, scope=scope, expires_at=token.expires_at.isoformat()
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke `token` (its owner only). Revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk, user=actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(action="api.token.revoked", actor=actor, target=token)
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, its owner loaded; None if unknown, expired, revoked or the
    owner's account is inactive. Records when it was last used (at most once a minute)."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=_digest(secret)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")[:100])


def token_of(user, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=token_id).first()
