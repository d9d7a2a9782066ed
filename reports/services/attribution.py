"""The non-attribution check on the group's annual report: the Secretariat's texts (foreword, lessons
learned, challenges) are checked against everyone who took part that year before the report goes to
the Coordination Group and again before it is approved; the Secretariat fixes each hit or accepts it
with a reason, as for minutes (minutes/services/attribution.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from minutes.attribution import Checker, accepted_by
from vpwg.audit import audit_record
from vpwg.permissions import access_for

from .. import selectors
from ..exceptions import ReportError
from ..models import AnnualReport, AnnualReportAcceptance

FIELDS = (  # each text is its own section of the check (section key = field)
    ("foreword", gettext_lazy("Foreword")),
    ("lessons_learned", gettext_lazy("Lessons learned")),
    ("challenges", gettext_lazy("Challenges")),
)


def annual_report_documents(annual: AnnualReport) -> list[tuple]:
    """(section key, title, field, text) of each text the check reads."""
    return [(field, str(title), field, getattr(annual, field) or "") for field, title in FIELDS]


def annual_report_check(annual: AnnualReport) -> list[dict]:
    """Every hit in the report's texts, each with its acceptance or None (four queries)."""
    checker = Checker(selectors.annual_report_names(annual), languages=annual.working_group.language)
    acceptances = list(annual.acceptances.all())
    results = []
    for key, title, field, text in annual_report_documents(annual):
        for hit in checker.find(text, section=key, field=field):
            accepted = accepted_by(hit, acceptances)
            results.append({"hit": hit, "section_title": title, "acceptance": accepted})
    return results


@transaction.atomic
def annual_report_accept(
    *, annual: AnnualReport, actor, term: str, reason: str, field: str = "", occurrence: int | None = None
) -> AnnualReportAcceptance:
    """Record that a mention in the report is acceptable. Requires manage_reports and a reason; without
    `field` it covers every occurrence of `term`. Audited."""
    access_for(actor, annual.working_group).require("manage_reports", annual)
    if not reason.strip():
        raise ReportError(_("Say why this mention is acceptable."))
    acceptance = AnnualReportAcceptance.objects.create(
        annual_report=annual,
        term=term,
        field=field,
        occurrence=occurrence if field else None,
        reason=reason.strip(),
        actor=actor,
    )
    audit_record(
        action="reports.annual.attribution_accepted",
        actor=actor,
        target=annual,
        working_group=annual.working_group,
        reason=reason.strip(),
        term=term,
        field=field,
        occurrence=occurrence,
    )
    return acceptance


def require_no_unresolved(annual: AnnualReport) -> None:
    """Raise ReportError while the check lists a hit in the report that is neither fixed nor accepted."""
    unresolved = sum(1 for result in annual_report_check(annual) if result["acceptance"] is None)
    if unresolved:
        raise ReportError(
            ngettext(
                "The non-attribution check found %(count)s mention of a participant in the report's texts that "
                "is neither fixed nor accepted. The Secretariat fixes or accepts it first.",
                "The non-attribution check found %(count)s mentions of participants in the report's texts that "
                "are neither fixed nor accepted. The Secretariat fixes or accepts each one first.",
                unresolved,
            )
            % {"count": unresolved}
        )
