"""Report centre, annual report, members' reports and meeting packs: thin HTTP glue over
reports/services/. Who may do what is asked of the access object (rules in reports/permissions.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings.models import Meeting
from members import services as members_services
from members.models import Decision, DecisionKind, Membership
from vpwg.errors import DomainError
from vpwg.listing import window_of
from vpwg.permissions import access_for
from vpwg.views import group_view

from . import selectors, services
from .forms import AnnualReportForm, MemberReportForm, ReturnForm, YearForm
from .models import Report
from .sections import localised


def _rows(reports: list[Report], access) -> list[dict]:
    rows = []
    for report in reports:
        can_render = access.allows("reports.render_report", report)
        rows.append(
            {
                "report": report,
                "title": selectors.title_of(report),
                "audience": selectors.audience_of(report),
                "circulated_at": selectors.circulated_at_of(report),
                "can_render": can_render,
                "show_error": can_render,
            }
        )
    return rows


# Reports on one page of the report centre (issue 18: a page stays well under 20 KB; a row with its
# render state and form is about 1 KB for the Secretariat).
REPORTS_PER_PAGE = 10


@group_view("view_reports")
@require_GET
def report_centre(request):
    group, user = request.working_group, request.user
    access = access_for(user, group)
    can_prepare_packs = access.allows("reports.prepare_meeting_packs")
    # One page of the reports, the last requested first (?page=); no COUNT query: a page reads one row more.
    reports, pager = window_of(request.GET, selectors.reports_for(user, group), REPORTS_PER_PAGE)
    context = {
        "rows": _rows(reports, access),
        "pager": pager,
        "can_manage": access.can("manage_reports"),
        "can_prepare_packs": can_prepare_packs,
        "meetings": selectors.upcoming_meetings(group) if can_prepare_packs else [],
        "year_form": YearForm(initial={"year": group.today().year - 1}),
    }
    return render(request, "reports/report_centre.html", context)


def _status_payload(report: Report, group) -> dict:
    return {
        "id": report.pk,
        "status": report.status,
        "status_label": report.get_status_display(),
        "progress": report.progress,
        "stage": report.stage,
        "error": report.error,
        "has_file": bool(report.file),
        "done": not report.is_busy,
        "download_url": reverse("reports:report-pdf", args=[group.slug, report.pk]) if report.file else "",
    }


@group_view("view_reports")
@require_GET
def report_status(request, report_id: int):
    """Polled by static/js/reports.js while a report renders."""
    report, _level = selectors.report_get(request.user, request.working_group, report_id)
    payload = _status_payload(report, request.working_group)
    if not access_for(request.user, request.working_group).allows("reports.render_report", report):
        payload["error"] = ""  # the reason is for those who can act on it
    return JsonResponse(payload)


@group_view("view_reports")
@require_GET
def report_pdf(request, report_id: int):
    """The last good copy, marked for this person and logged."""
    report, _level = selectors.report_get(request.user, request.working_group, report_id)
    pdf = services.report_download(report=report, user=request.user)
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.kind}-{report.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@group_view("view_reports")
@require_POST
def report_render(request, report_id: int):
    """Render again (a retry after a failure, or a refresh)."""
    report, _level = selectors.report_get(request.user, request.working_group, report_id)
    try:
        _report, queued = services.report_request(actor=request.user, kind=report.kind, subject=report.subject)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Rendering queued.") if queued else _("This report is already being rendered."))
    return redirect("reports:index", group_slug=request.working_group.slug)


# --- the group's annual report ----------------------------------------------------------------


@group_view("manage_reports")
@require_POST
def annual_start(request):
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year between 2000 and this year."))
        return redirect("reports:index", group_slug=request.working_group.slug)
    try:
        annual = services.annual_report_start(
            working_group=request.working_group, year=form.cleaned_data["year"], actor=request.user
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("reports:index", group_slug=request.working_group.slug)
    return redirect("reports:annual-detail", group_slug=request.working_group.slug, year=annual.year)


@group_view("view_reports")
@require_GET
def annual_detail(request, year: int):
    annual, level = selectors.annual_report_get(request.user, request.working_group, year)
    access = access_for(request.user, request.working_group)
    context = {
        "annual": annual,
        "level": level,
        "report": selectors.render_of(annual_report=annual),
        "can_render": access.allows("reports.render_report", annual),
        "can_edit": access.allows("reports.edit_annual_report", annual),
        "can_submit": access.allows("reports.submit_annual_report", annual),
        "can_review": access.allows("reports.review_annual_report", annual),
        "can_circulate": access.allows("reports.circulate_annual_report", annual),
        "document": (
            selectors.annual_document(annual) if access.allows("reports.read_annual_report_contents", annual) else None
        ),
        "return_form": ReturnForm(),
        "attribution_unresolved": _attribution_unresolved(annual, level),
    }
    return render(request, "reports/annual_detail.html", context)


def _attribution_unresolved(annual, level) -> int | None:
    """Mentions of participants still to fix or accept, for the Secretariat and the Coordination Group
    before approval (approval is refused while there are any); None once approved or for readers."""
    if level.is_reader or annual.status not in (annual.Status.DRAFT, annual.Status.SUBMITTED):
        return None
    return sum(1 for result in services.annual_report_check(annual) if result["acceptance"] is None)


@group_view("manage_reports")
@require_http_methods(["GET", "POST"])
def annual_edit(request, year: int):
    annual, _level = selectors.annual_report_get(request.user, request.working_group, year)
    if not access_for(request.user, request.working_group).allows("reports.edit_annual_report", annual):
        messages.error(request, _("The report is with the Coordination Group or approved; it cannot be edited."))
        return redirect("reports:annual-detail", group_slug=request.working_group.slug, year=year)
    form = AnnualReportForm(request.POST or None, instance=annual, initial={"revision": annual.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_report_save(
                annual=annual,
                actor=request.user,
                revision=form.cleaned_data["revision"],
                foreword=form.cleaned_data["foreword"],
                lessons_learned=form.cleaned_data["lessons_learned"],
                challenges=form.cleaned_data["challenges"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("reports:annual-detail", group_slug=request.working_group.slug, year=year)
    return render(request, "reports/annual_edit.html", {"annual": annual, "form": form})


def _annual_transition(request, year: int, capability: str, service, success: str, **kwargs):
    annual, _level = selectors.annual_report_get(request.user, request.working_group, year)
    access_for(request.user, request.working_group).require(capability, annual)
    try:
        service(annual=annual, actor=request.user, **kwargs)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("reports:annual-detail", group_slug=request.working_group.slug, year=year)


@group_view("manage_reports")
@require_POST
def annual_submit(request, year: int):
    return _annual_transition(
        request, year, "manage_reports", services.annual_report_submit, _("Sent to the Coordination Group.")
    )


@group_view("review_minutes")
@require_POST
def annual_return(request, year: int):
    form = ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _annual_transition(
        request, year, "review_minutes", services.annual_report_return, _("Returned to the Secretariat."), note=note
    )


@group_view("review_minutes")
@require_POST
def annual_approve(request, year: int):
    """Nobody approves alone (issue 14): the first "Approve" proposes the Coordination Group's decision,
    the next ones vote for it; it takes effect (annual_report_approve) once the charter's rule is met."""
    group = request.working_group
    annual, _level = selectors.annual_report_get(request.user, group, year)
    access_for(request.user, group).require("review_minutes", annual)
    decision = Decision.objects.open().about(annual).first()
    try:
        if decision is None:
            decision = members_services.decision_open(
                working_group=group,
                kind=DecisionKind.ANNUAL_REPORT,
                subject=annual,
                actor=request.user,
                reason=_("The Coordination Group approves the annual report."),
            )
        else:
            members_services.decision_vote(decision=decision, actor=request.user, choice="agree", reason=_("Approved."))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("reports:annual-detail", group_slug=group.slug, year=year)
    decision.refresh_from_db()
    if decision.is_open:
        messages.success(request, _("Your approval is recorded; the decision is open for the other members."))
        return redirect("members:decision-detail", group_slug=group.slug, decision_id=decision.pk)
    messages.success(request, _("Approved.") if decision.status == "adopted" else decision.get_status_display())
    return redirect("reports:annual-detail", group_slug=group.slug, year=year)


@group_view("manage_reports")
@require_POST
def annual_circulate(request, year: int):
    return _annual_transition(
        request, year, "manage_reports", services.annual_report_circulate, _("Circulated to members and observers.")
    )


# --- meeting packs -------------------------------------------------------------------------------


@group_view("manage_reports")
@require_POST
def pack_request(request, meeting_id: int):
    meeting = get_object_or_404(Meeting, working_group=request.working_group, pk=meeting_id)
    try:
        _report, queued = services.report_request(actor=request.user, kind=Report.Kind.MEETING_PACK, subject=meeting)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Meeting pack queued.") if queued else _("This pack is already being rendered."))
    return redirect("reports:index", group_slug=request.working_group.slug)


# --- members' annual reports ------------------------------------------------------------------------


@group_view("view_reports")
@require_GET
def member_reports(request):
    group, user = request.working_group, request.user
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else group.today().year - 1
    sees_all = access_for(user, group).allows("reports.see_all_member_reports")
    due = services.member_report_due_on(group, year)
    own = selectors.own_memberships(user, group)
    context = {
        "year": year,
        "due": due,
        "overdue": group.today() > due,
        "requires": group.requires_annual_member_reports,
        "overview": selectors.member_reports_overview(group, year) if sees_all else None,
        "own_memberships": own,
        "own_reports": selectors.member_reports_of(group, own),
        "year_form": YearForm(initial={"year": year}),
    }
    return render(request, "reports/member_reports.html", context)


@group_view("view_reports")
@require_POST
def member_start(request):
    group = request.working_group
    form = YearForm(request.POST)
    own = selectors.own_memberships(request.user, group)
    if not own:
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Choose a year between 2000 and this year."))
        return redirect("reports:member-reports", group_slug=group.slug)
    membership = get_object_or_404(Membership, pk=own[0].pk)
    try:
        report = services.member_report_start(membership=membership, year=form.cleaned_data["year"], actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("reports:member-reports", group_slug=group.slug)
    return redirect("reports:member-detail", group_slug=group.slug, report_id=report.pk)


@group_view("view_reports")
@require_http_methods(["GET", "POST"])
def member_detail(request, report_id: int):
    report, level = selectors.member_report_get(request.user, request.working_group, report_id)
    editable = access_for(request.user, request.working_group).allows("reports.edit_member_report", report)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    initial = {"revision": report.revision, "countries": report.countries}
    initial.update({f"text-{i}": s.get("text", "") for i, s in enumerate(report.sections)})
    sections = localised(report.membership.pillar, report.sections)  # default headings in the reader's language
    form = MemberReportForm(
        request.POST or None,
        sections=sections,
        items=report.platform_items,
        target=selectors.prefill_target(report.sections),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_report_save(
                report=report,
                actor=request.user,
                revision=form.cleaned_data["revision"],
                countries=form.cleaned_data["countries"],
                texts=form.texts(),
                item_texts=form.item_texts(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("reports:member-detail", group_slug=request.working_group.slug, report_id=report.pk)
    access = access_for(request.user, request.working_group)
    context = {
        "member_report": report,
        "level": level,
        "editable": editable,
        "parent": report.membership.institution.parent,
        "can_approve": access.allows("reports.approve_member_report", report),
        "form": form,
        "document": selectors.member_document(report),
        "render": selectors.render_of(member_report=report),
        "due": services.member_report_due_on(report.working_group, report.year),
    }
    return render(request, "reports/member_report_detail.html", context)


def _member_step(request, report_id: int, service, success: str, *, rule: str | None = None):
    """One step of a member report from its page: the report (404 if not theirs to see), the rule if
    the step has one beyond the service's own, the service, its message, back to the report."""
    report, _level = selectors.member_report_get(request.user, request.working_group, report_id)
    if rule:
        access_for(request.user, request.working_group).require_rule(rule, report)
    try:
        service(report=report, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("reports:member-detail", group_slug=request.working_group.slug, report_id=report.pk)


@group_view("view_reports")
@require_POST
def member_submit(request, report_id: int):
    return _member_step(request, report_id, services.member_report_submit, _("Submitted. The PDF is being prepared."))


@group_view("view_reports")
@require_POST
def member_prefill(request, report_id: int):
    """Cover the institution's parent organisation and pre-fill its countries from the platform (again:
    a refresh keeps what the author edited)."""
    return _member_step(
        request,
        report_id,
        services.member_report_prefill,
        _("Pre-filled from the platform. Check each item and edit it before you submit."),
        rule="reports.edit_member_report",
    )


@group_view("manage_reports")
@require_POST
def member_approve(request, report_id: int):
    return _member_step(
        request, report_id, services.member_report_approve, _("Approved. The institution's representatives are told.")
    )
