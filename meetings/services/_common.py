"""What the meetings workflows share: the locked meeting, the one status change, model validation,
and the representation a member acts through."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from members import roles
from members.models import Representative
from vpwg.workflow import transition

from ..exceptions import MeetingsError
from ..models import Meeting


def locked_meeting(meeting_id: int) -> Meeting:
    """The meeting re-read and locked for this transaction, with its group."""
    return Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting_id)


def change_status(meeting: Meeting, to_status: str) -> None:
    """Move `meeting` to `to_status` if Meeting.ALLOWED lets it; the caller saves."""
    message = _("A meeting that is %(status)s cannot become %(to)s.") % {
        "status": meeting.get_status_display().lower(),
        "to": Meeting.Status(to_status).label.lower(),
    }
    transition(meeting, to_status, message=message)


def full_clean(obj) -> None:
    """full_clean, with the model's messages turned into one MeetingsError for the form."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise MeetingsError(" ".join(message for messages in error.message_dict.values() for message in messages))


def require_representation(actor, working_group) -> Representative:
    """The institution `actor` represents in `working_group` now; PermissionDenied if none (topics and
    requests are made for an institution, never in a personal capacity)."""
    representative = roles.representation_of(actor, working_group)
    if representative is None:
        raise PermissionDenied
    return representative
