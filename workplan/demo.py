"""Demo data: an approved one-year work plan for the Peru group with a task for every pillar.

The plan, its objectives, tasks and progress reports are in `demo_data/workplan.json`.
Idempotent: the plan is found by title, tasks by title, reports by text. Runs after
members' loader (it needs the Peru group, its institutions and the Secretariat's login).
"""

import datetime
import json
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from members.models import Representative, WorkingGroup

from . import services
from .models import ProgressReport, Task, WorkPlan


def _plan_data() -> dict:
    return json.loads((Path(__file__).parent / "demo_data" / "workplan.json").read_text(encoding="utf-8"))


def _reps(group: WorkingGroup) -> dict:
    """{login: active Representative} for the group's demo logins."""
    reps = Representative.objects.active().filter(working_group=group).select_related("user", "membership")
    return {rep.user.email.split("@")[0]: rep for rep in reps}


@transaction.atomic
def load_workplan_demo() -> None:
    group = WorkingGroup.objects.filter(slug="peru").first()
    if group is None:
        return
    data = _plan_data()
    reps = _reps(group)
    secretariat = reps["socios"].user
    plan = WorkPlan.objects.filter(working_group=group, title=data["title"]).first()
    if plan is None:
        plan = services.workplan_create(
            working_group=group,
            actor=secretariat,
            title=data["title"],
            starts_on=date.fromisoformat(data["starts_on"]),
            ends_on=date.fromisoformat(data["ends_on"]),
            summary=data["summary"],
        )
    existing_objectives = {o.title: o for o in plan.objectives.all()}
    existing_tasks = {t.title: t for t in plan.tasks.all()}
    for objective_data in data["objectives"]:
        objective = existing_objectives.get(objective_data["title"]) or services.objective_create(
            plan=plan, actor=secretariat, title=objective_data["title"]
        )
        for task in objective_data["tasks"]:
            if task["title"] not in existing_tasks:
                existing_tasks[task["title"]] = services.task_create(
                    plan=plan,
                    actor=secretariat,
                    objective=objective,
                    title=task["title"],
                    category=Task.Category(task["category"]),
                    lead=reps[task["lead"]].membership,
                    supporting=[reps[login].membership for login in task["supporting"]],
                    starts_on=date.fromisoformat(task["starts_on"]),
                    due_on=date.fromisoformat(task["due_on"]),
                )
    if plan.status == WorkPlan.Status.DRAFT:
        _approve(plan, data)
    for objective_data in data["objectives"]:
        for task_data in objective_data["tasks"]:
            _report_progress(existing_tasks[task_data["title"]], reps[task_data["lead"]].user, task_data)


def _approve(plan: WorkPlan, data: dict) -> None:
    """The Coordination Group approves the plan the only way there is: one seat holder proposes it, the
    others agree until the charter's rule is met; then the dates are set back to the file's."""
    from members import roles
    from members import services as members_services
    from members.models import Decision, DecisionKind, DecisionVote

    group = plan.working_group
    seats = list(roles.coordination_members(group))
    decision = members_services.decision_open(
        working_group=group, kind=DecisionKind.WORK_PLAN, subject=plan, actor=seats[0], reason=data["approval_note"]
    )
    for user in seats[1:]:
        decision.refresh_from_db()
        if decision.is_open:
            members_services.decision_vote(decision=decision, actor=user, choice="agree", reason=data["approval_note"])
    approved_on = date.fromisoformat(data["approved_on"])
    at = timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(17)), group.tzinfo)
    opened = at - datetime.timedelta(days=7)
    Decision.objects.filter(pk=decision.pk).update(
        created_at=opened, deadline=opened + datetime.timedelta(days=14), closed_at=at, applied_at=at
    )
    DecisionVote.objects.filter(decision=decision).update(created_at=opened, updated_at=opened)
    WorkPlan.objects.filter(pk=plan.pk).update(approved_on=approved_on)


def _report_progress(task: Task, author, task_data: dict) -> None:
    """The lead's progress reports, then the task's status as the data gives it."""
    for text in task_data["progress"]:
        if not ProgressReport.objects.filter(task=task, text=text).exists():
            services.progress_report_post(task=task, actor=author, text=text)
    task.refresh_from_db()
    status = Task.Status(task_data["status"])
    if task.status != status:
        if status == Task.Status.DONE and task.status == Task.Status.PLANNED:
            services.task_change_status(task=task, actor=author, to_status=Task.Status.IN_PROGRESS)
        services.task_change_status(task=task, actor=author, to_status=status)
