"""Requesting, rendering and downloading report PDFs (every kind goes through one pipeline).

A request while a render is queued or under way returns the pending one and queues nothing; a render
task that runs twice renders once; a failed render keeps the last good copy and records the reason.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vpwg import circulation
from vpwg.audit import audit_record
from vpwg.celery import enqueue_on_commit, task_named
from vpwg.dates import group_time
from vpwg.i18n import language_of
from vpwg.pdf import language_copy_name, other_languages, read_in_language, render_pdf
from vpwg.permissions import access_for

from .. import selectors
from ..exceptions import ReportError
from ..models import Report

RENDER_TASK = "reports.tasks.report_render_task"  # queued by name: the tasks module imports these services

logger = logging.getLogger(__name__)

STALE_RENDER = timedelta(minutes=15)
STALE_QUEUE = timedelta(minutes=2)

SUBJECT_FIELD = {
    Report.Kind.ANNUAL_GROUP: "annual_report",
    Report.Kind.MEMBER_ANNUAL: "member_report",
    Report.Kind.MEETING_PACK: "meeting",
}


@transaction.atomic
def report_request(*, actor, kind: str, subject) -> tuple[Report, bool]:
    """Queue a render of `subject` (an AnnualReport, MemberReport or upcoming Meeting).

    Requires the `reports.render_report` rule on `subject` unless `actor` is None (the system, after a
    transition it already checked). Returns (report, queued). A render already queued or under way is
    returned as it is and nothing new is queued (the row is locked, so two simultaneous requests queue
    one render).
    """
    if actor is not None:
        access_for(actor, subject.working_group).require_rule("reports.render_report", subject)
    if kind == Report.Kind.MEETING_PACK and subject.ends_at < timezone.now():
        raise ReportError(_("Meeting packs are prepared for upcoming meetings only."))
    report, _created = Report.objects.get_or_create(
        **{SUBJECT_FIELD[kind]: subject}, defaults={"kind": kind, "working_group": subject.working_group}
    )
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status in Report.BUSY and report.requested_at is not None:
        return report, False
    report.status = Report.Status.QUEUED
    report.progress = 0
    report.stage = ""
    report.error = ""
    report.requested_by = actor
    report.requested_at = timezone.now()
    report.started_at = report.finished_at = None
    report.save()
    audit_record(
        action="reports.render_requested", actor=actor, target=report, working_group=report.working_group, kind=kind
    )
    enqueue_on_commit(RENDER_TASK, report.pk)
    return report, True


def _progress(report_id: int, percent: int, stage: str) -> None:
    # Written at once (the task runs outside any transaction), so the page's polling sees it.
    Report.objects.filter(pk=report_id, status=Report.Status.RENDERING).update(
        progress=min(percent, 99), stage=str(stage)[:120], updated_at=timezone.now()
    )


def _document(report: Report, progress: Callable[[int, str], None]) -> tuple[str, dict]:
    if report.kind == Report.Kind.ANNUAL_GROUP:
        return "reports/pdf/annual_report.html", selectors.annual_document(report.annual_report, progress)
    if report.kind == Report.Kind.MEMBER_ANNUAL:
        return "reports/pdf/member_report.html", selectors.member_document(report.member_report, progress)
    return "reports/pdf/meeting_pack.html", selectors.pack_document(report.meeting, progress)


def report_render(*, report_id: int) -> Report | None:
    """Render one queued report. Safe to run twice: only the run that moves it from QUEUED to
    RENDERING renders. On failure the previous good file stays and the error is recorded."""
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
        status=Report.Status.RENDERING, progress=1, stage=_("Starting"), started_at=timezone.now()
    )
    if not claimed:
        return None
    report = Report.objects.select_related("working_group", "annual_report", "member_report", "meeting").get(
        pk=report_id
    )
    started = time.perf_counter()
    try:
        group_language = report.working_group.language
        pdf = _render_in(report, group_language, lambda percent, stage: _progress(report.pk, percent, stage))
        # A copy per other interface language, so each reader gets the headings, table of contents and
        # chart labels in their own (issue 16); the texts stay the group's as written.
        _progress(report.pk, 85, _("Copies in the other languages"))
        copies = {language: _render_in(report, language, None) for language in other_languages(group_language)}
        _progress(report.pk, 95, _("Saving"))
        _save_file(report, pdf, copies)
    except Exception as error:  # any failure: keep the last good copy, show the reason
        logger.exception("Rendering report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        audit_record(
            action="reports.render_failed", target=report, working_group=report.working_group, error=str(error)[:500]
        )
        return Report.objects.get(pk=report_id)
    report.refresh_from_db()
    report.render_seconds = round(time.perf_counter() - started, 2)
    report.status = Report.Status.READY
    report.progress = 100
    report.stage = ""
    report.finished_at = timezone.now()
    report.save(update_fields=["render_seconds", "status", "progress", "stage", "finished_at", "updated_at"])
    return report


def _marking(report: Report) -> str:
    if report.kind == Report.Kind.MEMBER_ANNUAL:
        return _("Confidential — shared with %(group)s only") % {"group": report.working_group.name}
    return circulation.CONFIDENTIAL_LINE


def _render_in(report: Report, language: str, progress: Callable | None) -> bytes:
    """The whole document in `language` and on the group's clock: headings, table of contents and chart
    labels are built by the selectors, so they run inside the override too."""
    quiet = progress or (lambda percent, stage: None)
    with translation.override(language), group_time(report.working_group):
        template, context = _document(report, quiet)
        context["marking"] = _marking(report)
        context["generated_on"] = report.working_group.today()
        quiet(75, _("Laying out pages"))
        html = render_to_string(template, context)
    return render_pdf(html)


def _save_file(report: Report, pdf: bytes, copies: dict[str, bytes]) -> None:
    """Store the new copy (and its copies in the other languages beside it) under a new name, then
    point the row at it and drop the old ones: the previous good copy is never lost before the new one
    is safely stored."""
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    old = report.file.name if report.file else ""
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    name = f"{report.working_group.slug}/{report.kind}-{report.pk}-{stamp}.pdf"  # upload_to adds reports/
    report.file.save(name, ContentFile(pdf), save=False)
    storage = report.file.storage
    for language, copy in copies.items():
        storage.save(language_copy_name(report.file.name, language), ContentFile(copy))
    Report.objects.filter(pk=report.pk).update(
        file=report.file.name, pages=pages, rendered_at=timezone.now(), updated_at=timezone.now()
    )
    if old and old != report.file.name:
        for stale in [old, *(language_copy_name(old, language) for language in copies)]:
            try:
                if storage.exists(stale):
                    storage.delete(stale)
            except OSError:
                logger.warning("Could not delete the old copy %s", stale)


def reports_requeue_stale(now=None) -> int:
    """Periodic: queue again what a dead worker or an unreachable broker left behind."""
    now = now or timezone.now()
    Report.objects.filter(status=Report.Status.RENDERING, started_at__lt=now - STALE_RENDER).update(
        status=Report.Status.QUEUED, stage=_("Queued again after an interrupted render")
    )
    count = 0
    for report_id in Report.objects.filter(status=Report.Status.QUEUED, updated_at__lt=now - STALE_QUEUE).values_list(
        "pk", flat=True
    ):
        task_named(RENDER_TASK).delay(report_id)
        count += 1
    return count


def report_download(*, report: Report, user) -> bytes | None:
    """The last good copy marked for `user` (name, institution, date, the Rule) and logged; None if
    there is no copy yet."""
    if not report.file:
        return None
    group_language = report.working_group.language
    pdf = read_in_language(report.file, language_of(user, default=group_language), group_language)
    stamped = circulation.stamped_copy(pdf, user=user, working_group=report.working_group)
    circulation.log_download(document=report, user=user, working_group=report.working_group)
    return stamped
