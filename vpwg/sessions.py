"""Idle sessions end: each group sets how long a signed-in person may stay idle (the strictest of
the person's groups applies). The limit is read once at sign-in and kept in the session, and the
last-seen time is written at most once a minute, so pages pay no extra query for it."""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.translation import gettext as _

IDLE_KEY, SEEN_KEY = "vpwg_idle_seconds", "vpwg_last_seen"
WRITE_EVERY_SECONDS = 60


def idle_limit_seconds(user) -> int | None:
    """The strictest idle limit among the groups in which `user` holds a role (None: no group)."""
    from .permissions import group_slugs_of
    from .tenant import tenant_model

    minutes = (
        tenant_model().objects.filter(slug__in=group_slugs_of(user)).values_list("session_idle_minutes", flat=True)
    )
    return min(minutes) * 60 if minutes else None


@receiver(user_logged_in)
def _start_idle_clock(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    limit = idle_limit_seconds(user)
    if limit:
        request.session[IDLE_KEY] = limit
        request.session[SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = request.session.get(IDLE_KEY) if hasattr(request, "session") else None
        if limit and request.user.is_authenticated:
            now, seen = int(time.time()), request.session.get(SEEN_KEY, 0)
            if now - seen > limit:
                logout(request)
                messages.info(request, _("You were signed out after a period without activity."))
                return redirect(f"/accounts/login/?next={request.path}")
            if now - seen > WRITE_EVERY_SECONDS:
                request.session[SEEN_KEY] = now
        return self.get_response(request)
