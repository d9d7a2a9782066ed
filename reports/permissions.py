"""Who may read and render which report, registered with the access object (`vpwg.permissions.access_for`).

Group annual report: the Secretariat and admins (manage_reports) always; the Coordination Group
(review_minutes: it approves documents before circulation) once submitted; members and observers once
circulated, through guardian's `view_annualreport` granted per row to the `<slug>:member` and
`<slug>:observer` role groups. Member annual report: its institution's representatives, manage_reports,
and the Coordination Group once submitted; the Secretariat approves it. Meeting pack (it carries
circulated minutes): the Secretariat, the Coordination Group, members and observers — not the group
administrator, who reads no minutes.

Every rule is `rule(access, obj) -> bool` and every level `level(access, obj) -> AccessLevel | None`;
only the reader check of an annual report reads guardian, so the report centre asks the render rule of
every row without a query per row.
"""

from __future__ import annotations

from django.db import models

from vpwg.permissions import (
    AccessLevel,
    GroupAccess,
    Role,
    circulated_to,
    is_circulated_to,
    register_document_level,
    register_rule,
)
from vpwg.workflow import allowed_next

from .models import AnnualReport, MemberReport, Report

VIEW_PERMISSION = "reports.view_annualreport"  # what circulation grants on each AnnualReport row
PACK_READER_ROLES = frozenset({Role.SECRETARIAT, Role.COORDINATION, Role.MEMBER, Role.OBSERVER})


def _manages(access: GroupAccess) -> bool:
    """The Secretariat and the group administrators run the group's reports."""
    return access.can("manage_reports")


def _reviews(access: GroupAccess) -> bool:
    """The Coordination Group approves documents before they are circulated."""
    return access.can("review_minutes")


# --- access levels -----------------------------------------------------------------------------


def annual_report_level(access: GroupAccess, annual: AnnualReport) -> AccessLevel | None:
    """MANAGER, REVIEWER (once submitted), READER (once circulated to this person) or None (404)."""
    if _manages(access):
        return AccessLevel.MANAGER
    if _reviews(access) and annual.status != AnnualReport.Status.DRAFT:
        return AccessLevel.REVIEWER
    if annual.status == AnnualReport.Status.CIRCULATED and is_circulated_to(access.user, annual, VIEW_PERMISSION):
        return AccessLevel.READER
    return None


def member_report_level(access: GroupAccess, member_report: MemberReport) -> AccessLevel | None:
    """AUTHOR (a representative of the institution), MANAGER, REVIEWER (once submitted, approved too) or None."""
    if access.represents(member_report.membership_id):
        return AccessLevel.AUTHOR
    if _manages(access):
        return AccessLevel.MANAGER
    if _reviews(access) and member_report.is_sent:
        return AccessLevel.REVIEWER
    return None


def can_prepare_meeting_packs(access: GroupAccess, _obj=None) -> bool:
    """The Secretariat prepares meeting packs (a group administrator reads no minutes, so prepares none)."""
    return access.has_role(Role.SECRETARIAT) and _manages(access)


def meeting_pack_level(access: GroupAccess, meeting) -> AccessLevel | None:
    """MANAGER (the Secretariat prepares packs), READER or None."""
    if can_prepare_meeting_packs(access):
        return AccessLevel.MANAGER
    if access.has_role(*PACK_READER_ROLES):
        return AccessLevel.READER
    return None


def report_level(access: GroupAccess, report: Report) -> AccessLevel | None:
    """A rendered report is read as its subject is."""
    if report.kind == Report.Kind.ANNUAL_GROUP:
        return annual_report_level(access, report.annual_report)
    if report.kind == Report.Kind.MEMBER_ANNUAL:
        return member_report_level(access, report.member_report)
    return meeting_pack_level(access, report.meeting)


# --- rules -------------------------------------------------------------------------------------


def can_render_report(access: GroupAccess, subject) -> bool:
    """Request, retry or refresh a render of `subject` (a Report, or an AnnualReport, MemberReport or
    Meeting): whoever is MANAGER or AUTHOR of it. Decided without a query (no guardian read)."""
    if isinstance(subject, Report):
        subject = subject.subject
    if isinstance(subject, AnnualReport):
        return _manages(access)
    if isinstance(subject, MemberReport):
        return access.represents(subject.membership_id) or _manages(access)
    return can_prepare_meeting_packs(access)


def can_edit_member_report(access: GroupAccess, member_report: MemberReport) -> bool:
    """Its institution's representatives, while it is a draft."""
    return member_report.status == MemberReport.Status.DRAFT and access.represents(member_report.membership_id)


def can_approve_member_report(access: GroupAccess, member_report: MemberReport) -> bool:
    """The group's Secretariat approves a submitted member's report; never one its own institution wrote."""
    return (
        access.has_role(Role.SECRETARIAT)
        and _manages(access)
        and MemberReport.Status.APPROVED in allowed_next(member_report)
        and not access.represents(member_report.membership_id)
    )


def can_see_all_member_reports(access: GroupAccess, _obj=None) -> bool:
    """The submission table of every member institution: those who run or review reports."""
    return _manages(access) or _reviews(access)


def can_read_annual_report_contents(access: GroupAccess, annual: AnnualReport) -> bool:
    """The contents on the page (the draft included): managers and reviewers; readers get the PDF."""
    return annual_report_level(access, annual) in (AccessLevel.MANAGER, AccessLevel.REVIEWER)


def can_edit_annual_report(access: GroupAccess, annual: AnnualReport) -> bool:
    return _manages(access) and not annual.is_locked


def can_submit_annual_report(access: GroupAccess, annual: AnnualReport) -> bool:
    return _manages(access) and AnnualReport.Status.SUBMITTED in allowed_next(annual)


def can_review_annual_report(access: GroupAccess, annual: AnnualReport) -> bool:
    """Approve or return: the Coordination Group, while the report is submitted."""
    return _reviews(access) and AnnualReport.Status.APPROVED in allowed_next(annual)


def can_circulate_annual_report(access: GroupAccess, annual: AnnualReport) -> bool:
    return _manages(access) and AnnualReport.Status.CIRCULATED in allowed_next(annual)


# --- lists -------------------------------------------------------------------------------------


def reports_visible_to(access: GroupAccess):
    """The Report rows of the group that this person may see (one queryset, no per-row checks)."""
    working_group = access.working_group
    reports = Report.objects.filter(working_group=working_group)
    if not access.roles:
        return reports.none()
    if _manages(access):
        annual = models.Q(kind=Report.Kind.ANNUAL_GROUP)
        members = models.Q(kind=Report.Kind.MEMBER_ANNUAL)
    else:
        circulated = circulated_to(
            access.user, AnnualReport.objects.filter(working_group=working_group), VIEW_PERMISSION, working_group
        ).filter(status=AnnualReport.Status.CIRCULATED)
        annual = models.Q(kind=Report.Kind.ANNUAL_GROUP, annual_report__in=circulated.values("pk"))
        members = models.Q(kind=Report.Kind.MEMBER_ANNUAL, member_report__membership_id__in=access.institution_ids)
        if _reviews(access):
            annual |= models.Q(kind=Report.Kind.ANNUAL_GROUP) & ~models.Q(
                annual_report__status=AnnualReport.Status.DRAFT
            )
            members |= models.Q(kind=Report.Kind.MEMBER_ANNUAL, member_report__status__in=MemberReport.SENT)
    packs = models.Q(kind=Report.Kind.MEETING_PACK) if access.has_role(*PACK_READER_ROLES) else models.Q(pk__in=[])
    return reports.filter(annual | members | packs)


def register() -> None:
    register_document_level("reports.annualreport", annual_report_level)
    register_document_level("reports.memberreport", member_report_level)
    register_document_level("reports.report", report_level)
    register_rule("reports.prepare_meeting_packs", can_prepare_meeting_packs)
    register_rule("reports.render_report", can_render_report)
    register_rule("reports.edit_member_report", can_edit_member_report)
    register_rule("reports.approve_member_report", can_approve_member_report)
    register_rule("reports.see_all_member_reports", can_see_all_member_reports)
    register_rule("reports.read_annual_report_contents", can_read_annual_report_contents)
    register_rule("reports.edit_annual_report", can_edit_annual_report)
    register_rule("reports.submit_annual_report", can_submit_annual_report)
    register_rule("reports.review_annual_report", can_review_annual_report)
    register_rule("reports.circulate_annual_report", can_circulate_annual_report)
