"""Project-wide views: home (the person across their groups) and the group-view decorator (probes: vpwg/health.py)."""

import functools
from collections.abc import Callable

from django.shortcuts import redirect, render

from . import permissions, person
from .dates import group_time
from .kept import group_changed

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# fn(request, working_group) -> a response that replaces the page (a redirect), or None to go on.
# members registers the two-factor check here: its rules and its set-up page are members' business.
_GROUP_GUARDS: list[Callable] = []


def register_group_guard(guard: Callable) -> None:
    """An app asks to see every group page after the group is resolved and before the capability check."""
    if guard not in _GROUP_GUARDS:
        _GROUP_GUARDS.append(guard)


def group_view(capability: str = "view_group"):
    """Resolve `group_slug` to a visible working group (404 otherwise), run the registered guards (e.g.
    privileged users without two-factor are sent to set it up where the group requires it), then
    require `capability` (403).

    The view receives the group as `request.working_group` and loses the slug argument; it runs in the
    group's time zone (forms read times on its clock, templates show them on it).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, group_slug, *args, **kwargs):
            working_group = permissions.get_visible_group_or_404(request.user, group_slug)
            for guard in _GROUP_GUARDS:
                response = guard(request, working_group)
                if response is not None:
                    return response
            request.working_group = working_group  # also for the 403 page: it offers the way back to the group
            permissions.require(request.user, capability, working_group)
            with group_time(working_group):  # every time on the group's pages is on the group's clock
                response = view(request, *args, **kwargs)
            if request.method not in SAFE_METHODS and response.status_code < 400:
                group_changed(working_group)  # a write: what the group keeps is stale (vpwg.kept)
            return response

        return wrapper

    return decorator


def home(request):
    """The person's home across groups (issue 19): what waits for them in each group they belong to,
    grouped by group, each with the way to its dashboard; then the networks they are staff of.

    Someone in one group and no network goes straight to that group's dashboard: it shows the same
    list (the same kept read) and the group's membership besides, so this page would only add a click.
    `?all=1` (the switcher's "All my groups") shows this page anyway."""
    groups = person.groups_of(request.user)
    networks = permissions.network_slugs_of(request.user)  # read with their groups: no query
    if len(groups) == 1 and not networks and request.GET.get("all") is None:
        return redirect("members:dashboard", group_slug=groups[0].slug)
    across = person.waiting_across_groups(request.user, groups)
    context = {
        "across": across,
        "waiting_total": sum(entry.waiting.count for entry in across),
        "networks": networks,
        "my_groups": groups,  # the switcher's list: already read (members' context processor would read it again)
    }
    return render(request, "home.html", context)
