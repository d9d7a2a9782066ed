"""Reads of the report centre: the rows a person may see, what each row says, and one report or annual
report by its address (404 when it is not theirs to see)."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from meetings.models import Meeting
from vpwg.permissions import AccessLevel, access_for

from ..models import AnnualReport, Report
from ..permissions import reports_visible_to


def reports_for(user, working_group):
    """Every report `user` may see, the last requested first, with what the centre shows: a queryset
    the centre reads one page of (one query for a page, issue 18)."""
    return (
        reports_visible_to(access_for(user, working_group))
        .select_related(
            "annual_report",
            "member_report__membership__institution",
            "meeting",
            "requested_by",
        )
        .order_by(F("requested_at").desc(nulls_last=True), "-pk")
    )


def audience_of(report: Report) -> str:
    """Who may see this report, in words (the centre's "who may see it" column)."""
    if report.kind == Report.Kind.ANNUAL_GROUP:
        status = report.annual_report.status
        if status == AnnualReport.Status.CIRCULATED:
            return _("Members and observers, the Coordination Group and the Secretariat")
        if status == AnnualReport.Status.DRAFT:
            return _("The Secretariat (draft)")
        return _("The Secretariat and the Coordination Group")
    if report.kind == Report.Kind.MEMBER_ANNUAL:
        institution = report.member_report.membership.institution.name
        if report.member_report.is_sent:
            return _("%(institution)s, the Secretariat and the Coordination Group") % {"institution": institution}
        return _("%(institution)s and the Secretariat") % {"institution": institution}
    return _("Members and observers, the Coordination Group and the Secretariat")


def title_of(report: Report) -> str:
    if report.kind == Report.Kind.ANNUAL_GROUP:
        return _("Annual report %(year)s") % {"year": report.annual_report.year}
    if report.kind == Report.Kind.MEMBER_ANNUAL:
        member = report.member_report
        return _("%(institution)s: annual report %(year)s") % {
            "institution": member.membership.institution.name,
            "year": member.year,
        }
    return _("Meeting pack: %(title)s") % {"title": report.meeting.title}


def circulated_at_of(report: Report):
    if report.kind == Report.Kind.ANNUAL_GROUP:
        return report.annual_report.circulated_at
    if report.kind == Report.Kind.MEMBER_ANNUAL:
        return report.member_report.submitted_at
    return report.rendered_at  # a pack is available to its readers as soon as it is rendered


def report_get(user, working_group, report_id: int) -> tuple[Report, AccessLevel]:
    """The report and the user's access level to it; 404 if it is not theirs to see."""
    report = (
        Report.objects.select_related("annual_report", "member_report__membership__institution", "meeting")
        .filter(working_group=working_group, pk=report_id)
        .first()
    )
    level = access_for(user, working_group).level(report) if report else None
    if level is None:
        raise Http404
    return report, level


def render_of(**subject) -> Report | None:
    """The PDF row of one subject (`annual_report=...` or `member_report=...`); None before the first request."""
    return Report.objects.filter(**subject).first()


def upcoming_meetings(working_group) -> list[Meeting]:
    return list(
        Meeting.objects.filter(working_group=working_group)
        .not_cancelled()
        .upcoming()
        .order_by("starts_at")
        .prefetch_related(Prefetch("reports", queryset=Report.objects.all()))[:10]
    )


def annual_report_get(user, working_group, year: int) -> tuple[AnnualReport, AccessLevel]:
    """The group's annual report of `year` and the user's access level to it; 404 if not visible."""
    annual = AnnualReport.objects.filter(working_group=working_group, year=year).first()
    level = access_for(user, working_group).level(annual) if annual else None
    if level is None:
        raise Http404
    return annual, level
