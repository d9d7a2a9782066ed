"""Thin HTTP glue for minutes: selector (404 if not visible) -> permission (403) -> form -> one service."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import WorkingGroup
from vpwg import permissions
from vpwg.errors import DomainError
from vpwg.idempotency import once_per_submit
from vpwg.views import group_view

from . import selectors, services
from .exceptions import StaleRevision
from .forms import ActionForm, CommentForm, NoteForm, SummaryForm
from .models import Minutes, PublicSummary
from .rendering import FIELDS


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


# --- list, start, page -----------------------------------------------------------------------


@group_view()
@require_GET
def minutes_list(request):
    context = {
        **selectors.minutes_list_for(request.user, request.working_group),
        "can_draft": _access(request).can("draft_minutes"),
    }
    return render(request, "minutes/minutes_list.html", context)


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
    context = {"level": level, "minutes": minutes}
    if access.allows("minutes.read_draft_minutes", minutes):
        context.update(selectors.minutes_document(minutes, None))
        context["showing_draft"] = True
    else:
        context.update(selectors.minutes_document(minutes, version))
    if level.is_reader or (minutes.circulated_version_id and version == minutes.circulated_version):
        services.minutes_log_view(minutes=minutes, version=version, user=user)
    follows_review = access.allows("minutes.follow_minutes_review", minutes)
    if follows_review and version is not None:
        context.update(selectors.review_for(minutes, version))
        context["progress"] = services.approval_progress(minutes.working_group, context["approvals"])
        context["history"] = selectors.history_for(minutes)
        context["versions"] = selectors.versions_of(minutes)
    if access.allows("minutes.add_action", minutes):
        context["action_form"] = ActionForm(minutes=minutes)
    can_review = access.allows("minutes.review_minutes", minutes)
    summary = selectors.summary_of(minutes) if follows_review else None
    context.update(
        {
            "can_edit": access.allows("minutes.edit_minutes", minutes),
            "can_circulate": access.allows("minutes.circulate_minutes", minutes),
            "can_correct": access.allows("minutes.correct_minutes", minutes),
            "can_review": can_review,
            "can_see_readers": access.allows("minutes.see_minutes_readers", minutes),
            "has_approved": can_review and any(a.user_id == user.pk for a in context.get("approvals", [])),
            "comment_form": CommentForm(sections=version.sections) if can_review else None,
            "summary": summary,
            "can_write_summary": access.allows("minutes.write_summary", summary),
            "can_submit_summary": access.allows("minutes.submit_summary", summary),
            "can_review_summary": access.allows("minutes.review_summary", summary),
            "pdf_version": version,
        }
    )
    return render(request, "minutes/minutes_detail.html", context)


@minutes_view(methods=("GET",))
def minutes_version(request, minutes, number: int):
    """One earlier version and what changed from the one before (Secretariat and reviewers)."""
    if not request.access.allows("minutes.follow_minutes_review", minutes):
        raise PermissionDenied
    version = selectors.version_for(minutes, request.minutes_level, number)
    if version is None:
        raise Http404
    context = {"minutes": minutes, "version": version, **selectors.review_for(minutes, version)}
    context.update(selectors.minutes_document(minutes, version))
    return render(request, "minutes/minutes_version.html", context)


# --- drafting --------------------------------------------------------------------------------


def _posted_texts(post, sections) -> dict:
    return {s["key"]: {field: post.get(f"{field}-{s['key']}", s.get(field, "")) for field in FIELDS} for s in sections}


@minutes_view("draft_minutes", methods=("GET", "POST"))
def minutes_edit(request, minutes):
    if minutes.status != Minutes.Status.DRAFT:
        messages.error(request, _("These minutes are not a draft; start a correction to change circulated minutes."))
        return _detail(minutes)
    revision, conflict, sections = minutes.revision, None, minutes.sections
    if request.method == "POST":
        texts = _posted_texts(request.POST, minutes.sections)
        try:
            draft = services.minutes_save_draft(
                minutes=minutes,
                actor=request.user,
                revision=_posted_revision(request),
                texts=texts,
                list_attendees=request.POST.get("list_attendees") == "on",
            )
        except StaleRevision as error:
            # Keep the person's own text in the fields and show the saved text next to it to merge.
            minutes.refresh_from_db()
            revision, conflict = minutes.revision, str(error)
            saved = {s["key"]: s for s in minutes.sections}
            sections = [{**s, **texts[s["key"]], "saved": saved.get(s["key"], {})} for s in minutes.sections]
        except DomainError as error:
            messages.error(request, str(error))
            return _detail(minutes)
        else:
            tell_invisible_removed(request, draft.invisible_removed)
            messages.success(request, _("Draft saved."))
            if request.POST.get("then") == "check":
                return redirect("minutes:minutes-check", group_slug=minutes.working_group.slug, minutes_id=minutes.pk)
            return redirect("minutes:minutes-edit", group_slug=minutes.working_group.slug, minutes_id=minutes.pk)
    context = {"minutes": minutes, "sections": sections, "revision": revision, "conflict": conflict}
    return render(request, "minutes/minutes_edit.html", context, status=409 if conflict else 200)


def _posted_revision(request) -> int:
    """The revision the editor started from; anything that is not a number counts as stale (-1)."""
    value = request.POST.get("revision", "")
    return int(value) if value.isdigit() and len(value) < 10 else -1


@minutes_view("draft_minutes", methods=("POST",))
def minutes_autosave(request, minutes):
    """The editor's periodic save (JSON). Same revision check as the form: a stale autosave is refused."""
    try:
        minutes = services.minutes_save_draft(
            minutes=minutes,
            actor=request.user,
            revision=_posted_revision(request),
            texts=_posted_texts(request.POST, minutes.sections),
            list_attendees=request.POST.get("list_attendees") == "on",
        )
    except StaleRevision as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=409)
    except DomainError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=400)
    answer = {"ok": True, "revision": minutes.revision}
    if minutes.invisible_removed:
        answer["notice"] = ngettext(
            "%(count)s invisible character was removed: such characters can hide a name from the check.",
            "%(count)s invisible characters were removed: such characters can hide a name from the check.",
            minutes.invisible_removed,
        ) % {"count": minutes.invisible_removed}
    return JsonResponse(answer)


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
        explanation=_(
            "The draft becomes a new version that the Coordination Group reviews. You cannot edit it "
            "unless they request changes."
        ),
        button=_("Submit"),
        success=_("Submitted to the Coordination Group."),
    )


@minutes_view("review_minutes", methods=("GET", "POST"))
def minutes_return(request, minutes):
    return _transition(
        request,
        minutes,
        service=services.minutes_return,
        title=_("Request changes"),
        explanation=_("The minutes go back to the Secretariat with your note and the comments on the sections."),
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
        explanation=_("Your approval counts towards the group's rule; the minutes are approved when it is met."),
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
        explanation=_(
            "Every current member's and observer's representative can then read the minutes and is "
            "told by e-mail. Circulated minutes are locked."
        ),
        button=_("Circulate"),
        success=_("The minutes are circulated."),
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
    version = selectors.version_for(minutes, request.minutes_level)
    form = CommentForm(request.POST, sections=version.sections if version else [])
    if form.is_valid():
        try:
            services.minutes_comment(minutes=minutes, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Choose a section and write a comment."))
    return _detail(minutes)


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
