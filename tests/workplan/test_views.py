from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Pillar
from tests.factories.members import MembershipFactory
from tests.factories.workplan import ObjectiveFactory, ProgressReportFactory, TaskFactory, WorkPlanFactory
from workplan.models import ProgressReport, Task, WorkPlan

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% test\n"


def _url(name, world, **kwargs):
    return reverse(f"workplan:{name}", kwargs={"group_slug": world.group.slug, **kwargs})


def test_plan_form_refuses_a_plan_shorter_than_a_year(world, client_as):
    a = world["a"]
    client = client_as(a.users["secretariat"])
    response = client.post(
        _url("plan-create", a), {"title": "Short", "starts_on": "2026-01-01", "ends_on": "2026-06-30"}
    )
    assert response.status_code == 200
    assert "A work plan covers at least one year: it must end on 31 December 2026 or later." in response.text
    assert not WorkPlan.objects.exists()


def _task_data(a, **overrides):
    return {
        "title": "Scoping study",
        "category": "studies",
        "lead": a.objects["company"].pk,
        "starts_on": "2026-02-01",
        "due_on": "2026-05-01",
        **overrides,
    }


def test_task_form_refuses_a_lead_outside_the_group_and_dates_in_the_wrong_order(world, client_as):
    a, b = world["a"], world["b"]
    plan = WorkPlanFactory(working_group=a.group)
    client = client_as(a.users["secretariat"])
    response = client.post(_url("task-create", a, plan_id=plan.pk), _task_data(a, lead=b.objects["company"].pk))
    assert "Choose an institution that is a current member of this working group." in response.text
    response = client.post(_url("task-create", a, plan_id=plan.pk), _task_data(a, due_on="2026-01-15"))
    assert "A task cannot be due before it starts." in response.text
    response = client.post(_url("task-create", a, plan_id=plan.pk), _task_data(a, supporting=[b.objects["ngo"].pk]))
    assert "Choose an institution that is a current member of this working group." in response.text
    assert not Task.objects.exists()


def test_stale_task_edit_is_refused_with_a_message(world, client_as):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group), lead=a.objects["company"])
    Task.objects.filter(pk=task.pk).update(version=2, title="Changed meanwhile")
    client = client_as(a.users["secretariat"])
    response = client.post(_url("task-edit", a, task_id=task.pk), _task_data(a, version=1, title="Mine"))
    assert response.status_code == 200
    assert "Someone else changed this task" in response.text
    task.refresh_from_db()
    assert task.title == "Changed meanwhile"


def test_progress_attachment_type_and_size_are_checked(world, client_as, settings):
    a = world["a"]
    task = TaskFactory(work_plan=WorkPlanFactory(working_group=a.group, status="approved"), lead=a.objects["company"])
    client = client_as(a.users["member"])
    url = _url("progress-create", a, task_id=task.pk)
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(url, {"text": "Done", "attachment": exe})
    assert "This file type is not accepted." in response.text
    big = SimpleUploadedFile("report.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    response = client.post(url, {"text": "Done", "attachment": big})
    assert "The file is too large" in response.text
    assert not ProgressReport.objects.exists()
    good = SimpleUploadedFile("report.pdf", PDF, "application/pdf")
    response = client.post(url, {"text": "Done", "attachment": good, "new_status": "in_progress"})
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.attachment.name.startswith(f"workplan/{a.group.slug}/task-{task.pk}/")
    download = client_as(a.users["observer"]).get(_url("progress-attachment", a, report_id=report.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert (
        client_as(world["b"].users["secretariat"]).get(_url("progress-attachment", a, report_id=report.pk)).status_code
        == 404
    )


def test_plan_page_warns_about_a_pillar_without_tasks_and_shows_overdue(world, client_as):
    a = world["a"]
    plan = WorkPlanFactory(
        working_group=a.group, status="approved", starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31)
    )
    TaskFactory(work_plan=plan, lead=a.objects["company"], starts_on=date(2020, 1, 1), due_on=date(2020, 2, 1))
    TaskFactory(work_plan=plan, lead=a.objects["ngo"], starts_on=date(2020, 1, 1), due_on=date(2020, 2, 1))
    response = client_as(a.users["secretariat"]).get(_url("plan-detail", a, plan_id=plan.pk))
    assert "The Government pillar carries no task in this plan." in response.text
    assert "Open tasks past their due date" in response.text
    # Members do not get the Secretariat's overdue list.
    assert (
        "Open tasks past their due date"
        not in client_as(a.users["member"]).get(_url("plan-detail", a, plan_id=plan.pk)).text
    )


def _populate(a, plan, n):
    objectives = [ObjectiveFactory(work_plan=plan) for _ in range(n)]
    pillars = [Pillar.COMPANIES, Pillar.GOVERNMENT, Pillar.CIVIL_SOCIETY]
    for i in range(n):
        lead = MembershipFactory(working_group=a.group, pillar=pillars[i % 3])
        task = TaskFactory(work_plan=plan, objective=objectives[i], lead=lead, supporting=[a.objects["ngo"]])
        ProgressReportFactory(task=task)


@pytest.mark.parametrize("n", [1, 6])
def test_plan_page_query_count_does_not_grow_with_tasks(world, client_as, django_assert_num_queries, n):
    a = world["a"]
    plan = WorkPlanFactory(working_group=a.group, status="approved")
    _populate(a, plan, n)
    client = client_as(a.users["secretariat"])
    url = _url("plan-detail", a, plan_id=plan.pk)
    client.get(url)  # warm the session
    # session, user, group, roles and capabilities, plan, tasks, supporting, objectives, the Coordination
    # Group's decisions about approving the plan, what waits (the navigation's count)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_plan_list_query_count_does_not_grow(world, client_as, django_assert_num_queries, n):
    a = world["a"]
    for _ in range(n):
        _populate(a, WorkPlanFactory(working_group=a.group), 2)
    old = WorkPlanFactory(
        working_group=a.group, status="approved", starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31)
    )
    for _ in range(n):
        TaskFactory(work_plan=old, lead=a.objects["company"], starts_on=date(2020, 1, 1), due_on=date(2020, 2, 1))
    client = client_as(a.users["secretariat"])
    client.get(_url("index", a))
    # session, user, group, roles, capabilities, plans with counts, overdue tasks, group switcher, what
    # waits (the navigation's count)
    with django_assert_num_queries(7):
        response = client.get(_url("index", a))
    assert response.text.count('<tr class="overdue">') == n


def test_index_lists_overdue_tasks_for_the_secretariat_only(world, client_as):
    a = world["a"]
    plan = WorkPlanFactory(
        working_group=a.group, status="approved", starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31)
    )
    TaskFactory(
        work_plan=plan,
        lead=a.objects["company"],
        title="Late study",
        starts_on=date(2020, 1, 1),
        due_on=date(2020, 2, 1),
    )
    TaskFactory(
        work_plan=plan,
        lead=a.objects["company"],
        title="Finished study",
        status="done",
        starts_on=date(2020, 1, 1),
        due_on=date(2020, 2, 1),
    )
    page = client_as(a.users["secretariat"]).get(_url("index", a)).text
    assert "Late study" in page and "Finished study" not in page
    assert "Late study" not in client_as(a.users["member"]).get(_url("index", a)).text


# --- approval: a Coordination Group decision, never one person's button (issue 14) -------------------


def test_the_secretariat_cannot_approve_a_plan_and_sees_no_approve_button(world, client_as):
    a = world["a"]
    plan = WorkPlanFactory(working_group=a.group)
    client = client_as(a.users["secretariat"])
    page = client.get(_url("plan-detail", a, plan_id=plan.pk)).content.decode()
    assert "Approval by the Coordination Group" in page and "Not yet proposed for approval" in page
    assert _url("plan-approve", a, plan_id=plan.pk) not in page
    assert client.post(_url("plan-approve", a, plan_id=plan.pk), {"reason": "Agreed"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.DRAFT


def test_the_plan_page_shows_the_open_approval_its_votes_and_a_vote_link(world, client_as):
    from members.models import Decision
    from tests.members.decision_helpers import three_pillar_board

    a = world["a"]
    board = three_pillar_board(a)
    plan = WorkPlanFactory(working_group=a.group)
    detail, approve = _url("plan-detail", a, plan_id=plan.pk), _url("plan-approve", a, plan_id=plan.pk)
    proposer = client_as(board[Pillar.COMPANIES])
    assert _url("plan-approve", a, plan_id=plan.pk) in proposer.get(detail).content.decode()
    assert proposer.post(approve, {"reason": ""}).status_code == 200  # reasons required
    response = proposer.post(approve, {"reason": "Every pillar carries work."})
    assert response.status_code == 302 and response["Location"] == detail
    decision = Decision.objects.get()
    plan.refresh_from_db()
    assert decision.is_open and plan.status == WorkPlan.Status.DRAFT
    vote_url = reverse("members:decision-vote", args=[a.group.slug, decision.pk])

    page = proposer.get(detail).content.decode()
    assert "1 agree, 0 object, 0 abstain." in page and "Every pillar carries work." in page
    assert "Change your vote" in page and vote_url in page  # the proposer's vote is "agree"
    other = client_as(board[Pillar.GOVERNMENT]).get(detail).content.decode()
    assert vote_url in other and ">Vote<" in other and "Not voted yet:" in other
    secretariat = client_as(a.users["secretariat"]).get(detail).content.decode()
    assert "1 agree" in secretariat and vote_url not in secretariat  # follows, does not vote
    member = client_as(a.users["member"]).get(detail).content.decode()
    assert "The Coordination Group is voting" in member and "1 agree" not in member and vote_url not in member
    # A second proposal leads to the vote on the open one.
    assert client_as(board[Pillar.GOVERNMENT]).get(approve)["Location"] == vote_url

    for pillar in (Pillar.CIVIL_SOCIETY, Pillar.GOVERNMENT):
        client_as(board[pillar]).post(vote_url, {"choice": "agree", "reason": "Fine"})
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.APPROVED and plan.approval_note == "Every pillar carries work."
    page = client_as(a.users["member"]).get(detail).content.decode()
    assert reverse("members:decision-detail", args=[a.group.slug, decision.pk]) in page
    assert client_as(board[Pillar.COMPANIES]).get(approve).status_code == 403  # approved: nothing to propose


@pytest.mark.django_db(transaction=True)  # what is read inside a transaction is never kept
def test_the_plan_page_is_kept_between_writes_in_the_group(world, client, kept_cache):
    """vpwg.kept (Redis in production; a local-memory cache here): the plan's tasks are one cache read until
    the group changes; the reader's own rights are worked out on every view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vpwg.audit import audit_record

    a = world["a"]
    plan = WorkPlanFactory(working_group=a.group, status=WorkPlan.Status.APPROVED)
    TaskFactory(work_plan=plan, title="Taller sobre los Principios Voluntarios")
    client.force_login(a.users["member"])
    url = reverse("workplan:plan-detail", args=[a.group.slug, plan.pk])

    def task_reads():
        with CaptureQueriesContext(connection) as queries:
            text = client.get(url).text
        return text, sum('FROM "workplan_task"' in q["sql"] for q in queries.captured_queries)

    first, second = task_reads()[1], task_reads()[1]
    assert first > 0 and second in (0, first)  # computed, kept once the group has a generation
    text, reads = task_reads()
    assert "Taller sobre los Principios Voluntarios" in text and reads == 0
    TaskFactory(work_plan=plan, title="Visita a Cusco")
    audit_record(action="workplan.task.created", working_group=a.group)  # as the task service writes it
    text, reads = task_reads()
    assert "Visita a Cusco" in text and reads == first
