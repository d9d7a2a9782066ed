"""Take a Coordination Group decision the only way there is: a seat holder opens it, every other seat
holder able to vote agrees until the rule is met (members.services.decisions). For tests that need an
application decided, a membership suspended or a report approved as a step on the way."""

from members import roles, services
from members.decision_hooks import subject_for
from members.models import Decision, DecisionStatus


def adopt(working_group, kind: str, subject, *, proposal: str = "", reason: str = "Agreed", effective_on=None, by=None):
    """The adopted Decision about `subject` (its transition has run, or is scheduled for `effective_on`).
    `by`: the seat holder who opens it (default: the first one able to vote)."""
    seats = list(roles.coordination_members(working_group))
    opener = by
    if opener is None:
        recused = subject_for(kind).recused(subject, seats)
        opener = next(user for user in seats if user.pk not in recused)
    decision = services.decision_open(
        working_group=working_group,
        kind=kind,
        subject=subject,
        actor=opener,
        reason=reason,
        proposal=proposal,
        effective_on=effective_on,
    )
    for user in seats:
        decision.refresh_from_db()
        if not decision.is_open:
            break
        tally = services.decision_count(decision)
        if user.pk in tally.pending:
            services.decision_vote(decision=decision, actor=user, choice="agree", reason=reason)
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.status == DecisionStatus.ADOPTED, (decision.status, decision.outcome_note)
    return decision
