"""The group's annual report: draft → submitted → approved → circulated (`AnnualReport.ALLOWED`).

A transition from the wrong state raises TransitionNotAllowed and changes nothing. Every transition
writes one audit record; submitting tells the Coordination Group and circulating tells every current
member's and observer's representative, each in their own language (`vpwg.notify`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import roles
from vpwg import circulation
from vpwg.audit import audit_record
from vpwg.errors import StaleEdit
from vpwg.notify import notify
from vpwg.outbox import absolute_url
from vpwg.permissions import access_for
from vpwg.workflow import transition

from .. import selectors
from ..exceptions import ReportError
from ..models import AnnualReport, Report
from .attribution import require_no_unresolved
from .rendering import report_request


def _locked(annual: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("working_group").get(pk=annual.pk)


def _move(annual: AnnualReport, to_status: str) -> str:
    """Check ALLOWED and set the status (not saved); returns the status it came from."""
    message = _("The annual report is “%(status)s”; that step is not possible now.") % {
        "status": annual.get_status_display()
    }
    return transition(annual, to_status, message=message)


def _url(annual: AnnualReport) -> str:
    return absolute_url("reports:annual-detail", annual.working_group.slug, annual.year)


@transaction.atomic
def annual_report_start(*, working_group, year: int, actor) -> AnnualReport:
    """The annual report of `year` (created as a draft the first time). Requires manage_reports."""
    access_for(actor, working_group).require("manage_reports")
    if not 2000 <= year <= working_group.today().year:
        raise ReportError(_("Choose a year between 2000 and this year."))
    annual, created = AnnualReport.objects.get_or_create(working_group=working_group, year=year)
    if created:
        audit_record(action="reports.annual.started", actor=actor, target=annual, working_group=working_group)
    return annual


@transaction.atomic
def annual_report_save(
    *, annual: AnnualReport, actor, revision: int, foreword: str, lessons_learned: str, challenges: str
) -> AnnualReport:
    """Save the Secretariat's narrative. Refuses a save based on an older revision (nothing lost)."""
    annual = _locked(annual)
    access_for(actor, annual.working_group).require("manage_reports", annual)
    if annual.is_locked:
        raise ReportError(_("The report is with the Coordination Group or approved; it cannot be edited."))
    if revision != annual.revision:
        raise StaleEdit(_("Someone else saved this report since you opened it. Reload and apply your changes."))
    annual.foreword, annual.lessons_learned, annual.challenges = foreword, lessons_learned, challenges
    annual.revision += 1
    annual.full_clean()
    annual.save()
    return annual


@transaction.atomic
def annual_report_submit(*, annual: AnnualReport, actor) -> AnnualReport:
    """The Secretariat sends the report to the Coordination Group (each member is e-mailed) and a
    fresh PDF is rendered. Requires manage_reports, a draft, and no unresolved non-attribution hit."""
    annual = _locked(annual)
    group = annual.working_group
    access_for(actor, group).require("manage_reports", annual)
    previous = _move(annual, AnnualReport.Status.SUBMITTED)
    require_no_unresolved(annual)
    annual.submitted_at = timezone.now()
    annual.return_note = ""
    annual.save(update_fields=["status", "submitted_at", "return_note", "updated_at"])
    report_request(actor=actor, kind=Report.Kind.ANNUAL_GROUP, subject=annual)
    notify(
        action="reports.annual.submitted",
        actor=actor,
        target=annual,
        working_group=group,
        recipients=list(roles.coordination_members(group)),
        template="reports/emails/annual_submitted",
        context={"annual": annual, "url": _url(annual)},
        # One message per submission: a report returned and submitted again is announced again.
        dedupe_key=f"annual:{annual.pk}:submitted:{annual.submitted_at:%Y%m%d%H%M%S}",
        from_status=previous,
    )
    return annual


@transaction.atomic
def annual_report_return(*, annual: AnnualReport, actor, note: str) -> AnnualReport:
    """The Coordination Group sends the report back to the Secretariat with what to change."""
    annual = _locked(annual)
    access_for(actor, annual.working_group).require("review_minutes", annual)
    if not note.strip():
        raise ReportError(_("Say what should change."))
    previous = _move(annual, AnnualReport.Status.DRAFT)
    annual.return_note = note.strip()
    annual.save(update_fields=["status", "return_note", "updated_at"])
    audit_record(
        action="reports.annual.draft",
        actor=actor,
        target=annual,
        working_group=annual.working_group,
        reason=annual.return_note,
        from_status=previous,
    )
    return annual


@transaction.atomic
def annual_report_approve(*, annual: AnnualReport, adopted=None, actor=None) -> AnnualReport:
    """Apply the Coordination Group's adopted decision approving the submitted report (members.services.
    decisions calls it, under the charter's rule; there is no other way); `actor` is whoever closed it.
    Refused while the non-attribution check lists a hit that is neither fixed nor accepted (names may
    have been added since the submission)."""
    annual = _locked(annual)
    if adopted is None or not adopted.authorises(annual, "annual_report"):
        raise ReportError(_("This needs an adopted decision of the Coordination Group about this report."))
    previous = _move(annual, AnnualReport.Status.APPROVED)
    require_no_unresolved(annual)
    annual.approved_at, annual.approved_by = timezone.now(), actor
    annual.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    audit_record(
        action="reports.annual.approved",
        actor=actor,
        target=annual,
        working_group=annual.working_group,
        from_status=previous,
    )
    return annual


@transaction.atomic
def annual_report_circulate(*, annual: AnnualReport, actor) -> AnnualReport:
    """The Secretariat circulates the approved report to current members and observers: the same
    grants, marking and download log as minutes (vpwg/circulation.py), one e-mail per person."""
    annual = _locked(annual)
    group = annual.working_group
    access_for(actor, group).require("manage_reports", annual)
    previous = _move(annual, AnnualReport.Status.CIRCULATED)
    annual.circulated_at = timezone.now()
    annual.save(update_fields=["status", "circulated_at", "updated_at"])
    circulation.circulate(annual)
    report = selectors.render_of(annual_report=annual)
    if report is None or (not report.file and not report.is_busy):
        report_request(actor=actor, kind=Report.Kind.ANNUAL_GROUP, subject=annual)
    notify(
        action="reports.annual.circulated",
        actor=actor,
        target=annual,
        working_group=group,
        recipients=[representative.user for representative in circulation.circulation_recipients(group)],
        template="reports/emails/annual_circulated",
        context={"annual": annual, "url": _url(annual)},
        dedupe_key=f"annual:{annual.pk}:circulated",
        from_status=previous,
    )
    return annual
