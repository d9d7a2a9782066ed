"""Importing a spreadsheet: upload and preview, confirm, discard.

The preview and the import run the same code: every unit of rows is written through the owning app's
services, acting as the person importing, each unit in a savepoint of its own. The preview then rolls
everything back (its e-mails are outbox rows and on-commit tasks, so they vanish with it); the import
keeps it, unless a row failed and the person did not choose to import the valid rows only. A confirmed
import re-reads the group, so what changed since the preview shows in its results.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import WorkingGroup
from vpwg import deferral, permissions
from vpwg.audit import audit_record
from vpwg.celery import enqueue_on_commit
from vpwg.errors import DomainError
from vpwg.workflow import check_transition, transition

from ..columns import map_headers
from ..exceptions import ExchangeError, ImportFileError
from ..kinds import Kind, RowError, RowResult, registry
from ..models import ImportBatch, ImportedObject
from ..reading import read_table

__all__ = ["import_upload", "import_preview", "import_request", "import_confirm", "import_discard", "kind_for"]

# Files up to this many rows are previewed and imported within the request; larger ones (up to
# reading.MAX_ROWS) by a worker, while their page waits: every row goes through the services, whose
# checks, audit records and e-mails take tens of milliseconds a row.
SYNC_ROWS = 200


PREVIEW_TASK = "exchange.tasks.import_preview_task"  # queued by name: the tasks import the services
CONFIRM_TASK = "exchange.tasks.import_confirm_task"


def kind_for(name: str) -> Kind:
    try:
        return registry()[name]
    except KeyError:
        raise ExchangeError(_("Choose what the file holds."))


def import_upload(*, working_group: WorkingGroup, kind: str, uploaded, actor) -> ImportBatch:
    """Read `uploaded` (CSV or XLSX) as rows of `kind` and preview them; only the batch is saved.

    Requires the kind's capability. Raises ImportFileError when the file cannot be read, has more
    rows than the limit, or lacks a required column; nothing is saved then.
    """
    spec = kind_for(kind)
    permissions.require(actor, spec.capability, working_group)
    table = read_table(uploaded)
    mapping, unknown, missing = map_headers(table.headers, spec.columns)
    if missing:
        raise ImportFileError(
            _("The file has no column %(columns)s. Download the template to see the columns.")
            % {"columns": ", ".join(f"“{column.label}”" for column in missing)}
        )
    if not table.rows:
        raise ImportFileError(_("The file has no rows under its header row."))
    rows = [
        {
            "row": number,
            "values": {column.key: cells[index] if index < len(cells) else "" for index, column in mapping.items()},
        }
        for number, cells in table.rows
    ]
    batch = ImportBatch.objects.create(
        working_group=working_group,
        kind=kind,
        file_name=uploaded.name[:200],
        file_format=table.file_format,
        encoding=table.encoding,
        rows=rows,
        warnings=[_("The column “%(header)s” is not used.") % {"header": header[:60]} for header in unknown],
        created_by=actor,
        running="preview" if len(rows) > SYNC_ROWS else "",
        running_since=timezone.now() if len(rows) > SYNC_ROWS else None,
    )
    if batch.running:
        enqueue_on_commit(PREVIEW_TASK, batch.pk, actor.pk)
        return batch
    return import_preview(batch=batch, actor=actor)


def import_preview(*, batch: ImportBatch, actor) -> ImportBatch:
    """Run the import and roll it back, keeping only each row's outcome on the batch."""
    permissions.require(actor, kind_for(batch.kind).capability, batch.working_group)
    if batch.status == ImportBatch.Status.PREVIEWED:
        with transaction.atomic():
            results, _created = _run(batch, actor=actor)
            transaction.set_rollback(True)
        batch.results = [result.as_dict() for result in results]
    batch.running, batch.running_since = "", None
    batch.save(update_fields=["results", "running", "running_since", "updated_at"])
    return batch


@transaction.atomic
def import_request(*, batch: ImportBatch, actor, only_valid: bool = False) -> ImportBatch:
    """Import a previewed batch now, or queue the import of a large one for a worker (see SYNC_ROWS).

    Refuses a batch already being checked or imported, unless it is stuck (STUCK), then queues it again.
    """
    if len(batch.rows) <= SYNC_ROWS:
        return import_confirm(batch=batch, actor=actor, only_valid=only_valid)
    batch = ImportBatch.objects.select_for_update().select_related("working_group").get(pk=batch.pk)
    permissions.require(actor, kind_for(batch.kind).capability, batch.working_group)
    check_transition(batch, ImportBatch.Status.IMPORTED, message=_not_importable(batch))
    if batch.running and not batch.is_stuck:
        raise ExchangeError(_("This file is already being processed: wait until it is done."))
    batch.running, batch.running_since = "import", timezone.now()
    batch.save(update_fields=["running", "running_since", "updated_at"])
    enqueue_on_commit(CONFIRM_TASK, batch.pk, actor.pk, only_valid)
    return batch


def _not_importable(batch: ImportBatch) -> str:
    return _("This import is “%(status)s”: it cannot be imported.") % {"status": batch.get_status_display()}


@transaction.atomic
def import_confirm(*, batch: ImportBatch, actor, only_valid: bool = False) -> ImportBatch:
    """Import a previewed batch. Nothing is saved when a row fails, unless `only_valid`.

    Requires the kind's capability and a previewed batch (a second confirm is refused). Returns the
    batch, IMPORTED, or still PREVIEWED with the new results when rows failed and nothing was saved.
    Writes the audit record `exchange.import.confirmed` and remembers what was created (for undo).
    """
    batch = ImportBatch.objects.select_for_update().select_related("working_group").get(pk=batch.pk)
    permissions.require(actor, kind_for(batch.kind).capability, batch.working_group)
    check_transition(batch, ImportBatch.Status.IMPORTED, message=_not_importable(batch))
    if batch.running == "preview" and not batch.is_stuck:
        raise ExchangeError(_("This file is still being checked: wait for its preview."))
    with transaction.atomic():
        results, created = _run(batch, actor=actor)
        failed = sum(result.failed for result in results)
        keep = not failed or (only_valid and failed < len(results))
        if not keep:
            transaction.set_rollback(True)
    batch.results = [result.as_dict() for result in results]
    batch.running, batch.running_since = "", None
    if not keep:
        batch.save(update_fields=["results", "running", "running_since", "updated_at"])
        return batch
    transition(batch, ImportBatch.Status.IMPORTED)
    batch.only_valid, batch.imported_at, batch.imported_by = bool(failed), timezone.now(), actor
    batch.save()
    ImportedObject.objects.bulk_create(
        [
            ImportedObject(
                batch=batch,
                position=position,
                content_type_id=_content_type_id(obj),
                object_id=str(obj.pk),
                label=str(obj)[:250],
            )
            for position, obj in enumerate(created)
        ]
    )
    audit_record(
        action="exchange.import.confirmed",
        actor=actor,
        target=batch,
        working_group=batch.working_group,
        kind=batch.kind,
        file=batch.file_name,
        rows=len(results),
        created=batch.count("created"),
        matched=batch.count("matched"),
        skipped=batch.count("skipped"),
        failed=failed,
        objects=len(created),
    )
    return batch


@transaction.atomic
def import_discard(*, batch: ImportBatch, actor) -> ImportBatch:
    """Drop a previewed batch without importing it; the rows read from the file are forgotten."""
    batch = ImportBatch.objects.select_for_update().select_related("working_group").get(pk=batch.pk)
    permissions.require(actor, kind_for(batch.kind).capability, batch.working_group)
    if batch.running == "import" and not batch.is_stuck:
        raise ExchangeError(_("This file is being imported: it can no longer be discarded."))
    transition(batch, ImportBatch.Status.DISCARDED)
    batch.rows, batch.results = [], []  # names and e-mails of people who were never invited
    batch.running, batch.running_since = "", None
    batch.save(update_fields=["status", "rows", "results", "running", "running_since", "updated_at"])
    return batch


def _content_type_id(obj: Model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj, for_concrete_model=True).pk


def _run(batch: ImportBatch, *, actor) -> tuple[list[RowResult], list[Model]]:
    """Parse, check and write every row of `batch`; failures are on the results, never raised.

    Runs inside the caller's transaction. What the services' saves would re-derive row by row (the
    search index) is deferred to the end of the run and done once (vpwg.deferral), still before commit.
    """
    spec, group = kind_for(batch.kind), batch.working_group
    state = spec.start(group)
    rows = [spec.parse(stored["row"], stored["values"]) for stored in batch.rows]
    for row in rows:
        spec.check(row, working_group=group, state=state)
    created: list[Model] = []
    with deferral.deferring():
        for unit in spec.units([row for row in rows if not row.result.failed]):
            notes_before = [len(row.result.notes) for row in unit]
            try:
                with transaction.atomic():
                    created_here = spec.execute(unit, working_group=group, actor=actor, state=state)
            except (DomainError, ValidationError, IntegrityError, DataError) as error:
                message, column = _message(error), getattr(error, "column", None)
                for row, count in zip(unit, notes_before, strict=True):
                    del row.result.notes[count:]  # what the unit said it did was rolled back
                    row.result.fail(message, column)
            else:
                spec.succeeded(unit, created_here, state)
                created.extend(created_here)
        created.extend(spec.created_alongside(created))
    return [row.result for row in rows], created


def _message(error: Exception) -> str:
    if isinstance(error, (DomainError, RowError)):
        return str(error)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("This row could not be saved: it clashes with what the group already has.")
