"""Work plans, their tasks and progress reports; reporting progress on one's own task (write scope)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from ninja import Query, Router, Schema, Status
from pydantic import Field

from members.models import Membership
from workplan import selectors, services
from workplan.models import ProgressReport, Task, WorkPlan

from ..auth import access, require_scope
from ..pagination import Paging, Period, page
from ..schemas import Error, Page, ProgressOut, TaskDetailOut, TaskOut, WorkPlanOut

router = Router(tags=["work plan"])


class TaskFilter(Period):
    status: str | None = Field(None, description="planned, in_progress, done or cancelled")
    work_plan_id: int | None = None
    category: str | None = None


class ProgressIn(Schema):
    text: str = Field(min_length=1, max_length=20_000)
    new_status: str = Field("", description="Optionally move the task: in_progress, done, …")


def _task(task: Task) -> dict:
    return {
        "id": task.pk,
        "work_plan_id": task.work_plan_id,
        "work_plan": task.work_plan.title,
        "objective": task.objective.title if task.objective_id else None,
        "title": task.title,
        "description": task.description,
        "category": task.category,
        "status": task.status,
        "lead": task.lead.institution.name,
        "supporting": [membership.institution.name for membership in task.supporting.all()],
        "starts_on": task.starts_on,
        "due_on": task.due_on,
    }


def _progress(report: ProgressReport) -> dict:
    return {
        "id": report.pk,
        "created_at": report.created_at,
        "text": report.text,
        "institution": report.membership.institution.name if report.membership_id else None,
        "has_attachment": bool(report.attachment),
    }


def _tasks(group):
    return (
        Task.objects.filter(work_plan__working_group=group)
        .select_related("work_plan", "lead__institution", "objective")
        .prefetch_related(Prefetch("supporting", queryset=Membership.objects.select_related("institution")))
    )


@router.get("/groups/{group_slug}/workplans", response=list[WorkPlanOut], summary="Work plans")
def workplan_list(request, group_slug: str):
    group, _access = access(request, group_slug)
    plans = WorkPlan.objects.filter(working_group=group).annotate(
        task_count=Count("tasks"), done_count=Count("tasks", filter=Q(tasks__status=Task.Status.DONE))
    )
    return [
        {
            "id": plan.pk,
            "title": plan.title,
            "status": plan.status,
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "task_count": plan.task_count,
            "done_count": plan.done_count,
        }
        for plan in plans
    ]


@router.get("/groups/{group_slug}/tasks", response=Page[TaskOut], summary="Work plan tasks (filter by due date)")
def task_list(request, group_slug: str, filters: Query[TaskFilter], paging: Query[Paging]):
    group, _access = access(request, group_slug)
    rows = _tasks(group).order_by("due_on", "pk")
    if filters.since:
        rows = rows.filter(due_on__gte=filters.since)
    if filters.until:
        rows = rows.filter(due_on__lte=filters.until)
    for name in ("status", "work_plan_id", "category"):
        if getattr(filters, name) is not None:
            rows = rows.filter(**{name: getattr(filters, name)})
    return page(request, rows, _task, paging)


@router.get("/groups/{group_slug}/tasks/{task_id}", response=TaskDetailOut, summary="A task with its progress reports")
def task_detail(request, group_slug: str, task_id: int):
    group, _access = access(request, group_slug)
    task = selectors.task_get(group, task_id)
    task = _tasks(group).get(pk=task.pk)
    reports = ProgressReport.objects.filter(task=task).select_related("membership__institution")
    return {**_task(task), "progress": [_progress(report) for report in reports]}


@router.post(
    "/groups/{group_slug}/tasks/{task_id}/progress",
    response={201: ProgressOut, 403: Error, 404: Error, 409: Error},
    summary="Report progress on a task your institution leads (write scope)",
)
def progress_post(request, group_slug: str, task_id: int, body: ProgressIn):
    group, group_access = access(request, group_slug)
    require_scope(request, "write")
    task = selectors.task_get(group, task_id)
    group_access.require_rule("workplan.report_progress", task)
    report = services.progress_report_post(task=task, actor=request.user, text=body.text, new_status=body.new_status)
    report = ProgressReport.objects.select_related("membership__institution").get(pk=report.pk)
    return Status(201, _progress(report))
