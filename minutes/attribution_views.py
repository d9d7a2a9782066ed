"""The non-attribution check's pages: the check page (every hit in its sentence, grouped by section,
"Edit here", accept with a reason), the editor's live check (JSON, as the author types) and the
follow-up action editor that "Edit here" opens for a name in an action.

Offsets sent to the browser count UTF-16 code units, as JavaScript strings do (an emoji before a name
would otherwise shift the selection).
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vpwg.errors import DomainError
from vpwg.validators import INVISIBLE

from . import selectors, services
from .attribution import KIND_UNLISTED, RULES
from .forms import AcceptForm, ActionEditForm, ApplySuggestionForm
from .models import AttributionAcceptance, FollowUpAction
from .rendering import FIELDS
from .views import minutes_view, tell_invisible_removed
from .views._common import SUBMIT_EXPLANATION, submit_warning

RULE_LABELS = {
    "full_name": gettext_lazy("full name"),
    "surname": gettext_lazy("surname"),
    "acronym": gettext_lazy("acronym"),
    "institution": gettext_lazy("institution's name"),
    "alias": gettext_lazy("another name of the institution"),
    "institution_part": gettext_lazy("part of the institution's name"),
    "embassy": gettext_lazy("embassy named by its country"),
    "country": gettext_lazy("country of an embassy"),
    "given_name": gettext_lazy("given name"),
    "honorific": gettext_lazy("title and name"),
}
assert set(RULE_LABELS) == set(RULES)
AROUND_CHARS = 160  # the sentence is shown whole up to this much text on each side of the name
MAX_CHECKED_CHARS = 400_000  # a live check of more text than ten long minutes is refused
SUMMARY_KEY = "summary"


def utf16(text: str, offset: int) -> int:
    """A code-point offset into `text` as a JavaScript (UTF-16) offset."""
    prefix = text[:offset]
    return offset + sum(1 for char in prefix if ord(char) > 0xFFFF)


def _trimmed(before: str, after: str) -> tuple[str, str]:
    """The sentence around the name, cut at a word boundary when a side is long."""
    if len(before) > AROUND_CHARS:
        cut = before[-AROUND_CHARS:]
        before = "… " + cut[cut.find(" ") + 1 :] if " " in cut else "… " + cut
    if len(after) > AROUND_CHARS:
        cut = after[:AROUND_CHARS]
        after = (cut[: cut.rfind(" ")] if " " in cut else cut) + " …"
    return before, after


def _field_id(section_key: str, field: str) -> str:
    """The editor's id for a field: "summary-opening", "description-action-7", "text-summary"."""
    return f"{field}-{section_key}"


def _edit_url(minutes, hit, text: str) -> str:
    """The editor of the field that holds `hit`, told to select it (static/js/attribution-check.js)."""
    slug = minutes.working_group.slug
    if hit.section == SUMMARY_KEY:
        page = reverse("minutes:summary-edit", args=[slug, minutes.pk])
    elif hit.section.startswith("action-"):
        page = reverse("minutes:action-edit", args=[slug, minutes.pk, int(hit.section.split("-", 1)[1])])
    else:
        page = reverse("minutes:minutes-edit", args=[slug, minutes.pk])
    field_id = _field_id(hit.section, hit.field)
    query = urlencode(
        {"field": field_id, "start": utf16(text, hit.start), "end": utf16(text, hit.end), "text": hit.matched}
    )
    return f"{page}?{query}#{field_id}"


def describe(hit) -> dict:
    """What the pages show of a hit besides the Hit itself: the sentence in three parts, the rule."""
    before, after = _trimmed(hit.sentence_before, hit.sentence_after)
    return {
        "before": before,
        "name": hit.sentence[hit.highlight_start : hit.highlight_end],
        "after": after,
        "rule_label": str(RULE_LABELS.get(hit.rule, hit.rule)),
        "unlisted": hit.kind == KIND_UNLISTED,
    }


def _texts_by_field(documents) -> dict:
    return {(key, field): text for key, _title, field, text in documents}


def _check_sections(minutes, results, documents, scope, *, apply_url: str = "") -> list[dict]:
    """Hits grouped by section in the order of the document, each with what the page needs; `apply_url`
    (where the text can still be edited) for the one-click "Apply" of a hit's suggested wording."""
    texts = _texts_by_field(documents)
    sections: dict[str, dict] = {}
    for result in results:
        hit = result["hit"]
        section = sections.setdefault(
            hit.section, {"key": hit.section, "title": result["section_title"], "results": []}
        )
        result.update(describe(hit))
        result["edit_url"] = _edit_url(minutes, hit, texts.get((hit.section, hit.field), ""))
        result["apply_url"] = apply_url if hit.suggestion and result["acceptance"] is None else ""
        result["form"] = AcceptForm(
            initial={
                "term": hit.term,
                "scope": scope,
                "section_key": hit.section,
                "field": hit.field,
                "occurrence": hit.occurrence,
            },
            prefix=f"{hit.section}-{hit.field}-{hit.start}",
        )
        section["results"].append(result)
    for section in sections.values():
        section["unresolved"] = sum(1 for r in section["results"] if r["acceptance"] is None)
    return list(sections.values())


def _counts(results) -> dict:
    unresolved = [r for r in results if r["acceptance"] is None]
    return {
        "unresolved": len(unresolved),
        "certain": sum(1 for r in unresolved if r["hit"].is_certain),
        "possible": sum(1 for r in unresolved if not r["hit"].is_certain),
    }


@minutes_view("draft_minutes", methods=("GET", "POST"))
def minutes_check(request, minutes):
    """The non-attribution check of the draft, its follow-up actions and the public summary: every hit in
    its sentence, grouped by section, with "Edit here" and the acceptance forms."""
    if request.method == "POST":
        _accept(request, minutes)
        return redirect("minutes:minutes-check", group_slug=minutes.working_group.slug, minutes_id=minutes.pk)
    checker = services.attribution_checker(minutes)
    apply_url = reverse("minutes:minutes-check-apply", args=[minutes.working_group.slug, minutes.pk])
    editable = {  # where a suggested wording can be applied in one click (the services' own rules)
        AttributionAcceptance.Scope.MINUTES: request.access.allows("minutes.edit_minutes", minutes),
        AttributionAcceptance.Scope.SUMMARY: request.access.allows(
            "minutes.write_summary", getattr(minutes, "public_summary", None)
        ),
    }
    pages = {}
    for scope in (AttributionAcceptance.Scope.MINUTES, AttributionAcceptance.Scope.SUMMARY):
        documents = services.attribution_documents(minutes, scope)
        results = services.attribution_check_texts(minutes, documents, scope=scope, checker=checker)
        sections = _check_sections(minutes, results, documents, scope, apply_url=apply_url if editable[scope] else "")
        pages[scope] = (results, sections)
    results, sections = pages[AttributionAcceptance.Scope.MINUTES]
    summary_results, summary_sections = pages[AttributionAcceptance.Scope.SUMMARY]
    counts = _counts(results)
    # A clean check is where the draft is ready: the submission is one click here (with the open comments
    # said beside the button, as on its confirmation page), not a link to that page.
    can_submit = request.access.allows("minutes.submit_minutes", minutes) and not counts["unresolved"]
    context = {
        "minutes": minutes,
        "results": results,
        "sections": sections,
        "summary_results": summary_results,
        "summary_sections": summary_sections,
        **counts,
        "summary_unresolved": _counts(summary_results)["unresolved"],
        "can_submit": can_submit,
        "submit_explanation": SUBMIT_EXPLANATION if can_submit else "",
        "submit_warning": submit_warning(minutes) if can_submit else "",
        "acceptances": selectors.acceptances_of(minutes),
    }
    return render(request, "minutes/minutes_check.html", context)


@minutes_view("draft_minutes", methods=("POST",))
def minutes_check_apply(request, minutes):
    """A hit's suggested wording put in its place from the check page (the editor's "Apply" and its save, in
    one click), then the check again on the saved text. A hit the text no longer has is refused."""
    form = ApplySuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This wording could not be applied; the check below reads the text as it is now."))
    else:
        data = form.cleaned_data
        try:
            saved = services.attribution_apply_suggestion(minutes=minutes, actor=request.user, **data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            tell_invisible_removed(request, saved.invisible_removed)
            messages.success(
                request,
                _("“%(name)s” is now “%(wording)s”; the check ran again on the saved text.")
                % {"name": data["matched"], "wording": data["suggestion"]},
            )
    return redirect("minutes:minutes-check", group_slug=minutes.working_group.slug, minutes_id=minutes.pk)


def _accept(request, minutes) -> None:
    prefix = request.POST.get("prefix", "")
    form = AcceptForm(request.POST, prefix=prefix or None)
    if not form.is_valid():
        messages.error(request, _("Give a reason to accept a mention."))
        return
    data = form.cleaned_data
    every = data["every_occurrence"]
    try:
        services.attribution_accept(
            minutes=minutes,
            actor=request.user,
            term=data["term"],
            reason=data["reason"],
            section_key="" if every else data["section_key"],
            field="" if every else data["field"],
            occurrence=None if every else data["occurrence"],
            scope=data["scope"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The mention is accepted and the reason recorded."))


# --- the editor's live check ---------------------------------------------------------------------


def _known_fields(minutes) -> dict:
    """{field id: (section key, field, scope)} of every text of these minutes the check reads."""
    known = {
        _field_id(section["key"], field): (section["key"], field, AttributionAcceptance.Scope.MINUTES)
        for section in minutes.sections
        for field in FIELDS
    }
    for action_id in minutes.actions.values_list("pk", flat=True):
        key = f"action-{action_id}"
        known[_field_id(key, services.ACTION_FIELD)] = (key, services.ACTION_FIELD, AttributionAcceptance.Scope.MINUTES)
    for field in ("title", "text"):
        known[_field_id(SUMMARY_KEY, field)] = (SUMMARY_KEY, field, AttributionAcceptance.Scope.SUMMARY)
    return known


def hit_json(hit, text: str, accepted: bool) -> dict:
    return {
        "start": utf16(text, hit.start),
        "end": utf16(text, hit.end),
        "replace_start": utf16(text, hit.replace_start),
        "replace_end": utf16(text, hit.replace_end),
        "matched": hit.matched,
        "term": hit.term,
        "severity": hit.severity,
        "suggestion": hit.suggestion,
        "accepted": accepted,
        **describe(hit),
    }


def _posted_fields(request) -> dict | None:
    """{field id: text} from a JSON body `{"fields": {...}}` (the editor) or a form post; None if malformed."""
    if request.content_type != "application/json":
        return {name: value for name, value in request.POST.items() if name != "csrfmiddlewaretoken"}
    try:
        posted = json.loads(request.body or b"{}").get("fields", {})
    except (ValueError, AttributeError):
        return None
    if not isinstance(posted, dict) or not all(isinstance(value, str) for value in posted.values()):
        return None
    return posted


@minutes_view("draft_minutes", methods=("POST",))
def minutes_check_text(request, minutes):
    """The check on the editor's unsaved text (JSON `{"fields": {field id: text}}`, or a form post), for
    the Secretariat: `{"fields": {field id: {"hits": [...], "invisible": n}}}`, from the compiled checker."""
    posted = _posted_fields(request)
    if posted is None:
        return JsonResponse({"error": _('Send the texts to check as {"fields": {id: text}}.')}, status=400)
    if sum(len(text) for text in posted.values()) > MAX_CHECKED_CHARS:
        return JsonResponse({"error": _("This is too much text to check at once.")}, status=400)
    known = _known_fields(minutes)
    checker = services.attribution_checker(minutes)
    answer = {}
    for scope in (AttributionAcceptance.Scope.MINUTES, AttributionAcceptance.Scope.SUMMARY):
        documents = [
            (known[field_id][0], "", known[field_id][1], text.replace("\r\n", "\n"))
            for field_id, text in posted.items()
            if field_id in known and known[field_id][2] == scope
        ]
        if not documents:
            continue
        results = services.attribution_check_texts(minutes, documents, scope=scope, checker=checker)
        for key, _title, field, text in documents:
            answer[_field_id(key, field)] = {"hits": [], "invisible": len(INVISIBLE.findall(text))}
        texts = _texts_by_field(documents)
        for result in results:
            hit = result["hit"]
            text = texts[(hit.section, hit.field)]
            answer[_field_id(hit.section, hit.field)]["hits"].append(
                hit_json(hit, text, accepted=result["acceptance"] is not None)
            )
    return JsonResponse({"fields": answer})


# --- follow-up actions ---------------------------------------------------------------------------


@minutes_view("draft_minutes", methods=("GET", "POST"))
def action_edit(request, minutes, action_id: int):
    """Reword a follow-up action of draft minutes (where "Edit here" leads for a name in an action)."""
    action = (
        FollowUpAction.objects.filter(minutes=minutes, pk=action_id).select_related("institution__institution").first()
    )
    if action is None:
        raise Http404
    if not request.access.allows("minutes.edit_minutes", minutes):
        messages.error(request, _("These minutes are not a draft any more; their actions cannot be edited."))
        return redirect("minutes:minutes-detail", group_slug=minutes.working_group.slug, minutes_id=minutes.pk)
    form = ActionEditForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_update(
                action=action, actor=request.user, description=form.cleaned_data["description"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            tell_invisible_removed(request, action.invisible_removed)
            messages.success(request, _("The follow-up action is saved."))
            return redirect("minutes:minutes-check", group_slug=minutes.working_group.slug, minutes_id=minutes.pk)
    context = {"minutes": minutes, "action": action, "form": form}
    return render(request, "minutes/action_edit.html", context)
