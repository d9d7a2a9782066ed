"""Decision rules: what the charter sets for each kind of decision, and how votes are counted.

Coordination Group decisions (`decision_tally`), over the current seat holders minus those recused:
- any_one: adopted at the first "agree"; not adopted once everyone has voted without one.
- one_per_pillar: one "agree" from every pillar that has a seat holder able to vote; not adopted once
  every such holder of a pillar has voted otherwise. A pillar whose every seat holder is recused has
  nobody to speak for it: its requirement is waived and the decision says so (`waived_pillars`).
- majority: more than half of those able to vote agree (an abstention counts as not agreeing); not
  adopted once that can no longer happen.
- all: everyone able to vote agrees; not adopted at the first objection or abstention.
- consensus: not adopted at the first objection; adopted once everyone has voted without objecting, or
  at the deadline if nobody objected.
At the deadline an open decision is adopted only under consensus; otherwise it lapses.

Written procedures (`procedure_tally`), one vote per member institution (observers too when the
procedure says so): majority of institutions; one per pillar; consensus (every institution votes and
none objects); silence (adopted at the deadline unless one objects). A procedure closes early only when
its outcome can no longer change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from vpwg import permissions

from ..exceptions import MembersError
from ..models import (
    DEFAULT_DECISION_DAYS,
    DEFAULT_DECISION_RULES,
    CharterChange,
    CharterDecisionRule,
    DecisionKind,
    DecisionRule,
    DecisionStatus,
    MinutesApprovalRule,
    ProcedureRule,
    VoteChoice,
    WorkingGroup,
)
from .charter import charter_change_record

__all__ = [
    "Tally",
    "decision_rule_change",
    "decision_rule_for",
    "decision_rules_for",
    "decision_tally",
    "procedure_tally",
]

ADOPTED, REJECTED, LAPSED = DecisionStatus.ADOPTED, DecisionStatus.REJECTED, DecisionStatus.LAPSED
AGREE, OBJECT = VoteChoice.AGREE, VoteChoice.OBJECT
MINUTES_TO_DECISION = {
    MinutesApprovalRule.ONE_PER_PILLAR: DecisionRule.ONE_PER_PILLAR,
    MinutesApprovalRule.MAJORITY: DecisionRule.MAJORITY,
    MinutesApprovalRule.ALL: DecisionRule.ALL,
}


# --- the charter's rules ----------------------------------------------------------------------


def decision_rule_for(working_group: WorkingGroup, kind: str) -> tuple[str, int]:
    """(rule, days to decide) the charter sets for `kind`: its recorded rule, else the default."""
    row = CharterDecisionRule.objects.filter(working_group=working_group, kind=kind).first()
    if row is not None:
        return row.rule, row.days
    default = DEFAULT_DECISION_RULES[DecisionKind(kind)]
    if default is None:  # "as the minutes"
        default = MINUTES_TO_DECISION.get(working_group.minutes_approval_rule, DecisionRule.ONE_PER_PILLAR)
    return default, DEFAULT_DECISION_DAYS


def decision_rules_for(working_group: WorkingGroup) -> list[dict]:
    """Every kind with its rule, for the charter page."""
    rows = {row.kind: row for row in CharterDecisionRule.objects.filter(working_group=working_group)}
    result = []
    for kind in DecisionKind:
        rule, days = decision_rule_for(working_group, kind) if kind not in rows else (rows[kind].rule, rows[kind].days)
        result.append(
            {"kind": kind, "kind_label": kind.label, "rule": rule, "rule_label": DecisionRule(rule).label, "days": days}
        )
    return result


def _describe(rule: str, days: int) -> str:
    return f"{rule} ({days} d)"


@transaction.atomic
def decision_rule_change(
    *, working_group: WorkingGroup, actor, kind: str, rule: str, days: int, reason: str, decided_on=None
) -> CharterChange | None:
    """Change the rule of one kind of decision: a recorded charter decision, like the charter's other rules
    (requires manage_settings and a reason). Returns the CharterChange, or None when nothing changes.
    Decisions already open keep the rule they opened with."""
    working_group = WorkingGroup.objects.select_for_update().get(pk=working_group.pk)
    permissions.require(actor, "manage_settings", working_group)
    if kind not in DecisionKind.values or rule not in DecisionRule.values:
        raise MembersError(_("Choose a kind of decision and a rule from the lists."))
    if not 1 <= int(days) <= 90:
        raise MembersError(_("Allow between 1 and 90 days."))
    if not reason.strip():
        raise MembersError(_("Record the decision and its reason."))
    old_rule, old_days = decision_rule_for(working_group, kind)
    if (old_rule, old_days) == (rule, int(days)):
        return None
    CharterDecisionRule.objects.update_or_create(
        working_group=working_group, kind=kind, defaults={"rule": rule, "days": int(days)}
    )
    return charter_change_record(
        working_group=working_group,
        actor=actor,
        field=f"decision_rule.{kind}",
        old_value=_describe(old_rule, old_days),
        new_value=_describe(rule, int(days)),
        reason=reason,
        decided_on=decided_on,
    )


# --- counting ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """The count of one decision or procedure now. Voters are user ids (Coordination Group) or
    membership ids (written procedure), each with their pillar."""

    rule: str
    eligible: dict  # voter -> pillar
    votes: dict  # voter -> choice (eligible voters only)
    recused: set = field(default_factory=set)
    waived_pillars: list = field(default_factory=list)
    outcome: str | None = None  # ADOPTED or REJECTED once settled; None while it may still go either way
    procedure: bool = False  # a written procedure (whose "consensus" differs from the Coordination Group's)

    @property
    def agree(self) -> int:
        return sum(1 for choice in self.votes.values() if choice == AGREE)

    @property
    def object(self) -> int:
        return sum(1 for choice in self.votes.values() if choice == OBJECT)

    @property
    def abstain(self) -> int:
        return len(self.votes) - self.agree - self.object

    @property
    def pending(self) -> list:
        return [voter for voter in self.eligible if voter not in self.votes]

    def by_pillar(self) -> list[dict]:
        """Per pillar: agree, object, abstain and not yet voted (for the live tally)."""
        rows = {}
        for voter, pillar in self.eligible.items():
            row = rows.setdefault(pillar, {"pillar": pillar, "agree": 0, "object": 0, "abstain": 0, "pending": 0})
            row[self.votes.get(voter, "pending")] += 1
        return [rows[pillar] for pillar in sorted(rows)]

    def final(self) -> str:
        """The outcome at the deadline: the settled one, else adopted when nobody objected in time under
        silence (a procedure) or consensus (the Coordination Group's), else lapsed."""
        if self.outcome is not None:
            return self.outcome
        if not self.object:
            if self.procedure and self.rule == ProcedureRule.SILENCE:
                return ADOPTED
            if not self.procedure and self.rule == DecisionRule.CONSENSUS and self.eligible:
                return ADOPTED
        return LAPSED


def _pillar_outcome(eligible: dict, votes: dict) -> str | None:
    pillars: dict[str, list] = {}
    for voter, pillar in eligible.items():
        pillars.setdefault(pillar, []).append(voter)
    agreed, failed = True, False
    for voters in pillars.values():
        if any(votes.get(voter) == AGREE for voter in voters):
            continue
        agreed = False
        if all(voter in votes for voter in voters):
            failed = True
    if not pillars:
        return None
    return REJECTED if failed else ADOPTED if agreed else None


def decision_tally(*, rule: str, seats: dict, recused: set, votes: dict) -> Tally:
    """Count a Coordination Group decision. `seats`: {user id: pillar} of the current seat holders;
    `recused`: user ids that may not vote; `votes`: {user id: choice} (others' votes are ignored)."""
    eligible = {user: pillar for user, pillar in seats.items() if user not in recused}
    counted = {user: choice for user, choice in votes.items() if user in eligible}
    tally = Tally(rule=rule, eligible=eligible, votes=counted, recused=set(recused) & set(seats))
    tally.waived_pillars = sorted(set(seats.values()) - set(eligible.values()))
    n, agree, pending = len(eligible), tally.agree, len(tally.pending)
    if not eligible:
        return tally
    if rule == DecisionRule.ANY_ONE:
        tally.outcome = ADOPTED if agree else (REJECTED if not pending else None)
    elif rule == DecisionRule.ONE_PER_PILLAR:
        tally.outcome = _pillar_outcome(eligible, counted)
    elif rule == DecisionRule.MAJORITY:
        tally.outcome = ADOPTED if agree * 2 > n else (REJECTED if (agree + pending) * 2 <= n else None)
    elif rule == DecisionRule.ALL:
        tally.outcome = ADOPTED if agree == n else (REJECTED if tally.object or tally.abstain else None)
    elif rule == DecisionRule.CONSENSUS:
        tally.outcome = REJECTED if tally.object else (ADOPTED if not pending else None)
    return tally


def procedure_tally(*, rule: str, institutions: dict, votes: dict) -> Tally:
    """Count a written procedure. `institutions`: {membership id: pillar} of those that vote; `votes`:
    {membership id: choice}. Votes are final (one per institution), so an outcome found early stands."""
    counted = {member: choice for member, choice in votes.items() if member in institutions}
    tally = Tally(rule=rule, eligible=dict(institutions), votes=counted, procedure=True)
    n, agree, pending = len(institutions), tally.agree, len(tally.pending)
    if not institutions:
        return tally
    if rule == ProcedureRule.MAJORITY:
        tally.outcome = ADOPTED if agree * 2 > n else (REJECTED if (agree + pending) * 2 <= n else None)
    elif rule == ProcedureRule.ONE_PER_PILLAR:
        tally.outcome = _pillar_outcome(institutions, counted)
    elif rule == ProcedureRule.CONSENSUS:
        if tally.object:
            tally.outcome = REJECTED
        elif not pending:
            tally.outcome = ADOPTED if agree else REJECTED
    elif rule == ProcedureRule.SILENCE and tally.object:
        tally.outcome = REJECTED  # silence broken
    return tally
