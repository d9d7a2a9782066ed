"""Written procedures: the group decides between plenaries. The Secretariat or the Coordination Group
puts a proposal to every member institution; each votes once, through any of its representatives;
observers comment (and vote when the procedure says so). It closes when its outcome can no longer
change or at its deadline (the periodic sweep), and everyone is told the outcome in their language.
Counting is members.services.decision_rules.procedure_tally.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vpwg.audit import audit_record
from vpwg.notify import notify, notify_only
from vpwg.outbox import absolute_url
from vpwg.permissions import access_for
from vpwg.workflow import transition

from .. import roles
from ..decision_hooks import check_text
from ..exceptions import MembersError
from ..models import (
    DecisionStatus,
    Membership,
    ProcedureComment,
    ProcedureRule,
    ProcedureVote,
    Representative,
    TallyVisibility,
    VoteChoice,
    WorkingGroup,
    WrittenProcedure,
)
from .decision_rules import Tally, procedure_tally

__all__ = [
    "ProcedureMentions",
    "procedure_open",
    "procedure_vote",
    "procedure_comment",
    "procedure_count",
    "procedures_close_due",
    "procedures_remind",
]

MIN_HOURS, MAX_DAYS = 24, 90


class ProcedureMentions(MembersError):
    """The text names participants (the non-attribution check): nothing opened until the author confirms."""

    def __init__(self, mentions: list[dict]):
        super().__init__(
            _("The text may let a reader recognise a participant. Reword it, or confirm that these mentions are meant.")
        )
        self.mentions = mentions


def _voting_memberships(procedure: WrittenProcedure):
    statuses = Membership.PARTICIPATING if procedure.observers_vote else (Membership.Status.MEMBER,)
    return Membership.objects.filter(working_group_id=procedure.working_group_id, status__in=statuses)


def procedure_count(procedure: WrittenProcedure) -> Tally:
    """The tally now: the institutions that vote today ({membership id: pillar}) and their votes."""
    institutions = dict(_voting_memberships(procedure).values_list("pk", "pillar"))
    votes = dict(procedure.votes.values_list("membership_id", "choice"))
    return procedure_tally(rule=procedure.rule, institutions=institutions, votes=votes)


def _everyone(working_group: WorkingGroup) -> list:
    """Every current member's and observer's representative, the Coordination Group and the Secretariat."""
    representatives = Representative.objects.active().filter(
        working_group=working_group, membership__status__in=Membership.PARTICIPATING
    )
    users = [rep.user for rep in representatives.select_related("user")]
    return [*users, *roles.coordination_members(working_group), *roles.secretariat_staff(working_group)]


def _url(procedure: WrittenProcedure) -> str:
    return absolute_url("members:procedure-detail", procedure.working_group.slug, procedure.pk)


def _context(procedure: WrittenProcedure) -> dict:
    return {"procedure": procedure, "url": _url(procedure), "working_group": procedure.working_group}


@transaction.atomic
def procedure_open(
    *,
    working_group: WorkingGroup,
    actor,
    title: str,
    text: str,
    deadline: datetime,
    rule: str = ProcedureRule.MAJORITY,
    observers_vote: bool = False,
    tally_visibility: str = TallyVisibility.AFTER_VOTE,
    attachment=None,
    accept_mentions: bool = False,
) -> WrittenProcedure:
    """Put a proposal to the group (the Secretariat or the Coordination Group: members.open_procedure).

    The title and text go through the non-attribution check first: mentions raise ProcedureMentions
    unless `accept_mentions` (they are then recorded in the audit trail). The deadline is at least a day
    and at most 90 days away. Everyone is e-mailed in their language.
    """
    access_for(actor, working_group).require_rule("members.open_procedure", working_group)
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise MembersError(_("Give the proposal a title and a text."))
    now = timezone.now()
    if deadline < now + timedelta(hours=MIN_HOURS):
        raise MembersError(_("Leave the institutions at least a day to vote: choose a later deadline."))
    if deadline > now + timedelta(days=MAX_DAYS):
        raise MembersError(_("Choose a deadline within 90 days."))
    mentions = check_text(working_group, f"{title}\n\n{text}")
    if mentions and not accept_mentions:
        raise ProcedureMentions(mentions)
    procedure = WrittenProcedure(
        working_group=working_group,
        title=title,
        text=text,
        deadline=deadline,
        rule=rule,
        observers_vote=observers_vote,
        tally_visibility=tally_visibility,
        opened_by=actor,
    )
    if attachment:
        procedure.attachment = attachment
    try:
        procedure.full_clean()
    except ValidationError as error:
        raise MembersError(" ".join(error.messages)) from error
    procedure.save()
    notify(
        action="members.procedure.opened",
        actor=actor,
        target=procedure,
        working_group=working_group,
        recipients=_everyone(working_group),
        template="members/emails/procedure_opened",
        context=_context(procedure),
        dedupe_key=f"procedure:{procedure.pk}:opened",
        rule=rule,
        mentions_accepted=[mention.get("matched", "") for mention in mentions],
    )
    return procedure


def _locked(procedure: WrittenProcedure) -> WrittenProcedure:
    return WrittenProcedure.objects.select_for_update().select_related("working_group").get(pk=procedure.pk)


def _refuse_if_closed(procedure: WrittenProcedure) -> None:
    if not procedure.is_open:
        raise MembersError(
            _("This procedure is closed (%(status)s).") % {"status": procedure.get_status_display().lower()}
        )
    if procedure.is_past_deadline:
        raise MembersError(_("The deadline of this procedure has passed: no more votes or comments."))


@transaction.atomic
def procedure_vote(*, procedure: WrittenProcedure, actor, choice: str, reason: str = "") -> ProcedureVote:
    """The vote of the institution `actor` represents: once per institution, final. The procedure row is
    locked; an outcome that can no longer change closes it at once. Refused with a message, nothing
    saved: closed or past its deadline, not a representative, an observer where observers do not vote,
    an institution that has already voted."""
    procedure = _locked(procedure)
    group = procedure.working_group
    _refuse_if_closed(procedure)
    if choice not in VoteChoice.values:
        raise MembersError(_("Choose agree, object or abstain."))
    representation = roles.representation_of(actor, group)
    if representation is None:
        raise MembersError(_("Only a representative of a member institution votes on a written procedure."))
    membership = representation.membership
    if membership.status != Membership.Status.MEMBER and not procedure.observers_vote:
        raise MembersError(_("Observers may comment on this procedure but do not vote."))
    existing = procedure.votes.filter(membership=membership).select_related("cast_by").first()
    if existing is not None:
        raise MembersError(
            _("%(institution)s has already voted (%(choice)s).")
            % {"institution": membership.institution.name, "choice": existing.get_choice_display().lower()}
        )
    try:
        with transaction.atomic():
            vote = ProcedureVote.objects.create(
                procedure=procedure,
                membership=membership,
                pillar=membership.pillar,
                cast_by=actor,
                choice=choice,
                reason=reason.strip(),
            )
    except IntegrityError as error:  # a colleague of the same institution voted at the same moment
        raise MembersError(
            _("%(institution)s has already voted.") % {"institution": membership.institution.name}
        ) from error
    audit_record(action="members.procedure.voted", actor=actor, target=procedure, working_group=group, choice=choice)
    tally = procedure_count(procedure)
    if tally.outcome is not None:
        _close(procedure, tally.outcome, tally=tally, actor=actor)
    return vote


@transaction.atomic
def procedure_comment(*, procedure: WrittenProcedure, actor, text: str) -> ProcedureComment:
    """A remark while the procedure is open: any representative (observers too), the Coordination
    Group or the Secretariat (members.comment_procedure)."""
    procedure = _locked(procedure)
    access_for(actor, procedure.working_group).require_rule("members.comment_procedure", procedure)
    _refuse_if_closed(procedure)
    if not text.strip():
        raise MembersError(_("Write your comment."))
    representation = roles.representation_of(actor, procedure.working_group)
    return ProcedureComment.objects.create(
        procedure=procedure,
        author=actor,
        membership=representation.membership if representation else None,
        text=text.strip(),
    )


def _close(procedure: WrittenProcedure, outcome: str, *, tally: Tally, actor, now: datetime | None = None) -> None:
    now = now or timezone.now()
    transition(procedure, outcome)
    procedure.closed_at = now
    procedure.outcome_note = _(
        "%(agree)d agreed, %(object)d objected, %(abstain)d abstained, %(pending)d did not vote."
    ) % {
        "agree": tally.agree,
        "object": tally.object,
        "abstain": tally.abstain,
        "pending": len(tally.pending),
    }
    procedure.save(update_fields=["status", "closed_at", "outcome_note", "updated_at"])
    group = procedure.working_group
    notify(
        action=f"members.procedure.{procedure.status}",
        actor=actor,
        target=procedure,
        working_group=group,
        recipients=_everyone(group),
        template="members/emails/procedure_closed",
        context=_context(procedure),
        dedupe_key=f"procedure:{procedure.pk}:closed",
        agree=tally.agree,
        object=tally.object,
        abstain=tally.abstain,
    )


@transaction.atomic
def _close_if_due(procedure_id: int, now: datetime) -> bool:
    procedure = WrittenProcedure.objects.select_for_update().select_related("working_group").get(pk=procedure_id)
    if not procedure.is_open or procedure.deadline > now:
        return False
    tally = procedure_count(procedure)
    _close(procedure, tally.final(), tally=tally, actor=None, now=now)
    return True


def procedures_close_due(*, now: datetime | None = None) -> int:
    """Close every open procedure past its deadline (silence unbroken: adopted). Returns how many."""
    now = now or timezone.now()
    due = WrittenProcedure.objects.filter(status=DecisionStatus.OPEN, deadline__lte=now).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if _close_if_due(pk, now))


def procedures_remind(*, now: datetime | None = None) -> int:
    """Once half the time to the deadline has passed, remind the representatives of every institution
    that has not voted, once each (outbox key `procedure:<id>:reminder:<user id>`)."""
    now = now or timezone.now()
    queued = 0
    for procedure in WrittenProcedure.objects.filter(status=DecisionStatus.OPEN, deadline__gt=now).select_related(
        "working_group"
    ):
        if now < procedure.created_at + (procedure.deadline - procedure.created_at) / 2:
            continue
        pending = procedure_count(procedure).pending
        representatives = Representative.objects.active().filter(membership_id__in=pending).select_related("user")
        queued += notify_only(
            recipients=[rep.user for rep in representatives],
            template="members/emails/procedure_reminder",
            context=_context(procedure),
            dedupe_key=f"procedure:{procedure.pk}:reminder",
            working_group=procedure.working_group,
        )
    return queued
