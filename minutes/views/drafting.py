"""Thin HTTP glue for minutes: selector (404 if not visible) -> permission (403) -> form -> one service."""

from django.contrib import messages
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vpwg.errors import DomainError

from .. import selectors, services
from ..exceptions import StaleRevision
from ..rendering import FIELDS, render_markdown, section_title
from ._common import _detail, minutes_view, tell_invisible_removed

# --- drafting --------------------------------------------------------------------------------


def _posted_texts(post, sections) -> dict:
    return {s["key"]: {field: post.get(f"{field}-{s['key']}", s.get(field, "")) for field in FIELDS} for s in sections}


def _saved_at(minutes) -> str:
    """The time of the last save in the group's time zone ("14:02"), for the save bar."""
    moment = timezone.localtime(minutes.updated_at, minutes.working_group.tzinfo)
    return formats.time_format(moment, "H:i")


@minutes_view("draft_minutes", methods=("GET", "POST"))
def minutes_edit(request, minutes):
    if not minutes.is_editable:
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
    # The reviewers' comments of the last version (and earlier ones still open), beside their sections.
    comments = selectors.comments_for(minutes, minutes.latest_version_number)
    context = {
        "minutes": minutes,
        "sections": [
            {**section, "title": section_title(section), "comments": comments.get(section["key"], [])}
            for section in sections
        ],
        "comments_version": minutes.latest_version_number,
        "resolvable": {c.pk for rest in comments.values() for c in rest if not c.is_resolved},
        "open_comments": sum(1 for rest in comments.values() for c in rest if not c.is_resolved),
        "change_request": selectors.change_request_for(minutes),
        "revision": revision,
        "conflict": conflict,
        "saved_at": _saved_at(minutes),
    }
    return render(request, "minutes/minutes_edit.html", context, status=409 if conflict else 200)


@minutes_view("draft_minutes", methods=("POST",))
def minutes_preview(request, minutes):
    """The editor's Markdown preview of one field (an htmx fragment): the text as posted, rendered by the
    renderer of the minutes pages and PDFs. Saves nothing."""
    field = request.POST.get("field", "")
    names = {f"{name}-{section['key']}" for section in minutes.sections for name in FIELDS}
    if field not in names:
        return HttpResponseBadRequest()
    context = {"field": field, "preview_html": render_markdown(request.POST.get(field, "")), "previewed": True}
    return render(request, "minutes/minutes_edit.html#preview", context)


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
    answer = {
        "ok": True,
        "revision": minutes.revision,
        "status": _("Saved automatically at %(time)s.") % {"time": _saved_at(minutes)},
    }
    if minutes.invisible_removed:
        answer["notice"] = ngettext(
            "%(count)s invisible character was removed: such characters can hide a name from the check.",
            "%(count)s invisible characters were removed: such characters can hide a name from the check.",
            minutes.invisible_removed,
        ) % {"count": minutes.invisible_removed}
    return JsonResponse(answer)
