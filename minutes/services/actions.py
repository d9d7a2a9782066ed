"""Follow-up actions: what the minutes assign to an institution, and marking them done."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Membership
from vpwg import permissions
from vpwg.audit import audit_record

from ..exceptions import MinutesError
from ..models import FollowUpAction, Minutes


@transaction.atomic
def action_add(
    *, minutes: Minutes, actor, description: str, institution: Membership, due_on: date, agenda_item=None
) -> FollowUpAction:
    """The Secretariat records a follow-up action assigned to an institution of the group."""
    permissions.require(actor, "draft_minutes", minutes)
    if institution.working_group_id != minutes.working_group_id:
        raise MinutesError(_("Assign the action to an institution of this group."))
    if agenda_item is not None and agenda_item.meeting_id != minutes.meeting_id:
        raise MinutesError(_("Choose an agenda item of this meeting."))
    action = FollowUpAction(
        minutes=minutes,
        agenda_item=agenda_item,
        description=description.strip(),
        institution=institution,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    audit_record(action="minutes.action_added", actor=actor, target=action, working_group=minutes.working_group)
    return action


@transaction.atomic
def action_mark_done(*, action: FollowUpAction, actor) -> FollowUpAction:
    """The assigned institution's representatives or the Secretariat mark an action done (repeat: no-op)."""
    action = FollowUpAction.objects.select_for_update().select_related("minutes__working_group").get(pk=action.pk)
    if not permissions.can_mark_action_done(actor, action):
        raise PermissionDenied
    if action.status == FollowUpAction.Status.DONE:
        return action
    action.status = FollowUpAction.Status.DONE
    action.done_at = timezone.now()
    action.done_by = actor
    action.save(update_fields=["status", "done_at", "done_by", "updated_at"])
    audit_record(action="minutes.action_done", actor=actor, target=action, working_group=action.working_group)
    return action
