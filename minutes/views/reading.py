"""Thin HTTP glue for minutes: selector (404 if not visible) -> permission (403) -> form -> one service."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.views import group_view

from .. import selectors, services
from ..forms import ActionForm
from ._common import _access, _detail, minutes_view, tell_invisible_removed

# --- reading ---------------------------------------------------------------------------------


@minutes_view()
def minutes_pdf(request, minutes):
    """The PDF copy for this person: stamped with their name and institution, logged."""
    version = selectors.version_for(minutes, request.minutes_level)
    if version is None:
        raise Http404
    pdf = services.minutes_download(minutes=minutes, version=version, user=request.user)
    if pdf is None:
        messages.info(request, _("The PDF is being prepared. Try again in a minute."))
        return _detail(minutes)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"minutes-{minutes.meeting.starts_at:%Y-%m-%d}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@minutes_view("draft_minutes")
def minutes_readers(request, minutes):
    context = {"minutes": minutes, "accesses": selectors.readers_of(minutes)}
    return render(request, "minutes/minutes_readers.html", context)


# --- follow-up actions -----------------------------------------------------------------------


@minutes_view("draft_minutes", methods=("POST",))
@once_per_submit
def action_add(request, minutes):
    form = ActionForm(request.POST, minutes=minutes)
    if form.is_valid():
        try:
            action = services.action_add(minutes=minutes, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            tell_invisible_removed(request, action.invisible_removed)
            messages.success(request, _("Follow-up action added."))
    else:
        messages.error(request, _("Describe the action, choose an institution and a due date."))
    return _detail(minutes)


@group_view()
@require_GET
def action_list(request):
    show_all = request.GET.get("all") == "1"
    access = _access(request)
    actions = selectors.actions_visible_to(request.user, request.working_group, open_only=not show_all)
    context = {
        "actions": actions,
        "show_all": show_all,
        "can_mark_done": {
            action.pk
            for action in actions
            if action.status == action.Status.OPEN and access.allows("minutes.mark_action_done", action)
        },
    }
    return render(request, "minutes/action_list.html", context)


@group_view()
@require_POST
def action_done(request, action_id: int):
    action = selectors.action_for(request.user, request.working_group, action_id)
    services.action_mark_done(action=action, actor=request.user)  # PermissionDenied -> 403
    messages.success(request, _("Marked as done."))
    return redirect("minutes:action-list", group_slug=request.working_group.slug)
