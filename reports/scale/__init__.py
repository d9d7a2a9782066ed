"""A platform-sized data set for the benchmark (issue 8), reproducible from a seed.

At `--scale 1`: 20 groups, 2,000 institutions, 10,000 users, 1,000 meetings with agendas, about
50,000 attendance records, 2,000 minutes versions, 5,000 activities and 20,000 audit records.
`--scale 0.1` divides every count by ten except the number of groups (20 tenants either way), so
each group holds ten times less: that is the comparison that shows whether a page grows with its
group's size. Attendance per meeting is capped by the group's participating institutions.

Rows are written with bulk_create (the services would take hours at this size), but the data is
what the services would have produced: role groups and capability grants come from
`working_group_create`, people's Django groups match their representations, seats and Secretariat
terms (bulk-inserted into the User.groups table), circulated minutes carry the guardian
`view_minutes` grants to the member and observer role groups, and every status has its history.

One module per app builds that app's rows; `generate` runs them in order, in one transaction,
all drawing from one seeded random source. It lives in `reports`, the top layer, because it
writes every app's tables. Groups are named `scale-01` … `scale-20`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from activities.models import Activity
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import Institution, WorkingGroup
from minutes.models import MinutesVersion
from vpwg.models import AuditRecord

from . import activities, audit, meetings, members, minutes, workplan
from .base import PASSWORD, SLUG_PREFIX, ScaleRun

STEPS = [
    members.groups,
    members.institutions,
    members.memberships,
    members.users,
    members.people,
    members.applications,
    meetings.meetings,
    minutes.minutes,
    workplan.workplans,
    activities.activities,
    audit.audit,
]


def already_generated() -> bool:
    return WorkingGroup.objects.filter(slug__startswith=f"{SLUG_PREFIX}-").exists()


def generate(*, scale: float, seed: int, log=print) -> dict[str, int]:
    """Build the data set (`scale` multiplies every count but the number of groups) and return the
    resulting row counts by name. The order of the steps is part of the seed's meaning: keep it."""
    run = ScaleRun(scale=scale, seed=seed, log=log)
    with transaction.atomic():
        for step in STEPS:
            step(run)
    return {
        "groups": WorkingGroup.objects.filter(slug__startswith=f"{SLUG_PREFIX}-").count(),
        "institutions": Institution.objects.count(),
        "users": get_user_model().objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "attendance": Attendance.objects.count(),
        "minutes versions": MinutesVersion.objects.count(),
        "activities": Activity.objects.count(),
        "audit records": AuditRecord.objects.count(),
    }


__all__ = ["PASSWORD", "SLUG_PREFIX", "already_generated", "generate"]
