"""Every change to reports goes through here: requesting and rendering PDFs, the annual report's
workflow (draft → submitted → approved → circulated), members' reports, downloads and reminders.

Repeat requests: asking for a render while one is queued or rendering returns the pending one and
queues nothing; a transition from the wrong state raises ReportError and changes nothing.
"""

from __future__ import annotations

import io
import logging
import time
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import CoordinationSeat, Membership
from minutes.services import coordination_members
from vpwg import circulation, permissions
from vpwg.audit import audit_record
from vpwg.celery import enqueue_on_commit
from vpwg.models import AnnualReport, MemberReport, MemberReportSection, Report
from vpwg.outbox import absolute_url, outbox_queue_email
from vpwg.pdf import render_pdf

from . import selectors
from .sections import DEFAULT_SECTIONS

logger = logging.getLogger(__name__)

# Members' reports for year Y are due on this day of year Y+1; representatives are reminded before.
MEMBER_REPORT_REMIND_DAYS = 14
STALE_RENDER = timedelta(minutes=15)
STALE_QUEUE = timedelta(minutes=2)


class ReportError(Exception):
    """A report request or transition that cannot happen now; the message is for the user."""


# --- requesting and rendering -------------------------------------------------------------------

SUBJECT_FIELD = {
    Report.Kind.ANNUAL_GROUP: "annual_report",
    Report.Kind.MEMBER_ANNUAL: "member_report",
    Report.Kind.MEETING_PACK: "meeting",
}


def _may_request(actor, kind: str, subject) -> bool:
    if kind == Report.Kind.ANNUAL_GROUP:
        return permissions.annual_report_access_of(actor, subject) == "manager"
    if kind == Report.Kind.MEMBER_ANNUAL:
        return permissions.member_report_access_of(actor, subject) in ("author", "manager")
    return permissions.meeting_pack_access_of(actor, subject) == "manager"


@transaction.atomic
def report_request(*, actor, kind: str, subject) -> tuple[Report, bool]:
    """Queue a render of `subject` (an AnnualReport, MemberReport or upcoming Meeting).

    Returns (report, queued). A render already queued or under way is returned as it is and nothing
    new is queued (the row is locked, so two simultaneous requests queue one render).
    """
    if actor is not None and not _may_request(actor, kind, subject):
        raise permissions.PermissionDenied
    if kind == Report.Kind.MEETING_PACK and subject.ends_at < timezone.now():
        raise ReportError(_("Meeting packs are prepared for upcoming meetings only."))
    field = SUBJECT_FIELD[kind]
    report, _created = Report.objects.get_or_create(
        **{field: subject}, defaults={"kind": kind, "working_group": subject.working_group}
    )
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status in Report.BUSY and report.requested_at is not None:
        return report, False
    report.status = Report.Status.QUEUED
    report.progress = 0
    report.stage = ""
    report.error = ""
    report.requested_by = actor
    report.requested_at = timezone.now()
    report.started_at = report.finished_at = None
    report.save()
    audit_record(
        action="reports.render_requested", actor=actor, target=report, working_group=report.working_group, kind=kind
    )
    from .tasks import report_render_task

    enqueue_on_commit(report_render_task, report.pk)
    return report, True


def _progress(report_id: int, percent: int, stage: str) -> None:
    # Written at once (the task runs outside any transaction), so the page's polling sees it.
    Report.objects.filter(pk=report_id, status=Report.Status.RENDERING).update(
        progress=min(percent, 99), stage=str(stage)[:120], updated_at=timezone.now()
    )


def _document(report: Report, progress) -> tuple[str, dict]:
    if report.kind == Report.Kind.ANNUAL_GROUP:
        return "reports/pdf/annual_report.html", selectors.annual_document(report.annual_report, progress)
    if report.kind == Report.Kind.MEMBER_ANNUAL:
        return "reports/pdf/member_report.html", selectors.member_document(report.member_report, progress)
    return "reports/pdf/meeting_pack.html", selectors.pack_document(report.meeting, progress)


def report_render(*, report_id: int) -> Report | None:
    """Render one queued report. Safe to run twice: only the run that moves it from QUEUED to
    RENDERING renders. On failure the previous good file stays and the error is recorded."""
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
        status=Report.Status.RENDERING, progress=1, stage=_("Starting"), started_at=timezone.now()
    )
    if not claimed:
        return None
    report = Report.objects.select_related("working_group", "annual_report", "member_report", "meeting").get(
        pk=report_id
    )
    started = time.perf_counter()
    try:
        template, context = _document(report, lambda percent, stage: _progress(report.pk, percent, stage))
        context["marking"] = _marking(report)
        context["generated_on"] = report.working_group.today()
        _progress(report.pk, 75, _("Laying out pages"))
        with translation.override(report.working_group.language):
            html = render_to_string(template, context)
        pdf = render_pdf(html)
        _progress(report.pk, 95, _("Saving"))
        _save_file(report, pdf)
    except Exception as error:  # any failure: keep the last good copy, show the reason
        logger.exception("Rendering report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        audit_record(
            action="reports.render_failed", target=report, working_group=report.working_group, error=str(error)[:500]
        )
        return Report.objects.get(pk=report_id)
    report.refresh_from_db()
    report.render_seconds = round(time.perf_counter() - started, 2)
    report.status = Report.Status.READY
    report.progress = 100
    report.stage = ""
    report.finished_at = timezone.now()
    report.save(update_fields=["render_seconds", "status", "progress", "stage", "finished_at", "updated_at"])
    return report


def _marking(report: Report) -> str:
    if report.kind == Report.Kind.MEMBER_ANNUAL:
        return _("Confidential — shared with %(group)s only") % {"group": report.working_group.name}
    return circulation.CONFIDENTIAL_LINE


def _save_file(report: Report, pdf: bytes) -> None:
    """Store the new copy under a new name, then point the row at it and drop the old one: the
    previous good copy is never lost before the new one is safely stored."""
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    old = report.file.name if report.file else ""
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    name = f"{report.working_group.slug}/{report.kind}-{report.pk}-{stamp}.pdf"  # upload_to adds reports/
    report.file.save(name, ContentFile(pdf), save=False)
    Report.objects.filter(pk=report.pk).update(
        file=report.file.name, pages=pages, rendered_at=timezone.now(), updated_at=timezone.now()
    )
    if old and old != report.file.name:
        try:
            report.file.storage.delete(old)
        except OSError:
            logger.warning("Could not delete the old copy %s", old)


def reports_requeue_stale(now=None) -> int:
    """Periodic: queue again what a dead worker or an unreachable broker left behind."""
    from .tasks import report_render_task

    now = now or timezone.now()
    Report.objects.filter(status=Report.Status.RENDERING, started_at__lt=now - STALE_RENDER).update(
        status=Report.Status.QUEUED, stage=_("Queued again after an interrupted render")
    )
    count = 0
    for report_id in Report.objects.filter(status=Report.Status.QUEUED, updated_at__lt=now - STALE_QUEUE).values_list(
        "pk", flat=True
    ):
        report_render_task.delay(report_id)
        count += 1
    return count


def report_download(*, report: Report, user) -> bytes | None:
    """The last good copy marked for `user` (name, institution, date, the Rule) and logged; None if
    there is no copy yet."""
    if not report.file:
        return None
    with report.file.open("rb") as handle:
        pdf = handle.read()
    stamped = circulation.stamped_copy(pdf, user=user, working_group=report.working_group)
    circulation.log_download(document=report, user=user, working_group=report.working_group)
    return stamped


# --- the group's annual report ------------------------------------------------------------------


def _locked_annual(annual: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("working_group").get(pk=annual.pk)


def _annual_change(annual: AnnualReport, to_status: str, *, actor, note: str = "") -> None:
    if to_status not in AnnualReport.ALLOWED[annual.status]:
        raise ReportError(
            _("The annual report is “%(status)s”; that step is not possible now.")
            % {"status": annual.get_status_display()}
        )
    from_status = annual.status
    annual.status = to_status
    audit_record(
        action=f"reports.annual.{to_status}",
        actor=actor,
        target=annual,
        working_group=annual.working_group,
        reason=note,
        from_status=from_status,
    )


@transaction.atomic
def annual_report_start(*, working_group, year: int, actor) -> AnnualReport:
    """The annual report of `year` (created as a draft the first time). Requires manage_reports."""
    permissions.require(actor, "manage_reports", working_group)
    if not 2000 <= year <= working_group.today().year:
        raise ReportError(_("Choose a year between 2000 and this year."))
    annual, created = AnnualReport.objects.get_or_create(working_group=working_group, year=year)
    if created:
        audit_record(action="reports.annual.started", actor=actor, target=annual, working_group=working_group)
    return annual


@transaction.atomic
def annual_report_save(
    *, annual: AnnualReport, actor, revision: int, foreword: str, lessons_learned: str, challenges: str
) -> AnnualReport:
    """Save the Secretariat's narrative. Refuses a save based on an older revision (nothing lost)."""
    annual = _locked_annual(annual)
    permissions.require(actor, "manage_reports", annual)
    if annual.is_locked:
        raise ReportError(_("The report is with the Coordination Group or approved; it cannot be edited."))
    if revision != annual.revision:
        raise ReportError(_("Someone else saved this report since you opened it. Reload and apply your changes."))
    annual.foreword, annual.lessons_learned, annual.challenges = foreword, lessons_learned, challenges
    annual.revision += 1
    annual.full_clean()
    annual.save()
    return annual


@transaction.atomic
def annual_report_submit(*, annual: AnnualReport, actor) -> AnnualReport:
    """The Secretariat sends the report to the Coordination Group and a fresh PDF is rendered."""
    annual = _locked_annual(annual)
    permissions.require(actor, "manage_reports", annual)
    _annual_change(annual, AnnualReport.Status.SUBMITTED, actor=actor)
    annual.submitted_at = timezone.now()
    annual.return_note = ""
    annual.save(update_fields=["status", "submitted_at", "return_note", "updated_at"])
    report_request(actor=actor, kind=Report.Kind.ANNUAL_GROUP, subject=annual)
    url = absolute_url("reports:annual-detail", annual.working_group.slug, annual.year)
    for user in coordination_members(annual.working_group):
        outbox_queue_email(
            dedupe_key=f"annual:{annual.pk}:submitted:{annual.submitted_at:%Y%m%d%H%M%S}:{user.pk}",
            recipient=user.email,
            template="reports/emails/annual_submitted",
            context={"annual": annual, "group": annual.working_group, "url": url, "user": user},
            working_group=annual.working_group,
        )
    return annual


@transaction.atomic
def annual_report_return(*, annual: AnnualReport, actor, note: str) -> AnnualReport:
    """The Coordination Group sends the report back to the Secretariat with what to change."""
    annual = _locked_annual(annual)
    permissions.require(actor, "review_minutes", annual)
    if not note.strip():
        raise ReportError(_("Say what should change."))
    _annual_change(annual, AnnualReport.Status.DRAFT, actor=actor, note=note.strip())
    annual.return_note = note.strip()
    annual.save(update_fields=["status", "return_note", "updated_at"])
    return annual


@transaction.atomic
def annual_report_approve(*, annual: AnnualReport, actor) -> AnnualReport:
    """A Coordination Group member approves the submitted report (requires review_minutes)."""
    annual = _locked_annual(annual)
    permissions.require(actor, "review_minutes", annual)
    _annual_change(annual, AnnualReport.Status.APPROVED, actor=actor)
    annual.approved_at, annual.approved_by = timezone.now(), actor
    annual.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    return annual


@transaction.atomic
def annual_report_circulate(*, annual: AnnualReport, actor) -> AnnualReport:
    """The Secretariat circulates the approved report to current members and observers: the same
    grants, marking and download log as minutes (vpwg/circulation.py), one e-mail per person."""
    annual = _locked_annual(annual)
    permissions.require(actor, "manage_reports", annual)
    _annual_change(annual, AnnualReport.Status.CIRCULATED, actor=actor)
    annual.circulated_at = timezone.now()
    annual.save(update_fields=["status", "circulated_at", "updated_at"])
    circulation.circulate(annual)
    report = selectors.render_of(annual_report=annual)
    if report is None or (not report.file and not report.is_busy):
        report_request(actor=actor, kind=Report.Kind.ANNUAL_GROUP, subject=annual)
    url = absolute_url("reports:annual-detail", annual.working_group.slug, annual.year)
    for representative in circulation.circulation_recipients(annual.working_group):
        user = representative.user
        outbox_queue_email(
            dedupe_key=f"annual:{annual.pk}:circulated:{user.pk}",
            recipient=user.email,
            template="reports/emails/annual_circulated",
            context={"annual": annual, "group": annual.working_group, "url": url, "user": user},
            working_group=annual.working_group,
        )
    return annual


# --- members' annual reports -------------------------------------------------------------------


def member_report_due_on(working_group, year: int) -> date:
    """The group's deadline for members' reports on `year` (a charter rule: days after the year ends)."""
    return date(year, 12, 31) + timedelta(days=working_group.member_report_due_days)


def sections_for(pillar: str) -> list[MemberReportSection]:
    """The active section list of `pillar`; the defaults are restored if an admin removed them all."""
    sections = list(MemberReportSection.objects.filter(pillar=pillar, active=True).order_by("position"))
    if sections:
        return sections
    for position, (key, title, guidance, per_country) in enumerate(DEFAULT_SECTIONS.get(pillar, []), start=1):
        MemberReportSection.objects.get_or_create(
            pillar=pillar,
            key=key,
            defaults={"position": position, "title": title, "guidance": guidance, "per_country": per_country},
        )
    return list(MemberReportSection.objects.filter(pillar=pillar, active=True).order_by("position"))


def _build_sections(pillar: str, countries: list[str], default_country: str, old: list[dict]) -> list[dict]:
    texts = {(s["key"], s.get("country", "")): s.get("text", "") for s in old}
    result = []
    for section in sections_for(pillar):
        for country in (countries or [default_country]) if section.per_country else [""]:
            result.append(
                {
                    "key": section.key,
                    "title": section.title.replace("{country}", country),
                    "guidance": section.guidance,
                    "country": country,
                    "text": texts.get((section.key, country), ""),
                }
            )
    return result


@transaction.atomic
def member_report_start(*, membership: Membership, year: int, actor) -> MemberReport:
    """The institution's report for `year` (created the first time, in its pillar's structure).
    Requires being an active representative of `membership`."""
    working_group = membership.working_group
    if not any(m.pk == membership.pk for m in selectors.own_memberships(actor, working_group)):
        raise permissions.PermissionDenied
    if not 2000 <= year <= working_group.today().year:
        raise ReportError(_("Choose a year between 2000 and this year."))
    report = MemberReport.objects.filter(membership=membership, year=year).first()
    if report is not None:
        return report
    report = MemberReport.objects.create(
        working_group=working_group,
        membership=membership,
        year=year,
        countries=working_group.country,
        sections=_build_sections(membership.pillar, [working_group.country], working_group.country, []),
    )
    audit_record(action="reports.member.started", actor=actor, target=report, working_group=working_group)
    return report


@transaction.atomic
def member_report_save(*, report: MemberReport, actor, revision: int, countries: str, texts: dict) -> MemberReport:
    """Save texts ({(key, country): text}) and the countries covered; adding a country adds its
    sections, removing one keeps nothing of it. Refuses a stale revision and a submitted report."""
    report = MemberReport.objects.select_for_update().select_related("membership", "working_group").get(pk=report.pk)
    if permissions.member_report_access_of(actor, report) != "author":
        raise permissions.PermissionDenied
    if report.status != MemberReport.Status.DRAFT:
        raise ReportError(_("This report has been submitted; it can no longer be edited."))
    if revision != report.revision:
        raise ReportError(_("Someone else saved this report since you opened it. Reload and apply your changes."))
    current = [
        {**section, "text": texts.get((section["key"], section.get("country", "")), section.get("text", ""))}
        for section in report.sections
    ]
    country_list = [c.strip() for c in countries.split(",") if c.strip()][:12]
    report.countries = ", ".join(country_list)
    report.sections = _build_sections(report.membership.pillar, country_list, report.working_group.country, current)
    report.revision += 1
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def member_report_submit(*, report: MemberReport, actor) -> MemberReport:
    """Submit the report to the group (the Secretariat and the Coordination Group see it) and render it."""
    report = MemberReport.objects.select_for_update().select_related("membership", "working_group").get(pk=report.pk)
    if permissions.member_report_access_of(actor, report) != "author":
        raise permissions.PermissionDenied
    if report.status != MemberReport.Status.DRAFT:
        raise ReportError(_("This report has already been submitted."))
    if not any(section.get("text", "").strip() for section in report.sections):
        raise ReportError(_("Write at least one section before submitting."))
    report.status = MemberReport.Status.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), actor
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(action="reports.member.submitted", actor=actor, target=report, working_group=report.working_group)
    report_request(actor=None, kind=Report.Kind.MEMBER_ANNUAL, subject=report)
    return report


def member_reports_sweep(today: date | None = None) -> dict:
    """Periodic, for groups that require yearly reports: remind representatives of institutions
    without a submitted report in the weeks before the deadline; after it, flag the missing ones to
    each Coordination Group member. Outbox dedupe keys make every rerun a no-op."""
    from members.models import WorkingGroup

    sent = {"reminders": 0, "flags": 0}
    for group in WorkingGroup.objects.filter(requires_annual_member_reports=True):
        day = today or group.today()
        year = day.year - 1
        due = member_report_due_on(group, year)
        missing = [row["membership"] for row in selectors.member_reports_overview(group, year) if not row["submitted"]]
        if not missing:
            continue
        url = absolute_url("reports:member-reports", group.slug)
        if due - timedelta(days=MEMBER_REPORT_REMIND_DAYS) <= day <= due:
            for representative in circulation.circulation_recipients(group).filter(membership__in=missing):
                user = representative.user
                outbox_queue_email(
                    dedupe_key=f"member-report:{group.pk}:{year}:reminder:{user.pk}",
                    recipient=user.email,
                    template="reports/emails/member_report_reminder",
                    context={"group": group, "year": year, "due": due, "url": url, "user": user},
                    working_group=group,
                )
                sent["reminders"] += 1
        elif day > due:
            seats = (
                CoordinationSeat.objects.current(day).filter(working_group=group).select_related("representative__user")
            )
            for seat in seats:
                user = seat.representative.user
                outbox_queue_email(
                    dedupe_key=f"member-report:{group.pk}:{year}:overdue:{user.pk}",
                    recipient=user.email,
                    template="reports/emails/member_report_overdue",
                    context={"group": group, "year": year, "due": due, "url": url, "user": user, "missing": missing},
                    working_group=group,
                )
                sent["flags"] += 1
    return sent
