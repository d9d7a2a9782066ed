"""Demo data: an approved one-year work plan for the Peru group with a task for every pillar.

Idempotent: the plan is found by title, tasks by title, reports by text. Runs after
members' loader (it needs the Peru group, its institutions and the Secretariat's login).
"""

from datetime import date

from django.db import transaction

from members.models import Representative, WorkingGroup

from . import services
from .models import ProgressReport, Task, WorkPlan

PLAN_TITLE = "Work plan 2026"
C = Task.Category
S = Task.Status

# objective -> [(title, category, lead login, supporting logins, starts, due, final status, progress texts)]
OBJECTIVES = {
    "Know where implementation stands": [
        (
            "Update the scoping study on VPs implementation in Peru",
            C.STUDIES,
            "idehpucp",
            ["socios", "minjusdh"],
            date(2026, 1, 15),
            date(2026, 6, 30),
            S.DONE,
            [
                "Interviews held with 14 member institutions and 9 outside organisations.",
                "Study published in June and presented at the second plenary.",
            ],
        ),
        (
            "Security and human rights risk assessment at a mine site",
            C.ASSESSMENTS,
            "antamina",
            ["ser"],
            date(2026, 3, 1),
            date(2026, 10, 31),
            S.IN_PROGRESS,
            ["Assessment team agreed; field work planned for September."],
        ),
    ],
    "Build the capacity of VPs implementers": [
        (
            "Training course for the National Police in Cusco",
            C.CAPACITY_BUILDING,
            "mininter",
            ["icrc", "switzerland", "lasbambas"],
            date(2026, 2, 1),
            date(2026, 9, 30),
            S.DONE,
            ["Course held 10–14 August in Cusco with 60 officers; materials attached to the activity."],
        ),
        (
            "Workshop for private security companies on the VPs and ICoC",
            C.CAPACITY_BUILDING,
            "sucamec",
            ["repsol", "idl"],
            date(2026, 4, 1),
            date(2026, 12, 15),
            S.PLANNED,
            [],
        ),
    ],
    "Promote the Voluntary Principles": [
        (
            "International seminar: the VPs, current perspectives",
            C.PROMOTION,
            "socios",
            ["canada", "switzerland"],
            date(2026, 2, 1),
            date(2026, 5, 31),
            S.DONE,
            ["Seminar held on 21 May with speakers from the three pillars."],
        ),
        (
            "Breakfast for executives on business and human rights",
            C.PROMOTION,
            "repsol",
            ["canada", "socios"],
            date(2026, 5, 1),
            date(2026, 11, 30),
            S.IN_PROGRESS,
            ["Venue and speakers confirmed; invitations go out in October."],
        ),
        (
            "Dialogue with Congress on the private security companies bill",
            C.LOBBYING,
            "aprodeh",
            ["sucamec"],
            date(2026, 3, 1),
            date(2026, 11, 15),
            S.IN_PROGRESS,
            [],
        ),
        (
            "Visit to the Las Bambas project site",
            C.VISITS,
            "lasbambas",
            ["minem", "ser"],
            date(2026, 6, 1),
            date(2026, 12, 20),
            S.PLANNED,
            [],
        ),
        (
            "Mid-year review of the work plan",
            C.MONITORING,
            "minem",
            ["socios"],
            date(2026, 6, 1),
            date(2026, 7, 31),
            S.DONE,
            ["Review presented at the July plenary; two tasks rescheduled."],
        ),
    ],
}


def _reps(group: WorkingGroup) -> dict:
    """{login: active Representative} for the group's demo logins."""
    reps = Representative.objects.active().filter(working_group=group).select_related("user", "membership")
    return {rep.user.email.split("@")[0]: rep for rep in reps}


@transaction.atomic
def load_workplan_demo() -> None:
    group = WorkingGroup.objects.filter(slug="peru").first()
    if group is None:
        return
    reps = _reps(group)
    secretariat = reps["socios"].user
    plan = WorkPlan.objects.filter(working_group=group, title=PLAN_TITLE).first()
    if plan is None:
        plan = services.workplan_create(
            working_group=group,
            actor=secretariat,
            title=PLAN_TITLE,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            summary="Tasks agreed at the December 2025 plenary, with every pillar leading work.",
        )
    existing_objectives = {o.title: o for o in plan.objectives.all()}
    existing_tasks = {t.title: t for t in plan.tasks.all()}
    for objective_title, tasks in OBJECTIVES.items():
        objective = existing_objectives.get(objective_title) or services.objective_create(
            plan=plan, actor=secretariat, title=objective_title
        )
        for title, category, lead, supporting, starts_on, due_on, _status, _texts in tasks:
            if title not in existing_tasks:
                existing_tasks[title] = services.task_create(
                    plan=plan,
                    actor=secretariat,
                    objective=objective,
                    title=title,
                    category=category,
                    lead=reps[lead].membership,
                    supporting=[reps[login].membership for login in supporting],
                    starts_on=starts_on,
                    due_on=due_on,
                )
    if plan.status == WorkPlan.Status.DRAFT:
        plan = services.workplan_approve(
            plan=plan, actor=secretariat, approved_on=date(2025, 12, 10), note="Approved by consensus."
        )
    for tasks in OBJECTIVES.values():
        for title, _category, lead, _supporting, _s, _d, status, texts in tasks:
            task = existing_tasks[title]
            author = reps[lead].user
            for text in texts:
                if not ProgressReport.objects.filter(task=task, text=text).exists():
                    services.progress_report_post(task=task, actor=author, text=text)
            task.refresh_from_db()
            if task.status != status:
                if status == S.DONE and task.status == S.PLANNED:
                    services.task_change_status(task=task, actor=author, to_status=S.IN_PROGRESS)
                services.task_change_status(task=task, actor=author, to_status=status)
