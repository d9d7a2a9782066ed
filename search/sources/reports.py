"""Documents of the report centre: the group's annual reports and members' annual reports.

Who reads which follows reports/permissions.py (annual_report_level, member_report_level), as one
queryset per person: the group's annual report for manage_reports always, for the Coordination Group
once submitted, for members and observers once circulated to them (guardian `view_annualreport`); a
member's report for its own institution's representatives, manage_reports, and the Coordination
Group once submitted.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from reports.models import AnnualReport, MemberReport
from reports.permissions import VIEW_PERMISSION
from vpwg.permissions import circulated_to

from ..models import Kind
from . import Entry, Source, group_url, plain

ANNUAL, MEMBER = "reports.annual", "reports.member"


def build_annual(annual: AnnualReport) -> list[Entry]:
    group = annual.working_group
    with translation.override(group.language):
        title = gettext("Annual report %(year)s") % {"year": annual.year}
    body = plain(group.name, annual.foreword, annual.lessons_learned, annual.challenges)
    url = group_url("reports:annual-detail", group, year=annual.year)
    return [Entry(Kind.DOCUMENT, ANNUAL, title, body, url, annual.year)]


def build_member_report(report: MemberReport) -> list[Entry]:
    institution = report.membership.institution
    with translation.override(report.working_group.language):
        title = gettext("%(institution)s: annual report %(year)s") % {
            "institution": institution.name,
            "year": report.year,
        }
    body = plain(report.countries, *(section.get("text") for section in report.sections))
    url = group_url("reports:member-detail", report.working_group, report_id=report.pk)
    return [Entry(Kind.DOCUMENT, MEMBER, title, body, url, report.year)]


def resolve_annual(access):
    if access.can("manage_reports"):
        return True
    reports = AnnualReport.objects.filter(working_group=access.working_group)
    circulated = circulated_to(access.user, reports, VIEW_PERMISSION, access.working_group)
    visible = Q(pk__in=circulated.filter(status=AnnualReport.Status.CIRCULATED).values("pk"))
    if access.can("review_minutes"):
        visible |= ~Q(status=AnnualReport.Status.DRAFT)
    return reports.filter(visible).values("pk")


def resolve_member_report(access):
    if access.can("manage_reports"):
        return True
    visible = Q(membership_id__in=access.institution_ids)
    if access.can("review_minutes"):
        visible |= Q(status__in=MemberReport.SENT)
    return MemberReport.objects.filter(visible, working_group=access.working_group).values("pk")


def _member_reports():
    return MemberReport.objects.select_related("membership__institution", "working_group")


SOURCES = [
    Source(
        model=AnnualReport,
        build=build_annual,
        queryset=lambda: AnnualReport.objects.select_related("working_group"),
        group_path="working_group",
    ),
    Source(
        model=MemberReport,
        build=build_member_report,
        queryset=_member_reports,
        group_path="working_group",
    ),
]

AUDIENCES = {ANNUAL: resolve_annual, MEMBER: resolve_member_report}
