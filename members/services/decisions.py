"""Coordination Group decisions: opened by a member (who agrees with the proposal), voted on by every
seat holder who is not recused, closed by the rule (members.services.decision_rules) after each vote or
at the deadline by the periodic sweep.

On adoption the subject's one transition service runs (application_decide, membership_suspend, ...,
workplan_approve, annual_report_approve, registered in members.decision_hooks) with the decision as
its authority: it is the only way to reach them, since each refuses a call without the stored, adopted,
not yet applied decision about its subject (Decision.authorises). That service tells the institution
concerned the outcome and the reasons the group gives, never who voted what. A suspension or expulsion
with a future date is scheduled and applied by the sweep on that day. Every vote is kept with its reason
and shown to the Coordination Group and the Secretariat.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.dates import day_text
from vpwg.errors import DomainError
from vpwg.notify import notify, notify_only
from vpwg.outbox import absolute_url
from vpwg.workflow import transition

from .. import roles
from ..decision_hooks import DecisionSubject, subject_for
from ..exceptions import MembersError
from ..models import Decision, DecisionKind, DecisionStatus, DecisionVote, VoteChoice, WorkingGroup
from .decision_rules import Tally, decision_rule_for, decision_tally
from .procedures import procedures_close_due, procedures_remind

__all__ = [
    "decision_open",
    "decision_vote",
    "decision_count",
    "decisions_close_due",
    "decisions_apply_scheduled",
    "decisions_remind",
    "decisions_sweep",
]

DATED_KINDS = (DecisionKind.SUSPENSION, DecisionKind.EXPULSION)


def _subject(kind: str) -> DecisionSubject:
    subject = subject_for(kind)
    if subject is None:
        raise MembersError(_("This kind of decision is not available."))
    return subject


def _subject_of(decision: Decision):
    """The subject row, locked for this transaction (its transition service locks it again)."""
    model = ContentType.objects.get_for_id(decision.subject_type_id).model_class()
    return model.objects.select_for_update().get(pk=decision.subject_id)


def decision_count(decision: Decision, *, subject=None) -> Tally:
    """The tally of `decision` now: current seat holders, those recused, the votes that count."""
    seats = roles.coordination_members(decision.working_group)
    subject = subject if subject is not None else decision.subject
    recused = _subject(decision.kind).recused(subject, list(seats))
    votes = dict(decision.votes.values_list("voter_id", "choice")) if decision.pk else {}
    return decision_tally(
        rule=decision.rule, seats={user.pk: pillar for user, pillar in seats.items()}, recused=recused, votes=votes
    )


def _url(decision: Decision) -> str:
    return absolute_url("members:decision-detail", decision.working_group.slug, decision.pk)


def _voters(decision: Decision, tally: Tally, *, pending_only: bool = False) -> list:
    wanted = set(tally.pending if pending_only else tally.eligible)
    return [user for user in roles.coordination_members(decision.working_group) if user.pk in wanted]


# --- opening ----------------------------------------------------------------------------------


@transaction.atomic
def decision_open(
    *,
    working_group: WorkingGroup,
    kind: str,
    subject,
    actor,
    reason: str,
    proposal: str = "",
    effective_on: date | None = None,
) -> Decision:
    """A Coordination Group member proposes a decision about `subject` with the reasons the group would
    give; their own vote is "agree" unless they are recused. The rule and the deadline come from the
    charter (decision_rule_for). Refused when a decision about `subject` is already open, when the step
    is not possible, when nobody could vote, or when a suspension's or expulsion's date has passed.
    The other voters are e-mailed; a rule already met (a warning: any one member) closes it at once.
    """
    handler = _subject(kind)
    if getattr(subject, "working_group_id", None) != working_group.pk:
        raise MembersError(_("This is not a matter of this group."))
    permissions.access_for(actor, working_group).require(handler.capability)
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    if not reason.strip():
        raise MembersError(_("Give the reasons for this decision: the institution concerned will read them."))
    if handler.proposals and not proposal:
        proposal = handler.proposals[0][0]
    handler.check(subject, proposal)
    today = working_group.today()
    if kind in DATED_KINDS:
        if effective_on is not None and effective_on < today:
            raise MembersError(_("The date it takes effect has passed: choose today or a later day."))
    else:
        effective_on = None
    if Decision.objects.open().about(subject).exists():
        raise MembersError(_("A decision about this is already open: vote on it."))
    rule, days = decision_rule_for(working_group, kind)
    now = timezone.now()
    decision = Decision(
        working_group=working_group,
        kind=kind,
        subject=subject,
        subject_label=str(handler.label(subject))[:250],
        proposal=proposal,
        rule=rule,
        reason=reason.strip(),
        effective_on=effective_on,
        opened_by=actor,
        deadline=now + timedelta(days=days),
    )
    tally = decision_count(decision, subject=subject)
    if not tally.eligible:
        raise MembersError(
            _("No Coordination Group member can vote on this (all are concerned): the plenary decides it.")
        )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as error:  # a concurrent proposal about the same subject won
        raise MembersError(_("A decision about this is already open: vote on it.")) from error
    audit_record(
        action="members.decision.opened",
        actor=actor,
        target=decision,
        working_group=working_group,
        reason=decision.reason,
        kind=kind,
        rule=rule,
        proposal=proposal,
    )
    if actor.pk in tally.eligible:
        DecisionVote.objects.create(
            decision=decision, voter=actor, pillar=tally.eligible[actor.pk], choice=VoteChoice.AGREE, reason=reason
        )
        tally = decision_count(decision, subject=subject)
    notify_only(
        recipients=[user for user in _voters(decision, tally) if user.pk != actor.pk],
        template="members/emails/decision_opened",
        context={"decision": decision, "url": _url(decision), "working_group": working_group},
        dedupe_key=f"decision:{decision.pk}:opened",
        working_group=working_group,
    )
    if tally.outcome is not None:
        _close(decision, tally.outcome, tally=tally, actor=actor, subject=subject)
    return decision


# --- voting -----------------------------------------------------------------------------------


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().select_related("working_group").get(pk=decision.pk)


@transaction.atomic
def decision_vote(*, decision: Decision, actor, choice: str, reason: str) -> DecisionVote:
    """A Coordination Group member votes (agree, object, abstain) with a reason; a second vote replaces
    the first while the decision is open. The decision row is locked, so concurrent votes are counted
    one after the other and exactly one of them closes it when the rule is met or can no longer be.

    Refused with a message, nothing saved: a closed decision, a passed deadline, a recused member, a
    person without a seat. Requires the kind's capability (PermissionDenied).
    """
    decision = _locked(decision)
    group = decision.working_group
    handler = _subject(decision.kind)
    if not decision.is_open:
        raise MembersError(
            _("This decision is closed (%(status)s): no more votes.") % {"status": decision.get_status_display()}
        )
    if decision.is_past_deadline:
        raise MembersError(_("The deadline of this decision has passed: no more votes."))
    permissions.access_for(actor, group).require(handler.capability)
    if choice not in VoteChoice.values:
        raise MembersError(_("Choose agree, object or abstain."))
    if not reason.strip():
        raise MembersError(_("Give a reason for your vote."))
    subject = _subject_of(decision)
    tally = decision_count(decision, subject=subject)
    if actor.pk in tally.recused:
        raise MembersError(_("You are recused: your institution is concerned by this decision, so you do not vote."))
    if actor.pk not in tally.eligible:
        raise MembersError(_("Only a Coordination Group seat holder votes on this decision."))
    vote, created = DecisionVote.objects.update_or_create(
        decision=decision,
        voter=actor,
        defaults={"choice": choice, "reason": reason.strip(), "pillar": tally.eligible[actor.pk]},
    )
    audit_record(
        action="members.decision.voted",
        actor=actor,
        target=decision,
        working_group=group,
        choice=choice,
        replaced=not created,
    )
    tally = decision_count(decision, subject=subject)
    if tally.outcome is not None:
        _close(decision, tally.outcome, tally=tally, actor=actor, subject=subject)
    return vote


# --- closing ----------------------------------------------------------------------------------


def _waiver_note(tally: Tally) -> str:
    if not tally.waived_pillars:
        return ""
    from ..models import Pillar

    names = ", ".join(str(Pillar(pillar).label) for pillar in tally.waived_pillars)
    return _(
        "Every Coordination Group member of %(pillars)s was recused: the rule counted the other pillars' votes."
    ) % {"pillars": names}


def _close(decision: Decision, outcome: str, *, tally: Tally, actor, subject, now: datetime | None = None) -> None:
    """Close an open, locked decision with `outcome` and, when adopted, let it take effect (now, or on
    its date by the sweep). Tells the Coordination Group and the Secretariat the outcome."""
    now = now or timezone.now()
    transition(decision, outcome)
    decision.closed_at = now
    notes = [note for note in (decision.outcome_note, _waiver_note(tally)) if note]
    if outcome == DecisionStatus.ADOPTED:
        today = decision.working_group.today()
        if decision.effective_on and decision.effective_on > today:
            notes.append(
                _("Takes effect on %(date)s (applied that day by the periodic sweep).")
                % {"date": day_text(decision.effective_on)}
            )
        else:
            # Stored first (same transaction): the transition service asks the stored row for its authority.
            decision.save(update_fields=["status", "closed_at", "updated_at"])
            notes.extend(_take_effect(decision, subject, actor=actor, now=now))
    decision.outcome_note = "\n".join(notes)
    decision.save(update_fields=["status", "closed_at", "outcome_note", "applied_at", "effective_on", "updated_at"])
    group = decision.working_group
    notify(
        action=f"members.decision.{decision.status}",
        actor=actor,
        target=decision,
        working_group=group,
        recipients=[*roles.coordination_members(group), *roles.secretariat_staff(group)],
        template="members/emails/decision_closed",
        context={"decision": decision, "url": _url(decision), "working_group": group},
        dedupe_key=f"decision:{decision.pk}:closed",
        kind=decision.kind,
        agree=tally.agree,
        object=tally.object,
        abstain=tally.abstain,
    )


def _take_effect(decision: Decision, subject, *, actor, now: datetime) -> list[str]:
    """Run the subject's transition service in a savepoint. If the subject changed meanwhile (decided or
    expelled elsewhere), the decision lapses with the reason instead of failing the vote that closed it."""
    if decision.effective_on and decision.effective_on < decision.working_group.today():
        decision.effective_on = decision.working_group.today()  # scheduled, and the sweep ran late
    try:
        with transaction.atomic():
            _subject(decision.kind).apply(decision, subject, actor)
    except DomainError as error:
        decision.status = DecisionStatus.LAPSED  # adopted, but it could not take effect
        return [_("Adopted, but it could not take effect: %(error)s") % {"error": error}]
    decision.applied_at = now
    return []


@transaction.atomic
def _close_if_due(decision_id: int, now: datetime) -> str | None:
    decision = Decision.objects.select_for_update().select_related("working_group").get(pk=decision_id)
    if not decision.is_open or decision.deadline > now:
        return None
    subject = _subject_of(decision)
    tally = decision_count(decision, subject=subject)
    _close(decision, tally.final(), tally=tally, actor=None, subject=subject, now=now)
    return decision.status


def decisions_close_due(*, now: datetime | None = None) -> int:
    """Close every open decision past its deadline (consensus without objection: adopted; else lapsed).
    Each in its own transaction; a decision closed meanwhile by a vote is left alone. Returns how many."""
    now = now or timezone.now()
    due = Decision.objects.open().filter(deadline__lte=now).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if _close_if_due(pk, now) is not None)


@transaction.atomic
def _apply_scheduled(decision_id: int, now: datetime) -> bool:
    decision = Decision.objects.select_for_update().select_related("working_group").get(pk=decision_id)
    if not decision.is_scheduled or decision.effective_on > decision.working_group.today():
        return False
    notes = _take_effect(decision, _subject_of(decision), actor=None, now=now)
    decision.outcome_note = "\n".join([decision.outcome_note, *notes]).strip()
    decision.save(update_fields=["status", "applied_at", "effective_on", "outcome_note", "updated_at"])
    return decision.applied_at is not None


def decisions_apply_scheduled(*, now: datetime | None = None) -> int:
    """Apply adopted suspensions and expulsions whose date has come (in each group's time zone)."""
    now = now or timezone.now()
    scheduled = Decision.objects.filter(
        status=DecisionStatus.ADOPTED, applied_at__isnull=True, effective_on__isnull=False
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(scheduled) if _apply_scheduled(pk, now))


def decisions_remind(*, now: datetime | None = None) -> int:
    """Once half the time to the deadline has passed, remind each seat holder who has not voted, once
    (outbox dedupe key `decision:<id>:reminder:<user id>`). Returns the reminders queued now."""
    now = now or timezone.now()
    queued = 0
    for decision in Decision.objects.open().filter(deadline__gt=now).select_related("working_group"):
        if now < decision.created_at + (decision.deadline - decision.created_at) / 2:
            continue
        tally = decision_count(decision)
        queued += notify_only(
            recipients=_voters(decision, tally, pending_only=True),
            template="members/emails/decision_reminder",
            context={"decision": decision, "url": _url(decision), "working_group": decision.working_group},
            dedupe_key=f"decision:{decision.pk}:reminder",
            working_group=decision.working_group,
        )
    return queued


def decisions_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic sweep (beat schedule): close what is due, apply what is scheduled for today, remind
    those who have not voted. Every step is safe to run twice (locks, statuses, outbox dedupe keys)."""
    now = now or timezone.now()
    return {
        "decisions_closed": decisions_close_due(now=now),
        "decisions_applied": decisions_apply_scheduled(now=now),
        "procedures_closed": procedures_close_due(now=now),
        "decision_reminders": decisions_remind(now=now),
        "procedure_reminders": procedures_remind(now=now),
    }
