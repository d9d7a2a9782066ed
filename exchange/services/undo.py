"""Undoing an import as a whole, while nothing depends on what it created.

The apps have no delete services: in the life of a group nothing is deleted, history is kept. An import
by mistake is the one exception, and only while its rows stand alone: undo deletes exactly the rows the
import created (newest first), after checking that nothing else refers to any of them (an invitation
accepted, an attendance register, an activity's attachment, a later decision, minutes...) and that none
was changed since. Otherwise it refuses and says what depends on them. The audit trail keeps both the
import and its undoing.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vpwg import permissions
from vpwg.audit import audit_record
from vpwg.workflow import check_transition, transition

from ..exceptions import ExchangeError
from ..models import ImportBatch
from .imports import kind_for

__all__ = ["import_undo", "import_dependents"]

SHOWN = 5  # dependents named in the refusal


def _objects(batch: ImportBatch) -> list[models.Model]:
    """What the batch created, in creation order (rows deleted since are skipped)."""
    entries = list(batch.created_objects.select_related("content_type"))
    by_type = defaultdict(list)
    for entry in entries:
        by_type[entry.content_type_id].append(entry.object_id)
    loaded = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for obj in model._base_manager.filter(pk__in=ids):
            loaded[(content_type_id, str(obj.pk))] = obj
    return [loaded[key] for entry in entries if (key := (entry.content_type_id, entry.object_id)) in loaded]


def _describe(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name}: {obj}"[:160]


def _generic_references() -> list[tuple[type[models.Model], str, str]]:
    return [
        (model, field.ct_field, field.fk_field)
        for model in apps.get_models()
        for field in model._meta.private_fields
        if isinstance(field, GenericForeignKey)
    ]


def import_dependents(batch: ImportBatch, objects: list[models.Model] | None = None) -> list[str]:
    """What stands in the way of undoing `batch`: rows outside it that refer to its rows, and its rows
    changed since the import. Empty when it can be undone."""
    objects = _objects(batch) if objects is None else objects
    ours = {(obj._meta.concrete_model, obj.pk) for obj in objects}
    by_model = defaultdict(list)
    for obj in objects:
        by_model[obj._meta.concrete_model].append(obj.pk)
    found: list[str] = []
    for model, pks in by_model.items():
        for relation in model._meta.related_objects:  # every foreign key and many-to-many pointing here
            related = relation.related_model
            rows = related._base_manager.filter(**{f"{relation.field.name}__in": pks}).distinct()
            outside = [pk for pk in rows.values_list("pk", flat=True) if (related._meta.concrete_model, pk) not in ours]
            found.extend(_describe(other) for other in related._base_manager.filter(pk__in=outside[:SHOWN]))
        content_type = ContentType.objects.get_for_model(model)
        for other_model, ct_field, fk_field in _generic_references():
            ids = (
                [str(pk) for pk in pks]
                if other_model._meta.get_field(fk_field).get_internal_type()
                in (
                    "CharField",
                    "TextField",
                )
                else pks
            )
            rows = other_model._base_manager.filter(**{ct_field: content_type, f"{fk_field}__in": ids})
            found.extend(_describe(other) for other in rows[:SHOWN])
    changed = [obj for obj in objects if batch.imported_at and getattr(obj, "updated_at", None)]
    found.extend(
        _("%(object)s (changed since the import)") % {"object": _describe(obj)}
        for obj in changed
        if obj.updated_at > batch.imported_at
    )
    return found


@transaction.atomic
def import_undo(*, batch: ImportBatch, actor) -> ImportBatch:
    """Delete what an import created, newest first. Requires the kind's capability and an imported batch;
    refuses (ExchangeError naming what depends on them) unless nothing depends on its rows. Audited as
    `exchange.import.undone`."""
    batch = ImportBatch.objects.select_for_update().select_related("working_group").get(pk=batch.pk)
    permissions.require(actor, kind_for(batch.kind).capability, batch.working_group)
    check_transition(
        batch,
        ImportBatch.Status.UNDONE,
        message=_("This import is “%(status)s”: there is nothing to undo.") % {"status": batch.get_status_display()},
    )
    objects = _objects(batch)
    dependents = import_dependents(batch, objects)
    if dependents:
        raise ExchangeError(
            _(
                "This import cannot be undone: what it created is now used or changed elsewhere, "
                "for example: %(examples)s."
            )
            % {"examples": "; ".join(dependents[:SHOWN])}
        )
    for obj in reversed(objects):
        type(obj)._base_manager.filter(pk=obj.pk).delete()
    transition(batch, ImportBatch.Status.UNDONE)
    batch.undone_at, batch.undone_by = timezone.now(), actor
    batch.save(update_fields=["status", "undone_at", "undone_by", "updated_at"])
    audit_record(
        action="exchange.import.undone",
        actor=actor,
        target=batch,
        working_group=batch.working_group,
        kind=batch.kind,
        file=batch.file_name,
        deleted=len(objects),
    )
    return batch
