"""What waits in reports (vpwg.waiting): the institution's annual report for last year where the group
requires one, the group's annual report for the Coordination Group to approve, and for the Secretariat a
report returned for changes or approved and not yet circulated."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import Decision, DecisionStatus, Membership
from members.waiting import represented
from vpwg.waiting import WaitingItem, WaitingQuery, register_waiting_source

from .models import AnnualReport, MemberReport
from .services.member import member_report_due_on


def member_report_due(user, group, access):
    """Last year's report of the person's institution, until it is submitted (groups that require it)."""
    if not group.requires_annual_member_reports or not access.is_representative:
        return []
    year = group.today().year - 1
    reports = MemberReport.objects.filter(membership=OuterRef("pk"), year=year)
    rows = (
        Membership.objects.filter(
            working_group=group, status__in=Membership.PARTICIPATING, pk__in=represented(user, group)
        )
        .exclude(Exists(reports.filter(status__in=MemberReport.SENT)))
        .annotate(draft_id=Subquery(reports.values("pk")[:1]))
        .order_by("pk")
    )

    def make(membership):
        url = (
            reverse("reports:member-detail", args=[group.slug, membership.draft_id])
            if membership.draft_id
            else reverse("reports:member-reports", args=[group.slug])
        )
        return WaitingItem(
            kind="reports.member_report",
            label=_("Your institution's annual report"),
            title=_("Annual report %(year)s") % {"year": year},
            url=url,
            action=_("Continue the report") if membership.draft_id else _("Write the report"),
            due=member_report_due_on(group, year),
        )

    return [WaitingQuery(rows, lambda rows: [make(row) for row in rows])]


def annual_report_waiting(user, group, access):
    """The group's annual report: to approve (the Coordination Group, while no decision about it is open:
    an open one is in the votes), to revise or to circulate (the Secretariat)."""
    states = []
    reviews = access.can("review_minutes") and not access.can("manage_reports")
    if reviews:
        states.append(AnnualReport.Status.SUBMITTED)
    if access.can("manage_reports"):
        states.append(AnnualReport.Status.APPROVED)
    if not states:
        return []
    under_vote = Decision.objects.filter(
        subject_type__app_label="reports",
        subject_type__model="annualreport",
        subject_id=OuterRef("pk"),
        status=DecisionStatus.OPEN,
    )
    condition = Q(status__in=states)
    if access.can("manage_reports"):
        condition |= Q(status=AnnualReport.Status.DRAFT) & ~Q(return_note="")
    rows = (
        AnnualReport.objects.filter(working_group=group)
        .filter(condition)
        .exclude(Exists(under_vote))
        .order_by("year", "pk")
    )

    def make(annual):
        detail = reverse("reports:annual-detail", args=[group.slug, annual.year])
        title = _("Annual report %(year)s") % {"year": annual.year}
        if annual.status == AnnualReport.Status.SUBMITTED:
            return WaitingItem(
                kind="reports.annual_approve",
                label=_("Annual report to approve"),
                title=title,
                url=detail,
                action=_("Review and approve"),
            )
        if annual.status == AnnualReport.Status.APPROVED:
            return WaitingItem(
                kind="reports.annual_circulate",
                label=_("Approved annual report to circulate"),
                title=title,
                url=detail,
                action=_("Circulate to members"),
            )
        return WaitingItem(
            kind="reports.annual_revise",
            label=_("Annual report returned for changes"),
            title=title,
            url=reverse("reports:annual-edit", args=[group.slug, annual.year]),
            action=_("Revise"),
        )

    return [WaitingQuery(rows, lambda rows: [make(row) for row in rows])]


register_waiting_source("reports.member_report", member_report_due, order=70)
register_waiting_source("reports.annual", annual_report_waiting, order=75)
