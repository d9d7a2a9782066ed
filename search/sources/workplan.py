"""Work plan tasks and their progress reports: everyone in the group sees the plans (`view_group`)."""

from __future__ import annotations

from workplan.models import Objective, ProgressReport, Task, WorkPlan

from ..models import Kind
from . import Entry, Source, group_url, plain

GROUP = "group"


def _task_url(task: Task) -> str:
    return group_url("workplan:task-detail", task.work_plan.working_group, task_id=task.pk)


def build_task(task: Task) -> list[Entry]:
    body = plain(
        task.description,
        task.get_category_display(),
        task.get_status_display(),
        task.lead.institution.name,
        ", ".join(m.institution.name for m in task.supporting.all()),
        task.objective.title if task.objective_id else "",
        task.work_plan.title,
    )
    return [Entry(Kind.TASK, GROUP, task.title, body, _task_url(task), task.starts_on.year)]


def build_progress(report: ProgressReport) -> list[Entry]:
    task = report.task
    title = f"{task.title} — {report.created_at:%Y-%m-%d}"
    body = plain(report.text, report.attachment_name)
    return [Entry(Kind.TASK, GROUP, title, body, _task_url(task), report.created_at.year)]


def _tasks():
    return Task.objects.select_related("work_plan__working_group", "lead__institution", "objective").prefetch_related(
        "supporting__institution"
    )


def _progress():
    return ProgressReport.objects.select_related("task__work_plan__working_group")


SOURCES = [
    Source(
        model=Task,
        build=build_task,
        queryset=_tasks,
        group_path="work_plan__working_group",
        follows={WorkPlan: "work_plan", Objective: "objective"},
        m2m=(Task.supporting.through,),
    ),
    Source(
        model=ProgressReport,
        build=build_progress,
        queryset=_progress,
        group_path="task__work_plan__working_group",
        follows={Task: "task"},
    ),
]

AUDIENCES = {GROUP: lambda access: access.can("view_group")}
