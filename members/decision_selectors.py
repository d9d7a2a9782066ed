"""Reads for the decision pages: a decision as this person may see it, a written procedure with its
tally, and the group's decision register (Coordination Group decisions, written procedures and the
entries other apps register, such as a plenary's agreements for the next one)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vpwg.permissions import GroupAccess

from . import roles
from .decision_hooks import RegisterEntry, register_sources, render_text, subject_for
from .models import Decision, DecisionRule, Membership, Pillar, WorkingGroup, WrittenProcedure
from .services.decisions import decision_count
from .services.procedures import procedure_count


def decision_visible_to(access: GroupAccess, decision_id: int) -> Decision | None:
    """The decision if this person may see it (its outcome at least); None: answer 404."""
    decision = (
        Decision.objects.filter(working_group=access.working_group, pk=decision_id)
        .select_related("opened_by", "subject_type")
        .first()
    )
    if decision is None or not access.allows("members.see_decision", decision):
        return None
    return decision


def decision_page(access: GroupAccess, decision: Decision) -> dict:
    """What the decision page shows. The votes, the tally and who is recused only to those who follow
    decisions (the Coordination Group and the Secretariat); to others the outcome and the reasons."""
    follows = access.allows("members.follow_decision", decision)
    context = {"decision": decision, "follows": follows, "subject_url": ""}
    handler = subject_for(decision.kind)
    subject = decision.subject
    if handler is not None and subject is not None and follows:
        context["subject_url"] = handler.url(subject)
    if not follows:
        return context
    tally = decision_count(decision, subject=subject) if subject is not None else None
    members = roles.coordination_members(decision.working_group)
    names = {user.pk: user.get_full_name() or user.email for user in members}
    votes = list(decision.votes.select_related("voter"))
    context.update(
        tally=tally,
        votes=votes,
        my_vote=next((vote for vote in votes if vote.voter_id == access.user.pk), None),
        recused=[names[pk] for pk in sorted(tally.recused) if pk in names] if tally else [],
        pending=[names[pk] for pk in tally.pending if pk in names] if tally and decision.is_open else [],
        waived=[Pillar(p).label for p in tally.waived_pillars] if tally else [],
        is_recused=bool(tally and access.user.pk in tally.recused),
        is_voter=bool(tally and access.user.pk in tally.eligible),
    )
    return context


def procedures_for(working_group: WorkingGroup) -> list[WrittenProcedure]:
    return list(WrittenProcedure.objects.filter(working_group=working_group).select_related("opened_by"))


def procedure_for(working_group: WorkingGroup, procedure_id: int) -> WrittenProcedure | None:
    return (
        WrittenProcedure.objects.filter(working_group=working_group, pk=procedure_id)
        .select_related("opened_by")
        .first()
    )


def procedure_page(access: GroupAccess, procedure: WrittenProcedure) -> dict:
    """The text (Markdown, sanitised), my institution's vote, the tally by pillar when this person may
    see it, each institution's vote for the Secretariat and the Coordination Group, the comments."""
    representation = roles.representation_of(access.user, procedure.working_group)
    my_membership = representation.membership if representation else None
    votes = list(procedure.votes.select_related("membership__institution", "cast_by"))
    my_vote = next((vote for vote in votes if my_membership and vote.membership_id == my_membership.pk), None)
    tally = procedure_count(procedure)
    sees_tally = access.allows("members.see_procedure_tally", procedure) or (
        my_vote is not None and procedure.tally_visibility == "after_vote"
    )
    may_vote = access.allows("members.vote_procedure", procedure) and my_vote is None
    observer_only = bool(
        my_membership and my_membership.status == Membership.Status.OBSERVER and not procedure.observers_vote
    )
    return {
        "procedure": procedure,
        "text_html": render_text(procedure.text),
        "my_membership": my_membership,
        "my_vote": my_vote,
        "may_vote": may_vote,
        "observer_only": observer_only,
        "sees_tally": sees_tally,
        "tally": tally if sees_tally else None,
        "by_pillar": [{**row, "label": Pillar(row["pillar"]).label} for row in tally.by_pillar()] if sees_tally else [],
        "votes": votes if access.allows("members.see_procedure_votes", procedure) else [],
        "comments": list(procedure.comments.select_related("author", "membership__institution")),
        "may_comment": access.allows("members.comment_procedure", procedure) and not procedure.is_past_deadline,
    }


# --- the register -----------------------------------------------------------------------------


def _local_date(moment, working_group):
    return timezone.localtime(moment, working_group.tzinfo).date()


def _decision_entries(access: GroupAccess) -> list[RegisterEntry]:
    group = access.working_group
    entries = []
    for decision in Decision.objects.filter(working_group=group).select_related("subject_type"):
        if not access.allows("members.see_decision", decision):
            continue
        entries.append(
            RegisterEntry(
                kind=decision.kind,
                kind_label=decision.get_kind_display(),
                title=decision.subject_label,
                outcome=decision.get_status_display(),
                on=_local_date(decision.closed_at or decision.created_at, group),
                rule=DecisionRule(decision.rule).label,
                url=reverse("members:decision-detail", args=[group.slug, decision.pk]),
            )
        )
    return entries


def _procedure_entries(working_group: WorkingGroup) -> list[RegisterEntry]:
    return [
        RegisterEntry(
            kind="procedure",
            kind_label=_("Written procedure"),
            title=procedure.title,
            outcome=procedure.get_status_display(),
            on=_local_date(procedure.closed_at or procedure.created_at, working_group),
            rule=procedure.get_rule_display(),
            url=reverse("members:procedure-detail", args=[working_group.slug, procedure.pk]),
        )
        for procedure in WrittenProcedure.objects.filter(working_group=working_group)
    ]


def decision_register_for(access: GroupAccess, *, kind: str = "", year: int | None = None) -> list[RegisterEntry]:
    """Every decision of the group this person may see, newest first, optionally of one kind and year."""
    group = access.working_group
    entries = [*_decision_entries(access), *_procedure_entries(group)]
    for source in register_sources():
        entries.extend(source(group, access))
    if kind:
        entries = [entry for entry in entries if entry.kind == kind]
    if year:
        entries = [entry for entry in entries if entry.on.year == year]
    return sorted(entries, key=lambda entry: entry.on, reverse=True)


def procedures_decided_in(working_group: WorkingGroup, year: int) -> list[WrittenProcedure]:
    """The written procedures closed in `year` (the annual report lists them)."""
    return [
        procedure
        for procedure in WrittenProcedure.objects.filter(working_group=working_group, closed_at__isnull=False)
        if _local_date(procedure.closed_at, working_group).year == year
    ]
