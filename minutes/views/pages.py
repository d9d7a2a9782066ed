"""Thin HTTP glue for minutes: selector (404 if not visible) -> permission (403) -> form -> one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vpwg.errors import DomainError
from vpwg.kept import kept, query_key
from vpwg.listing import int_param, query_with, year_fold
from vpwg.views import group_view

from .. import selectors, services
from ..forms import ActionForm
from ._common import (
    APPROVE_EXPLANATION,
    CIRCULATE_EXPLANATION,
    CIRCULATE_WARNING,
    RETURN_EXPLANATION,
    _access,
    minutes_view,
)

# --- list, start, page -----------------------------------------------------------------------


@group_view()
@require_GET
def minutes_list(request):
    # Kept between writes in the group (vpwg.kept): per reader, since what each may open differs.
    key = f"minutes-list:{request.user.pk}:{translation.get_language()}:{query_key(request.GET)}"
    return render(
        request,
        "minutes/minutes_list.html",
        {"listing_html": kept(request.working_group, key, lambda: _listing_html(request))},
    )


def _listing_html(request) -> str:
    # Those in the workflow first, then one year of circulated minutes (?year=, default the most recent);
    # the Secretariat's held meetings without minutes: the most recent, or all of them with ?without=all.
    data = selectors.minutes_list_for(
        request.user,
        request.working_group,
        year=int_param(request.GET, "year"),
        all_waiting=request.GET.get("without") == "all",
    )
    context = {
        **data,
        "years": year_fold(request.GET, data["year_counts"], data["year"]),
        "all_waiting_query": query_with(request.GET, without="all"),
        "can_draft": _access(request).can("draft_minutes"),
    }
    return render_to_string("minutes/minutes_list.html#listing", context, request)


@group_view("draft_minutes")
@require_http_methods(["GET", "POST"])
def minutes_start(request, meeting_id: int):
    meeting = selectors.meeting_for_minutes(request.working_group, meeting_id)
    if request.method == "POST":
        try:
            minutes = services.minutes_start(meeting=meeting, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("minutes:index", group_slug=request.working_group.slug)
        messages.success(request, _("Draft minutes created. Write them section by section."))
        return redirect("minutes:minutes-edit", group_slug=request.working_group.slug, minutes_id=minutes.pk)
    return render(request, "minutes/minutes_start.html", {"meeting": meeting})


@minutes_view()
def minutes_detail(request, minutes):
    access, level, user = request.access, request.minutes_level, request.user
    version = selectors.version_for(minutes, level)
    draft = access.allows("minutes.read_draft_minutes", minutes)
    follows_review = access.allows("minutes.follow_minutes_review", minutes)
    # What every reader at this level sees (the document, and for those who follow the review its
    # comments, approvals, history and versions): kept between writes in the group (vpwg.kept, issue 18).
    # What is this reader's own (the read log, what they may do) is worked out on every view.
    key = f"minutes-page:{minutes.pk}:{version.pk if version else 0}:{draft:d}{follows_review:d}:{get_language()}"
    context = dict(
        kept(
            minutes.working_group,
            key,
            lambda: _page_shared(minutes, version, draft=draft, follows_review=follows_review),
        )
    )
    context.update(level=level, minutes=minutes)
    if level.is_reader or (minutes.circulated_version_id and version == minutes.circulated_version):
        services.minutes_log_view(minutes=minutes, version=version, user=user)
    can_review = access.allows("minutes.review_minutes", minutes)
    if follows_review and version is not None:
        _comments_beside_sections(request, context, version, can_comment=can_review)
    if access.allows("minutes.add_action", minutes):
        context["action_form"] = ActionForm(minutes=minutes)
    summary = context["summary"]
    context.update(
        {
            "can_edit": access.allows("minutes.edit_minutes", minutes),
            "can_circulate": access.allows("minutes.circulate_minutes", minutes),
            "can_correct": access.allows("minutes.correct_minutes", minutes),
            "can_review": can_review,
            "can_see_readers": access.allows("minutes.see_minutes_readers", minutes),
            "has_approved": can_review and any(a.user_id == user.pk for a in context.get("approvals", [])),
            "can_write_summary": access.allows("minutes.write_summary", summary),
            "can_submit_summary": access.allows("minutes.submit_summary", summary),
            "can_review_summary": access.allows("minutes.review_summary", summary),
            "pdf_version": version,
            # The review and circulation forms sit on the page itself (one click); their confirmation pages
            # remain for the e-mails' links. The same explanations as there, beside the buttons.
            "approve_explanation": APPROVE_EXPLANATION,
            "return_explanation": RETURN_EXPLANATION,
            "circulate_explanation": CIRCULATE_EXPLANATION,
            "circulate_warning": CIRCULATE_WARNING,
        }
    )
    return render(request, "minutes/minutes_detail.html", context)


def _page_shared(minutes, version, *, draft: bool, follows_review: bool) -> dict:
    shared = selectors.minutes_page_shared(minutes, version, draft=draft, follows_review=follows_review)
    if "approvals" in shared:
        shared["progress"] = services.approval_progress(minutes.working_group, shared["approvals"])
    return shared


def _comments_beside_sections(request, context, version, *, can_comment: bool) -> None:
    """Each section shown gets its comments (`section.comments`) and, for a reviewer, its own comment
    form; `resolvable` is the comments this person may mark resolved."""
    comments = context["comments_by_section"]
    commentable = {s["key"] for s in version.sections} if can_comment else set()
    for section in context["sections"]:
        section["comments"] = comments.get(section["key"], [])
        section["can_comment"] = section["key"] in commentable
    context["comment_panel"] = True
    context["open_comments"] = sum(1 for rest in comments.values() for comment in rest if not comment.is_resolved)
    context["comments_version"] = version.number
    context["resolvable"] = {
        comment.pk
        for rest in comments.values()
        for comment in rest
        if not comment.is_resolved and request.access.allows("minutes.resolve_minutes_comment", comment)
    }


@minutes_view(methods=("GET",))
def minutes_version(request, minutes, number: int):
    """One earlier version and what changed from the one before (Secretariat and reviewers)."""
    if not request.access.allows("minutes.follow_minutes_review", minutes):
        raise PermissionDenied
    version = selectors.version_for(minutes, request.minutes_level, number)
    if version is None:
        raise Http404
    against = request.GET.get("against", "")
    against = int(against) if against.isdigit() and len(against) < 6 else None
    context = {"minutes": minutes, "version": version, **selectors.review_for(minutes, version, against)}
    context.update(selectors.minutes_document(minutes, version))
    context["earlier_numbers"] = list(range(1, version.number))
    _comments_beside_sections(request, context, version, can_comment=False)
    return render(request, "minutes/minutes_version.html", context)
