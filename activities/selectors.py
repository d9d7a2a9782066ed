"""Reads for the activities pages and the statistics; each runs a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from members.models import Institution, Membership

from .models import SECTOR_FIELDS, Activity, ActivityAttachment, OutreachContact, Sector


def activities_for(working_group, *, year: int | None = None, type: str = ""):
    """The group's activities, newest first, with organisers (two queries however many rows)."""
    activities = (
        Activity.objects.filter(working_group=working_group)
        .select_related("task")
        .prefetch_related(
            Prefetch(
                "organisers", queryset=Membership.objects.select_related("institution").order_by("institution__name")
            )
        )
    )
    if year:
        activities = activities.filter(starts_on__year=year)
    if type:
        activities = activities.filter(type=type)
    return activities


def activity_year_counts(working_group, *, type: str = "") -> dict[int, int]:
    """How many activities (of `type`, if given) each year has: the list's year links (one query)."""
    activities = Activity.objects.filter(working_group=working_group)
    if type:
        activities = activities.filter(type=type)
    return {
        row["year"]: row["n"]
        for row in activities.annotate(year=ExtractYear("starts_on")).values("year").annotate(n=Count("pk")).order_by()
    }


def activity_get(working_group, activity_id: int) -> Activity:
    activity = (
        Activity.objects.filter(working_group=working_group, pk=activity_id)
        .select_related("task__work_plan", "recorded_by")
        .prefetch_related(
            Prefetch("organisers", queryset=Membership.objects.select_related("institution")),
            Prefetch("partner_institutions", queryset=Institution.objects.order_by("name")),
            Prefetch("funder_institutions", queryset=Institution.objects.order_by("name")),
            "attachments",
        )
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def attachment_get(working_group, attachment_id: int) -> ActivityAttachment:
    attachment = (
        ActivityAttachment.objects.filter(activity__working_group=working_group, pk=attachment_id)
        .select_related("activity")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def outreach_for(working_group):
    return OutreachContact.objects.filter(working_group=working_group).prefetch_related(
        Prefetch("members_involved", queryset=Membership.objects.select_related("institution"))
    )


def outreach_get(working_group, contact_id: int) -> OutreachContact:
    contact = OutreachContact.objects.filter(working_group=working_group, pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


# --- statistics ----------------------------------------------------------------------------------


@dataclass
class Period:
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def label(self) -> str:
        if self.starts_on.year == self.ends_on.year:
            return str(self.starts_on.year)
        return f"{self.starts_on.year}–{self.ends_on.year}"


def default_period(working_group) -> Period:
    """From the year of the group's first activity to this year (one query)."""
    first = Activity.objects.filter(working_group=working_group).aggregate(first=Min("starts_on"))["first"]
    today = working_group.today()
    return Period(datetime.date((first or today).year, 1, 1), datetime.date(today.year, 12, 31))


def activity_statistics(working_group, period: Period) -> dict:
    """Activities and participants in `period` by year, type, sector and region (four queries).

    An activity counts in the period when it starts in it.
    """
    activities = Activity.objects.filter(
        working_group=working_group, starts_on__gte=period.starts_on, starts_on__lte=period.ends_on
    )
    counts = {"activities": Count("pk"), "participants": Sum("participants_total")}
    by_year = list(
        activities.annotate(year=ExtractYear("starts_on")).values("year").annotate(**counts).order_by("year")
    )
    by_type = {row["type"]: row for row in activities.values("type").annotate(**counts).order_by()}
    by_region = list(activities.values("region").annotate(**counts).order_by("-participants", "region"))
    sectors = activities.aggregate(
        total_activities=Count("pk"),
        total_participants=Sum("participants_total"),
        **{name: Sum(name) for name in SECTOR_FIELDS},
    )
    return {
        "period": period,
        "total_activities": sectors["total_activities"] or 0,
        "total_participants": sectors["total_participants"] or 0,
        # Every year of the period appears, with zeros, so gaps show.
        "by_year": _fill_years(by_year, period),
        "by_type": [
            (label, by_type.get(value, {}).get("activities", 0), by_type.get(value, {}).get("participants") or 0)
            for value, label in Activity.Type.choices
            if value in by_type
        ],
        "by_sector": [(label, sectors[f"participants_{value}"] or 0) for value, label in Sector.choices],
        "by_region": [(row["region"] or "—", row["activities"], row["participants"] or 0) for row in by_region],
    }


def _fill_years(rows, period: Period) -> list[tuple[str, int, int]]:
    found = {row["year"]: row for row in rows}
    return [
        (str(year), found.get(year, {}).get("activities", 0), found.get(year, {}).get("participants") or 0)
        for year in range(period.starts_on.year, period.ends_on.year + 1)
    ]
