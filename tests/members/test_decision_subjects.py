"""Decisions about subjects of the apps above members: the work plan and the annual report are approved
by a Coordination Group decision through their own transition service (registered in members.decision_hooks)."""

import pytest

from members import services
from members.models import DecisionKind, Pillar
from reports.models import AnnualReport
from tests.factories.reports import AnnualReportFactory
from tests.factories.workplan import WorkPlanFactory
from tests.members.decision_helpers import three_pillar_board
from vpwg.errors import DomainError
from workplan.models import WorkPlan

pytestmark = pytest.mark.django_db
C, G, S = Pillar.COMPANIES, Pillar.GOVERNMENT, Pillar.CIVIL_SOCIETY


@pytest.fixture
def a(world):
    group_world = world["a"]
    group_world.board = three_pillar_board(group_world)
    return group_world


def _decide(a, kind, subject, votes=(S, G)):
    decision = services.decision_open(
        working_group=a.group, kind=kind, subject=subject, actor=a.board[C], reason="Approved as presented"
    )
    for pillar in votes:
        services.decision_vote(decision=decision, actor=a.board[pillar], choice="agree", reason="Fine")
    decision.refresh_from_db()
    return decision


def test_the_work_plan_is_approved_once_the_rule_is_met(a):
    plan = WorkPlanFactory(working_group=a.group)
    decision = _decide(a, DecisionKind.WORK_PLAN, plan, votes=(S,))
    plan.refresh_from_db()
    assert decision.is_open and plan.status == WorkPlan.Status.DRAFT
    services.decision_vote(decision=decision, actor=a.board[G], choice="agree", reason="Fine")
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.APPROVED and plan.approval_note == "Approved as presented"
    with pytest.raises(DomainError):  # only a draft plan is proposed for approval
        services.decision_open(
            working_group=a.group, kind=DecisionKind.WORK_PLAN, subject=plan, actor=a.board[C], reason="Again"
        )


def test_the_annual_report_is_approved_by_the_group_not_by_one_member(a):
    annual = AnnualReportFactory(a, 2025, status=AnnualReport.Status.SUBMITTED)
    decision = _decide(a, DecisionKind.ANNUAL_REPORT, annual)
    annual.refresh_from_db()
    assert decision.status == "adopted" and annual.status == AnnualReport.Status.APPROVED
    assert decision.subject_label == "Annual report 2025"


def test_the_annual_report_lists_the_decisions_taken_by_written_procedure(a):
    from datetime import timedelta

    from django.utils import timezone

    from reports.selectors.annual import annual_document

    procedure = services.procedure_open(
        working_group=a.group,
        actor=a.users["secretariat"],
        title="Venue of the next plenary",
        text="Cusco.",
        deadline=timezone.now() + timedelta(days=3),
        rule="silence",
    )
    services.procedures_close_due(now=procedure.deadline + timedelta(minutes=1))
    procedure.refresh_from_db()
    year = timezone.localtime(procedure.closed_at, a.group.tzinfo).year
    document = annual_document(AnnualReportFactory(a, year))
    assert [p.title for p in document["procedures"]] == ["Venue of the next plenary"]


def test_approving_the_annual_report_from_its_page_is_a_vote_of_the_coordination_group(a, client_as):
    from django.urls import reverse

    annual = AnnualReportFactory(a, 2025, status=AnnualReport.Status.SUBMITTED)
    url = reverse("reports:annual-approve", args=[a.group.slug, 2025])
    first = client_as(a.board[C]).post(url)
    assert "/decisions/" in first["Location"]
    client_as(a.board[S]).post(url)
    annual.refresh_from_db()
    assert annual.status == AnnualReport.Status.SUBMITTED  # two pillars of three
    last = client_as(a.board[G]).post(url)
    annual.refresh_from_db()
    assert annual.status == AnnualReport.Status.APPROVED
    assert last["Location"] == reverse("reports:annual-detail", args=[a.group.slug, 2025])
