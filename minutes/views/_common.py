"""Thin HTTP glue for minutes: selector (404 if not visible) -> permission (403) -> form -> one service."""

import functools

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from vpwg import permissions
from vpwg.views import group_view

from .. import selectors

# What a transition does, said the same way on its confirmation page and beside its button on the page.
SUBMIT_EXPLANATION = gettext_lazy(
    "The draft becomes a new version that the Coordination Group reviews. You cannot edit it "
    "unless they request changes."
)
APPROVE_EXPLANATION = gettext_lazy(
    "Your approval counts towards the group's rule; the minutes are approved when it is met."
)
RETURN_EXPLANATION = gettext_lazy(
    "The minutes go back to the Secretariat marked “Changes requested”, with your note at the top and "
    "the comments beside their sections."
)
CIRCULATE_EXPLANATION = gettext_lazy(
    "Every current member's and observer's representative can then read the minutes and is "
    "told by e-mail. Circulated minutes are locked."
)
CIRCULATE_WARNING = gettext_lazy(
    "This cannot be undone: the e-mails go out at once, and any later change is a correction that goes "
    "through approval again."
)


def minutes_view(capability: str | None = None, methods=("GET",)):
    """Resolve the group (group_view) and the minutes: 404 unless `user` may see them, then 403 unless
    they have `capability`. The view receives `minutes`; `request.minutes_level` is how the person reads
    them (an AccessLevel) and `request.access` their access object."""

    def decorator(view):
        @group_view()
        @require_http_methods(list(methods))
        @functools.wraps(view)
        def wrapper(request, minutes_id: int, *args, **kwargs):
            minutes, level = selectors.minutes_for(request.user, request.working_group, minutes_id)
            request.access = permissions.access_for(request.user, request.working_group)
            if capability is not None:
                request.access.require(capability, minutes)
            request.minutes_level = level
            return view(request, minutes, *args, **kwargs)

        return wrapper

    return decorator


def _detail(minutes):
    return redirect("minutes:minutes-detail", group_slug=minutes.working_group.slug, minutes_id=minutes.pk)


def _access(request):
    return permissions.access_for(request.user, request.working_group)


def submit_warning(minutes) -> str:
    """Beside a submit button: how many of the Coordination Group's comments are still open ("" if none)."""
    count = selectors.open_comment_count(minutes)
    if not count:
        return ""
    return ngettext(
        "%(count)s comment of the Coordination Group is not resolved yet.",
        "%(count)s comments of the Coordination Group are not resolved yet.",
        count,
    ) % {"count": count}


def tell_invisible_removed(request, count: int) -> None:
    """The services remove invisible and text-direction characters on save; the author is told."""
    if count:
        messages.warning(
            request,
            ngettext(
                "%(count)s invisible character was removed: such characters can hide a name from the check.",
                "%(count)s invisible characters were removed: such characters can hide a name from the check.",
                count,
            )
            % {"count": count},
        )
