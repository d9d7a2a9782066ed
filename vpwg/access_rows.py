"""What the access object starts from, read once per request: the names of a person's Django groups
and the capability grants of those groups on working-group rows. One query, or none when the
cache holds them.

vpwg/permissions.py turns the names into roles (`<slug>:<role>`) and the grants into capabilities.
The copy in the cache (`VPWG_ACCESS_CACHE_SECONDS`, on only when the cache is Redis) is dropped by
`forget(user)`, which `permissions.set_roles` calls, the one function that changes anyone's roles;
the key names the capability table's digest, so a changed table (a deploy) reads fresh rows. A grant
edited by hand on a role group (the Django admin) shows within VPWG_ACCESS_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache as shared_cache
from django.db import transaction
from django.db.models import FilteredRelation, Q

from .tenant import tenant_model

ATTRIBUTE = "_vpwg_rows"


@dataclass(frozen=True)
class AccessRows:
    group_names: tuple[str, ...] = ()
    grants: dict[str, frozenset[str]] = field(default_factory=dict)  # working group pk (str) -> codenames

    def capabilities_on(self, working_group) -> frozenset[str]:
        return self.grants.get(str(working_group.pk), frozenset())


_TABLE_DIGEST = ["none"]


def use_capability_table(capabilities: dict) -> None:
    """vpwg.permissions names the table its grants are synced from; cached rows are kept under its digest."""
    text = repr(sorted((code, sorted(roles)) for code, (_d, roles) in capabilities.items()))
    _TABLE_DIGEST[0] = hashlib.sha256(text.encode()).hexdigest()[:12]


def _cache_key(user_pk) -> str:
    return f"access:{_TABLE_DIGEST[0]}:{user_pk}"


def _read(user) -> AccessRows:
    """One query: each group of the user, with its grants on working-group rows (LEFT JOIN: a group
    without any grant still counts, per-object grants on other models are not read)."""
    content_type = ContentType.objects.get_for_model(tenant_model())
    rows = (
        Group.objects.filter(user=user)
        .annotate(
            grant=FilteredRelation(
                "groupobjectpermission", condition=Q(groupobjectpermission__content_type=content_type)
            )
        )
        .values_list("name", "grant__object_pk", "grant__permission__codename")
    )
    names, grants = [], {}
    for name, object_pk, codename in rows:
        if name not in names:
            names.append(name)
        if codename is not None:
            grants.setdefault(object_pk, set()).add(codename)
    return AccessRows(tuple(sorted(names)), {pk: frozenset(codes) for pk, codes in grants.items()})


def access_rows(user) -> AccessRows:
    """The rows of `user`, from this request, the cache, or the database (in that order)."""
    rows = user.__dict__.get(ATTRIBUTE)
    if rows is not None:
        return rows
    seconds = getattr(settings, "VPWG_ACCESS_CACHE_SECONDS", 0)
    rows = shared_cache.get(_cache_key(user.pk)) if seconds else None
    if rows is None:
        rows = _read(user)
        if seconds and not transaction.get_connection().in_atomic_block:  # never cache what may roll back
            shared_cache.set(_cache_key(user.pk), rows, seconds)
    user.__dict__[ATTRIBUTE] = rows
    return rows


def forget(user) -> None:
    """Drop the rows of `user` here and in the cache, now and again once the transaction commits (a
    request reading them in between would otherwise cache the old ones)."""
    user.__dict__.pop(ATTRIBUTE, None)
    if getattr(settings, "VPWG_ACCESS_CACHE_SECONDS", 0):
        key = _cache_key(user.pk)
        shared_cache.delete(key)
        transaction.on_commit(lambda: shared_cache.delete(key))
