"""Thin HTTP glue for minutes: selector (404 if not visible) -> permission (403) -> form -> one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit

from .. import selectors, services
from ..forms import CommentForm, NoteForm
from ._common import (
    APPROVE_EXPLANATION,
    CIRCULATE_EXPLANATION,
    CIRCULATE_WARNING,
    RETURN_EXPLANATION,
    SUBMIT_EXPLANATION,
    _detail,
    minutes_view,
    submit_warning,
)

# --- transitions -----------------------------------------------------------------------------


def _transition(
    request,
    minutes,
    *,
    service,
    title,
    explanation,
    button,
    success,
    takes_note=True,
    note_required=False,
    note_label=None,
    extra=None,
):
    """GET: a confirmation page (with a note if the service records one); POST: the one service call,
    then back to the page."""
    form = NoteForm(request.POST if request.method == "POST" else None, required=note_required, label=note_label)
    if not takes_note:
        del form.fields["note"]
    if request.method == "POST" and form.is_valid():
        try:
            service(minutes=minutes, actor=request.user, **({"note": form.cleaned_data["note"]} if takes_note else {}))
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
        return _detail(minutes)
    context = {
        "minutes": minutes,
        "form": form,
        "title": title,
        "explanation": explanation,
        "button": button,
        **(extra or {}),
    }
    return render(request, "minutes/minutes_confirm.html", context)


@minutes_view("draft_minutes", methods=("GET", "POST"))
def minutes_submit(request, minutes):
    return _transition(
        request,
        minutes,
        service=services.minutes_submit,
        title=_("Submit to the Coordination Group"),
        explanation=SUBMIT_EXPLANATION,
        button=_("Submit"),
        success=_("Submitted to the Coordination Group."),
        extra={"warning": submit_warning(minutes)},
    )


@minutes_view("review_minutes", methods=("GET", "POST"))
def minutes_return(request, minutes):
    return _transition(
        request,
        minutes,
        service=services.minutes_return,
        title=_("Request changes"),
        explanation=RETURN_EXPLANATION,
        button=_("Request changes"),
        success=_("Changes requested; the Secretariat has been told."),
        note_required=True,
        note_label=_("What should change"),
    )


@minutes_view("review_minutes", methods=("GET", "POST"))
def minutes_approve(request, minutes):
    return _transition(
        request,
        minutes,
        service=services.minutes_approve,
        title=_("Approve the minutes"),
        explanation=APPROVE_EXPLANATION,
        button=_("Approve"),
        success=_("Your approval is recorded."),
    )


@minutes_view("draft_minutes", methods=("GET", "POST"))
def minutes_circulate(request, minutes):
    return _transition(
        request,
        minutes,
        service=services.minutes_circulate,
        takes_note=False,
        title=_("Circulate the minutes"),
        explanation=CIRCULATE_EXPLANATION,
        button=_("Circulate"),
        success=_("The minutes are circulated."),
        extra={"warning": CIRCULATE_WARNING},
    )


@minutes_view("draft_minutes", methods=("GET", "POST"))
def minutes_correct(request, minutes):
    return _transition(
        request,
        minutes,
        service=services.minutes_start_correction,
        title=_("Correct circulated minutes"),
        explanation=_(
            "A correction is a new draft that goes through approval again; members keep the circulated "
            "version until the correction is circulated, and are then told what changed."
        ),
        button=_("Start a correction"),
        success=_("A correction draft is open."),
        note_required=True,
        note_label=_("What needs correcting"),
    )


@minutes_view("review_minutes", methods=("POST",))
@once_per_submit
def minutes_comment(request, minutes):
    """A reviewer's comment, posted from the form beside its section; back to that section."""
    version = selectors.version_for(minutes, request.minutes_level)
    form = CommentForm(request.POST, sections=version.sections if version else [])
    if form.is_valid():
        try:
            services.minutes_comment(minutes=minutes, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Comment added."))
        return _to_section(minutes, form.cleaned_data["section_key"])
    messages.error(request, _("Write a comment."))
    return _detail(minutes)


def _to_section(minutes, key: str):
    url = reverse("minutes:minutes-detail", args=[minutes.working_group.slug, minutes.pk])
    return redirect(f"{url}#section-{key}")


@minutes_view(methods=("POST",))
def minutes_comment_resolve(request, minutes, comment_id: int):
    """Mark a comment resolved (the Secretariat, or the reviewer who wrote it). From the editor it is an
    htmx request answered with the comment as it now is, so the text being edited stays; otherwise back to
    `next` (the editor or the page)."""
    if not request.access.allows("minutes.follow_minutes_review", minutes):
        raise PermissionDenied
    comment = selectors.comment_for(minutes, comment_id)
    services.minutes_comment_resolve(comment=comment, actor=request.user)  # PermissionDenied -> 403
    comment = selectors.comment_for(minutes, comment_id)
    if request.htmx:
        context = {"comment": comment, "resolvable": set(), "comments_version": minutes.latest_version_number}
        return render(request, "minutes/includes/_section_comments.html#comment", context)
    messages.success(request, _("Comment marked resolved."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(f"{target}#comment-{comment.pk}")
    return _to_section(minutes, comment.section_key)
