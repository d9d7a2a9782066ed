"""Reads of members' annual reports: one report by its address, a person's own institutions and
reports, the submission table of a year, and the contents of a report."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from members.models import Membership, Representative
from minutes.rendering import render_markdown
from vpwg.permissions import AccessLevel, access_for

from ..models import MemberReport
from ..sections import localised
from .organisation import KIND_LABELS, SOURCE_LABELS
from .progress import Progress, no_progress


def member_report_get(user, working_group, report_id: int) -> tuple[MemberReport, AccessLevel]:
    """The report and the user's access level to it; 404 if it is not theirs to see."""
    report = (
        MemberReport.objects.select_related("membership__institution__parent", "working_group", "organisation")
        .filter(working_group=working_group, pk=report_id)
        .first()
    )
    level = access_for(user, working_group).level(report) if report else None
    if level is None:
        raise Http404
    return report, level


def own_memberships(user, working_group) -> list[Membership]:
    """The institution(s) `user` represents in the group as a current member or observer (at most one)."""
    return [
        rep.membership
        for rep in Representative.objects.active()
        .filter(user=user, working_group=working_group, membership__status__in=Membership.PARTICIPATING)
        .select_related("membership__institution")
    ]


def member_reports_of(working_group, memberships: list[Membership]):
    """The reports of `memberships` (e.g. own_memberships), newest year first."""
    return MemberReport.objects.filter(working_group=working_group, membership__in=memberships).order_by("-year")


def member_reports_overview(working_group, year: int) -> list[dict]:
    """Each current member institution with its report for `year` (or none): the submission table."""
    reports = {
        r.membership_id: r
        for r in MemberReport.objects.filter(working_group=working_group, year=year).select_related(
            "submitted_by", "organisation"
        )
    }
    rows = []
    for membership in Membership.objects.current().filter(working_group=working_group).select_related("institution"):
        report = reports.get(membership.pk)
        rows.append(
            {
                "membership": membership,
                "report": report,
                "submitted": bool(report and report.is_sent),
            }
        )
    return rows


def member_document(member_report: MemberReport, progress: Progress = no_progress) -> dict:
    """Everything a member's annual report shows: its sections as written, with a table of contents."""
    progress(20, _("Sections"))
    sections = [
        {**section, "anchor": f"s{index}", "html": render_markdown(section.get("text", ""))}
        for index, section in enumerate(localised(member_report.membership.pillar, member_report.sections), start=1)
    ]
    target = prefill_target(member_report.sections)
    for section in sections:
        if target and section["key"] == target:
            section["platform_items"] = platform_items_of(member_report, section["country"])
    membership = member_report.membership
    return {
        "member_report": member_report,
        "group": member_report.working_group,
        "membership": membership,
        "institution": membership.institution,
        "year": member_report.year,
        "sections": sections,
        "toc": [(s["anchor"], s["title"]) for s in sections],
        "organisation": member_report.organisation,
        "prefilled_at": member_report.prefilled_at,
    }


def prefill_target(sections: list[dict]) -> str:
    """The key of the section the platform's items go under: the first one repeated per country
    (a government's "{country}" section, C's country part)."""
    return next((s["key"] for s in sections if s.get("country")), "")


def platform_items_of(member_report: MemberReport, country: str) -> list[dict]:
    """The report's platform items for `country`, ready to show: heading, text as HTML, sources."""
    return [
        {
            **item,
            "label": KIND_LABELS.get(item["kind"], item["kind"]),
            "html": render_markdown(item.get("text", "")),
            "source_list": [
                {**source, "kind_label": SOURCE_LABELS.get(source["kind"], source["kind"])}
                for source in item.get("sources", [])
            ],
        }
        for item in member_report.platform_items
        if item.get("country") == country
    ]
