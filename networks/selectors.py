"""What network staff read: per sharing group, figures by pillar only, small numbers suppressed.

Never the text of minutes, never who attended: counts of institutions by pillar, and a figure drawn
from fewer than SMALL_NUMBER member institutions is given as FEWER (shown "fewer than 3"), as it could
identify one. The overview reads a fixed number of queries whatever the number of groups.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import SECTOR_FIELDS, Activity, Sector
from meetings.models import Attendance, Meeting
from members.models import Membership, Pillar, WorkingGroup
from vpwg import permissions
from vpwg.charts import Chart
from workplan.models import Task, WorkPlan

from .models import Network, NetworkGroup

SMALL_NUMBER = 3
FEWER = "fewer"  # a suppressed figure: the template says "fewer than 3", the CSV too
PERIOD_DAYS = 365
YEARS = 3  # the calendar years shown over time: this one and the two before
# Figures are computed by networks.tasks.network_figures_refresh_task (every 15 minutes, the beat
# schedule) and kept in the cache this long; a group missing from the cache is computed on the spot.
CACHE_SECONDS = 2 * 60 * 60
CACHE_KEY = "networks:figures:v3:{pk}"  # a new version when the dataclasses change


# Figures keep codes, never (lazy) labels: they are cached, and unpickling a lazy string costs ~1 ms.
PILLAR_LABELS = dict(Pillar.choices)
SECTOR_LABELS = dict(Sector.choices)
CATEGORY_LABELS = dict(Task.Category.choices)


@dataclass
class PillarFigures:
    pillar: str
    members: int | str = FEWER  # current member institutions (observers apart), or FEWER
    attendance_rate: int | str | None = None  # % present at held plenaries, FEWER, or None (none held)
    # points against the 12 months before (the trend), when both rates may be given; None otherwise
    change: int | None = None

    @property
    def label(self):
        return PILLAR_LABELS[self.pillar]


@dataclass
class GroupFigures:
    working_group: WorkingGroup
    plenaries_held: int = 0
    plenaries_expected: int = 0
    pillars: list[PillarFigures] = field(default_factory=list)
    activities: int = 0  # trainings and dissemination events started in the period
    participants: int = 0
    sector_counts: list[tuple[str, int]] = field(default_factory=list)  # (sector, participants)
    years: list[int] = field(default_factory=list)  # the calendar years of the figures below, oldest first
    membership: list[YearMembership] = field(default_factory=list)  # one per year
    tasks_by_category: list[YearTasks] = field(default_factory=list)  # one per year
    tasks_by_pillar: list[YearTasks] = field(default_factory=list)  # one per year
    minutes: list[YearMinutes] = field(default_factory=list)  # one per year
    annual_reports: list[AnnualReportFigure] = field(default_factory=list)  # one per year
    computed_at: datetime | None = None

    @property
    def sectors(self) -> list[tuple[str, int]]:
        """(sector label, participants), in the active language."""
        return [(SECTOR_LABELS[value], n) for value, n in self.sector_counts]

    def pillar(self, value: str) -> PillarFigures:
        return next(p for p in self.pillars if p.pillar == value)

    @property
    def by_year(self) -> list[dict]:
        """Per year: the minutes, the annual report and the work plan's tasks (all categories together)."""
        return [
            {
                "year": year,
                "minutes": minutes,
                "report": report,
                "tasks": TaskCount(
                    key="all",
                    tasks=sum(row.tasks for row in tasks.rows),
                    done=sum(row.done for row in tasks.rows),
                ),
            }
            for year, minutes, report, tasks in zip(
                self.years, self.minutes, self.annual_reports, self.tasks_by_category, strict=True
            )
        ]


@dataclass
class PillarCount:
    pillar: str
    members: int | str = FEWER  # member institutions at the end of the year (today for this year)
    joins: int | str = 0  # institutions that joined in the year; 1 or 2 shown as FEWER
    exits: int | str = 0  # that withdrew or were expelled in the year; 1 or 2 shown as FEWER

    @property
    def label(self):
        return PILLAR_LABELS[self.pillar]


@dataclass
class YearMembership:
    year: int
    pillars: list[PillarCount] = field(default_factory=list)


@dataclass
class TaskCount:
    key: str  # a task category or a pillar ("all": every category)
    tasks: int | str = 0  # work plan tasks due in the year (approved or closed plans, cancelled left out)
    done: int | str = 0

    @property
    def label(self):
        return CATEGORY_LABELS.get(self.key) or PILLAR_LABELS.get(self.key, "")

    @property
    def progress(self) -> int | str | None:
        """Tasks done, in % of those due; FEWER when the counts are suppressed, None when none due."""
        if self.tasks == FEWER:
            return FEWER
        return round(100 * self.done / self.tasks) if self.tasks else None


@dataclass
class YearTasks:
    year: int
    rows: list[TaskCount] = field(default_factory=list)


@dataclass
class YearMinutes:
    year: int
    held: int = 0  # plenaries held in the year
    circulated: int = 0  # of which the minutes were circulated
    on_time: int = 0  # of which within the deadline (minutes_due_on)

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.on_time / self.held) if self.held else None


@dataclass
class AnnualReportFigure:
    """The group's annual report of `year`: circulated (on time or late), due and missing, or not due yet."""

    year: int
    due_on: date
    circulated_on: date | None = None
    state: str = "not_due"  # on_time | late | missing | not_due | no_members (none at the year's end)

    STATES = ("on_time", "late", "missing", "not_due", "no_members")

    @property
    def state_label(self) -> str:
        return report_state_label(self.state)


def report_state_label(state: str) -> str:
    return {
        "on_time": _("circulated on time"),
        "late": _("circulated late"),
        "missing": _("not circulated, due date passed"),
        "not_due": _("not due yet"),
        "no_members": _("the group had no members yet"),
    }[state]


def network_visible_to(user, slug: str) -> Network:
    """The network named `slug` if `user` is its staff; 404 otherwise (never confirm it exists)."""
    if not permissions.is_network_staff(user, slug):
        raise Http404
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404
    return network


def sharing_groups(network: Network) -> list[WorkingGroup]:
    """The network's groups whose charter shares their figures, by country (one query)."""
    rows = NetworkGroup.objects.filter(network=network, shares_figures=True).select_related("working_group")
    return [row.working_group for row in rows.order_by("working_group__country", "working_group__name")]


def sharing_group_or_404(network: Network, group_slug: str) -> WorkingGroup:
    """One sharing group of this network; 404 for a group that does not share or is of another network."""
    row = (
        NetworkGroup.objects.filter(network=network, shares_figures=True, working_group__slug=group_slug)
        .select_related("working_group")
        .first()
    )
    if row is None:
        raise Http404
    return row.working_group


def _suppressed(value: int, institutions: int):
    return value if institutions >= SMALL_NUMBER else FEWER


def _rate(row, prefix: str):
    """A period's attendance rate (%), FEWER when drawn from fewer than SMALL_NUMBER institutions
    present, None when nothing was recorded."""
    if not row or not row[f"{prefix}total"]:
        return None
    rate = round(100 * row[f"{prefix}present"] / row[f"{prefix}total"])
    return _suppressed(rate, row[f"{prefix}institutions"])


def figures_for(groups: list[WorkingGroup], now=None) -> list[GroupFigures]:
    """Each group's figures over the last 12 months (four queries for any number of groups).

    - plenaries held (held plenaries started in the period) against the group's cadence;
    - attendance rate by pillar as the group's own statistics compute it (meetings.selectors.
      attendance_over_time: present over recorded entries at held plenaries, observers left out),
      given only when at least SMALL_NUMBER distinct member institutions of the pillar were present,
      with its change in points against the 12 months before when that rate may be given too;
    - current member institutions by pillar (observers apart), given only from SMALL_NUMBER up;
    - activities started in the period and their participants by sector (people, not institutions:
      nothing to suppress).
    """
    if not groups:
        return []
    now = now or timezone.now()
    since = now - timedelta(days=PERIOD_DAYS)
    ids = [group.pk for group in groups]
    held = dict(
        Meeting.objects.plenaries()
        .filter(working_group_id__in=ids, status=Meeting.Status.HELD, starts_at__gte=since, starts_at__lte=now)
        .values("working_group_id")
        .annotate(n=Count("pk"))
        .values_list("working_group_id", "n")
    )
    # One read for this period and the one before (the trend): conditional counts split them.
    current, previous = Q(meeting__starts_at__gte=since), Q(meeting__starts_at__lt=since)
    present = Q(status=Attendance.Status.PRESENT)
    attendance = {
        (row["meeting__working_group_id"], row["pillar"]): row
        for row in Attendance.objects.filter(
            meeting__working_group_id__in=ids,
            meeting__kind=Meeting.Kind.PLENARY,
            meeting__status=Meeting.Status.HELD,
            meeting__starts_at__gte=since - timedelta(days=PERIOD_DAYS),
            meeting__starts_at__lte=now,
            observer=False,
        )
        .values("meeting__working_group_id", "pillar")
        .annotate(
            total=Count("pk", filter=current),
            present=Count("pk", filter=current & present),
            institutions=Count("membership_id", filter=current & present, distinct=True),
            previous_total=Count("pk", filter=previous),
            previous_present=Count("pk", filter=previous & present),
            previous_institutions=Count("membership_id", filter=previous & present, distinct=True),
        )
    }
    members = {
        (row["working_group_id"], row["pillar"]): row["n"]
        for row in Membership.objects.filter(working_group_id__in=ids, status=Membership.Status.MEMBER)
        .values("working_group_id", "pillar")
        .annotate(n=Count("pk"))
    }
    activities = {
        row["working_group_id"]: row
        for row in Activity.objects.filter(
            working_group_id__in=ids, starts_on__gte=since.date(), starts_on__lte=now.date()
        )
        .values("working_group_id")
        .annotate(n=Count("pk"), total=Sum("participants_total"), **{name: Sum(name) for name in SECTOR_FIELDS})
    }
    result = []
    for group in groups:
        done = activities.get(group.pk, {})
        figures = GroupFigures(
            working_group=group,
            plenaries_held=held.get(group.pk, 0),
            plenaries_expected=max(1, 12 // group.meeting_cadence_months),
            activities=done.get("n", 0),
            participants=done.get("total") or 0,
            sector_counts=[(value, done.get(f"participants_{value}") or 0) for value in Sector.values],
        )
        for value in Pillar.values:
            count = members.get((group.pk, value), 0)
            row = attendance.get((group.pk, value))
            rate, before = _rate(row, ""), _rate(row, "previous_")
            figures.pillars.append(
                PillarFigures(
                    pillar=value,
                    members=_suppressed(count, count),
                    attendance_rate=rate,
                    change=rate - before if isinstance(rate, int) and isinstance(before, int) else None,
                )
            )
        result.append(figures)
    _over_time(result, ids, now)
    for figures in result:
        figures.computed_at = now
    return result


def _count(n: int):
    """Joins, exits: a count of one or two institutions would point at them; none names nobody."""
    return n if n == 0 or n >= SMALL_NUMBER else FEWER


def _months_after(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def minutes_due_on(plenary_ends_at: datetime, working_group: WorkingGroup) -> datetime:
    """The deadline for circulating a plenary's minutes: before the next plenary is due under the
    charter's cadence (the plenary's end plus meeting_cadence_months), so members read them before they
    meet again. The group records no other deadline for circulation."""
    return _months_after(plenary_ends_at, working_group.meeting_cadence_months)


def annual_report_due_on(year: int, working_group: WorkingGroup) -> date:
    """The group's annual report of `year` is due with the charter's annual reporting deadline: the
    days after the year ends that it sets for members' reports (member_report_due_days)."""
    return date(year, 12, 31) + timedelta(days=working_group.member_report_due_days)


# The group's annual reports are the reports app's, a layer above this one: it registers a reader
# (reports/network_figures.py) taking (group ids, years) and returning {(group id, year): circulated_at
# or None when not circulated yet}, for the reports that exist. No reader: no annual reports shown.
_annual_report_readers: list[Callable] = []


def register_annual_reports(reader: Callable) -> None:
    if reader not in _annual_report_readers:
        _annual_report_readers.append(reader)


def _over_time(result: list[GroupFigures], ids: list[int], now) -> None:
    """Membership with joins and exits, work plan progress by category and by pillar, minutes and annual
    reports circulated on time, per calendar year (five queries for any number of groups)."""
    today = timezone.localdate(now)
    years = list(range(today.year - YEARS + 1, today.year + 1))
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)

    def year_end(year):
        return min(date(year, 12, 31), today)

    # Member institutions at each year's end from their joining and leaving dates (observers apart).
    annotations = {}
    for year in years:
        end = year_end(year)
        annotations[f"members_{year}"] = Count(
            "pk", filter=Q(joined_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
        )
        annotations[f"joins_{year}"] = Count("pk", filter=Q(joined_on__year=year, joined_on__lte=today))
        annotations[f"exits_{year}"] = Count("pk", filter=Q(ended_on__year=year, status__in=Membership.ENDED))
    membership = {
        (row["working_group_id"], row["pillar"]): row
        for row in Membership.objects.filter(working_group_id__in=ids)
        .exclude(status=Membership.Status.OBSERVER)
        .values("working_group_id", "pillar")
        .annotate(**annotations)
    }
    # Work plan tasks due in each year, of approved (or since closed) plans; cancelled ones left out.
    tasks = (
        Task.objects.filter(
            work_plan__working_group_id__in=ids,
            work_plan__status__in=[WorkPlan.Status.APPROVED, WorkPlan.Status.CLOSED],
            due_on__gte=first,
            due_on__lte=last,
        )
        .exclude(status=Task.Status.CANCELLED)
        .annotate(year=ExtractYear("due_on"))
    )
    done = Q(status=Task.Status.DONE)
    by_category = {
        (row["work_plan__working_group_id"], row["year"], row["category"]): row
        for row in tasks.values("work_plan__working_group_id", "year", "category").annotate(
            n=Count("pk"), done=Count("pk", filter=done)
        )
    }
    # By the lead institution's pillar; a pillar whose tasks are led by fewer than 3 institutions is
    # suppressed (its progress would be theirs).
    by_pillar = {
        (row["work_plan__working_group_id"], row["year"], row["lead__pillar"]): row
        for row in tasks.values("work_plan__working_group_id", "year", "lead__pillar").annotate(
            n=Count("pk"), done=Count("pk", filter=done), leads=Count("lead_id", distinct=True)
        )
    }
    # Held plenaries of the years, with when their minutes were circulated (None: not yet).
    plenaries = {}
    for group_id, ends_at, circulated_at in (
        Meeting.objects.plenaries()
        .filter(
            working_group_id__in=ids,
            status=Meeting.Status.HELD,
            starts_at__gte=timezone.make_aware(datetime(first.year - 1, 12, 30)),  # any zone's 1 January
            starts_at__lte=now,
        )
        .values_list("working_group_id", "ends_at", "minutes__circulated_at")
    ):
        plenaries.setdefault(group_id, []).append((ends_at, circulated_at))
    reports = {}
    for reader in _annual_report_readers:
        reports.update(reader(ids, years))

    categories, pillars = Task.Category.values, Pillar.values
    for figures in result:
        group, pk = figures.working_group, figures.working_group.pk
        figures.years = years
        for year in years:
            entry = YearMembership(year=year)
            for value in pillars:
                row = membership.get((pk, value), {})
                members = row.get(f"members_{year}", 0)
                entry.pillars.append(
                    PillarCount(
                        pillar=value,
                        members=_suppressed(members, members),
                        joins=_count(row.get(f"joins_{year}", 0)),
                        exits=_count(row.get(f"exits_{year}", 0)),
                    )
                )
            figures.membership.append(entry)
            figures.tasks_by_category.append(
                YearTasks(
                    year=year,
                    rows=[
                        TaskCount(
                            key=value,
                            tasks=by_category.get((pk, year, value), {}).get("n", 0),
                            done=by_category.get((pk, year, value), {}).get("done", 0),
                        )
                        for value in categories
                    ],
                )
            )
            pillar_rows = []
            for value in pillars:
                row = by_pillar.get((pk, year, value))
                if row is None:
                    pillar_rows.append(TaskCount(key=value))
                elif row["leads"] < SMALL_NUMBER:
                    pillar_rows.append(TaskCount(key=value, tasks=FEWER, done=FEWER))
                else:
                    pillar_rows.append(TaskCount(key=value, tasks=row["n"], done=row["done"]))
            figures.tasks_by_pillar.append(YearTasks(year=year, rows=pillar_rows))
            minutes = YearMinutes(year=year)
            for ends_at, circulated_at in plenaries.get(pk, []):
                if timezone.localtime(ends_at, group.tzinfo).year != year:
                    continue
                minutes.held += 1
                if circulated_at is not None:
                    minutes.circulated += 1
                    minutes.on_time += circulated_at <= minutes_due_on(ends_at, group)
            figures.minutes.append(minutes)
            due = annual_report_due_on(year, group)
            report = AnnualReportFigure(year=year, due_on=due)
            circulated_at = reports.get((pk, year))
            if circulated_at is not None:
                report.circulated_on = timezone.localdate(circulated_at, group.tzinfo)
                report.state = "on_time" if report.circulated_on <= due else "late"
            elif not any(membership.get((pk, value), {}).get(f"members_{year}") for value in pillars):
                report.state = "no_members"  # the group had not started: no report was owed
            elif due < today:
                report.state = "missing"
            figures.annual_reports.append(report)


def attendance_chart(figures: list[GroupFigures]) -> Chart | None:
    """The groups compared by attendance rate per pillar (the chart module: readable without colour).
    A suppressed rate is written "fewer than 3" with no bar, a pillar never recorded "—"."""
    if not figures:
        return None
    value = _chart_value
    return Chart(
        title=_("Attendance at plenaries by pillar, last 12 months (%)"),
        categories=[row.working_group.short_name or row.working_group.name for row in figures],
        series={
            str(label): [value(row.pillars[index].attendance_rate) for row in figures]
            for index, (_value, label) in enumerate(Pillar.choices)
        },
        value_label="%",
    )


def figures_cached(groups: list[WorkingGroup]) -> list[GroupFigures]:
    """figures_for(groups) as the periodic task last computed them (each with its computed_at); the
    groups missing from the cache (newly sharing, a cold or unreachable cache) computed now, in the same
    fixed number of queries, and kept. The caller passes the groups sharing today: a group that stops
    sharing is not asked for, whatever the cache holds."""
    keys = {group.pk: CACHE_KEY.format(pk=group.pk) for group in groups}
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = [group for group in groups if keys[group.pk] not in found]
    fresh = {figures.working_group.pk: figures for figures in figures_for(missing)}
    if fresh:
        cache.set_many({keys[pk]: _storable(figures) for pk, figures in fresh.items()}, CACHE_SECONDS)
    result = []
    for group in groups:
        figures = fresh.get(group.pk) or found[keys[group.pk]]
        figures.working_group = group  # today's name and country, not the cached copy's
        result.append(figures)
    return result


def _storable(figures: GroupFigures) -> GroupFigures:
    return replace(figures, working_group=None)


def figures_refresh(now=None) -> int:
    """Compute the figures of every group sharing with a network and keep them (the periodic task).
    Returns the number of groups."""
    groups = list(WorkingGroup.objects.filter(network_rows__shares_figures=True).distinct().order_by("pk"))
    cache.set_many(
        {CACHE_KEY.format(pk=f.working_group.pk): _storable(f) for f in figures_for(groups, now=now)},
        CACHE_SECONDS,
    )
    return len(groups)


def computed_at(figures: list[GroupFigures]):
    """When the oldest of these figures was computed (what the page says), or None."""
    return min((row.computed_at for row in figures if row.computed_at), default=None)


def _chart_value(value):
    if value == FEWER:
        return _("fewer than 3")
    return "—" if value is None else value


def _label(group: WorkingGroup) -> str:
    return group.short_name or group.name


def membership_chart(figures: list[GroupFigures]) -> Chart | None:
    """The groups compared by member institutions per pillar today, "fewer than 3" where suppressed."""
    if not figures:
        return None
    return Chart(
        title=_("Member institutions by pillar today"),
        categories=[_label(row.working_group) for row in figures],
        series={
            str(label): [_chart_value(row.membership[-1].pillars[index].members) for row in figures]
            for index, (_value, label) in enumerate(Pillar.choices)
        },
    )


def tasks_chart(figures: list[GroupFigures]) -> Chart | None:
    """The groups compared by work plan progress this year (tasks done, % of those due) by the lead's pillar."""
    if not figures:
        return None
    return Chart(
        title=_("Work plan tasks due this year and done, by the lead institution's pillar (%)"),
        categories=[_label(row.working_group) for row in figures],
        series={
            str(label): [_chart_value(row.tasks_by_pillar[-1].rows[index].progress) for row in figures]
            for index, (_value, label) in enumerate(Pillar.choices)
        },
        value_label="%",
    )


def minutes_chart(figures: list[GroupFigures]) -> Chart | None:
    """The groups compared by plenary minutes circulated on time, per year (%)."""
    if not figures:
        return None
    return Chart(
        title=_("Minutes of plenaries circulated on time (%)"),
        categories=[_label(row.working_group) for row in figures],
        series={
            str(year): [_chart_value(row.minutes[index].on_time_rate) for row in figures]
            for index, year in enumerate(figures[0].years)
        },
        value_label="%",
    )
