"""Counting votes: every rule of the Coordination Group and of written procedures, pure functions."""

import pytest

from members.models import DecisionRule, ProcedureRule
from members.services.decision_rules import decision_tally, procedure_tally

C, G, S = "companies", "government", "civil_society"
SEATS = {1: C, 2: G, 3: S}
A, OBJ, X = "agree", "object", "abstain"


@pytest.mark.parametrize(
    ("rule", "votes", "expected"),
    [
        (DecisionRule.ANY_ONE, {1: A}, "adopted"),
        (DecisionRule.ANY_ONE, {1: OBJ, 2: OBJ}, None),
        (DecisionRule.ANY_ONE, {1: OBJ, 2: OBJ, 3: X}, "rejected"),
        (DecisionRule.ONE_PER_PILLAR, {1: A, 2: A}, None),
        (DecisionRule.ONE_PER_PILLAR, {1: A, 2: A, 3: A}, "adopted"),
        (DecisionRule.ONE_PER_PILLAR, {1: A, 3: OBJ}, "rejected"),  # one pillar objects: cannot be met
        (DecisionRule.MAJORITY, {1: A}, None),
        (DecisionRule.MAJORITY, {1: A, 2: A}, "adopted"),
        (DecisionRule.MAJORITY, {1: OBJ, 2: X}, "rejected"),  # abstaining is not agreeing
        (DecisionRule.ALL, {1: A, 2: A}, None),
        (DecisionRule.ALL, {1: A, 2: A, 3: A}, "adopted"),
        (DecisionRule.ALL, {1: A, 2: X}, "rejected"),
        (DecisionRule.CONSENSUS, {1: A, 2: X}, None),
        (DecisionRule.CONSENSUS, {1: A, 2: X, 3: A}, "adopted"),
        (DecisionRule.CONSENSUS, {1: A, 2: OBJ}, "rejected"),
    ],
)
def test_decision_rules_settle_when_met_or_no_longer_possible(rule, votes, expected):
    assert decision_tally(rule=rule, seats=SEATS, recused=set(), votes=votes).outcome == expected


def test_a_pillar_whose_only_member_is_recused_is_waived_and_said_so():
    tally = decision_tally(rule=DecisionRule.ONE_PER_PILLAR, seats=SEATS, recused={2}, votes={1: A, 3: A, 2: OBJ})
    assert tally.outcome == "adopted"
    assert tally.waived_pillars == [G]
    assert 2 not in tally.votes  # a recused member's vote never counts


def test_a_pillar_keeps_its_requirement_while_another_seat_holder_can_vote():
    seats = {**SEATS, 4: G}
    tally = decision_tally(rule=DecisionRule.ONE_PER_PILLAR, seats=seats, recused={2}, votes={1: A, 3: A})
    assert tally.outcome is None and tally.waived_pillars == []
    assert decision_tally(rule=DecisionRule.ONE_PER_PILLAR, seats=seats, recused={2}, votes={1: A, 3: A, 4: A}).outcome


def test_majority_counts_only_those_who_may_vote():
    tally = decision_tally(rule=DecisionRule.MAJORITY, seats=SEATS, recused={3}, votes={1: A})
    assert tally.outcome is None  # 1 of 2 is not more than half
    assert decision_tally(rule=DecisionRule.MAJORITY, seats=SEATS, recused={3}, votes={1: A, 2: A}).outcome


@pytest.mark.parametrize(
    ("rule", "final"),
    [
        (DecisionRule.CONSENSUS, "adopted"),  # nobody objected within the days allowed
        (DecisionRule.MAJORITY, "lapsed"),
        (DecisionRule.ONE_PER_PILLAR, "lapsed"),
    ],
)
def test_at_the_deadline_only_consensus_without_objection_is_adopted(rule, final):
    assert decision_tally(rule=rule, seats=SEATS, recused=set(), votes={1: A}).final() == final


INSTITUTIONS = {10: C, 11: C, 20: G, 30: S}


@pytest.mark.parametrize(
    ("rule", "votes", "early", "final"),
    [
        (ProcedureRule.MAJORITY, {10: A, 20: A}, None, "lapsed"),
        (ProcedureRule.MAJORITY, {10: A, 20: A, 30: A}, "adopted", "adopted"),
        (ProcedureRule.MAJORITY, {10: OBJ, 20: OBJ, 30: X}, "rejected", "rejected"),
        (ProcedureRule.ONE_PER_PILLAR, {10: A, 20: A, 30: A}, "adopted", "adopted"),
        (ProcedureRule.ONE_PER_PILLAR, {10: A, 20: OBJ}, "rejected", "rejected"),
        (ProcedureRule.CONSENSUS, {10: A, 11: A, 20: X}, None, "lapsed"),  # one did not vote
        (ProcedureRule.CONSENSUS, {10: A, 11: A, 20: X, 30: A}, "adopted", "adopted"),
        (ProcedureRule.CONSENSUS, {10: OBJ}, "rejected", "rejected"),
        (ProcedureRule.SILENCE, {}, None, "adopted"),  # nobody objected by the deadline
        (ProcedureRule.SILENCE, {10: A, 30: OBJ}, "rejected", "rejected"),  # silence broken
    ],
)
def test_procedure_rules(rule, votes, early, final):
    tally = procedure_tally(rule=rule, institutions=INSTITUTIONS, votes=votes)
    assert (tally.outcome, tally.final()) == (early, final)


def test_procedure_tally_by_pillar_counts_those_not_voted():
    tally = procedure_tally(rule=ProcedureRule.MAJORITY, institutions=INSTITUTIONS, votes={10: A, 20: OBJ})
    rows = {row["pillar"]: row for row in tally.by_pillar()}
    assert rows[C] == {"pillar": C, "agree": 1, "object": 0, "abstain": 0, "pending": 1}
    assert rows[G]["object"] == 1 and rows[S]["pending"] == 1
