"""The work plan part of the scale data set: last year's closed plan and this year's approved one per group."""

from __future__ import annotations

from datetime import date, timedelta

from workplan.models import Objective, ProgressReport, Task, WorkPlan

from .base import AGENDA_TITLES, ScaleRun, bulk, participating


def _plans(run: ScaleRun) -> list[WorkPlan]:
    year = run.today.year
    plans = []
    for wg in run.groups:
        plans.append(
            WorkPlan(
                working_group=wg,
                title=f"Work plan {year - 1}",
                starts_on=date(year - 1, 1, 1),
                ends_on=date(year - 1, 12, 31),
                status=WorkPlan.Status.CLOSED,
                approved_on=date(year - 2, 12, 10),
                closed_on=date(year, 1, 15),
            )
        )
        plans.append(
            WorkPlan(
                working_group=wg,
                title=f"Work plan {year}",
                starts_on=date(year, 1, 1),
                ends_on=date(year, 12, 31),
                status=WorkPlan.Status.APPROVED,
                approved_on=date(year - 1, 12, 10),
            )
        )
    return bulk(WorkPlan, plans)


def workplans(run: ScaleRun) -> None:
    """Four objectives and 24 tasks per plan, each task with two supporting members and two progress reports."""
    plans = _plans(run)
    objectives = bulk(
        Objective,
        [
            Objective(work_plan=plan, title=f"Objective {i + 1}: {run.rng.choice(AGENDA_TITLES)}", position=i)
            for plan in plans
            for i in range(4)
        ],
    )
    objectives_of = {}
    for objective in objectives:
        objectives_of.setdefault(objective.work_plan_id, []).append(objective)
    tasks = []
    for plan in plans:
        current = participating(run.by_group[plan.working_group_id])
        for index in range(24):
            start = plan.starts_on + timedelta(days=15 * index)
            tasks.append(
                Task(
                    work_plan=plan,
                    objective=objectives_of[plan.pk][index % 4],
                    title=f"{run.rng.choice(Task.Category.labels)}: {run.rng.choice(AGENDA_TITLES)}",
                    category=Task.Category.values[index % len(Task.Category.values)],
                    lead=run.rng.choice(current),
                    starts_on=start,
                    due_on=start + timedelta(days=60),
                    status=run.rng.choice(Task.Status.values),
                )
            )
    tasks = bulk(Task, tasks)
    supporting, reports = [], []
    for task in tasks:
        group_members = participating(run.by_group[task.work_plan.working_group_id])
        for membership in run.rng.sample(group_members, min(2, len(group_members))):
            supporting.append(Task.supporting.through(task_id=task.pk, membership_id=membership.pk))
        for _ in range(2):
            rep = run.principal.get(task.lead_id)
            reports.append(
                ProgressReport(
                    task=task,
                    author_id=rep.user_id if rep else None,
                    membership_id=task.lead_id,
                    text="Two sessions held; the third is scheduled.",
                )
            )
    bulk(Task.supporting.through, supporting, ignore_conflicts=True)
    bulk(ProgressReport, reports)
    run.step(f"{len(plans)} work plans, {len(tasks)} tasks, {len(reports)} progress reports")
