"""Every change to meetings, agendas, invitations, attendance, topics and requests goes through here.

By workflow: scheduling (schedule, change, cancel, the next meeting's agreement), invitations (the
audience, inviting, answering), attendance (the register), agenda (items, their times, guests' links),
documents (of the meeting and its items: upload, removal, the reader's stamped copy), topics (the backlog),
requests (extraordinary meetings asked for by members), calendar (the private feed). Status changes
go through vpwg.workflow against each model's ALLOWED table; "record, then tell a role" through
vpwg.notify. Who holds a role (the Secretariat, the Coordination Group) is members.roles' answer.
"""

from .agenda import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    agenda_items_add,
    agenda_reorder,
    agenda_timing,
    guest_invite,
)
from .attendance import attendance_mark, attendance_record
from .calendar import calendar_feed_for, calendar_feed_regenerate
from .documents import meeting_document_add, meeting_document_download, meeting_document_remove
from .invitations import (
    invitation_agenda,
    invitation_answer,
    invitation_guests,
    invitation_preview,
    invitation_remind,
    meeting_audience,
    meeting_audience_to_invite,
    meeting_invite,
)
from .requests import meeting_request_create, meeting_request_decide
from .scheduling import meeting_cancel, meeting_record_next, meeting_schedule, meeting_update
from .topics import topic_propose, topic_support_toggle

__all__ = [
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_items_add",
    "agenda_reorder",
    "agenda_timing",
    "attendance_mark",
    "attendance_record",
    "calendar_feed_for",
    "calendar_feed_regenerate",
    "guest_invite",
    "invitation_agenda",
    "invitation_answer",
    "invitation_guests",
    "invitation_preview",
    "invitation_remind",
    "meeting_audience",
    "meeting_audience_to_invite",
    "meeting_cancel",
    "meeting_document_add",
    "meeting_document_download",
    "meeting_document_remove",
    "meeting_invite",
    "meeting_record_next",
    "meeting_request_create",
    "meeting_request_decide",
    "meeting_schedule",
    "meeting_update",
    "topic_propose",
    "topic_support_toggle",
]
