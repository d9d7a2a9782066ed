"""Reads for reports, one module per concern:

- `centre`: the report centre's rows (what each says, who may see it) and one report by its address;
- `organisation`: what the platform holds of an organisation's work in each group (members' reports);
- `annual`, `member`, `packs`: the contents of each document kind (for the page and the PDF);
- `progress`: the callback the document builders report to while a PDF renders.

The package exposes each module's selectors, so callers write `selectors.annual_document(...)`.
"""

from .annual import annual_document
from .attribution import annual_report_names
from .centre import (
    annual_report_get,
    audience_of,
    circulated_at_of,
    render_of,
    report_get,
    reports_for,
    title_of,
    upcoming_meetings,
)
from .member import (
    member_document,
    member_report_get,
    member_reports_of,
    member_reports_overview,
    own_memberships,
    prefill_target,
)
from .organisation import institutions_under, organisation_contributions, organisation_memberships
from .packs import pack_document, previous_meeting

__all__ = [
    "annual_document",
    "annual_report_get",
    "annual_report_names",
    "audience_of",
    "circulated_at_of",
    "member_document",
    "member_report_get",
    "member_reports_of",
    "member_reports_overview",
    "organisation_contributions",
    "organisation_memberships",
    "institutions_under",
    "own_memberships",
    "prefill_target",
    "pack_document",
    "previous_meeting",
    "render_of",
    "report_get",
    "reports_for",
    "title_of",
    "upcoming_meetings",
]
