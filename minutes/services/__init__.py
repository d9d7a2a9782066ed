"""Every change to minutes goes through here: one function per transition (STYLE.md).

Each transition locks the row, checks the actor's permission (vpwg/permissions.py), checks
Minutes.ALLOWED (vpwg.workflow), records a MinutesStatusChange and an audit record, and queues
notifications (vpwg.notify) and the PDF only after commit. Repeat requests: a second
submit/return/circulate/correction finds the minutes in another state and is refused with
TransitionNotAllowed; a second approval by the same person is refused with MinutesError; marking a
done action done again is a no-op.

By workflow: drafting (start, edit, correction), attribution (the non-attribution check), review
(submit, comment, return, approve), circulation (circulate, PDF, reading and the access log), actions
(follow-up actions), summaries (the public summary).
"""

from .actions import action_add, action_mark_done, action_update
from .attribution import (
    ACTION_FIELD,
    attribution_accept,
    attribution_check,
    attribution_check_texts,
    attribution_checker,
    attribution_documents,
)
from .circulation import minutes_circulate, minutes_download, minutes_log_view, minutes_render_pdf
from .drafting import CLOSING_SECTIONS, minutes_save_draft, minutes_start, minutes_start_correction
from .review import (
    approval_progress,
    minutes_approve,
    minutes_comment,
    minutes_comment_resolve,
    minutes_return,
    minutes_submit,
)
from .suggestions import attribution_apply_suggestion
from .summaries import summary_approve, summary_return, summary_save, summary_submit

__all__ = [
    "ACTION_FIELD",
    "CLOSING_SECTIONS",
    "action_add",
    "action_mark_done",
    "action_update",
    "approval_progress",
    "attribution_accept",
    "attribution_apply_suggestion",
    "attribution_check",
    "attribution_check_texts",
    "attribution_checker",
    "attribution_documents",
    "minutes_approve",
    "minutes_circulate",
    "minutes_comment",
    "minutes_comment_resolve",
    "minutes_download",
    "minutes_log_view",
    "minutes_render_pdf",
    "minutes_return",
    "minutes_save_draft",
    "minutes_start",
    "minutes_start_correction",
    "minutes_submit",
    "summary_approve",
    "summary_return",
    "summary_save",
    "summary_submit",
]
