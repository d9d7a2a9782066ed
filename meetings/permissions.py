"""Who may do what with meetings, registered with the access object (`vpwg.permissions.access_for`).

The Secretariat (manage_meetings) schedules, invites, records attendance and what the plenary agreed
about the next one; the Coordination Group may shape agendas too (edit_agenda); an invited person
answers their own invitation while invitations are out. Meeting documents are read by the meeting's
audience until it is over, then as circulated minutes are (`meeting_document_level`). No rule queries
the database except that reader check (one guardian read).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vpwg.permissions import AccessLevel, GroupAccess, is_circulated_to, register_document_level, register_rule

from .models import Meeting, MeetingDocument, MeetingInvitation, MeetingRequest

DOCUMENT_VIEW_PERMISSION = "meetings.view_meetingdocument"
# People arrive before the start: the Secretariat may tick them off at the door from this long before.
DOOR_OPENS_BEFORE = timedelta(hours=2)


def can_edit_meeting(access: GroupAccess, meeting: Meeting) -> bool:
    """Details change, and the meeting may be cancelled, while it is planned or invitations are out."""
    return access.can("manage_meetings") and meeting.is_open


def can_invite_to_meeting(access: GroupAccess, meeting: Meeting) -> bool:
    return can_edit_meeting(access, meeting) and not meeting.has_started


def can_cancel_meeting(access: GroupAccess, meeting: Meeting) -> bool:
    """Until it starts: a meeting under way or over is held (or was never recorded), not cancelled."""
    return can_edit_meeting(access, meeting) and not meeting.has_started


def can_view_answers(access: GroupAccess, meeting: Meeting) -> bool:
    """Who answered what is the Secretariat's: it prepares the room and records attendance."""
    return access.can("manage_meetings") and meeting.status != Meeting.Status.PLANNED


def can_remind_invitations(access: GroupAccess, meeting: Meeting) -> bool:
    """Remind those who have not answered, while answers are open."""
    return access.can("manage_meetings") and meeting.status == Meeting.Status.INVITED and not meeting.has_started


def can_record_attendance(access: GroupAccess, meeting: Meeting) -> bool:
    return access.can("manage_meetings") and meeting.has_started and meeting.status != Meeting.Status.CANCELLED


def can_mark_at_door(access: GroupAccess, meeting: Meeting) -> bool:
    """The door list opens a while before the start, when people arrive (DOOR_OPENS_BEFORE)."""
    return (
        access.can("manage_meetings")
        and meeting.status != Meeting.Status.CANCELLED
        and meeting.starts_at - DOOR_OPENS_BEFORE <= timezone.now()
    )


def can_record_next_meeting(access: GroupAccess, meeting: Meeting) -> bool:
    """What a held meeting agreed about the next one (topics, guests, venue)."""
    return access.can("manage_meetings") and meeting.status == Meeting.Status.HELD


def can_start_minutes(access: GroupAccess, meeting: Meeting) -> bool:
    """The meeting page's way into its minutes: those who draft minutes (the Secretariat), once the meeting
    is held (its attendance recorded). Whether minutes exist already is the page's to show (start or open)."""
    return access.can("draft_minutes") and meeting.status == Meeting.Status.HELD


def can_edit_agenda(access: GroupAccess, meeting: Meeting) -> bool:
    return access.can("edit_agenda") and meeting.is_open


def can_answer_invitation(access: GroupAccess, invitation: MeetingInvitation | None) -> bool:
    """One's own invitation, while the meeting's invitations are out and until the meeting starts."""
    return (
        invitation is not None
        and invitation.user_id == access.user.pk
        and invitation.meeting.status == Meeting.Status.INVITED
        and not invitation.meeting.has_started
    )


def can_invite_guest(access: GroupAccess, meeting: Meeting) -> bool:
    """The Secretariat sends a guest speaker their personal link while the meeting is ahead."""
    return can_invite_to_meeting(access, meeting)


def can_add_meeting_document(access: GroupAccess, meeting: Meeting) -> bool:
    """Those who shape the agenda attach documents while it may change; the Secretariat also after the
    meeting (the presentations shown), never to a cancelled one."""
    if meeting.status == Meeting.Status.CANCELLED:
        return False
    return (access.can("edit_agenda") and meeting.is_open) or access.can("manage_meetings")


def can_remove_meeting_document(access: GroupAccess, document: MeetingDocument) -> bool:
    return can_add_meeting_document(access, document.meeting)


def documents_circulated(meeting: Meeting) -> bool:
    """A meeting's documents are read as circulated documents once it is over (held, or past its end)."""
    return meeting.status == Meeting.Status.HELD or meeting.ends_at <= timezone.now()


def meeting_document_level(access: GroupAccess, document: MeetingDocument) -> AccessLevel | None:
    """MANAGER (manage_meetings: uploads, removes, reads everything); READER: until the meeting is over,
    the meeting's audience (the representatives of current members and observers for a plenary, the
    Coordination Group for its own meetings, and those preparing the agenda); afterwards the current
    members' and observers' representatives only, as circulated minutes (the view_meetingdocument
    grant to their role groups: who leaves loses access). None: not visible (404). Pass the document
    with its meeting (select_related): the rule reads it."""
    if access.can("manage_meetings"):
        return AccessLevel.MANAGER
    meeting = document.meeting
    if meeting.kind == Meeting.Kind.COORDINATION:
        return AccessLevel.READER if access.can("edit_agenda") else None
    if not documents_circulated(meeting):
        return AccessLevel.READER if access.can("edit_agenda") or access.is_representative else None
    return AccessLevel.READER if is_circulated_to(access.user, document, DOCUMENT_VIEW_PERMISSION) else None


def can_decide_meeting_request(access: GroupAccess, meeting_request: MeetingRequest) -> bool:
    return access.can("manage_meetings") and bool(MeetingRequest.ALLOWED[meeting_request.status])


RULES = {
    "meetings.edit_meeting": can_edit_meeting,
    "meetings.cancel_meeting": can_cancel_meeting,
    "meetings.invite_to_meeting": can_invite_to_meeting,
    "meetings.record_attendance": can_record_attendance,
    "meetings.record_next_meeting": can_record_next_meeting,
    "meetings.start_minutes": can_start_minutes,
    "meetings.edit_agenda": can_edit_agenda,
    "meetings.answer_invitation": can_answer_invitation,
    "meetings.view_answers": can_view_answers,
    "meetings.remind_invitations": can_remind_invitations,
    "meetings.mark_at_door": can_mark_at_door,
    "meetings.decide_meeting_request": can_decide_meeting_request,
    "meetings.invite_guest": can_invite_guest,
    "meetings.add_meeting_document": can_add_meeting_document,
    "meetings.remove_meeting_document": can_remove_meeting_document,
}


def register() -> None:
    """Called from MeetingsConfig.ready()."""
    register_document_level("meetings.meetingdocument", meeting_document_level)
    for name, rule in RULES.items():
        register_rule(name, rule)
