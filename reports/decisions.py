"""The Coordination Group's decision to approve the group's annual report (members.decision_hooks:
members decides, annual_report_approve applies it, since members may not import reports)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .exceptions import ReportError
from .models import AnnualReport


def _check(annual: AnnualReport, proposal: str) -> None:
    """Submitted, and no unresolved mention of a participant (approval would refuse it later)."""
    from .services.attribution import require_no_unresolved

    if annual.status != AnnualReport.Status.SUBMITTED:
        raise ReportError(_("Only a report submitted to the Coordination Group can be approved."))
    require_no_unresolved(annual)


def _apply(decision, annual: AnnualReport, actor) -> None:
    from .services.annual import annual_report_approve

    annual_report_approve(annual=annual, actor=actor, adopted=decision)


def register() -> None:
    """Called from ReportsConfig.ready()."""
    from members.decision_hooks import DecisionSubject, register_subject

    register_subject(
        DecisionSubject(
            kind="annual_report",
            model="reports.annualreport",
            capability="review_minutes",
            label=lambda annual: _("Annual report %(year)s") % {"year": annual.year},
            check=_check,
            apply=_apply,
            url=lambda annual: reverse("reports:annual-detail", args=[annual.working_group.slug, annual.year]),
        )
    )
