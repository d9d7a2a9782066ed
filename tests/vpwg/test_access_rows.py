"""Roles and capabilities come from one query per request, or from the cache (issue 18)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from guardian.core import ObjectPermissionChecker

from tests.conftest import build_group_world
from vpwg import access_rows, permissions
from vpwg.permissions import Role

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t18-access"}}


def _fresh(user):
    return type(user).objects.get(pk=user.pk)  # a new request: nothing kept on the object


@pytest.mark.django_db
def test_roles_and_capabilities_are_one_query(world):
    group, user = world["a"].group, _fresh(world["a"].users["secretariat"])
    with CaptureQueriesContext(connection) as queries:
        access = permissions.access_for(user, group)
        assert access.roles and access.can("manage_meetings")
        assert permissions.group_slugs_of(user) == {group.slug}
    assert len(queries) == 1


@pytest.mark.django_db
def test_capabilities_are_what_guardian_grants_the_role_groups(world):
    group = world["a"].group
    for user in filter(None, world["a"].users.values()):
        user = _fresh(user)
        expected = (
            frozenset(ObjectPermissionChecker(user).get_group_perms(group))
            if permissions.roles_of(user, group)
            else frozenset()
        )
        assert permissions.capabilities_of(_fresh(user), group) == expected


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=LOCMEM, VPWG_ACCESS_CACHE_SECONDS=60)
def test_cached_rows_are_dropped_when_roles_change():
    from django.core.cache import cache

    cache.clear()
    world = build_group_world("cached")
    group, user = world.group, world.users["member"]
    assert permissions.roles_of(_fresh(user), group) == {Role.MEMBER}
    with CaptureQueriesContext(connection) as queries:
        assert permissions.roles_of(_fresh(user), group) == {Role.MEMBER}
    assert [q for q in queries.captured_queries if "auth_group" in q["sql"]] == []  # from the cache

    permissions.set_roles(_fresh(user), group, {Role.MEMBER, Role.COORDINATION})
    assert permissions.roles_of(_fresh(user), group) == {Role.MEMBER, Role.COORDINATION}
    assert permissions.can(_fresh(user), "review_minutes", group)
    permissions.set_roles(_fresh(user), group, set())
    assert permissions.roles_of(_fresh(user), group) == frozenset()
    assert not permissions.can(_fresh(user), "view_group", group)


@pytest.mark.django_db
@override_settings(CACHES=LOCMEM, VPWG_ACCESS_CACHE_SECONDS=60)
def test_rows_read_inside_a_transaction_are_not_cached(world):
    from django.core.cache import cache

    cache.clear()
    user = _fresh(world["a"].users["member"])
    access_rows.access_rows(user)  # the test runs inside a transaction that will roll back
    assert cache.get(access_rows._cache_key(user.pk)) is None
