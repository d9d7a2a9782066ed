"""The minutes part of the scale data set: a version history per held meeting, circulated with its grants.

The latest held meeting of each group has submitted minutes (one version); the others are circulated
after one or two rounds of changes, approved by the group's seat holders and readable by the member
and observer role groups (the guardian `view_minutes` grant circulation gives them).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import GroupObjectPermission

from meetings.models import Meeting
from minutes.models import FollowUpAction, Minutes, MinutesApproval, MinutesStatusChange, MinutesVersion
from vpwg.permissions import Role

from .base import BATCH, ScaleRun, bulk, participating

SUMMARIES = [
    "Participants discussed **{topic}** and shared experiences from their institutions' operations. "
    "Several participants stressed that implementation outside the capital remains uneven, and that "
    "coordination between national and regional authorities is essential.\n\n"
    "- Vetting and training of security personnel were raised repeatedly.\n"
    "- The role of *independent monitoring* was discussed at length.\n"
    "- One participant noted that subcontracting chains make responsibility hard to trace.",
    "A presentation summarised recent developments on {topic}. The discussion that followed focused on "
    "proportionality, the reporting of incidents and how communities can raise grievances.\n\n"
    "1. Incident reporting should follow a common template.\n"
    "2. Information should reach communities in their own language.\n\n"
    "> The group recalled that the meeting is held under the Chatham House Rule.",
    "The group reviewed {topic} in light of the Voluntary Principles. Participants exchanged views on "
    "transparency, oversight and the sharing of good practice among the three pillars, and agreed that a "
    "short written guide would help members brief their colleagues.",
]
AGREEMENTS = [
    "- The Secretariat will circulate a summary of the applicable norms.\n- Members will send comments within a month.",
    "- Prepare joint comments for the competent authority.",
    "",
    "- Invite a speaker on this topic to the next plenary.",
]


def _section(key: str, title: str, summary: str) -> dict:
    return {"key": key, "title": title, "agenda_item_id": None, "summary": summary, "agreements": ""}


def _sections(run: ScaleRun, meeting: Meeting) -> list[dict]:
    sections = [
        _section(
            "opening",
            "Opening and context",
            "The Secretariat opened the session, recalled the Chatham House Rule and presented "
            "the agenda agreed at the previous plenary.",
        )
    ]
    for item in run.items_by_meeting[meeting.pk]:
        sections.append(
            {
                "key": f"item-{item.pk}",
                "title": f"{item.position}. {item.title}",
                "agenda_item_id": item.pk,
                "summary": run.rng.choice(SUMMARIES).format(topic=item.title.lower()),
                "agreements": run.rng.choice(AGREEMENTS),
            }
        )
    sections.append(_section("other", "Other business", "No other business was raised."))
    sections.append(_section("next", "Next meeting", "The next plenary will take place in three months."))
    return sections


def minutes(run: ScaleRun) -> None:
    held = sorted(
        (m for m in run.meetings if m.status == Meeting.Status.HELD),
        key=lambda m: (m.working_group_id, -m.starts_at.timestamp()),
    )
    latest = {}
    for meeting in held:
        latest.setdefault(meeting.working_group_id, meeting.pk)
    circulated_count = sum(1 for m in held if latest[m.working_group_id] != m.pk)
    submitted_count = len(held) - circulated_count
    # The share of circulated minutes that get a third version, so that versions add up to `versions`.
    extra = max(0.0, min(1.0, (run.n["versions"] - submitted_count - 2 * circulated_count) / max(1, circulated_count)))
    minutes_rows, plan = [], []
    for meeting in held:
        sections = _sections(run, meeting)
        if latest[meeting.working_group_id] == meeting.pk:
            status, versions = Minutes.Status.SUBMITTED, 1
        else:
            status, versions = Minutes.Status.CIRCULATED, 2 + (run.rng.random() < extra)
        staff = run.staff[meeting.working_group_id][0]
        minutes_rows.append(
            Minutes(
                working_group_id=meeting.working_group_id,
                meeting=meeting,
                status=status,
                sections=sections,
                latest_version_number=versions,
                circulated_at=meeting.ends_at + timedelta(days=20) if status == Minutes.Status.CIRCULATED else None,
                created_by=staff,
            )
        )
        plan.append((versions, sections, staff))
    minutes_rows = bulk(Minutes, minutes_rows)
    version_rows = []
    for row, (versions, sections, staff) in zip(minutes_rows, plan, strict=True):
        for number in range(1, versions + 1):
            version_rows.append(
                MinutesVersion(
                    minutes=row,
                    number=number,
                    sections=sections,
                    change_summary="" if number == 1 else "Sections changed: 2",
                    created_by=staff,
                )
            )
    version_rows = bulk(MinutesVersion, version_rows)
    last_version = {version.minutes_id: version for version in version_rows}
    grants = _review_and_circulation(run, minutes_rows, last_version)
    run.step(f"{len(minutes_rows)} minutes, {len(version_rows)} versions, {len(grants)} circulation grants")


def _review_and_circulation(run: ScaleRun, minutes_rows: list[Minutes], last_version: dict) -> list:
    """Status history, approvals, circulation grants and a follow-up action. Returns the grants."""
    history, approvals, actions, grants = [], [], [], []
    view_minutes = Permission.objects.get(content_type__app_label="minutes", codename="view_minutes")
    minutes_ct = ContentType.objects.get_for_model(Minutes)
    for row in minutes_rows:
        staff = run.staff[row.working_group_id][0]
        history.append(
            MinutesStatusChange(minutes=row, from_status="draft", to_status="submitted", version_number=1, actor=staff)
        )
        if row.status != Minutes.Status.CIRCULATED:
            continue
        version = last_version[row.pk]
        row.circulated_version = version
        for number in range(2, version.number + 1):  # each extra version: returned for changes, resubmitted
            history.append(
                MinutesStatusChange(
                    minutes=row,
                    from_status="submitted",
                    to_status="draft",
                    version_number=number - 1,
                    note="Please reword section 2.",
                )
            )
            history.append(
                MinutesStatusChange(
                    minutes=row, from_status="draft", to_status="submitted", version_number=number, actor=staff
                )
            )
        history.append(
            MinutesStatusChange(
                minutes=row, from_status="submitted", to_status="approved", version_number=version.number
            )
        )
        history.append(
            MinutesStatusChange(
                minutes=row, from_status="approved", to_status="circulated", version_number=version.number, actor=staff
            )
        )
        for rep in run.seat_holders[row.working_group_id]:
            approvals.append(MinutesApproval(version=version, user_id=rep.user_id, pillar=rep.membership.pillar))
        for role in (Role.MEMBER, Role.OBSERVER):
            grants.append(
                GroupObjectPermission(
                    group=run.role_groups[(row.working_group_id, role)],
                    permission=view_minutes,
                    content_type=minutes_ct,
                    object_pk=str(row.pk),
                )
            )
        actions.append(
            FollowUpAction(
                minutes=row,
                agenda_item=run.items_by_meeting[row.meeting_id][1],
                description="Circulate joint comments on the draft law.",
                institution=run.rng.choice(participating(run.by_group[row.working_group_id])),
                due_on=row.circulated_at.date() + timedelta(days=45),
                status=FollowUpAction.Status.DONE if run.rng.random() < 0.7 else FollowUpAction.Status.OPEN,
                version_number=1,  # submitted with the first version, so circulated with it
            )
        )
    Minutes.objects.bulk_update(
        [m for m in minutes_rows if m.circulated_version_id], ["circulated_version"], batch_size=BATCH
    )
    bulk(MinutesStatusChange, history)
    bulk(MinutesApproval, approvals)
    bulk(FollowUpAction, actions)
    return bulk(GroupObjectPermission, grants)
