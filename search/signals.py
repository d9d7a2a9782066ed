"""Receivers that keep the index in step with every model a source reads (see search/index.py: why
signals, why it stays in the same transaction, and how a bulk change defers them to its end).
Connected once, in SearchConfig.ready()."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import index

_UID = "search-index"


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # loading fixtures: rows are rebuilt by search_reindex
        return
    if sender is get_user_model() and update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in changes nothing that is indexed
    index.reindex(instance)


def _deleted(sender, instance, **kwargs):
    index.remove(instance)


def _m2m_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    changes = index.Changes()
    for source in index.registered_sources():
        if sender not in source.m2m:
            continue
        if not reverse:
            changes.rows.setdefault(source.label, set()).add(instance.pk)
        elif pk_set:  # the other side changed: the objects of `source` it was added to or removed from
            changes.rows.setdefault(source.label, set()).update(pk_set)
    if changes.rows:
        index.submit(changes)


def connect() -> None:
    models = set()
    throughs = set()
    for source in index.registered_sources():
        models.add(source.model)
        models.update(source.follows)
        throughs.update(source.m2m)
    for model in models:
        post_save.connect(_saved, sender=model, dispatch_uid=f"{_UID}:save:{model._meta.label_lower}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{_UID}:delete:{model._meta.label_lower}")
    for through in throughs:
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{_UID}:m2m:{through._meta.label_lower}")
