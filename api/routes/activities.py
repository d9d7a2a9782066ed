"""Activities (trainings and dissemination events) and their statistics. view_group."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router
from pydantic import Field

from activities import selectors
from activities.models import Activity, Sector

from ..auth import access
from ..pagination import Paging, Period, page
from ..schemas import ActivityOut, Page, StatisticsOut

router = Router(tags=["activities"])


class ActivityFilter(Period):
    type: str | None = Field(None, description="course, workshop, seminar, forum, panel, …")
    region: str | None = None


def _activity(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "type": activity.type,
        "title": activity.title,
        "description": activity.description,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "place": activity.place,
        "region": activity.region,
        "organisers": [membership.institution.name for membership in activity.organisers.all()],
        "topics": list(activity.topics),
        "participants_total": activity.participants_total,
        "participants": {value: getattr(activity, f"participants_{value}") for value in Sector.values},
    }


@router.get("/groups/{group_slug}/activities", response=Page[ActivityOut], summary="Activities, newest first")
def activity_list(request, group_slug: str, filters: Query[ActivityFilter], paging: Query[Paging]):
    group, _access = access(request, group_slug)
    rows = selectors.activities_for(group, type=filters.type or "").order_by("-starts_on", "-pk")
    if filters.since:
        rows = rows.filter(starts_on__gte=filters.since)
    if filters.until:
        rows = rows.filter(starts_on__lte=filters.until)
    if filters.region:
        rows = rows.filter(region__iexact=filters.region)
    return page(request, rows, _activity, paging)


@router.get("/groups/{group_slug}/activities/statistics", response=StatisticsOut, summary="Activities and participants")
def activity_statistics(request, group_slug: str, filters: Query[Period]):
    group, _access = access(request, group_slug)
    period = selectors.default_period(group)
    period = selectors.Period(filters.since or period.starts_on, filters.until or period.ends_on)
    if period.ends_on < period.starts_on:
        period = selectors.Period(period.starts_on, period.starts_on)
    stats = selectors.activity_statistics(group, period)

    def rows(triples):
        return [{"label": str(label), "activities": n, "participants": p} for label, n, p in triples]

    return {
        "since": period.starts_on,
        "until": period.ends_on,
        "total_activities": stats["total_activities"],
        "total_participants": stats["total_participants"],
        "by_year": rows(stats["by_year"]),
        "by_type": rows(stats["by_type"]),
        "by_region": rows(stats["by_region"]),
        "by_sector": {value: count for value, (_label, count) in zip(Sector.values, stats["by_sector"], strict=True)},
    }


@router.get("/groups/{group_slug}/activities/{activity_id}", response=ActivityOut, summary="An activity")
def activity_detail(request, group_slug: str, activity_id: int):
    group, _access = access(request, group_slug)
    activity = selectors.activities_for(group).filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    return _activity(activity)
