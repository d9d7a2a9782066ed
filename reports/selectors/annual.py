"""The contents of the group's annual report for a year: membership by pillar, meetings and attendance,
topics, minutes circulated, work plan progress, activities and participants, outreach, and the
Secretariat's narrative. A handful of aggregate queries, whatever the size of the year."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.charts import chart_svg, statistics_charts
from activities.models import Activity, OutreachContact
from activities.selectors import Period, activity_statistics
from meetings.models import AgendaItem, Attendance, Meeting
from members.decision_selectors import procedures_decided_in
from members.models import Membership, MembershipAction, MembershipStatusChange, Pillar
from minutes.models import Minutes
from minutes.rendering import render_markdown
from workplan.selectors import completion_for

from ..models import AnnualReport
from .progress import Progress, no_progress

# The table of contents, in the language the report is rendered in (the chapter headings' own words).
ANNUAL_SECTIONS = [
    ("foreword", gettext_lazy("Foreword")),
    ("membership", gettext_lazy("Membership")),
    ("meetings", gettext_lazy("Meetings and attendance")),
    ("topics", gettext_lazy("Topics discussed")),
    ("minutes", gettext_lazy("Minutes circulated")),
    ("workplan", gettext_lazy("Work plan progress")),
    ("activities", gettext_lazy("Activities and participants")),
    ("outreach", gettext_lazy("Outreach")),
    ("lessons", gettext_lazy("Lessons learned")),
    ("challenges", gettext_lazy("Challenges")),
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
        # Observers take part without a member's obligations: they are in no pillar's rate (issue 16).
        for row in Attendance.objects.filter(meeting__in=held, observer=False)
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
    start, end = _year_bounds(working_group, year)
    return list(
        Minutes.objects.filter(working_group=working_group, circulated_at__gte=start, circulated_at__lt=end)
        .select_related("meeting", "circulated_version")
        .order_by("meeting__starts_at")
    )


def annual_document(annual: AnnualReport, progress: Progress = no_progress) -> dict:
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
        "procedures": procedures_decided_in(group, year),  # decisions taken by written procedure (issue 14)
        "workplan_rows": workplan_rows,
        "workplan_pillars": workplan_pillars,
        "workplan_total": sum(r["total"] for r in workplan_rows),
        "workplan_done": sum(r["done"] for r in workplan_rows),
        "stats": stats,
        "activities": activities,
        "charts": chart_list,
        "outreach": outreach,
    }
