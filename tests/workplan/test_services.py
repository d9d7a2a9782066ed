from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members import services as members_services
from members.models import Decision, Membership, Pillar
from tests.factories.decisions import adopt
from tests.factories.members import MembershipFactory, RepresentativeFactory
from tests.factories.workplan import ObjectiveFactory, ProgressReportFactory, TaskFactory, WorkPlanFactory
from tests.members.decision_helpers import three_pillar_board
from vpwg.models import AuditRecord, OutboxMessage
from vpwg.permissions import access_for
from workplan import services
from workplan.exceptions import StaleEdit, TransitionNotAllowed, WorkplanError
from workplan.models import Task, WorkPlan, one_year_after
from workplan.selectors import pillar_coverage, workplan_page

pytestmark = pytest.mark.django_db


def test_one_year_after_handles_leap_days():
    assert one_year_after(date(2026, 1, 1)) == date(2026, 12, 31)
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)


def test_create_refuses_a_plan_shorter_than_a_year(world):
    group, secretariat = world["a"].group, world["a"].users["secretariat"]
    with pytest.raises(ValidationError) as error:
        services.workplan_create(
            working_group=group,
            actor=secretariat,
            title="Short",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 30),
        )
    assert "at least one year" in str(error.value)
    plan = services.workplan_create(
        working_group=group, actor=secretariat, title="Year", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    assert plan.status == WorkPlan.Status.DRAFT
    assert AuditRecord.objects.filter(action="workplan.plan.created", target_id=str(plan.pk)).exists()


def test_create_requires_manage_workplan(world):
    with pytest.raises(PermissionDenied):
        services.workplan_create(
            working_group=world["a"].group,
            actor=world["a"].users["coordination"],
            title="Plan",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )


def test_every_allowed_plan_transition_succeeds_and_writes_history(world):
    a = world["a"]
    secretariat, coordination = a.users["secretariat"], a.users["coordination"]
    plan = WorkPlanFactory(working_group=a.group)
    decision = adopt(a.group, "work_plan", plan, reason="Consensus")  # the group's one seat: adopted at once
    plan.refresh_from_db()
    assert (plan.status, plan.approved_on, plan.approval_note) == ("approved", a.group.today(), "Consensus")
    assert plan.approval_recorded_by == coordination and decision.applied_at is not None
    plan = services.workplan_close(plan=plan, actor=secretariat)
    assert plan.status == WorkPlan.Status.CLOSED
    assert list(plan.history.values_list("from_status", "to_status")) == [
        ("draft", "approved"),
        ("approved", "closed"),
    ]


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (WorkPlan.Status.DRAFT, "workplan_close"),
        (WorkPlan.Status.CLOSED, "workplan_close"),
    ],
)
def test_disallowed_plan_transitions_raise_and_change_nothing(world, status, service):
    plan = WorkPlanFactory(working_group=world["a"].group, status=status)
    with pytest.raises(TransitionNotAllowed):
        getattr(services, service)(plan=plan, actor=world["a"].users["secretariat"])
    plan.refresh_from_db()
    assert plan.status == status
    assert not plan.history.exists()


@pytest.mark.parametrize("status", [WorkPlan.Status.APPROVED, WorkPlan.Status.CLOSED])
def test_only_a_draft_plan_is_proposed_for_approval(world, status):
    plan = WorkPlanFactory(working_group=world["a"].group, status=status)
    with pytest.raises(WorkplanError, match="Only a draft"):
        adopt(world["a"].group, "work_plan", plan)
    assert not Decision.objects.exists() and not plan.history.exists()


def test_nobody_approves_a_plan_but_an_adopted_decision_about_it(world):
    """Whoever calls, with or without the old permission (manage_workplan), and with an open decision, a
    decision about another plan or one already applied: refused with a message, the plan stays a draft."""
    a = world["a"]
    plan, other = WorkPlanFactory(working_group=a.group), WorkPlanFactory(working_group=a.group)
    for role in ("secretariat", "coordination", "admin"):
        with pytest.raises(WorkplanError, match="adopted decision"):
            services.workplan_approve(plan=plan, actor=a.users[role])
    elsewhere = adopt(a.group, "work_plan", other)
    pending = Decision.objects.create(
        working_group=a.group,
        kind="work_plan",
        subject=plan,
        subject_label=plan.title,
        rule="one_per_pillar",
        reason="Pending",
        deadline=timezone.now() + timedelta(days=14),
    )
    for decision in (elsewhere, pending, Decision.objects.get(pk=pending.pk)):
        with pytest.raises(WorkplanError, match="adopted decision"):
            services.workplan_approve(plan=plan, adopted=decision, actor=a.users["coordination"])
    pending.status = "adopted"  # in memory only: the stored row is open
    with pytest.raises(WorkplanError, match="adopted decision"):
        services.workplan_approve(plan=plan, adopted=pending)
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.DRAFT and not plan.history.exists()


def test_the_charter_rule_for_the_work_plan_follows_the_minutes_and_counts_every_pillar(world):
    a = world["a"]
    board = three_pillar_board(a)
    plan = WorkPlanFactory(working_group=a.group)
    decision = members_services.decision_open(
        working_group=a.group, kind="work_plan", subject=plan, actor=board[Pillar.COMPANIES], reason="As presented"
    )
    assert decision.rule == "one_per_pillar"  # the default: as the minutes
    for pillar in (Pillar.CIVIL_SOCIETY, Pillar.GOVERNMENT):
        plan.refresh_from_db()
        assert plan.status == WorkPlan.Status.DRAFT
        members_services.decision_vote(decision=decision, actor=board[pillar], choice="agree", reason="Fine")
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.APPROVED


def test_task_lead_must_be_a_current_member_of_the_group(world):
    plan = WorkPlanFactory(working_group=world["a"].group)
    secretariat = world["a"].users["secretariat"]
    fields = {"title": "T", "category": "studies", "starts_on": date(2026, 2, 1), "due_on": date(2026, 3, 1)}
    with pytest.raises(ValidationError) as error:
        services.task_create(plan=plan, actor=secretariat, lead=world["b"].objects["company"], **fields)
    assert "current member" in str(error.value)
    withdrawn = MembershipFactory(working_group=world["a"].group, status=Membership.Status.MEMBER)
    Membership.objects.filter(pk=withdrawn.pk).update(status=Membership.Status.WITHDRAWN)
    withdrawn.refresh_from_db()
    with pytest.raises(ValidationError):
        services.task_create(plan=plan, actor=secretariat, lead=withdrawn, **fields)
    with pytest.raises(WorkplanError):
        services.task_create(
            plan=plan,
            actor=secretariat,
            lead=world["a"].objects["company"],
            supporting=[world["b"].objects["ngo"]],
            **fields,
        )


def test_task_update_refuses_a_stale_version(world):
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=world["a"].group), lead=world["a"].objects["company"])
    secretariat = world["a"].users["secretariat"]
    services.task_update(task=task, actor=secretariat, version=1, title="First edit")
    with pytest.raises(StaleEdit):
        services.task_update(task=task, actor=secretariat, version=1, title="Stale edit")
    task.refresh_from_db()
    assert (task.title, task.version) == ("First edit", 2)


def can_report_progress(user, task) -> bool:
    """The rule the task page and the services ask, through the person's access object."""
    return access_for(user, task.work_plan.working_group).allows("workplan.report_progress", task)


def test_lead_representative_may_report_and_others_may_not(world):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group, status="approved"), lead=a.objects["company"])
    assert can_report_progress(a.users["member"], task)
    assert can_report_progress(a.users["secretariat"], task)
    for role in ("coordination", "observer", "outsider"):
        assert not can_report_progress(a.users[role], task)
    assert not can_report_progress(world["b"].users["member"], task)
    with pytest.raises(PermissionDenied):
        services.progress_report_post(task=task, actor=a.users["coordination"], text="Not mine")


def test_a_former_representative_can_no_longer_report(world):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group, status="approved"), lead=a.objects["company"])
    from members import services as member_services

    member_services.representative_remove(representative=a.objects["member_rep"], actor=a.users["secretariat"])
    user = a.users["member"]
    user.refresh_from_db()
    assert not can_report_progress(user, task)


def test_progress_report_can_move_the_task_and_records_the_institution(world):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group, status="approved"), lead=a.objects["company"])
    report = services.progress_report_post(task=task, actor=a.users["member"], text="Started", new_status="in_progress")
    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS
    assert report.membership == a.objects["company"]
    assert task.history.get().to_status == "in_progress"


def test_progress_is_refused_on_a_draft_plan(world):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group), lead=a.objects["company"])
    with pytest.raises(WorkplanError):
        services.progress_report_post(task=task, actor=a.users["member"], text="Too early")


def test_task_status_transitions_follow_the_table(world):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group, status="approved"), lead=a.objects["company"])
    services.task_change_status(task=task, actor=a.users["member"], to_status="done")
    with pytest.raises(TransitionNotAllowed):
        services.task_change_status(task=task, actor=a.users["member"], to_status="cancelled")
    task.refresh_from_db()
    assert task.status == "done"
    # The same status again is a no-op.
    services.task_change_status(task=task, actor=a.users["member"], to_status="done")
    assert task.history.count() == 1


def test_pillar_coverage_warns_about_a_pillar_without_tasks(world):
    a = world["a"]
    plan = WorkPlanFactory(working_group=a.group)
    TaskFactory(work_plan=plan, lead=a.objects["company"], supporting=[a.objects["ngo"]])
    coverage = {row["pillar"]: row for row in workplan_page(a.group, plan.pk)["coverage"]}
    assert coverage[Pillar.COMPANIES]["leads"] == 1 and not coverage[Pillar.COMPANIES]["empty"]
    assert coverage[Pillar.CIVIL_SOCIETY]["supports"] == 1 and not coverage[Pillar.CIVIL_SOCIETY]["empty"]
    assert coverage[Pillar.GOVERNMENT]["empty"]
    assert pillar_coverage([])[0]["empty"]


def test_objective_positions_follow_creation_order(world):
    plan = WorkPlanFactory(working_group=world["a"].group)
    ObjectiveFactory(work_plan=plan, position=3)
    objective = services.objective_create(plan=plan, actor=world["a"].users["secretariat"], title="Next")
    assert objective.position == 4


# --- reminders ---------------------------------------------------------------------------------


def _reminder_task(world, **kwargs):
    a = world["a"]
    plan = WorkPlanFactory(working_group=a.group, status="approved")
    return TaskFactory(work_plan=plan, lead=a.objects["company"], **kwargs)


def test_due_soon_reminder_goes_to_each_lead_representative_once(world, django_capture_on_commit_callbacks):
    task = _reminder_task(world, starts_on=date(2026, 6, 1), due_on=date(2026, 6, 20))
    alternate = RepresentativeFactory(membership=world["a"].objects["company"], role="alternate")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.workplan_reminders_send(today=date(2026, 6, 10)) == 2
        assert services.workplan_reminders_send(today=date(2026, 6, 11)) == 0  # each person hears once
    messages = OutboxMessage.objects.filter(dedupe_key__startswith=f"task:{task.pk}:due-soon")
    assert sorted(messages.values_list("recipient", flat=True)) == sorted(
        [world["a"].users["member"].email, alternate.user.email]
    )
    assert "due on" in messages.first().subject


def test_missing_report_reminder_once_per_silence(world):
    task = _reminder_task(world, starts_on=date(2026, 1, 1), due_on=date(2026, 12, 1))
    services.workplan_reminders_send(today=date(2026, 4, 1))
    services.workplan_reminders_send(today=date(2026, 4, 2))
    task_mail = OutboxMessage.objects.filter(dedupe_key__startswith="task:")
    keys = list(task_mail.values_list("dedupe_key", flat=True))
    assert keys == [f"task:{task.pk}:report-missing:0:{world['a'].users['member'].pk}"]
    # A recent report silences it; nothing new is queued.
    ProgressReportFactory(task=task, author=world["a"].users["member"])
    services.workplan_reminders_send(today=date(2026, 4, 3))
    assert task_mail.count() == 1


def test_no_reminders_for_done_tasks_or_draft_plans(world):
    a = world["a"]
    _reminder_task(world, starts_on=date(2026, 1, 1), due_on=date(2026, 4, 5), status="done")
    TaskFactory(work_plan=WorkPlanFactory(working_group=a.group), lead=a.objects["company"], due_on=date(2026, 4, 5))
    assert services.workplan_reminders_send(today=date(2026, 4, 1)) == 0
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="task:").exists()


def test_reminder_task_runs_the_service(world):
    from workplan.tasks import workplan_reminders_send_task

    _reminder_task(world, starts_on=date(2020, 1, 1), due_on=date(2099, 1, 1))
    assert workplan_reminders_send_task.delay().get() == 1
