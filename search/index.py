"""Keeping the search index current, and rebuilding it.

Which way: in the same transaction as the change. search/signals.py connects receivers of Django's
post_save, post_delete and m2m_changed for every model a source reads (search/sources/); each one
calls `reindex(obj)` (or `remove(obj)`), which replaces that object's entries before the service's
transaction commits, so a rolled-back change leaves no trace in the index and a committed one is
findable at once. Why signals rather than explicit calls from the services: search sits above every
app in the import layers, so the apps cannot call it; STYLE.md keeps receivers for decoupled extras,
and the index is one — derived data that `manage.py search_reindex` rebuilds from the tables (after
bulk loads that send no signals, such as generate_scale_data, or a queryset update in a service).

Bulk changes (an import) open `vpwg.deferral.deferring()`: the receivers then only note what changed,
and at the end of the block every touched object's rows, and those of the objects that show it, are
rebuilt once, in a few queries per source, still in the change's transaction (`submit`).

The full-text columns follow by themselves: database triggers (migrations 0002, 0003) fill the
PostgreSQL tsvector and the SQLite FTS5 table from each row written here.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import translation

from vpwg import deferral

from .models import TEXT_SEARCH_CONFIG, SearchEntry
from .sources import Source, all_sources

BATCH = 500


def fold(text: str) -> str:
    """Lower case without accents: "Ministerio de Energía" -> "ministerio de energia"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@functools.cache
def registered_sources() -> list[Source]:
    return all_sources()


def sources_of(model: type[models.Model]) -> list[Source]:
    return [source for source in registered_sources() if source.model is model]


def followers_of(model: type[models.Model]) -> list[tuple[Source, str]]:
    return [(source, source.follows[model]) for source in registered_sources() if model in source.follows]


def entries_for(source: Source, obj: models.Model) -> list[SearchEntry]:
    """The rows of `obj`, built in its group's language (labels such as a pillar's name)."""
    group = source.group_of(obj)
    with translation.override(group.language):
        entries = source.build(obj)
    config = TEXT_SEARCH_CONFIG.get(group.language, "simple")
    return [
        SearchEntry(
            working_group=group,
            kind=entry.kind,
            source=source.label,
            object_id=obj.pk,
            audience=entry.audience,
            title=entry.title[:300],
            body=entry.body,
            year=entry.year,
            url=entry.url,
            title_folded=fold(entry.title)[:300],
            config=config,
        )
        for entry in entries
    ]


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def refresh(source: Source, object_ids: Iterable[int]) -> None:
    """Replace the rows of these objects of `source` with what they hold now (none if they are gone)."""
    for chunk in _chunks(set(object_ids)):
        fresh = source.queryset().filter(pk__in=chunk)
        rows = [row for obj in fresh for row in entries_for(source, obj)]
        with transaction.atomic():
            SearchEntry.objects.filter(source=source.label, object_id__in=chunk).delete()
            SearchEntry.objects.bulk_create(rows, batch_size=BATCH)


def _followers(source: Source, lookup: str, ids: Iterable[int]) -> set[int]:
    """The objects of `source` whose rows show one of these objects (`lookup` leads from them to it)."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        objects = source.model._base_manager.filter(**{f"{lookup}__in": chunk})
        found.update(objects.values_list("pk", flat=True).distinct())
    return found


@dataclass
class Changes:
    """What changed: objects saved or deleted (by model), and objects of a source whose rows to rebuild."""

    objects: dict[type[models.Model], set[int]] = field(default_factory=dict)
    rows: dict[str, set[int]] = field(default_factory=dict)  # source label -> ids

    def merge(self, other: Changes) -> None:
        for model, ids in other.objects.items():
            self.objects.setdefault(model, set()).update(ids)
        for label, ids in other.rows.items():
            self.rows.setdefault(label, set()).update(ids)


def apply(changes: Changes) -> None:
    """Rebuild, once each, the rows of every object `changes` touches: its own and its followers'."""
    rows = {label: set(ids) for label, ids in changes.rows.items()}
    for model, ids in changes.objects.items():
        for source in sources_of(model):
            rows.setdefault(source.label, set()).update(ids)
        for source, lookup in followers_of(model):
            rows.setdefault(source.label, set()).update(_followers(source, lookup, ids))
    for source in registered_sources():
        if rows.get(source.label):
            refresh(source, rows[source.label])


def _apply_all(noted: list[Changes]) -> None:
    merged = Changes()
    for changes in noted:
        merged.merge(changes)
    apply(merged)


def submit(changes: Changes) -> None:
    """Apply `changes` now, or at the end of the open `vpwg.deferral.deferring()` block (an import)."""
    if not deferral.defer(_apply_all, changes):
        apply(changes)


def reindex(obj: models.Model) -> None:
    """`obj` changed: rebuild its own rows and those of every object whose rows show it."""
    submit(Changes(objects={obj._meta.concrete_model: {obj.pk}}))


def remove(obj: models.Model) -> None:
    """`obj` was deleted: drop its rows and rebuild those of the objects that showed it.

    Those are found now, while the relations that lead to them may still be there (the other
    representatives of a representative's membership)."""
    model = obj._meta.concrete_model
    changes = Changes(rows={source.label: {obj.pk} for source in sources_of(model)})
    for source, lookup in followers_of(model):
        followers = _followers(source, lookup, [obj.pk])
        if followers:
            changes.rows.setdefault(source.label, set()).update(followers)
    submit(changes)


@transaction.atomic
def rebuild(working_group=None, log=None) -> int:
    """Build the whole index again (or one group's part of it) from the tables; returns the rows written."""
    rows = SearchEntry.objects.all()
    if working_group is not None:
        rows = rows.filter(working_group=working_group)
    rows.delete()
    total = 0
    for source in registered_sources():
        objects = source.queryset()
        if working_group is not None:
            objects = objects.filter(**{source.group_path: working_group})
        batch: list[SearchEntry] = []
        for obj in objects.order_by("pk").iterator(chunk_size=BATCH):
            batch.extend(entries_for(source, obj))
            if len(batch) >= BATCH:
                SearchEntry.objects.bulk_create(batch)
                total, batch = total + len(batch), []
        SearchEntry.objects.bulk_create(batch)
        total += len(batch)
        if log:
            log(f"  {source.label:<36} done ({total:,} entries so far)")
    return total
