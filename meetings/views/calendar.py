from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vpwg.i18n import language_of
from vpwg.views import group_view

from .. import selectors, services
from ..ics import calendar_for


@group_view()
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    group = request.working_group
    if request.method == "POST":
        services.calendar_feed_regenerate(user=request.user)
        messages.success(request, _("New calendar address created; the old one no longer works."))
        return redirect("meetings:calendar-settings", group_slug=group.slug)
    feed = services.calendar_feed_for(user=request.user)
    feed_url = request.build_absolute_uri(
        reverse("meetings:calendar-feed", kwargs={"group_slug": group.slug, "token": feed.token})
    )
    return render(request, "meetings/calendar_settings.html", {"feed_url": feed_url})


@login_not_required
@require_GET
def calendar_feed(request, group_slug: str, token: str):
    """A person's private calendar of one group's meetings. The token is the only key: no sign-in."""
    user, group = selectors.calendar_feed_get(group_slug, token)
    body = calendar_for(selectors.feed_meetings(user, group), name=group.short_name or group.name)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- the person's one calendar of all their groups (issue 19), under /me/calendar/ ----------------


@require_http_methods(["GET", "POST"])
def person_calendar_settings(request):
    """The private address of the calendar with the meetings of all the person's groups; POST renews it
    (the one secret of the person's feeds: every calendar address of theirs changes with it)."""
    if request.method == "POST":
        services.calendar_feed_regenerate(user=request.user)
        messages.success(request, _("New calendar address created; the old one no longer works."))
        return redirect("calendar:settings")
    feed = services.calendar_feed_for(user=request.user)
    feed_url = request.build_absolute_uri(reverse("calendar:feed", kwargs={"token": feed.token}))
    context = {"feed_url": feed_url, "groups": selectors.person_feed_groups(request.user)}
    return render(request, "meetings/person_calendar_settings.html", context)


@login_not_required
@require_GET
def person_calendar_feed(request, token: str):
    """A person's private calendar of the meetings of all their groups. The token is the only key."""
    user = selectors.person_feed_owner(token)
    meetings = selectors.person_feed_meetings(user)
    with translation.override(language_of(user)):  # the calendar's name, in the owner's language
        name = _("My working groups")
    body = calendar_for(meetings, name=name)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
