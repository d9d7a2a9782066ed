"""The non-attribution check of the group's annual report: each hit in its sentence, grouped by text,
"Edit here" (the annual report editor with the word selected), accept with a reason."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from minutes.attribution_views import describe, utf16
from vpwg.errors import DomainError
from vpwg.permissions import access_for
from vpwg.views import group_view

from . import selectors, services
from .forms import AnnualAcceptForm


def _edit_url(annual, hit, text: str) -> str:
    page = reverse("reports:annual-edit", args=[annual.working_group.slug, annual.year])
    field_id = f"id_{hit.field}"
    query = urlencode(
        {"field": field_id, "start": utf16(text, hit.start), "end": utf16(text, hit.end), "text": hit.matched}
    )
    return f"{page}?{query}#{field_id}"


def annual_check_sections(annual, results, *, editable: bool) -> list[dict]:
    """Hits grouped by text, each with the sentence, "Edit here" (while the report is a draft) and a form."""
    texts = {field: text for _key, _title, field, text in services.annual_report_documents(annual)}
    sections: dict[str, dict] = {}
    for result in results:
        hit = result["hit"]
        section = sections.setdefault(
            hit.section, {"key": hit.section, "title": result["section_title"], "results": []}
        )
        result.update(describe(hit))
        result["edit_url"] = _edit_url(annual, hit, texts.get(hit.field, "")) if editable else ""
        result["form"] = AnnualAcceptForm(
            initial={"term": hit.term, "field": hit.field, "occurrence": hit.occurrence},
            prefix=f"{hit.field}-{hit.start}",
        )
        section["results"].append(result)
    for section in sections.values():
        section["unresolved"] = sum(1 for r in section["results"] if r["acceptance"] is None)
    return list(sections.values())


@group_view("manage_reports")
@require_http_methods(["GET", "POST"])
def annual_check(request, year: int):
    """The Secretariat's check of the annual report's texts before it goes to the Coordination Group."""
    annual, _level = selectors.annual_report_get(request.user, request.working_group, year)
    if request.method == "POST":
        prefix = request.POST.get("prefix", "")
        form = AnnualAcceptForm(request.POST, prefix=prefix or None)
        if form.is_valid():
            data = form.cleaned_data
            every = data["every_occurrence"]
            try:
                services.annual_report_accept(
                    annual=annual,
                    actor=request.user,
                    term=data["term"],
                    reason=data["reason"],
                    field="" if every else data["field"],
                    occurrence=None if every else data["occurrence"],
                )
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The mention is accepted and the reason recorded."))
        else:
            messages.error(request, _("Give a reason to accept a mention."))
        return redirect("reports:annual-check", group_slug=request.working_group.slug, year=year)
    access = access_for(request.user, request.working_group)
    results = services.annual_report_check(annual)
    unresolved = [r for r in results if r["acceptance"] is None]
    context = {
        "annual": annual,
        "results": results,
        "sections": annual_check_sections(
            annual, results, editable=access.allows("reports.edit_annual_report", annual)
        ),
        "unresolved": len(unresolved),
        "certain": sum(1 for r in unresolved if r["hit"].is_certain),
        "possible": sum(1 for r in unresolved if not r["hit"].is_certain),
        "acceptances": list(annual.acceptances.select_related("actor")),
    }
    return render(request, "reports/annual_check.html", context)
