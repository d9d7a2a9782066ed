"""Who may do what with work plans, registered with the access object (`vpwg.permissions.access_for`).

The Secretariat (manage_workplan) edits and closes plans; the Coordination Group approves them by a
decision (workplan.decisions); the lead
institution's representatives report progress on their tasks. Decided by capability and by the
institutions a person represents, so no per-task grant rows exist. No rule queries the database
beyond the access object's own reads.
"""

from __future__ import annotations

from vpwg.permissions import GroupAccess, register_rule

from .models import Task, WorkPlan

APPROVAL_CAPABILITY = "review_minutes"  # the Coordination Group's review capability (workplan.decisions)


def can_report_progress(access: GroupAccess, task: Task) -> bool:
    """The Secretariat, or a member or observer representative whose active representation is the
    task's lead institution."""
    return access.can("manage_workplan") or access.represents(task.lead_id)


def can_post_progress_report(access: GroupAccess, task: Task) -> bool:
    """Reporting happens on the tasks of the approved plan only."""
    return task.work_plan.status == WorkPlan.Status.APPROVED and can_report_progress(access, task)


def can_edit_workplan(access: GroupAccess, plan: WorkPlan) -> bool:
    """Objectives and tasks change until the plan is closed."""
    return access.can("manage_workplan") and plan.status != WorkPlan.Status.CLOSED


def can_approve_workplan(access: GroupAccess, plan: WorkPlan) -> bool:
    """A Coordination Group member proposes (or votes for) the approval of a draft plan: the decision is
    the group's, under the charter's rule (workplan.decisions); nobody approves it alone."""
    return access.can(APPROVAL_CAPABILITY) and WorkPlan.Status.APPROVED in WorkPlan.ALLOWED[plan.status]


def can_close_workplan(access: GroupAccess, plan: WorkPlan) -> bool:
    return access.can("manage_workplan") and WorkPlan.Status.CLOSED in WorkPlan.ALLOWED[plan.status]


RULES = {
    "workplan.report_progress": can_report_progress,
    "workplan.post_progress_report": can_post_progress_report,
    "workplan.edit_workplan": can_edit_workplan,
    "workplan.approve_workplan": can_approve_workplan,
    "workplan.close_workplan": can_close_workplan,
}


def register() -> None:
    """Called from WorkplanConfig.ready()."""
    for name, rule in RULES.items():
        register_rule(name, rule)
