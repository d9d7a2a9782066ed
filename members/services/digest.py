"""The weekly digest: every Monday each person hears, per group, what waits for them there (the group
home's list, vpwg.waiting), unless nothing waits or they turned it off (UserProfile.weekly_digest).

One e-mail per person, group and week, whatever the number of runs: it goes through vpwg.notify with the
outbox key `digest:<group>:<ISO week>:<user>`, so a beat that fires twice, a rerun after a worker died
or two workers at once queue it once. Each e-mail is written in the recipient's language (their choice,
else the group's), the list included.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from vpwg.i18n import languages_for_addresses
from vpwg.models import OutboxMessage
from vpwg.notify import queue_email_once
from vpwg.outbox import absolute_url
from vpwg.permissions import Role, role_group_name
from vpwg.waiting import waiting_for

from ..models import UserProfile, WorkingGroup

logger = logging.getLogger(__name__)

DIGEST_TEMPLATE = "members/emails/waiting_digest"
UNSUBSCRIBE_SALT = "members.digest-unsubscribe"

__all__ = [
    "digest_key",
    "digest_recipients",
    "digest_unsubscribe_token",
    "user_for_unsubscribe_token",
    "waiting_digest_send",
    "weekly_digest_set",
]


def digest_week(group: WorkingGroup, now: datetime) -> str:
    """The ISO week of `now` in the group's time zone, e.g. "2027-W10"."""
    year, week, _day = timezone.localtime(now, group.tzinfo).date().isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(group: WorkingGroup, week: str, user) -> str:
    return f"digest:{group.pk}:{week}:{user.pk}"


def digest_recipients(group: WorkingGroup):
    """Active people with a role in `group` and an address, who have not turned the digest off."""
    names = [role_group_name(group, role) for role in Role]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=names)
        .exclude(email="")
        .exclude(profile__weekly_digest=False)
        .distinct()
        .order_by("pk")
    )


def digest_unsubscribe_token(user) -> str:
    """The signed token of the e-mail's "stop these e-mails" link (no expiry: old e-mails keep working)."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe_token(token: str):
    """The person a token names, or None for a token that is not ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()


@transaction.atomic
def weekly_digest_set(*, user, enabled: bool) -> UserProfile:
    """Turn the person's weekly digest on or off (their profile page, or the link in the e-mail).
    Idempotent: setting the same value again changes nothing."""
    profile, _created = UserProfile.objects.get_or_create(user=user)
    if profile.weekly_digest != enabled:
        profile.weekly_digest = enabled
        profile.save(update_fields=["weekly_digest"])
    return profile


def _send_to(group: WorkingGroup, user, *, key: str, language: str) -> bool:
    with translation.override(language):
        waiting = waiting_for(user, group)
    if not waiting:
        return False  # nothing waits: no e-mail
    context = {
        "working_group": group,
        "waiting": waiting,
        "site_url": absolute_url("home").rstrip("/"),
        "home_url": absolute_url("members:dashboard", group.slug),
        "preferences_url": absolute_url("profile:preferences"),
        "unsubscribe_url": absolute_url("profile:digest-unsubscribe", digest_unsubscribe_token(user)),
    }
    return queue_email_once(user=user, dedupe_key=key, template=DIGEST_TEMPLATE, context=context, working_group=group)


def waiting_digest_send(*, now: datetime | None = None) -> int:
    """Queue this week's digest to everyone something waits for, once per person and group.

    Safe to run any number of times: keys already in the outbox are skipped before anything is read,
    and the outbox refuses a second row with the same key. Each group in its own transaction.
    Returns how many e-mails this call queued.
    """
    now = now or timezone.now()
    queued = 0
    for group in WorkingGroup.objects.all():
        week = digest_week(group, now)
        people = list(digest_recipients(group))
        keys = {user.pk: digest_key(group, week, user) for user in people}
        sent = set(
            OutboxMessage.objects.filter(dedupe_key__in=list(keys.values())).values_list("dedupe_key", flat=True)
        )
        people = [user for user in people if keys[user.pk] not in sent]
        languages = languages_for_addresses([user.email for user in people])
        with transaction.atomic():
            for user in people:
                language = languages.get(user.email) or group.language
                queued += _send_to(group, user, key=keys[user.pk], language=language)
    logger.info("Weekly digests queued: %s", queued)
    return queued


def unsubscribe_path(user) -> str:
    return reverse("profile:digest-unsubscribe", args=[digest_unsubscribe_token(user)])
