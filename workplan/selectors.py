"""Reads for the work plan pages; each returns what one page needs in a fixed number of queries."""

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404

from members.models import Membership, Pillar

from .models import Objective, ProgressReport, Task, WorkPlan


def workplans_for(working_group):
    """Every plan of the group with its task counts (one query). Everyone in the group sees them."""
    return WorkPlan.objects.filter(working_group=working_group).annotate(
        task_count=Count("tasks"), done_count=Count("tasks", filter=Q(tasks__status=Task.Status.DONE))
    )


def overdue_tasks_for(working_group) -> list[Task]:
    """Open tasks of the group's approved plans past their due date, oldest first (one query)."""
    return list(
        Task.objects.overdue(working_group.today())
        .filter(work_plan__working_group=working_group)
        .select_related("lead__institution", "work_plan")
        .annotate(last_report_at=Max("progress_reports__created_at"))
        .order_by("due_on", "pk")
    )


def workplan_get(working_group, plan_id: int) -> WorkPlan:
    plan = WorkPlan.objects.filter(working_group=working_group, pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def _task_queryset():
    return (
        Task.objects.select_related("lead__institution", "objective")
        .prefetch_related(
            Prefetch(
                "supporting", queryset=Membership.objects.select_related("institution").order_by("institution__name")
            )
        )
        .annotate(
            report_count=Count("progress_reports", distinct=True), last_report_at=Max("progress_reports__created_at")
        )
    )


def workplan_page(working_group, plan_id: int) -> dict:
    """The plan, its objectives with their tasks, pillar coverage and what is overdue (fixed queries)."""
    plan = workplan_get(working_group, plan_id)
    tasks = list(_task_queryset().filter(work_plan=plan).order_by("objective__position", "due_on", "pk"))
    objectives = list(Objective.objects.filter(work_plan=plan))
    by_objective = {objective.pk: [] for objective in objectives}
    loose = []
    for task in tasks:
        (by_objective[task.objective_id] if task.objective_id in by_objective else loose).append(task)
    for objective in objectives:
        objective.plan_tasks = by_objective[objective.pk]
    today = working_group.today()
    overdue = [t for t in tasks if t.is_open and t.due_on < today] if plan.status == WorkPlan.Status.APPROVED else []
    return {
        "plan": plan,
        "objectives": objectives,
        "loose_tasks": loose,
        "tasks": tasks,
        "coverage": pillar_coverage(tasks),
        "overdue": overdue,
        "today": today,
    }


def pillar_coverage(tasks) -> list[dict]:
    """Per pillar: tasks it leads and tasks it supports; `empty` when it carries none."""
    rows = {value: {"pillar": value, "label": label, "leads": 0, "supports": 0} for value, label in Pillar.choices}
    for task in tasks:
        rows[task.lead.pillar]["leads"] += 1
        for pillar in {m.pillar for m in task.supporting.all()} - {task.lead.pillar}:
            rows[pillar]["supports"] += 1
    for row in rows.values():
        row["empty"] = row["leads"] == 0 and row["supports"] == 0
    return list(rows.values())


def task_get(working_group, task_id: int) -> Task:
    task = (
        Task.objects.select_related("work_plan__working_group", "lead__institution", "objective")
        .filter(work_plan__working_group=working_group, pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    return task


def task_page(working_group, task_id: int) -> dict:
    task = task_get(working_group, task_id)
    reports = ProgressReport.objects.filter(task=task).select_related("author", "membership__institution")
    supporting = task.supporting.select_related("institution")
    return {"task": task, "reports": reports, "supporting": supporting, "history": task.history.select_related("actor")}


def progress_report_get(working_group, report_id: int) -> ProgressReport:
    report = (
        ProgressReport.objects.select_related("task__work_plan")
        .filter(task__work_plan__working_group=working_group, pk=report_id)
        .first()
    )
    if report is None or not report.attachment:
        raise Http404
    return report


def completion_for(working_group, starts_on, ends_on) -> dict:
    """Task completion by category and by the lead's pillar, for approved or closed plans overlapping
    the period (two queries)."""
    tasks = Task.objects.filter(
        work_plan__working_group=working_group,
        work_plan__status__in=[WorkPlan.Status.APPROVED, WorkPlan.Status.CLOSED],
        work_plan__starts_on__lte=ends_on,
        work_plan__ends_on__gte=starts_on,
    ).exclude(status=Task.Status.CANCELLED)
    counts = {"total": Count("pk"), "done": Count("pk", filter=Q(status=Task.Status.DONE))}
    by_category = {row["category"]: row for row in tasks.values("category").annotate(**counts).order_by()}
    by_pillar = {row["lead__pillar"]: row for row in tasks.values("lead__pillar").annotate(**counts).order_by()}
    return {
        "by_category": [
            (label, by_category.get(value, {}).get("done", 0), by_category.get(value, {}).get("total", 0))
            for value, label in Task.Category.choices
        ],
        "by_pillar": [
            (label, by_pillar.get(value, {}).get("done", 0), by_pillar.get(value, {}).get("total", 0))
            for value, label in Pillar.choices
        ],
    }


def plan_approval(access, plan: WorkPlan) -> dict:
    """The Coordination Group's decisions about approving `plan` (one query), and for the open one what
    its page shows (members.decision_selectors.decision_page: the votes and reasons, the tally and who has
    not voted only to those who follow decisions) and whether this person may vote on it."""
    from members.decision_selectors import decision_page
    from members.models import Decision, DecisionStatus

    decisions = list(
        Decision.objects.filter(working_group_id=plan.working_group_id).about(plan).select_related("opened_by")
    )
    for decision in decisions:
        decision.subject = plan  # no second read of the plan
    open_decision = next((decision for decision in decisions if decision.is_open), None)
    context = {
        "open_decision": open_decision,
        "adopted": next((d for d in decisions if d.status == DecisionStatus.ADOPTED), None),
        "closed": [decision for decision in decisions if not decision.is_open],
        "can_propose": open_decision is None and access.allows("workplan.approve_workplan", plan),
        "can_vote": False,
    }
    if open_decision is not None:
        context.update(decision_page(access, open_decision))
        context["decision"] = open_decision
        context["can_vote"] = access.allows("members.vote_decision", open_decision) and context.get("is_voter", False)
    return context
