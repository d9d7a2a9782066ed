"""Reads for reports: the report centre's rows, and the contents of each document kind.

The document builders take a `progress(percent, stage)` callback so the render task can show how far
it got; each builder is a handful of aggregate queries, whatever the size of the year.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.charts import chart_svg, statistics_charts
from activities.models import Activity, OutreachContact
from activities.selectors import Period, activity_statistics
from meetings.models import AgendaItem, Attendance, Guest, Meeting
from members.models import Membership, MembershipAction, MembershipStatusChange, Pillar, Representative
from minutes.rendering import render_markdown
from vpwg import permissions
from vpwg.models import AnnualReport, MemberReport, Report
from workplan.selectors import completion_for

Progress = Callable[[int, str], None]


def _no_progress(percent: int, stage: str) -> None:
    pass


# --- the report centre ---------------------------------------------------------------------------


def reports_for(user, working_group) -> list[Report]:
    """Every report `user` may see, with what the centre shows (a fixed number of queries)."""
    return list(
        permissions.reports_visible_to(user, working_group)
        .select_related(
            "annual_report",
            "member_report__membership__institution",
            "meeting",
            "requested_by",
        )
        .order_by("kind", "-pk")
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
        if report.member_report.status == MemberReport.Status.SUBMITTED:
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


def report_get(user, working_group, report_id: int) -> tuple[Report, str]:
    """The report and the user's access to it; 404 if it is not theirs to see."""
    report = (
        Report.objects.select_related("annual_report", "member_report__membership__institution", "meeting")
        .filter(working_group=working_group, pk=report_id)
        .first()
    )
    access = permissions.report_access_of(user, report) if report else None
    if access is None:
        raise Http404
    return report, access


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


def annual_report_get(user, working_group, year: int) -> tuple[AnnualReport, str]:
    annual = AnnualReport.objects.filter(working_group=working_group, year=year).first()
    access = permissions.annual_report_access_of(user, annual) if annual else None
    if access is None:
        raise Http404
    return annual, access


def member_report_get(user, working_group, report_id: int) -> tuple[MemberReport, str]:
    report = (
        MemberReport.objects.select_related("membership__institution", "working_group")
        .filter(working_group=working_group, pk=report_id)
        .first()
    )
    access = permissions.member_report_access_of(user, report) if report else None
    if access is None:
        raise Http404
    return report, access


def own_memberships(user, working_group) -> list[Membership]:
    """The institution(s) `user` represents in the group (at most one)."""
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
        for r in MemberReport.objects.filter(working_group=working_group, year=year).select_related("submitted_by")
    }
    rows = []
    for membership in Membership.objects.current().filter(working_group=working_group).select_related("institution"):
        report = reports.get(membership.pk)
        rows.append(
            {
                "membership": membership,
                "report": report,
                "submitted": bool(report and report.status == MemberReport.Status.SUBMITTED),
            }
        )
    return rows


# --- the group's annual report ------------------------------------------------------------------

ANNUAL_SECTIONS = [
    ("foreword", "Foreword"),
    ("membership", "Membership"),
    ("meetings", "Meetings and attendance"),
    ("topics", "Topics discussed"),
    ("minutes", "Minutes circulated"),
    ("workplan", "Work plan progress"),
    ("activities", "Activities and participants"),
    ("outreach", "Outreach"),
    ("lessons", "Lessons learned"),
    ("challenges", "Challenges"),
]
ANNUAL_CHARTS = (
    "activities-by-type",
    "participants-by-type",
    "participants-by-sector",
    "participants-by-region",
    "tasks-by-category",
    "tasks-by-pillar",
)


def _year_bounds(working_group, year: int):
    tz = working_group.tzinfo
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min), tz),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min), tz),
    )


def _membership_by_pillar(working_group, starts_on: date, ends_on: date) -> dict:
    memberships = list(Membership.objects.filter(working_group=working_group).select_related("institution"))
    changes = list(
        MembershipStatusChange.objects.filter(membership__working_group=working_group, effective_on__lte=ends_on)
        .select_related("membership__institution")
        .order_by("effective_on", "created_at", "pk")
    )
    state = {}
    for change in changes:
        state[change.membership_id] = (change.to_status, change.pillar)
    rows = {
        value: {"label": label, "member": 0, "observer": 0, "joins": [], "exits": []} for value, label in Pillar.choices
    }
    for membership in memberships:
        status, pillar = state.get(membership.pk, (None, membership.pillar))
        if status is None and membership.joined_on <= ends_on:  # no history rows: fall back to the row itself
            ended = membership.ended_on and membership.ended_on <= ends_on
            status = membership.status if not ended else Membership.Status.WITHDRAWN
        if status in (Membership.Status.MEMBER, Membership.Status.OBSERVER):
            rows[pillar][status] += 1
    exits = (MembershipAction.WITHDREW, MembershipAction.EXPELLED)
    seen_joins = set()
    for change in changes:
        if change.effective_on < starts_on:
            continue
        name = change.membership.institution.name
        if change.action == MembershipAction.ADMITTED:
            rows[change.pillar]["joins"].append(name)
            seen_joins.add(change.membership_id)
        elif change.action in exits:
            rows[change.pillar]["exits"].append(f"{name} ({change.get_action_display().lower()})")
    for membership in memberships:  # memberships recorded without history
        if (
            starts_on <= membership.joined_on <= ends_on
            and membership.pk not in seen_joins
            and membership.pk not in state
        ):
            rows[membership.pillar]["joins"].append(membership.institution.name)
    table = list(rows.values())
    return {
        "rows": table,
        "total_member": sum(r["member"] for r in table),
        "total_observer": sum(r["observer"] for r in table),
        "joins": sum(len(r["joins"]) for r in table),
        "exits": sum(len(r["exits"]) for r in table),
    }


def _meetings(working_group, year: int) -> dict:
    start, end = _year_bounds(working_group, year)
    held = Meeting.objects.filter(
        working_group=working_group, status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end
    )
    meetings = list(
        held.annotate(
            present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT)),
            recorded=Count("attendances"),
        ).order_by("starts_at")
    )
    by_pillar = {
        row["pillar"]: row
        for row in Attendance.objects.filter(meeting__in=held)
        .values("pillar")
        .annotate(
            present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
            excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
            absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
            recorded=Count("pk"),
        )
        .order_by()
    }
    attendance = []
    for value, label in Pillar.choices:
        row = by_pillar.get(value, {"present": 0, "excused": 0, "absent": 0, "recorded": 0})
        rate = round(100 * row["present"] / row["recorded"]) if row["recorded"] else None
        attendance.append(
            {"label": label, **{k: row[k] for k in ("present", "excused", "absent", "recorded")}, "rate": rate}
        )
    by_kind = {}
    for meeting in meetings:
        by_kind[meeting.get_kind_display()] = by_kind.get(meeting.get_kind_display(), 0) + 1
    topics = list(
        AgendaItem.objects.filter(meeting__in=held).select_related("meeting").order_by("meeting__starts_at", "position")
    )
    return {
        "list": meetings,
        "by_kind": sorted(by_kind.items()),
        "attendance": attendance,
        "topics": topics,
        "held": held,
    }


def _minutes_circulated(working_group, year: int) -> list:
    from minutes.models import Minutes

    start, end = _year_bounds(working_group, year)
    return list(
        Minutes.objects.filter(working_group=working_group, circulated_at__gte=start, circulated_at__lt=end)
        .select_related("meeting", "circulated_version")
        .order_by("meeting__starts_at")
    )


def annual_document(annual: AnnualReport, progress: Progress = _no_progress) -> dict:
    """Everything the group's annual report shows for `annual.year`."""
    group, year = annual.working_group, annual.year
    starts_on, ends_on = date(year, 1, 1), date(year, 12, 31)
    progress(10, _("Membership"))
    membership = _membership_by_pillar(group, starts_on, ends_on)
    progress(20, _("Meetings and attendance"))
    meetings = _meetings(group, year)
    progress(30, _("Minutes"))
    minutes = _minutes_circulated(group, year)
    progress(40, _("Work plan"))
    completion = completion_for(group, starts_on, ends_on)
    progress(50, _("Activities"))
    stats = activity_statistics(group, Period(starts_on, ends_on))
    activities = list(
        Activity.objects.filter(working_group=group, starts_on__gte=starts_on, starts_on__lte=ends_on).order_by(
            "starts_on", "pk"
        )
    )
    progress(60, _("Charts"))
    charts = statistics_charts(stats, completion)
    chart_list = [
        {"name": name, "chart": charts[name], "svg": chart_svg(name, charts[name])}
        for name in ANNUAL_CHARTS
        if any(any(values) for values in charts[name].series.values())
    ]
    progress(70, _("Outreach"))
    outreach = list(
        OutreachContact.objects.filter(
            working_group=group, contacted_on__gte=starts_on, contacted_on__lte=ends_on
        ).order_by("contacted_on", "pk")
    )
    workplan_rows = [
        {"label": label, "done": done, "total": total, "rate": round(100 * done / total) if total else None}
        for label, done, total in completion["by_category"]
        if total
    ]
    workplan_pillars = [
        {"label": label, "done": done, "total": total, "rate": round(100 * done / total) if total else None}
        for label, done, total in completion["by_pillar"]
    ]
    empty = not (
        meetings["list"]
        or minutes
        or activities
        or outreach
        or workplan_rows
        or membership["joins"]
        or membership["exits"]
    )
    return {
        "annual": annual,
        "group": group,
        "year": year,
        "toc": ANNUAL_SECTIONS,
        "empty": empty,
        "foreword_html": render_markdown(annual.foreword),
        "lessons_html": render_markdown(annual.lessons_learned),
        "challenges_html": render_markdown(annual.challenges),
        "membership": membership,
        "meetings": meetings,
        "minutes_circulated": minutes,
        "workplan_rows": workplan_rows,
        "workplan_pillars": workplan_pillars,
        "workplan_total": sum(r["total"] for r in workplan_rows),
        "workplan_done": sum(r["done"] for r in workplan_rows),
        "stats": stats,
        "activities": activities,
        "charts": chart_list,
        "outreach": outreach,
    }


# --- members' annual reports -------------------------------------------------------------------


def member_document(member_report: MemberReport, progress: Progress = _no_progress) -> dict:
    progress(20, _("Sections"))
    sections = [
        {**section, "anchor": f"s{index}", "html": render_markdown(section.get("text", ""))}
        for index, section in enumerate(member_report.sections, start=1)
    ]
    membership = member_report.membership
    return {
        "member_report": member_report,
        "group": member_report.working_group,
        "membership": membership,
        "institution": membership.institution,
        "year": member_report.year,
        "sections": sections,
        "toc": [(s["anchor"], s["title"]) for s in sections],
    }


# --- meeting packs ----------------------------------------------------------------------------


def previous_meeting(meeting: Meeting) -> Meeting | None:
    if meeting.follows_id:
        return meeting.follows
    return (
        Meeting.objects.filter(
            working_group=meeting.working_group, status=Meeting.Status.HELD, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at")
        .first()
    )


def pack_document(meeting: Meeting, progress: Progress = _no_progress) -> dict:
    """Agenda, guests, the previous meeting's circulated minutes and the open follow-up actions."""
    from minutes.models import FollowUpAction, Minutes
    from minutes.selectors import minutes_document

    progress(10, _("Agenda"))
    items = list(
        meeting.agenda_items.prefetch_related(
            Prefetch("presenters", queryset=Representative.objects.select_related("membership__institution")),
            "guests",
        )
    )
    guests = list(Guest.objects.filter(agenda_items__meeting=meeting).distinct().order_by("name"))
    progress(30, _("Previous minutes"))
    previous = previous_meeting(meeting)
    minutes = (
        Minutes.objects.filter(meeting=previous, circulated_version__isnull=False)
        .select_related("circulated_version", "meeting", "working_group")
        .first()
        if previous
        else None
    )
    previous_minutes = minutes_document(minutes, minutes.circulated_version) if minutes else None
    progress(50, _("Follow-up actions"))
    actions = list(
        FollowUpAction.objects.filter(
            minutes__working_group=meeting.working_group,
            minutes__circulated_version__isnull=False,
            status=FollowUpAction.Status.OPEN,
        )
        .select_related("institution__institution", "minutes__meeting")
        .order_by("due_on", "pk")
    )
    toc = [
        ("agenda", _("Agenda")),
        ("guests", _("Guests and speakers")),
        ("minutes", _("Minutes of the previous meeting")),
        ("actions", _("Open follow-up actions")),
    ]
    return {
        "meeting": meeting,
        "group": meeting.working_group,
        "items": items,
        "total_minutes": sum(item.length_minutes for item in items),
        "guests": guests,
        "previous": previous,
        "previous_minutes": previous_minutes,
        "actions": actions,
        "today": meeting.working_group.today(),
        "toc": toc,
    }
