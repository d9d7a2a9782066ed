"""Members' annual reports: an institution writes its report in its pillar's structure (for its parent
organisation, pre-filled from the platform, if it likes) and submits it; the Secretariat approves it; a
yearly sweep reminds the late and tells the Coordination Group who missed the deadline."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import roles
from members.models import Institution, Membership
from vpwg import circulation
from vpwg.audit import audit_record
from vpwg.errors import StaleEdit
from vpwg.notify import notify, notify_only
from vpwg.outbox import absolute_url
from vpwg.permissions import AccessLevel, access_for
from vpwg.workflow import check_transition

from .. import selectors
from ..exceptions import ReportError
from ..models import MemberReport, MemberReportSection, Report
from ..sections import DEFAULT_SECTIONS
from .rendering import report_request

# Members' reports for year Y are due some days into year Y+1 (a charter rule); representatives are
# reminded this many days before.
MEMBER_REPORT_REMIND_DAYS = 14


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


def _locked(report: MemberReport) -> MemberReport:
    return MemberReport.objects.select_for_update().select_related("membership", "working_group").get(pk=report.pk)


def _require_author(actor, report: MemberReport) -> None:
    if access_for(actor, report.working_group).level(report) is not AccessLevel.AUTHOR:
        raise PermissionDenied


@transaction.atomic
def member_report_start(*, membership: Membership, year: int, actor) -> MemberReport:
    """The institution's report for `year` (created the first time, in its pillar's structure).
    Requires being an active representative of `membership` (a participating one)."""
    working_group = membership.working_group
    if not any(m.pk == membership.pk for m in selectors.own_memberships(actor, working_group)):
        raise PermissionDenied
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
def member_report_save(
    *, report: MemberReport, actor, revision: int, countries: str, texts: dict, item_texts: dict | None = None
) -> MemberReport:
    """Save texts ({(key, country): text}), the platform items' texts ({(group slug, kind): text}, see
    member_report_prefill) and the countries covered; adding a country adds its sections, removing
    one keeps nothing of it. Refuses a stale revision and a submitted report."""
    report = _locked(report)
    _require_author(actor, report)
    if report.status != MemberReport.Status.DRAFT:
        raise ReportError(_("This report has been submitted; it can no longer be edited."))
    if revision != report.revision:
        raise StaleEdit(_("Someone else saved this report since you opened it. Reload and apply your changes."))
    current = [
        {**section, "text": texts.get((section["key"], section.get("country", "")), section.get("text", ""))}
        for section in report.sections
    ]
    country_list = [c.strip() for c in countries.split(",") if c.strip()][:12]
    report.countries = ", ".join(country_list)
    report.sections = _build_sections(report.membership.pillar, country_list, report.working_group.country, current)
    if item_texts:
        report.platform_items = [
            _with_text(item, item_texts.get((item["group"], item["kind"]))) for item in report.platform_items
        ]
    report.revision += 1
    report.full_clean()
    report.save()
    return report


def _with_text(item: dict, text: str | None) -> dict:
    """The item with the author's `text` (None: unchanged); edited while it differs from the platform's."""
    if text is None:
        return item
    text = text.replace("\r\n", "\n").strip()
    return {**item, "text": text, "edited": text != item["generated"].strip()}


def _merge_items(old: list[dict], new: list[dict]) -> tuple[list[dict], int]:
    """The report's items after a pre-fill: the platform's text where the author has not edited it; the
    author's where they have (with the platform's new text beside it, `generated`, to compare); an
    edited item the platform has nothing for any more is kept, marked `gone`. Returns (items, kept)."""
    previous = {(item["group"], item["kind"]): item for item in old}
    items, kept = [], 0
    for item in new:
        before = previous.pop((item["group"], item["kind"]), None)
        if before is not None and before.get("edited"):
            items.append({**item, "text": before["text"], "edited": True})
            kept += 1
        else:
            items.append({**item, "text": item["generated"], "edited": False})
    for before in previous.values():
        if before.get("edited"):
            items.append({**before, "gone": True})
            kept += 1
    return items, kept


@transaction.atomic
def member_report_prefill(*, report: MemberReport, actor) -> MemberReport:
    """Make the draft cover the organisation the institution belongs to (its parent) and pre-fill its
    per-country part from the platform: the countries become those of every group where one of the
    organisation's institutions takes part (countries the author added are kept after them), and each
    group gets its items (plenaries attended, activities, tasks led, outreach; selectors.organisation),
    in the report's group language, with their sources.

    Idempotent: a refresh rewrites only items the author has not edited; an edited item keeps the
    author's text (the platform's current text is kept beside it to compare). Records
    `reports.member.prefilled` in the audit trail, and moves the revision on, only when something
    changed. Requires the author and a draft; an institution without a parent gets ReportError."""
    report = _locked(report)
    _require_author(actor, report)
    if report.status != MemberReport.Status.DRAFT:
        raise ReportError(_("This report has been submitted; it can no longer be edited."))
    institution = Institution.objects.select_related("parent").get(pk=report.membership.institution_id)
    organisation = institution.parent
    if organisation is None:
        raise ReportError(_("Your institution belongs to no organisation: there is nothing to pre-fill."))
    group = report.working_group
    countries, new_items = selectors.organisation_contributions(
        organisation, report.year, language=group.language, first_country=group.country
    )
    countries += [c for c in report.country_list if c not in countries]
    items, kept = _merge_items(report.platform_items, new_items)
    sections = _build_sections(report.membership.pillar, countries, group.country, report.sections)
    changed = (
        report.organisation_id != organisation.pk
        or report.country_list != countries
        or report.platform_items != items
        or report.sections != sections
    )
    if not changed:
        return report
    report.organisation = organisation
    report.countries = ", ".join(countries)
    report.sections, report.platform_items = sections, items
    report.prefilled_at = timezone.now()
    report.revision += 1
    report.full_clean()
    report.save()
    audit_record(
        action="reports.member.prefilled",
        actor=actor,
        target=report,
        working_group=group,
        organisation=organisation.pk,
        countries=countries,
        items=len(items),
        kept_edits=kept,
    )
    return report


@transaction.atomic
def member_report_submit(*, report: MemberReport, actor) -> MemberReport:
    """Submit the report to the group (the Secretariat and the Coordination Group see it) and render it.
    Submitting twice is refused with a message."""
    report = _locked(report)
    _require_author(actor, report)
    if report.status != MemberReport.Status.DRAFT:
        raise ReportError(_("This report has already been submitted."))
    if not any(part.get("text", "").strip() for part in [*report.sections, *report.platform_items]):
        raise ReportError(_("Write at least one section before submitting."))
    report.status = MemberReport.Status.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), actor
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(action="reports.member.submitted", actor=actor, target=report, working_group=report.working_group)
    report_request(actor=None, kind=Report.Kind.MEMBER_ANNUAL, subject=report)
    return report


@transaction.atomic
def member_report_approve(*, report: MemberReport, actor) -> MemberReport:
    """The group's Secretariat approves a submitted report (never its own institution's). Writes
    `reports.member.approved` and tells the institution's representatives; the PDF is rendered again
    so that it says so. Approving twice is refused (TransitionNotAllowed)."""
    report = _locked(report)
    group = report.working_group
    check_transition(report, MemberReport.Status.APPROVED)
    access_for(actor, group).require_rule("reports.approve_member_report", report)
    previous = report.status
    report.status = MemberReport.Status.APPROVED
    report.approved_at, report.approved_by = timezone.now(), actor
    report.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    representatives = report.membership.representatives.active().select_related("user")
    notify(
        action="reports.member.approved",
        actor=actor,
        target=report,
        working_group=group,
        recipients=[representative.user for representative in representatives],
        template="reports/emails/member_report_approved",
        context={
            "member_report": report,
            "institution": report.membership.institution,
            "url": absolute_url("reports:member-detail", group.slug, report.pk),
        },
        dedupe_key=f"member-report:{report.pk}:approved",
        from_status=previous,
    )
    report_request(actor=None, kind=Report.Kind.MEMBER_ANNUAL, subject=report)
    return report


def member_reports_sweep(today: date | None = None) -> dict:
    """Periodic, for groups that require yearly reports: remind representatives of institutions
    without a submitted report in the weeks before the deadline; after it, flag the missing ones to
    each Coordination Group member. Returns how many were queued now; outbox dedupe keys make every
    rerun a no-op."""
    from members.models import WorkingGroup

    sent = {"reminders": 0, "flags": 0}
    for group in WorkingGroup.objects.filter(requires_annual_member_reports=True):
        day = today or group.today()
        year = day.year - 1
        due = member_report_due_on(group, year)
        missing = [row["membership"] for row in selectors.member_reports_overview(group, year) if not row["submitted"]]
        if not missing:
            continue
        context = {"year": year, "due": due, "url": absolute_url("reports:member-reports", group.slug)}
        if due - timedelta(days=MEMBER_REPORT_REMIND_DAYS) <= day <= due:
            representatives = circulation.circulation_recipients(group).filter(membership__in=missing)
            sent["reminders"] += notify_only(
                recipients=[representative.user for representative in representatives],
                template="reports/emails/member_report_reminder",
                context=context,
                dedupe_key=f"member-report:{group.pk}:{year}:reminder",
                working_group=group,
            )
        elif day > due:
            sent["flags"] += notify_only(
                recipients=[seat.representative.user for seat in roles.coordination_seats(group, on=day)],
                template="reports/emails/member_report_overdue",
                context={**context, "missing": missing},
                dedupe_key=f"member-report:{group.pk}:{year}:overdue",
                working_group=group,
            )
    return sent
