"""Project-wide views: home (group switcher), health check, and the group-view decorator."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.two_factor import two_factor_missing

from . import permissions


def group_view(capability: str = "view_group"):
    """Resolve `group_slug` to a visible working group (404 otherwise), send privileged users
    without two-factor to set it up where the group requires it, then require `capability` (403).

    The view receives the group as `request.working_group` and loses the slug argument.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, group_slug, *args, **kwargs):
            working_group = permissions.get_visible_group_or_404(request.user, group_slug)
            if two_factor_missing(request.user, working_group):
                messages.warning(request, _("Your role requires two-factor sign-in. Set up an authenticator app."))
                return redirect("mfa_activate_totp")
            permissions.require(request.user, capability, working_group)
            request.working_group = working_group
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def home(request):
    """The groups this person belongs to; straight to the dashboard when there is only one."""
    from members.selectors import groups_of

    groups = groups_of(request.user)
    if len(groups) == 1 and request.GET.get("all") is None:
        return redirect("members:dashboard", group_slug=groups[0].slug)
    return render(request, "home.html", {"groups": groups})


@login_not_required
@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
