"""The audit trail of the scale data set: records spread over every group, as the services leave them."""

from __future__ import annotations

from vpwg.models import AuditRecord

from .base import GROUPS, ScaleRun, bulk

ACTIONS = [
    "members.representative.added",
    "members.roles.changed",
    "meetings.meeting.scheduled",
    "meetings.attendance.recorded",
    "minutes.submitted",
    "minutes.approved",
    "minutes.circulated",
    "workplan.task.updated",
    "activities.activity.recorded",
]


def audit(run: ScaleRun) -> None:
    rows = []
    for index in range(run.n["audit"]):
        wg = run.groups[index % GROUPS]
        rows.append(
            AuditRecord(
                working_group=wg,
                actor=run.staff[wg.pk][index % 2],
                action=ACTIONS[index % len(ACTIONS)],
                target_type="meetings.meeting",
                target_id=str(index),
                target_label=f"Record {index}",
                data={"n": index},
            )
        )
    bulk(AuditRecord, rows)
    run.step(f"{len(rows)} audit records")
