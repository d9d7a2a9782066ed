"""Review by the Coordination Group: the Secretariat submits a version, members comment, return it
for changes or approve it; the group's approval rule decides when the minutes are approved."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import roles
from members.models import MinutesApprovalRule
from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.celery import enqueue_on_commit
from vpwg.workflow import check_transition

from ..exceptions import MinutesError, TransitionNotAllowed
from ..models import AttributionAcceptance, FollowUpAction, Minutes, MinutesApproval, MinutesComment, MinutesVersion
from ..rendering import change_summary
from ._common import RENDER_TASK, change_status, locked, notify_version, refusal
from .attribution import require_no_unresolved


def approval_progress(working_group, approvals: list) -> dict:
    """Whether `approvals` (objects with .user_id and .pillar) satisfy the group's approval rule.

    one_per_pillar: one approval from a seat holder of every pillar that has a seat now;
    majority: more than half of the current seat holders; all: every current seat holder.
    """
    members = roles.coordination_members(working_group)
    member_ids = {user.pk for user in members}
    approved_ids = {a.user_id for a in approvals if a.user_id in member_ids}
    rule = working_group.minutes_approval_rule
    pillars = set(members.values())
    approved_pillars = {a.pillar for a in approvals if a.user_id in member_ids}
    if rule == MinutesApprovalRule.ALL:
        complete = bool(member_ids) and approved_ids >= member_ids
        missing = [user for user in members if user.pk not in approved_ids]
    elif rule == MinutesApprovalRule.MAJORITY:
        complete = len(approved_ids) * 2 > len(member_ids)
        missing = []
    else:
        complete = bool(pillars) and pillars <= approved_pillars
        missing = sorted(pillars - approved_pillars)
    return {
        "rule": MinutesApprovalRule(rule),
        "approved": len(approved_ids),
        "of": len(member_ids),
        "pillars": sorted(pillars),
        "approved_pillars": sorted(approved_pillars & pillars),
        "missing": missing,
        "complete": complete,
    }


@transaction.atomic
def minutes_submit(*, minutes: Minutes, actor, note: str = "") -> MinutesVersion:
    """The Secretariat submits the draft to the Coordination Group.

    Requires draft_minutes, DRAFT or CHANGES_REQUESTED (a new version leaves that state), and no
    unresolved non-attribution hit. Freezes the draft into a new MinutesVersion (with the follow-up
    actions added since the last submission; a correction of circulated minutes records the circulated
    version it corrects), tells the Coordination Group, and queues the version's PDF after commit.
    """
    minutes = locked(minutes)
    permissions.require(actor, "draft_minutes", minutes)
    check_transition(minutes, Minutes.Status.SUBMITTED, message=refusal(minutes, Minutes.Status.SUBMITTED))
    require_no_unresolved(minutes, AttributionAcceptance.Scope.MINUTES)
    previous = minutes.versions.order_by("-number").first()
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=minutes.latest_version_number + 1,
        sections=minutes.sections,
        list_attendees=minutes.list_attendees,
        change_summary=change_summary(previous.sections, minutes.sections) if previous else "",
        # Only a correction of circulated minutes is a "corrected version" to members; the versions of
        # the first review are not (the members never saw them).
        corrects_number=minutes.circulated_version.number if minutes.circulated_version_id else None,
        created_by=actor,
    )
    minutes.latest_version_number = version.number
    # The actions added since the last submission go with this version: members see them once it circulates.
    FollowUpAction.objects.filter(minutes=minutes, version_number__isnull=True).update(version_number=version.number)
    change_status(minutes, Minutes.Status.SUBMITTED, actor=actor, note=note)
    minutes.save(update_fields=["status", "latest_version_number", "updated_at"])
    notify_version(
        minutes, version, "submitted", actor=actor, recipients=roles.coordination_members(minutes.working_group)
    )
    enqueue_on_commit(RENDER_TASK, version.pk)
    return version


@transaction.atomic
def minutes_comment(*, minutes: Minutes, actor, section_key: str, body: str) -> MinutesComment:
    """A Coordination Group member comments on one section of the version under review.

    Requires review_minutes and SUBMITTED. The comment is shown beside its section to the other
    reviewers and, once changes are requested, to the Secretariat in the editor, until it is resolved.
    """
    minutes = locked(minutes)
    permissions.require(actor, "review_minutes", minutes)
    if minutes.status != Minutes.Status.SUBMITTED:
        raise TransitionNotAllowed(_("Only minutes awaiting the Coordination Group can be commented on."))
    if not body.strip():
        raise MinutesError(_("Write a comment."))
    version = minutes.versions.get(number=minutes.latest_version_number)
    titles = {s["key"]: s["title"] for s in version.sections}
    if section_key not in titles:
        raise MinutesError(_("Choose a section of these minutes."))
    comment = MinutesComment.objects.create(
        version=version, section_key=section_key, section_title=titles[section_key], author=actor, body=body.strip()
    )
    audit_record(
        action="minutes.comment_added",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        version=version.number,
        section=section_key,
    )
    return comment


@transaction.atomic
def minutes_comment_resolve(*, comment: MinutesComment, actor) -> MinutesComment:
    """Mark a reviewer's comment resolved: by the Secretariat (who revises the text) or by the comment's
    author. Records who and when. Repeat: no-op (the first resolution stays)."""
    comment = (
        MinutesComment.objects.select_for_update(of=("self",))
        .select_related("version__minutes__working_group")
        .get(pk=comment.pk)
    )
    minutes = comment.version.minutes
    permissions.access_for(actor, minutes.working_group).require_rule("minutes.resolve_minutes_comment", comment)
    if comment.is_resolved:
        return comment
    comment.resolved_at, comment.resolved_by = timezone.now(), actor
    comment.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(
        action="minutes.comment_resolved",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        version=comment.version.number,
        section=comment.section_key,
    )
    return comment


@transaction.atomic
def minutes_return(*, minutes: Minutes, actor, note: str) -> Minutes:
    """A Coordination Group member requests changes: the minutes become CHANGES_REQUESTED (the Secretariat
    edits them again; the note is shown at the top of the page and the editor, the comments beside their
    sections) until a new version is submitted.

    Requires review_minutes, SUBMITTED and a note. Approvals of the returned version no longer count.
    """
    minutes = locked(minutes)
    permissions.require(actor, "review_minutes", minutes)
    note = note.strip()
    if not note:
        raise MinutesError(_("Say what should change."))
    change_status(
        minutes, Minutes.Status.CHANGES_REQUESTED, actor=actor, note=note, from_status=Minutes.Status.SUBMITTED
    )
    minutes.save(update_fields=["status", "updated_at"])
    version = minutes.versions.get(number=minutes.latest_version_number)
    returned = minutes.history.count()  # a version returned, resubmitted unchanged and returned again mails again
    notify_version(
        minutes,
        version,
        "returned",
        actor=actor,
        recipients=roles.secretariat_staff(minutes.working_group),
        occasion=f"returned{returned}",
        reason=note,
        context={"note": note, "comments": list(version.comments.select_related("author"))},
    )
    return minutes


@transaction.atomic
def minutes_approve(*, minutes: Minutes, actor, note: str = "") -> Minutes:
    """A Coordination Group member approves the version under review.

    Requires review_minutes and SUBMITTED; a person approves a version once. When the approvals meet
    the group's rule (WorkingGroup.minutes_approval_rule), the minutes become APPROVED and the
    Secretariat is told.
    """
    minutes = locked(minutes)
    permissions.require(actor, "review_minutes", minutes)
    check_transition(
        minutes,
        Minutes.Status.APPROVED,
        from_status=Minutes.Status.SUBMITTED,
        message=_("Only minutes awaiting the Coordination Group can be approved; these are “%(status)s”.")
        % {"status": minutes.get_status_display()},
    )
    version = minutes.versions.get(number=minutes.latest_version_number)
    if version.approvals.filter(user=actor).exists():
        raise MinutesError(_("You have already approved this version."))
    pillar = roles.coordination_members(minutes.working_group).get(actor, "")
    MinutesApproval.objects.create(version=version, user=actor, pillar=pillar)
    audit_record(
        action="minutes.approval_given",
        actor=actor,
        target=minutes,
        working_group=minutes.working_group,
        version=version.number,
        pillar=pillar,
    )
    progress = approval_progress(minutes.working_group, list(version.approvals.all()))
    if progress["complete"]:
        change_status(minutes, Minutes.Status.APPROVED, actor=actor, note=note)
        minutes.save(update_fields=["status", "updated_at"])
        notify_version(
            minutes, version, "approved", actor=actor, recipients=roles.secretariat_staff(minutes.working_group)
        )
    return minutes
