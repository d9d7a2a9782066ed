"""The activities part of the scale data set: trainings and events since 2010, and outreach contacts."""

from __future__ import annotations

from datetime import date, timedelta

from activities.models import SECTOR_FIELDS, Activity, OutreachContact
from activities.models import Topic as ActivityTopic

from .base import AGENDA_TITLES, GROUPS, ScaleRun, bulk


def activities(run: ScaleRun) -> None:
    per_group = max(1, run.n["activities"] // GROUPS)
    rows = []
    topics = ActivityTopic.values
    for wg in run.groups:
        for _index in range(per_group):
            start = date(2010, 1, 1) + timedelta(days=run.rng.randrange((run.today - date(2010, 1, 1)).days))
            counts = {name: (run.rng.randrange(30) if run.rng.random() < 0.4 else 0) for name in SECTOR_FIELDS}
            rows.append(
                Activity(
                    working_group=wg,
                    type=run.rng.choice(Activity.Type.values),
                    title=f"{run.rng.choice(Activity.Type.labels)} on {run.rng.choice(AGENDA_TITLES).lower()}",
                    starts_on=start,
                    ends_on=start + timedelta(days=run.rng.randrange(3)),
                    place=wg.country,
                    region=run.rng.choice(["Capital", "North", "South", "Highlands", "Coast"]),
                    topics=run.rng.sample(topics, 2),
                    recorded_by=run.staff[wg.pk][0],
                    **counts,
                )
            )
    rows = bulk(Activity, rows)
    organisers = []
    for activity in rows:
        members = run.by_group[activity.working_group_id]
        for membership in run.rng.sample(members, min(2, len(members))):
            organisers.append(Activity.organisers.through(activity_id=activity.pk, membership_id=membership.pk))
    bulk(Activity.organisers.through, organisers)
    outreach = [
        OutreachContact(
            working_group=wg,
            contacted_on=run.today - timedelta(days=20 * index),
            institution_name=f"{run.words(2)} Police Directorate",
            kind=run.rng.choice(OutreachContact.Kind.values),
            purpose="Present the Voluntary Principles.",
        )
        for wg in run.groups
        for index in range(10)
    ]
    bulk(OutreachContact, outreach)
    run.step(f"{len(rows)} activities, {len(organisers)} organiser links, {len(outreach)} outreach contacts")
