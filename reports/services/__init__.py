"""Every change to reports goes through here, one module per workflow:

- `rendering`: requesting, rendering and downloading PDFs of every kind (meeting packs included);
- `annual`: the group's annual report (draft → submitted → approved → circulated);
- `attribution`: the non-attribution check of the annual report's texts and the accepted mentions;
- `member`: members' annual reports (pre-filled for a parent organisation, approved by the Secretariat)
  and their yearly reminders.

The package exposes each module's services, so callers write `services.annual_report_submit(...)`.
"""

from ..exceptions import ReportError
from .annual import (
    annual_report_approve,
    annual_report_circulate,
    annual_report_return,
    annual_report_save,
    annual_report_start,
    annual_report_submit,
)
from .attribution import annual_report_accept, annual_report_check, annual_report_documents
from .member import (
    MEMBER_REPORT_REMIND_DAYS,
    member_report_approve,
    member_report_due_on,
    member_report_prefill,
    member_report_save,
    member_report_start,
    member_report_submit,
    member_reports_sweep,
    sections_for,
)
from .rendering import report_download, report_render, report_request, reports_requeue_stale

__all__ = [
    "MEMBER_REPORT_REMIND_DAYS",
    "ReportError",
    "annual_report_accept",
    "annual_report_approve",
    "annual_report_check",
    "annual_report_circulate",
    "annual_report_documents",
    "annual_report_return",
    "annual_report_save",
    "annual_report_start",
    "annual_report_submit",
    "member_report_approve",
    "member_report_due_on",
    "member_report_prefill",
    "member_report_save",
    "member_report_start",
    "member_report_submit",
    "member_reports_sweep",
    "report_download",
    "report_render",
    "report_request",
    "reports_requeue_stale",
    "sections_for",
]
