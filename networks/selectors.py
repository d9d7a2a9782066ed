"""What network staff read: per sharing group, figures by pillar only, small numbers suppressed.

Never the text of minutes, never who attended: counts of institutions by pillar, and a figure drawn
from fewer than SMALL_NUMBER member institutions is given as FEWER (shown "fewer than 3"), as it could
identify one. The overview reads a fixed number of queries whatever the number of groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import SECTOR_FIELDS, Activity, Sector
from meetings.models import Attendance, Meeting
from members.models import Membership, Pillar, WorkingGroup
from vpwg import permissions
from vpwg.charts import Chart

from .models import Network, NetworkGroup

SMALL_NUMBER = 3
FEWER = "fewer"  # a suppressed figure: the template says "fewer than 3", the CSV too
PERIOD_DAYS = 365


@dataclass
class PillarFigures:
    pillar: str
    label: str
    members: int | str = FEWER  # current member institutions (observers apart), or FEWER
    attendance_rate: int | str | None = None  # % present at held plenaries, FEWER, or None (none held)
    # points against the 12 months before (the trend), when both rates may be given; None otherwise
    change: int | None = None


@dataclass
class GroupFigures:
    working_group: WorkingGroup
    plenaries_held: int = 0
    plenaries_expected: int = 0
    pillars: list[PillarFigures] = field(default_factory=list)
    activities: int = 0  # trainings and dissemination events started in the period
    participants: int = 0
    sectors: list[tuple[str, int]] = field(default_factory=list)  # (sector label, participants)


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
            sectors=[(str(label), done.get(f"participants_{value}") or 0) for value, label in Sector.choices],
        )
        for value, label in Pillar.choices:
            count = members.get((group.pk, value), 0)
            row = attendance.get((group.pk, value))
            rate, before = _rate(row, ""), _rate(row, "previous_")
            figures.pillars.append(
                PillarFigures(
                    pillar=value,
                    label=label,
                    members=_suppressed(count, count),
                    attendance_rate=rate,
                    change=rate - before if isinstance(rate, int) and isinstance(before, int) else None,
                )
            )
        result.append(figures)
    return result


def attendance_chart(figures: list[GroupFigures]) -> Chart | None:
    """The groups compared by attendance rate per pillar (the chart module: readable without colour).
    A suppressed rate is written "fewer than 3" with no bar, a pillar never recorded "—"."""
    if not figures:
        return None

    def value(rate):
        if rate == FEWER:
            return _("fewer than 3")
        return "—" if rate is None else rate

    return Chart(
        title=_("Attendance at plenaries by pillar, last 12 months (%)"),
        categories=[row.working_group.short_name or row.working_group.name for row in figures],
        series={
            str(label): [value(row.pillars[index].attendance_rate) for row in figures]
            for index, (_value, label) in enumerate(Pillar.choices)
        },
        value_label="%",
    )
