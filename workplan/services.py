"""Every write to work plans, objectives, tasks and progress reports, and every transition."""

import datetime

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from members.models import Membership, Representative, WorkingGroup
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.outbox_batch import Email, queue_emails_once
from vpwg.workflow import transition

from .exceptions import StaleEdit, WorkplanError
from .models import Objective, ProgressReport, Task, TaskStatusChange, WorkPlan, WorkPlanStatusChange

# Leads hear about a task this many days before it is due.
DUE_SOON_DAYS = 14
# A task under way with no progress report for this long is "missing a report".
REPORT_INTERVAL_DAYS = 60


def _change_plan_status(plan: WorkPlan, to_status: str, *, actor, note: str = "") -> None:
    """Move `plan` along ALLOWED (TransitionNotAllowed otherwise) and record the step."""
    from_status = transition(plan, to_status)
    WorkPlanStatusChange.objects.create(
        work_plan=plan, from_status=from_status, to_status=to_status, actor=actor, note=note
    )


@transaction.atomic
def workplan_create(
    *,
    working_group: WorkingGroup,
    actor,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    summary: str = "",
) -> WorkPlan:
    """A draft plan. Requires manage_workplan; refuses plans shorter than a year."""
    permissions.require(actor, "manage_workplan", working_group)
    plan = WorkPlan(working_group=working_group, title=title, summary=summary, starts_on=starts_on, ends_on=ends_on)
    plan.full_clean()
    plan.save()
    audit_record(action="workplan.plan.created", actor=actor, target=plan, working_group=working_group)
    return plan


@transaction.atomic
def workplan_approve(*, plan: WorkPlan, adopted=None, actor=None) -> WorkPlan:
    """Apply the Coordination Group's adopted decision approving a draft plan (members.services.decisions
    calls it, under the charter's rule for the work plan; there is no other way). The approval is dated
    the day the decision took effect and notes the decision's reasons; `actor` is whoever closed it.
    Requires DRAFT; a repeat raises."""
    plan = WorkPlan.objects.select_for_update().select_related("working_group").get(pk=plan.pk)
    if adopted is None or not adopted.authorises(plan, "work_plan"):
        raise WorkplanError(_("This needs an adopted decision of the Coordination Group about this plan."))
    approved_on, note = plan.working_group.today(), adopted.reason
    _change_plan_status(plan, WorkPlan.Status.APPROVED, actor=actor, note=note)
    plan.approved_on, plan.approval_note, plan.approval_recorded_by = approved_on, note, actor
    plan.save(update_fields=["status", "approved_on", "approval_note", "approval_recorded_by", "updated_at"])
    audit_record(
        action="workplan.plan.approved",
        actor=actor,
        target=plan,
        working_group=plan.working_group,
        reason=note,
        approved_on=approved_on.isoformat(),
        decision=adopted.pk,
    )
    return plan


@transaction.atomic
def workplan_close(*, plan: WorkPlan, actor, note: str = "") -> WorkPlan:
    """Close an approved plan. Requires manage_workplan and APPROVED; a repeat raises."""
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    permissions.require(actor, "manage_workplan", plan.working_group)
    _change_plan_status(plan, WorkPlan.Status.CLOSED, actor=actor, note=note)
    plan.closed_on = plan.working_group.today()
    plan.save(update_fields=["status", "closed_on", "updated_at"])
    audit_record(action="workplan.plan.closed", actor=actor, target=plan, working_group=plan.working_group, reason=note)
    return plan


def _require_editable(plan: WorkPlan) -> None:
    if plan.status == WorkPlan.Status.CLOSED:
        raise WorkplanError(_("This work plan is closed; its objectives and tasks can no longer change."))


@transaction.atomic
def objective_create(*, plan: WorkPlan, actor, title: str, description: str = "") -> Objective:
    """Add an objective at the end of the plan. Requires manage_workplan and an open plan."""
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    permissions.require(actor, "manage_workplan", plan.working_group)
    _require_editable(plan)
    position = (plan.objectives.aggregate(last=Max("position"))["last"] or 0) + 1
    objective = Objective(work_plan=plan, title=title, description=description, position=position)
    objective.full_clean()
    objective.save()
    audit_record(action="workplan.objective.created", actor=actor, target=objective, working_group=plan.working_group)
    return objective


TASK_FIELDS = ("title", "description", "category", "objective", "lead", "starts_on", "due_on")


@transaction.atomic
def task_create(*, plan: WorkPlan, actor, supporting=(), **fields) -> Task:
    """Add a task. Requires manage_workplan and an open plan; the lead must be a current member."""
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    permissions.require(actor, "manage_workplan", plan.working_group)
    _require_editable(plan)
    task = Task(work_plan=plan, **{name: fields[name] for name in TASK_FIELDS if name in fields})
    task.full_clean()
    task.save()
    task.supporting.set(_supporting_for(plan, supporting, task.lead_id))
    audit_record(
        action="workplan.task.created", actor=actor, target=task, working_group=plan.working_group, lead=task.lead_id
    )
    return task


def _supporting_for(plan: WorkPlan, supporting, lead_id) -> list[Membership]:
    supporting = [m for m in supporting if m.pk != lead_id]
    for membership in supporting:
        if membership.working_group_id != plan.working_group_id or not membership.is_participating:
            raise WorkplanError(_("Supporting institutions must be current members of this working group."))
    return supporting


@transaction.atomic
def task_update(*, task: Task, actor, version: int, supporting=(), **fields) -> Task:
    """Edit a task's details (not its status). Refuses an edit based on an older version (StaleEdit)."""
    task = Task.objects.select_for_update().select_related("work_plan__working_group").get(pk=task.pk)
    permissions.require(actor, "manage_workplan", task.work_plan.working_group)
    _require_editable(task.work_plan)
    if task.version != version:
        raise StaleEdit(_("Someone else changed this task while you were editing it. Reload it and try again."))
    for name in TASK_FIELDS:
        if name in fields:
            setattr(task, name, fields[name])
    task.full_clean()
    task.version += 1
    task.save()
    task.supporting.set(_supporting_for(task.work_plan, supporting, task.lead_id))
    audit_record(action="workplan.task.updated", actor=actor, target=task, working_group=task.work_plan.working_group)
    return task


def _change_task_status(task: Task, to_status: str, *, actor, note: str = "") -> None:
    """Move `task` along ALLOWED (TransitionNotAllowed otherwise) and record the step."""
    from_status = transition(task, to_status)
    TaskStatusChange.objects.create(task=task, from_status=from_status, to_status=to_status, actor=actor, note=note)


@transaction.atomic
def task_change_status(*, task: Task, actor, to_status: str, note: str = "") -> Task:
    """Move a task along ALLOWED. Requires the right to report on it; the same status again is a no-op."""
    task = Task.objects.select_for_update().select_related("work_plan__working_group").get(pk=task.pk)
    permissions.access_for(actor, task.work_plan.working_group).require_rule("workplan.report_progress", task)
    if task.status == to_status:
        return task
    _require_editable(task.work_plan)
    _change_task_status(task, to_status, actor=actor, note=note)
    task.version += 1
    task.save(update_fields=["status", "version", "updated_at"])
    audit_record(
        action="workplan.task.status_changed",
        actor=actor,
        target=task,
        working_group=task.work_plan.working_group,
        to_status=to_status,
    )
    return task


@transaction.atomic
def progress_report_post(*, task: Task, actor, text: str, attachment=None, new_status: str = "") -> ProgressReport:
    """A lead institution's representative (or the Secretariat) reports on a task of an approved plan.

    Optionally moves the task to `new_status` in the same transaction.
    """
    task = Task.objects.select_for_update().select_related("work_plan__working_group").get(pk=task.pk)
    working_group = task.work_plan.working_group
    permissions.access_for(actor, task.work_plan.working_group).require_rule("workplan.report_progress", task)
    if task.work_plan.status != WorkPlan.Status.APPROVED:
        raise WorkplanError(_("Progress is reported on tasks of the approved work plan only."))
    representation = (
        Representative.objects.active().filter(user=actor, working_group=working_group, membership=task.lead).first()
    )
    report = ProgressReport(
        task=task,
        author=actor,
        membership=representation.membership if representation else None,
        text=text,
        attachment=attachment or "",
        attachment_name=(attachment.name[:200] if attachment else ""),
    )
    report.full_clean()
    report.save()
    if new_status and new_status != task.status:
        _change_task_status(task, new_status, actor=actor, note=_("With a progress report."))
        task.version += 1
        task.save(update_fields=["status", "version", "updated_at"])
    audit_record(action="workplan.progress.posted", actor=actor, target=report, working_group=working_group)
    return report


# --- reminders ---------------------------------------------------------------------------------


def _lead_recipients(task: Task):
    # lead.representatives is prefetched with the active ones only (workplan_reminders_send).
    return [rep.user for rep in task.lead.representatives.all() if rep.user.is_active and rep.user.email]


def workplan_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue reminders for leads: tasks due soon and tasks missing a progress report.

    Safe to run any number of times: each (task, occasion, person) has one outbox dedupe key, so
    every person gets each reminder once. Returns how many e-mails this call queued (a repeat, none).
    The e-mails are queued in batches (vpwg/outbox_batch.py): a fixed number of queries per batch.
    """
    emails = []
    tasks = (
        Task.objects.open()
        .filter(work_plan__status=WorkPlan.Status.APPROVED)
        .select_related("work_plan__working_group", "lead__institution")
        .prefetch_related(
            Prefetch("lead__representatives", queryset=Representative.objects.active().select_related("user"))
        )
        .annotate(last_report_at=Max("progress_reports__created_at"), last_report_id=Max("progress_reports__pk"))
    )
    for task in tasks:
        group = task.work_plan.working_group
        day = today or group.today()
        occasions = []
        if day <= task.due_on <= day + datetime.timedelta(days=DUE_SOON_DAYS):
            occasions.append(("due-soon", "task_due_soon"))
        started_long_ago = task.starts_on <= day - datetime.timedelta(days=REPORT_INTERVAL_DAYS)
        last = task.last_report_at.date() if task.last_report_at else None
        if started_long_ago and (last is None or last <= day - datetime.timedelta(days=REPORT_INTERVAL_DAYS)):
            # Keyed on the last report: one reminder per silence, a new one after the next report.
            occasions.append((f"report-missing:{task.last_report_id or 0}", "task_report_missing"))
        for occasion, template in occasions:
            context = {"task": task, "last_report_on": last}
            for user in {user.pk: user for user in _lead_recipients(task)}.values():
                key = f"task:{task.pk}:{occasion}:{user.pk}"
                emails.append(Email(user, key, f"workplan/emails/{template}", context, group))
    return len(queue_emails_once(emails))
