"""Reads for the import and export pages."""

from __future__ import annotations

from django.http import Http404

from .kinds import registry
from .models import ImportBatch, ImportKind
from .services import import_dependents

PREVIEW_ROWS = 300  # rows shown besides those with errors (all of which are shown)


def batch_for(working_group, batch_id: int) -> ImportBatch:
    batch = ImportBatch.objects.filter(working_group=working_group, pk=batch_id).select_related("created_by").first()
    if batch is None:
        raise Http404
    return batch


def recent_batches(working_group, kinds: list[str], limit: int = 20) -> list[ImportBatch]:
    return list(
        ImportBatch.objects.filter(working_group=working_group, kind__in=kinds)
        .exclude(status=ImportBatch.Status.DISCARDED)
        .select_related("created_by", "imported_by")
        .defer("rows")[:limit]
    )


def kind_guides(working_group, kinds: list[str]) -> list[dict]:
    """Each kind the person may import, with its columns explained (label, required, hint)."""
    labels = dict(ImportKind.choices)
    specs = registry()
    return [{"name": kind, "label": labels[kind], "columns": specs[kind].columns} for kind in kinds]


def batch_page(batch: ImportBatch) -> dict:
    results = batch.results
    failed = [result for result in results if result["outcome"] == "error"]
    others = [result for result in results if result["outcome"] != "error"]
    shown = sorted(failed + others[:PREVIEW_ROWS], key=lambda result: result["row"])
    counts = {outcome: batch.count(outcome) for outcome in ("created", "matched", "skipped", "error")}
    return {
        "batch": batch,
        "rows": shown,
        "hidden": len(results) - len(shown),
        "counts": counts,
        "total": len(results),
        "valid": len(results) - counts["error"],
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED and (not batch.running or batch.is_stuck),
        "can_undo": batch.status == ImportBatch.Status.IMPORTED,
    }


def undo_page(batch: ImportBatch) -> dict:
    can_undo = batch.status == ImportBatch.Status.IMPORTED
    return {
        "batch": batch,
        "can_undo": can_undo,
        "dependents": import_dependents(batch)[:10] if can_undo else [],
        "objects": batch.created_objects.select_related("content_type").order_by("position")[:200],
        "object_count": batch.created_objects.count(),
    }
