"""Work plan URLs. Objects are made on demand in the target group (A) of each case."""

from django.core.files.base import ContentFile

from tests.factories.workplan import ProgressReportFactory, TaskFactory, WorkPlanFactory
from workplan.models import WorkPlan

from . import Row, everyone, only

RUNNERS = {"secretariat", "admin"}
DECIDERS = {"coordination"}
PDF = b"%PDF-1.4\n% matrix\n"


# Made afresh for each case (never cached on `world`): the matrix may build the groups once and
# roll each case back, which would leave a cached row pointing at nothing.


def _plan(world, status=WorkPlan.Status.APPROVED):
    return WorkPlanFactory(working_group=world.group, status=status)


def _task(world):
    """A task of an approved plan led by the company, which the `member` user represents."""
    return TaskFactory(work_plan=_plan(world), lead=world.objects["company"])


def _report(world):
    report = ProgressReportFactory(task=_task(world), author=world.users["member"], attachment_name="notes.pdf")
    report.attachment.save("notes.pdf", ContentFile(PDF))
    return report


def plan_kwargs(world):
    return {"plan_id": _plan(world).pk}


def draft_kwargs(world):
    return {"plan_id": _plan(world, WorkPlan.Status.DRAFT).pk}


def open_approval_kwargs(world):
    """A draft plan whose approval the Coordination Group is voting on (the row as decision_open leaves it,
    written directly: the matrix group has one seat, whose proposal would close the decision at once)."""
    from datetime import timedelta

    from django.utils import timezone

    from members.models import Decision

    plan = _plan(world, WorkPlan.Status.DRAFT)
    Decision.objects.create(
        working_group=world.group,
        kind="work_plan",
        subject=plan,
        subject_label=plan.title,
        rule="one_per_pillar",
        reason="Approved as presented",
        deadline=timezone.now() + timedelta(days=14),
    )
    return {"plan_id": plan.pk}


def task_kwargs(world):
    return {"task_id": _task(world).pk}


def _task_data(world):
    return {
        "title": "Police training course in Cusco",
        "category": "capacity_building",
        "lead": world.objects["company"].pk,
        "supporting": [world.objects["ngo"].pk],
        "starts_on": "2026-03-01",
        "due_on": "2026-09-30",
        "version": 1,
    }


ROWS = [
    Row("workplan:index", everyone(200)),
    Row("workplan:plan-create", only(RUNNERS)),
    Row(
        "workplan:plan-create",
        only(RUNNERS, 302),
        method="post",
        data=lambda world: {"title": "Plan 2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
    ),
    Row("workplan:plan-detail", everyone(200), kwargs=plan_kwargs),
    # Approval is a Coordination Group decision (issue 14): a seat holder proposes it; nobody records it alone.
    Row("workplan:plan-approve", only(DECIDERS), kwargs=draft_kwargs),
    Row(
        "workplan:plan-approve",
        only(DECIDERS, 302),
        kwargs=draft_kwargs,
        method="post",
        data=lambda world: {"reason": "Approved by consensus"},
    ),
    Row("workplan:plan-approve", only(set()), kwargs=plan_kwargs, label="approved"),
    Row("workplan:plan-approve", only(DECIDERS, 302), kwargs=open_approval_kwargs, label="decision-open"),
    Row("workplan:plan-detail", everyone(200), kwargs=open_approval_kwargs, label="decision-open"),
    Row("workplan:plan-close", only(RUNNERS), kwargs=plan_kwargs),
    Row("workplan:plan-close", only(RUNNERS, 302), kwargs=plan_kwargs, method="post", data=lambda world: {}),
    Row("workplan:objective-create", only(RUNNERS), kwargs=plan_kwargs),
    Row(
        "workplan:objective-create",
        only(RUNNERS, 302),
        kwargs=plan_kwargs,
        method="post",
        data=lambda world: {"title": "Train VPs implementers"},
    ),
    Row("workplan:task-create", only(RUNNERS), kwargs=plan_kwargs),
    Row("workplan:task-create", only(RUNNERS, 302), kwargs=plan_kwargs, method="post", data=_task_data),
    Row("workplan:task-detail", everyone(200), kwargs=task_kwargs),
    Row("workplan:task-edit", only(RUNNERS), kwargs=task_kwargs),
    Row("workplan:task-edit", only(RUNNERS, 302), kwargs=task_kwargs, method="post", data=_task_data),
    # Only the lead institution's representatives (here: the company's) and the Secretariat.
    Row("workplan:progress-create", only({"member", *RUNNERS}), kwargs=task_kwargs),
    Row(
        "workplan:progress-create",
        only({"member", *RUNNERS}, 302),
        kwargs=task_kwargs,
        method="post",
        data=lambda world: {"text": "First session held in Cusco.", "new_status": "in_progress"},
    ),
    Row("workplan:progress-attachment", everyone(200), kwargs=lambda world: {"report_id": _report(world).pk}),
]
