"""Follow-up actions: what the minutes assign to an institution, and marking them done."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Membership
from vpwg import permissions
from vpwg.audit import audit_record

from ..attribution import strip_invisible
from ..exceptions import MinutesError, TransitionNotAllowed
from ..models import FollowUpAction, Minutes
from .attribution import attribution_checker


@transaction.atomic
def action_add(
    *, minutes: Minutes, actor, description: str, institution: Membership, due_on: date, agenda_item=None
) -> FollowUpAction:
    """The Secretariat records a follow-up action assigned to an institution of the group.

    Invisible and text-direction control characters are removed from the description (the returned
    action carries how many in `invisible_removed`). Once the minutes have left the draft, the
    description is checked at once and refused if it names a participant: no later check would see it.
    The action belongs to the next version submitted (`version_number` stays NULL until then): members see
    it only once the Coordination Group has approved that version and it is circulated.
    """
    permissions.require(actor, "draft_minutes", minutes)
    if institution.working_group_id != minutes.working_group_id:
        raise MinutesError(_("Assign the action to an institution of this group."))
    if agenda_item is not None and agenda_item.meeting_id != minutes.meeting_id:
        raise MinutesError(_("Choose an agenda item of this meeting."))
    description, removed = strip_invisible(description.strip())
    if not minutes.is_editable:
        _refuse_names(minutes, description)
    action = FollowUpAction(
        minutes=minutes,
        agenda_item=agenda_item,
        description=description,
        institution=institution,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    audit_record(action="minutes.action_added", actor=actor, target=action, working_group=minutes.working_group)
    action.invisible_removed = removed
    return action


@transaction.atomic
def action_update(*, action: FollowUpAction, actor, description: str) -> FollowUpAction:
    """The Secretariat rewords a follow-up action (to take a name out of it) while the minutes are a draft.

    Requires draft_minutes and minutes being edited (Minutes.EDITABLE): circulated minutes are locked.
    Invisible characters are removed as in action_add (`invisible_removed`). Reworded, the action goes with
    the next version (members stop seeing it until that version is circulated).
    """
    action = FollowUpAction.objects.select_for_update().select_related("minutes__working_group").get(pk=action.pk)
    minutes = action.minutes
    permissions.require(actor, "draft_minutes", minutes)
    if not minutes.is_editable:
        raise TransitionNotAllowed(_("These minutes are not a draft any more; their actions cannot be edited."))
    description, removed = strip_invisible(description.strip())
    if not description:
        raise MinutesError(_("Describe the action."))
    if description != action.description:
        # New wording is not what the Coordination Group approved: the action waits for the next version.
        action.description, action.version_number = description, None
        action.full_clean()
        action.save(update_fields=["description", "version_number", "updated_at"])
        audit_record(action="minutes.action_updated", actor=actor, target=action, working_group=minutes.working_group)
    action.invisible_removed = removed
    return action


def _refuse_names(minutes: Minutes, description: str) -> None:
    certain = [hit for hit in attribution_checker(minutes).find(description) if hit.is_certain]
    if certain:
        raise MinutesError(
            _("The description names a participant (“%(name)s”): describe the action without naming anyone.")
            % {"name": certain[0].matched}
        )


@transaction.atomic
def action_mark_done(*, action: FollowUpAction, actor) -> FollowUpAction:
    """The assigned institution's representatives (once the action is circulated) or the Secretariat mark an
    action done (repeat: no-op)."""
    action = (
        FollowUpAction.objects.select_for_update(of=("self",))
        .select_related("minutes__working_group", "minutes__circulated_version")
        .get(pk=action.pk)
    )
    permissions.access_for(actor, action.working_group).require_rule("minutes.mark_action_done", action)
    if action.status == FollowUpAction.Status.DONE:
        return action
    action.status = FollowUpAction.Status.DONE
    action.done_at = timezone.now()
    action.done_by = actor
    action.save(update_fields=["status", "done_at", "done_by", "updated_at"])
    audit_record(action="minutes.action_done", actor=actor, target=action, working_group=action.working_group)
    return action
