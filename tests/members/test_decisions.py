"""Coordination Group decisions: opening, votes, recusal, closing by the rule, the deadline and the sweep,
scheduled suspensions, reminders once, and the charter's rules."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from members import services
from members.exceptions import MembersError
from members.models import (
    CharterChange,
    Decision,
    DecisionKind,
    DecisionRule,
    Membership,
    MembershipApplication,
    Pillar,
)
from tests.conftest import application_data
from tests.factories.decisions import adopt
from tests.members.decision_helpers import three_pillar_board
from vpwg.models import OutboxMessage

pytestmark = pytest.mark.django_db
C, G, S = Pillar.COMPANIES, Pillar.GOVERNMENT, Pillar.CIVIL_SOCIETY


@pytest.fixture
def a(world):
    group_world = world["a"]
    group_world.board = three_pillar_board(group_world)
    return group_world


def _apply(group_world, name="Minera Sur", **overrides):
    return services.application_submit(working_group=group_world.group, data=application_data(name, **overrides))


def _open(group_world, kind, subject, by=C, **kwargs):
    kwargs.setdefault("reason", "Reasons the group gives")
    return services.decision_open(
        working_group=group_world.group, kind=kind, subject=subject, actor=group_world.board[by], **kwargs
    )


def _vote(group_world, decision, pillar, choice="agree", reason="My reason"):
    return services.decision_vote(decision=decision, actor=group_world.board[pillar], choice=choice, reason=reason)


def test_charter_defaults_and_the_reports_follow_the_minutes_rule(a):
    group = a.group
    assert services.decision_rule_for(group, DecisionKind.ADMISSION)[0] == DecisionRule.ONE_PER_PILLAR
    assert services.decision_rule_for(group, DecisionKind.WARNING)[0] == DecisionRule.ANY_ONE
    for kind in (DecisionKind.SUSPENSION, DecisionKind.EXPULSION, DecisionKind.REINSTATEMENT):
        assert services.decision_rule_for(group, kind)[0] == DecisionRule.ONE_PER_PILLAR
    services.charter_change(
        working_group=group, actor=a.users["admin"], changes={"minutes_approval_rule": "majority"}, reason="Plenary"
    )
    group.refresh_from_db()
    assert services.decision_rule_for(group, DecisionKind.ANNUAL_REPORT)[0] == DecisionRule.MAJORITY
    assert services.decision_rule_for(group, DecisionKind.WORK_PLAN)[0] == DecisionRule.MAJORITY


def test_a_rule_changes_only_as_a_recorded_charter_decision_and_open_decisions_keep_theirs(a):
    decision = _open(a, DecisionKind.SUSPENSION, a.objects["company"])
    with pytest.raises(PermissionDenied):
        services.decision_rule_change(
            working_group=a.group, actor=a.board[C], kind="suspension", rule="majority", days=7, reason="r"
        )
    with pytest.raises(MembersError):
        services.decision_rule_change(
            working_group=a.group, actor=a.users["admin"], kind="suspension", rule="majority", days=7, reason=" "
        )
    change = services.decision_rule_change(
        working_group=a.group, actor=a.users["admin"], kind="suspension", rule="majority", days=7, reason="Plenary 3"
    )
    assert change.field == "decision_rule.suspension" and CharterChange.objects.filter(pk=change.pk).exists()
    assert services.decision_rule_for(a.group, "suspension") == ("majority", 7)
    assert Decision.objects.get(pk=decision.pk).rule == DecisionRule.ONE_PER_PILLAR
    again = services.decision_rule_change(
        working_group=a.group, actor=a.users["admin"], kind="suspension", rule="majority", days=7, reason="Same"
    )
    assert again is None


def test_an_application_is_admitted_only_once_every_pillar_agrees(a):
    application = _apply(a)
    decision = _open(a, DecisionKind.ADMISSION, application, proposal="admit_member", reason="Meets the criteria.")
    assert decision.is_open and decision.votes.get().voter == a.board[C]  # the proposer agrees
    _vote(a, decision, S, reason="Good record on grievances")
    application.refresh_from_db()
    assert application.is_open  # two pillars of three: still open
    _vote(a, decision, G, reason="Agreed by the ministry")
    decision.refresh_from_db()
    application.refresh_from_db()
    assert decision.status == "adopted" and decision.applied_at is not None
    assert application.status == MembershipApplication.Status.ADMITTED and application.membership is not None
    applicant = OutboxMessage.objects.filter(recipient="lucia.ramos@example.org", dedupe_key__contains="decided")
    body = "\n".join(m.body_text for m in applicant)
    assert "Meets the criteria." in body
    assert "Good record on grievances" not in body and a.board[G].last_name not in body  # never who voted what
    closed = OutboxMessage.objects.filter(dedupe_key__startswith=f"decision:{decision.pk}:closed:")
    assert closed.count() == len({*[u.pk for u in a.board.values()], a.users["secretariat"].pk})


def test_the_applicants_contact_on_the_board_is_recused(a):
    application = _apply(a, contact_email=a.board[G].email.upper())
    decision = _open(a, DecisionKind.ADMISSION, application, proposal="admit_member")
    with pytest.raises(MembersError, match="recused"):
        _vote(a, decision, G)
    assert decision.votes.count() == 1  # nothing saved


def test_a_board_member_representing_the_applicant_elsewhere_is_recused_and_the_rule_counts_without_their_pillar(
    a, world
):
    from tests.factories.members import MembershipFactory, RepresentativeFactory

    elsewhere = MembershipFactory(working_group=world["b"].group, institution__name="Minera Sur")
    RepresentativeFactory(membership=elsewhere, user=a.board[G])
    application = _apply(a, name="Minera Sur")
    decision = _open(a, DecisionKind.ADMISSION, application, proposal="admit_observer")
    with pytest.raises(MembersError, match="recused"):
        _vote(a, decision, G)
    assert decision.votes.count() == 1  # nothing saved
    _vote(a, decision, S)
    decision.refresh_from_db()
    assert decision.status == "adopted"
    assert "Government" in decision.outcome_note  # the waiver is documented on the decision
    application.refresh_from_db()
    assert application.membership.status == Membership.Status.OBSERVER


def test_a_suspension_is_refused_when_one_pillar_objects(a):
    company = a.objects["company"]
    decision = _open(a, DecisionKind.SUSPENSION, company, reason="Three plenaries missed")
    _vote(a, decision, G)
    _vote(a, decision, S, choice="object", reason="They excused themselves each time")
    decision.refresh_from_db()
    company.refresh_from_db()
    assert decision.status == "rejected" and decision.closed_at is not None
    assert company.status == Membership.Status.MEMBER
    with pytest.raises(MembersError, match="closed"):
        _vote(a, decision, C, choice="object")


def test_a_warning_needs_any_one_member_and_closes_at_once(a):
    company = a.objects["company"]
    decision = _open(a, DecisionKind.WARNING, company, reason="Reports late")
    assert decision.status == "adopted"
    assert company.history.filter(action="warned", reason="Reports late").exists()


def test_a_member_of_the_institution_concerned_is_recused_from_its_sanction(a):
    andes = a.objects["andes"]  # the companies seat holder's own institution
    decision = _open(a, DecisionKind.SUSPENSION, andes, by=S, reason="Breach")
    assert decision.votes.count() == 1
    with pytest.raises(MembersError, match="recused"):
        _vote(a, decision, C)
    _vote(a, decision, G)
    decision.refresh_from_db()
    assert decision.status == "adopted" and "Companies" in decision.outcome_note


def test_a_second_vote_replaces_the_first_until_the_decision_closes(a):
    services.decision_rule_change(
        working_group=a.group, actor=a.users["admin"], kind="expulsion", rule="majority", days=14, reason="r"
    )
    decision = _open(a, DecisionKind.EXPULSION, a.objects["company"])
    _vote(a, decision, S, choice="abstain", reason="Thinking")
    _vote(a, decision, S, choice="agree", reason="Convinced")
    vote = decision.votes.get(voter=a.board[S])
    assert (vote.choice, vote.reason) == ("agree", "Convinced")
    assert decision.votes.count() == 2
    decision.refresh_from_db()
    assert decision.status == "adopted"  # two of three agree


def test_refusals_save_nothing(a):
    decision = _open(a, DecisionKind.SUSPENSION, a.objects["company"])
    with pytest.raises(PermissionDenied):
        services.decision_vote(decision=decision, actor=a.users["secretariat"], choice="agree", reason="r")
    with pytest.raises(MembersError, match="reason"):
        _vote(a, decision, S, reason="  ")
    with pytest.raises(MembersError, match="already open"):
        _open(a, DecisionKind.EXPULSION, a.objects["company"])
    Decision.objects.filter(pk=decision.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(MembersError, match="deadline"):
        _vote(a, decision, S)
    assert decision.votes.count() == 1


def test_opening_is_refused_when_the_step_is_impossible_or_nobody_can_vote(a):
    with pytest.raises(MembersError, match="reinstated"):
        _open(a, DecisionKind.REINSTATEMENT, a.objects["company"])
    with pytest.raises(MembersError, match="has passed"):
        _open(a, DecisionKind.SUSPENSION, a.objects["company"], effective_on=a.group.today() - timedelta(days=1))
    with pytest.raises(MembersError, match="reasons"):
        _open(a, DecisionKind.WARNING, a.objects["company"], reason="")
    other = services.application_submit(working_group=a.group, data=application_data("Other Co"))
    other.working_group_id = 0
    with pytest.raises(MembersError):
        _open(a, DecisionKind.ADMISSION, other)


def test_a_future_suspension_is_scheduled_and_applied_by_the_sweep_on_its_day(a):
    company = a.objects["company"]
    later = a.group.today() + timedelta(days=3)
    decision = _open(a, DecisionKind.SUSPENSION, company, effective_on=later)
    _vote(a, decision, G)
    _vote(a, decision, S)
    decision.refresh_from_db()
    company.refresh_from_db()
    assert decision.status == "adopted" and decision.is_scheduled and company.status == "member"
    assert services.decisions_sweep()["decisions_applied"] == 0  # not yet its day
    Decision.objects.filter(pk=decision.pk).update(effective_on=a.group.today())  # the day has come
    assert services.decisions_sweep()["decisions_applied"] == 1
    assert services.decisions_sweep()["decisions_applied"] == 0  # once
    company.refresh_from_db()
    assert company.status == Membership.Status.SUSPENDED
    assert company.history.get(action="suspended").effective_on == a.group.today()


def test_the_sweep_closes_at_the_deadline_consensus_adopted_and_majority_lapsed(a):
    services.decision_rule_change(
        working_group=a.group, actor=a.users["admin"], kind="reinstatement", rule="consensus", days=5, reason="r"
    )
    company, observer = a.objects["company"], a.objects["observer"]
    adopt(a.group, DecisionKind.SUSPENSION, company, reason="Earlier")
    adopt(a.group, DecisionKind.SUSPENSION, observer, reason="Earlier")
    consensus = _open(a, DecisionKind.REINSTATEMENT, company)
    services.decision_rule_change(
        working_group=a.group, actor=a.users["admin"], kind="reinstatement", rule="majority", days=5, reason="r"
    )
    majority = _open(a, DecisionKind.REINSTATEMENT, observer)
    assert services.decisions_sweep()["decisions_closed"] == 0
    later = timezone.now() + timedelta(days=6)
    assert services.decisions_sweep(now=later)["decisions_closed"] == 2
    assert services.decisions_sweep(now=later)["decisions_closed"] == 0
    consensus.refresh_from_db()
    majority.refresh_from_db()
    assert (consensus.status, majority.status) == ("adopted", "lapsed")
    company.refresh_from_db()
    assert company.status == Membership.Status.MEMBER


def test_reminders_go_once_to_those_who_have_not_voted_after_half_the_time(a):
    decision = _open(a, DecisionKind.EXPULSION, a.objects["company"])
    assert services.decisions_remind() == 0  # too early
    halfway = decision.created_at + (decision.deadline - decision.created_at) * 0.6
    assert services.decisions_remind(now=halfway) == 2  # the proposer has voted
    assert services.decisions_remind(now=halfway) == 0
    keys = set(OutboxMessage.objects.filter(dedupe_key__contains=":reminder:").values_list("dedupe_key", flat=True))
    assert keys == {f"decision:{decision.pk}:reminder:{a.board[p].pk}" for p in (S, G)}


def test_an_adopted_decision_whose_subject_changed_meanwhile_lapses_with_the_reason(a):
    company = a.objects["company"]
    decision = _open(a, DecisionKind.SUSPENSION, company)
    services.membership_withdraw(membership=company, actor=a.users["member"], reason="Leaving")  # meanwhile
    _vote(a, decision, S)
    _vote(a, decision, G)
    decision.refresh_from_db()
    assert decision.status == "lapsed" and "could not take effect" in decision.outcome_note


def test_transition_services_refuse_a_decision_about_something_else(a):
    decision = _open(a, DecisionKind.WARNING, a.objects["company"])
    with pytest.raises(MembersError):
        services.membership_suspend(membership=a.objects["company"], adopted=decision)
    with pytest.raises(MembersError):
        services.membership_warn(membership=a.objects["ngo"], adopted=decision)
