"""minutes views, by concern; urls.py refers to them as views.<name>."""

from ._common import minutes_view, tell_invisible_removed  # noqa: F401
from .drafting import minutes_autosave, minutes_edit, minutes_preview  # noqa: F401
from .pages import minutes_detail, minutes_list, minutes_start, minutes_version  # noqa: F401
from .reading import action_add, action_done, action_list, minutes_pdf, minutes_readers  # noqa: F401
from .summaries import public_summaries, summary_approve, summary_edit, summary_return, summary_submit  # noqa: F401
from .transitions import (  # noqa: F401
    minutes_approve,
    minutes_circulate,
    minutes_comment,
    minutes_comment_resolve,
    minutes_correct,
    minutes_return,
    minutes_submit,
)
