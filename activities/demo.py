"""Demo data: the Peru group's training and dissemination activities and its outreach log.

The rows are in `demo_data/`: `activities.json` (each activity's audience names a share of its
participants by sector in `audiences.json`) and `outreach.json`. 2010–2015 reproduces the Peru
document's figure exactly: 28 activities, 2,213 participants, including the four key activities
it names (the breakfast for executives, the international forum and seminar, and the police
course). The 2026 activities carry out work plan tasks, named by title.
Idempotent: activities are found by (title, start date), contacts by (name, date).
"""

import json
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from members.models import Institution, Representative, WorkingGroup
from workplan.models import Task

from . import services
from .models import Activity, OutreachContact

DEMO_DATA = Path(__file__).parent / "demo_data"


def _read(name: str):
    return json.loads((DEMO_DATA / name).read_text(encoding="utf-8"))


def split(total: int, shares: dict) -> dict:
    """Participants by sector field, summing exactly to `total`; the rest goes to the first sector."""
    weight = sum(shares.values())
    counts = {f"participants_{sector}": total * share // weight for sector, share in shares.items()}
    first = f"participants_{next(iter(shares))}"
    counts[first] += total - sum(counts.values())
    return counts


@transaction.atomic
def load_activities_demo() -> None:
    group = WorkingGroup.objects.filter(slug="peru").first()
    if group is None:
        return
    reps = {
        rep.user.email.split("@")[0]: rep
        for rep in Representative.objects.active().filter(working_group=group).select_related("user", "membership")
    }
    secretariat = reps["socios"].user
    audiences = _read("audiences.json")
    existing = set(Activity.objects.filter(working_group=group).values_list("title", "starts_on"))
    institutions = {i.name: i for i in Institution.objects.filter(memberships__working_group=group)}
    tasks = {t.title: t for t in Task.objects.filter(work_plan__working_group=group)}
    for row in _read("activities.json"):
        start = date.fromisoformat(row["starts_on"])
        if (row["title"], start) in existing:
            continue
        funders = row.get("funders", "")
        funder_institutions = [institutions[funders]] if funders in institutions else []  # a member funds it
        services.activity_create(
            working_group=group,
            actor=secretariat,
            type=Activity.Type(row["type"]),
            title=row["title"],
            starts_on=start,
            ends_on=start + timedelta(days=row["days"] - 1),
            place=row["place"],
            region=row["region"],
            organisers=[reps[login].membership for login in row["organisers"]],
            partners_other=row.get("partners", ""),
            funder_institutions=funder_institutions,
            funders_other="" if funder_institutions else funders,
            topics=row["topics"],
            task=tasks.get(row.get("task")),
            **split(row["participants"], audiences[row["audience"]]),
        )
    logged = set(OutreachContact.objects.filter(working_group=group).values_list("institution_name", "contacted_on"))
    for row in _read("outreach.json"):
        contacted_on = date.fromisoformat(row["contacted_on"])
        if (row["institution_name"], contacted_on) in logged:
            continue
        services.outreach_create(
            working_group=group,
            actor=secretariat,
            contacted_on=contacted_on,
            institution_name=row["institution_name"],
            kind=OutreachContact.Kind(row["kind"]),
            members_involved=[reps[login].membership for login in row["members_involved"]],
            purpose=row["purpose"],
            outcome=row["outcome"],
            follow_up_on=date.fromisoformat(row["follow_up_on"]) if row["follow_up_on"] else None,
        )
