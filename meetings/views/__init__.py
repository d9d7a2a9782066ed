"""Views by concern; urls.py refers to them as views.<name>."""

from .agenda import (  # noqa: F401
    agenda_item_add,
    agenda_item_edit,
    agenda_item_move,
    agenda_item_remove,
    agenda_items_add,
    agenda_reorder,
    guest_agenda,
    guest_invite,
)
from .attendance import (  # noqa: F401
    attendance_door,
    attendance_door_mark,
    attendance_overview,
    attendance_record,
    compliance,
)
from .calendar import calendar_feed, calendar_settings, person_calendar_feed, person_calendar_settings  # noqa: F401
from .documents import document_add, document_download, document_remove  # noqa: F401
from .invitations import (  # noqa: F401
    meeting_answer,
    meeting_answers,
    meeting_ics_download,
    meeting_invite,
    meeting_remind,
)
from .pages import meeting_cancel, meeting_create, meeting_detail, meeting_edit, meeting_list, meeting_next  # noqa: F401
from .topics import request_create, request_decide, topic_create, topic_list, topic_support  # noqa: F401
