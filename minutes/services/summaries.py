"""The optional public summary (the members' right to disseminate): written by the Secretariat,
checked for attribution like the minutes, approved by the Coordination Group under the same rule."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import roles
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.workflow import check_transition, transition

from ..attribution import strip_invisible
from ..exceptions import MinutesError, TransitionNotAllowed
from ..models import AttributionAcceptance, Minutes, PublicSummary, PublicSummaryApproval
from .attribution import require_no_unresolved
from .review import approval_progress


def _locked_summary(minutes: Minutes) -> PublicSummary | None:
    return PublicSummary.objects.select_for_update().filter(minutes=minutes).first()


def _refusal(summary: PublicSummary, to_status: str) -> str:
    return _("A public summary that is “%(status)s” cannot become “%(to)s”.") % {
        "status": summary.get_status_display(),
        "to": PublicSummary.Status(to_status).label,
    }


def _move(summary: PublicSummary, to_status: str, *, from_status: str) -> None:
    """PublicSummary.ALLOWED decides; the caller saves."""
    transition(summary, to_status, from_status=from_status, message=_refusal(summary, to_status))


@transaction.atomic
def summary_save(*, minutes: Minutes, actor, title: str, text: str) -> PublicSummary:
    """The Secretariat writes the public summary (while it is a draft). Invisible and text-direction
    control characters are removed; the returned summary carries how many in `invisible_removed`."""
    permissions.require(actor, "draft_minutes", minutes)
    summary = _locked_summary(minutes)
    if summary is None:
        summary = PublicSummary(minutes=minutes)
    elif summary.status != PublicSummary.Status.DRAFT:
        raise TransitionNotAllowed(_("The public summary is not a draft any more; it cannot be edited."))
    clean_title, removed_from_title = strip_invisible(title.strip())
    clean_text, removed_from_text = strip_invisible(text.replace("\r\n", "\n").strip())
    summary.title, summary.text = clean_title, clean_text
    summary.full_clean()
    summary.save()
    summary.invisible_removed = removed_from_title + removed_from_text
    return summary


@transaction.atomic
def summary_submit(*, minutes: Minutes, actor) -> PublicSummary:
    """Submit the public summary to the Coordination Group. The non-attribution check applies."""
    permissions.require(actor, "draft_minutes", minutes)
    summary = _locked_summary(minutes)
    if summary is None:
        raise MinutesError(_("Write the public summary first."))
    _move(summary, PublicSummary.Status.SUBMITTED, from_status=PublicSummary.Status.DRAFT)
    minutes.public_summary = summary
    require_no_unresolved(minutes, AttributionAcceptance.Scope.SUMMARY)
    summary.round += 1
    summary.save(update_fields=["status", "round", "updated_at"])
    audit_record(action="minutes.summary_submitted", actor=actor, target=summary, working_group=minutes.working_group)
    return summary


@transaction.atomic
def summary_return(*, minutes: Minutes, actor, note: str) -> PublicSummary:
    """A Coordination Group member sends the public summary back to the Secretariat, saying why."""
    permissions.require(actor, "review_minutes", minutes)
    summary = _locked_summary(minutes)
    if summary is None:
        raise TransitionNotAllowed(_("There is no public summary to review."))
    if not note.strip():
        raise MinutesError(_("Say what should change."))
    _move(summary, PublicSummary.Status.DRAFT, from_status=PublicSummary.Status.SUBMITTED)
    summary.save(update_fields=["status", "updated_at"])
    audit_record(
        action="minutes.summary_returned",
        actor=actor,
        target=summary,
        working_group=minutes.working_group,
        reason=note.strip(),
    )
    return summary


@transaction.atomic
def summary_approve(*, minutes: Minutes, actor) -> PublicSummary:
    """A Coordination Group member approves the public summary; the group's rule decides when it is public."""
    permissions.require(actor, "review_minutes", minutes)
    summary = _locked_summary(minutes)
    only_submitted = _("Only a public summary awaiting the Coordination Group can be approved.")
    if summary is None:
        raise TransitionNotAllowed(only_submitted)
    check_transition(
        summary, PublicSummary.Status.APPROVED, from_status=PublicSummary.Status.SUBMITTED, message=only_submitted
    )
    if summary.approvals.filter(round=summary.round, user=actor).exists():
        raise MinutesError(_("You have already approved this summary."))
    pillar = roles.coordination_members(minutes.working_group).get(actor, "")
    PublicSummaryApproval.objects.create(summary=summary, round=summary.round, user=actor, pillar=pillar)
    progress = approval_progress(minutes.working_group, list(summary.approvals.filter(round=summary.round)))
    if progress["complete"]:
        _move(summary, PublicSummary.Status.APPROVED, from_status=PublicSummary.Status.SUBMITTED)
        summary.approved_at = timezone.now()
        summary.save(update_fields=["status", "approved_at", "updated_at"])
        audit_record(
            action="minutes.summary_approved", actor=actor, target=summary, working_group=minutes.working_group
        )
    return summary
