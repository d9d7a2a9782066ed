"""Thin HTTP glue for minutes: selector (404 if not visible) -> permission (403) -> form -> one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.models import WorkingGroup
from vpwg.errors import DomainError

from .. import selectors, services
from ..forms import SummaryForm
from ..models import PublicSummary
from ._common import _detail, minutes_view, tell_invisible_removed

# --- public summary --------------------------------------------------------------------------


@minutes_view("draft_minutes", methods=("GET", "POST"))
def summary_edit(request, minutes):
    summary = selectors.summary_of(minutes)
    form = SummaryForm(request.POST or None, instance=summary)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.summary_save(minutes=minutes, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
            return _detail(minutes)
        tell_invisible_removed(request, saved.invisible_removed)
        messages.success(request, _("Public summary saved. Check it for names before submitting it."))
        return redirect("minutes:minutes-check", group_slug=minutes.working_group.slug, minutes_id=minutes.pk)
    context = {
        "minutes": minutes,
        "form": form,
        "summary": summary,
        "can_write_summary": request.access.allows("minutes.write_summary", summary),
    }
    return render(request, "minutes/summary_edit.html", context)


def _summary_post(request, minutes, service, success, **kwargs):
    try:
        service(minutes=minutes, actor=request.user, **kwargs)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _detail(minutes)


@minutes_view("draft_minutes", methods=("POST",))
def summary_submit(request, minutes):
    return _summary_post(request, minutes, services.summary_submit, _("Public summary submitted."))


@minutes_view("review_minutes", methods=("POST",))
def summary_approve(request, minutes):
    return _summary_post(request, minutes, services.summary_approve, _("Your approval of the summary is recorded."))


@minutes_view("review_minutes", methods=("POST",))
def summary_return(request, minutes):
    return _summary_post(
        request,
        minutes,
        services.summary_return,
        _("Changes to the summary requested."),
        note=request.POST.get("note", ""),
    )


@login_not_required
@require_GET
def public_summaries(request, group_slug: str):
    """The group's approved public summaries: what was discussed, without attribution. Public."""
    group = get_object_or_404(WorkingGroup, slug=group_slug)
    context = {
        "public_group": group,
        "summaries": selectors.public_summaries(group),
        "approved": PublicSummary.Status.APPROVED,
    }
    return render(request, "minutes/public_summaries.html", context)
