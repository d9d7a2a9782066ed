"""Every URL × every role × two working groups gets exactly the status the matrix says."""

import json

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import EXEMPT, LOGIN, NETWORK_ROLES, ROLES, ROWS


def _walk(patterns, namespace="", prefix=""):
    """(namespaced name, full route) of every URL pattern."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else None, route


def test_every_url_pattern_is_in_the_matrix_or_exempt():
    covered = {row.url_name for row in ROWS}
    missing = []
    for name, route in _walk(get_resolver().url_patterns):
        if any(route.startswith(prefix) for prefix in EXEMPT):
            continue
        if name is None or name not in covered:
            missing.append(f"{name} ({route})")
    assert not missing, f"URLs with no row in tests/matrix: {missing}"


def test_matrix_rows_name_real_urls_and_every_role():
    known = {name for name, _route in _walk(get_resolver().url_patterns)}
    for row in ROWS:
        assert row.url_name in known, row.url_name
        assert set(row.expect) == set(row.roles), row.id


CASES = [
    pytest.param(row, role, home, id=f"{row.id}-{role}-{home}")
    for row in ROWS
    if not row.network
    for role in ROLES
    for home in (["own", "other"] if row.group_scoped and role not in ("anonymous", "outsider") else ["own"])
]


@pytest.mark.parametrize(("row", "role", "home"), CASES)
def test_permission_matrix(row, role, home, matrix_world, db, client_as):
    target = matrix_world["a"]
    actor_world = target if home == "own" else matrix_world["b"]
    kwargs = row.kwargs(target)
    if row.group_scoped:
        kwargs = {"group_slug": target.group.slug, **kwargs}
    url = reverse(row.url_name, kwargs=kwargs)
    if row.token:
        response = _call_with_token(client_as(None), row, url, actor_world.users[role], target)
    else:
        client = client_as(None)
        if role in actor_world.sessions:  # signed in once for the module (tests/conftest.py)
            client.cookies[settings.SESSION_COOKIE_NAME] = actor_world.sessions[role]
        if row.method == "post":
            response = client.post(url, row.data(target) if row.data else {})
        else:
            response = client.get(url)
    expected = row.expect[role] if home == "own" else 404
    assert response.status_code == expected, (url, role, home, response.status_code)
    if expected == LOGIN and role == "anonymous":
        assert "/accounts/login/" in response["Location"]


NETWORK_CASES = [
    pytest.param(row, role, id=f"{row.id}-{role}") for row in ROWS if row.network for role in NETWORK_ROLES
]


@pytest.mark.parametrize(("row", "role"), NETWORK_CASES)
def test_network_permission_matrix(row, role, matrix_world, db, client_as):
    """Network pages (tests/matrix/networks.py): world A's network, its staff and another network's."""
    world = matrix_world["a"]
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    client = client_as(None)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    response = client.get(url)
    assert response.status_code == row.expect[role], (url, role, response.status_code)
    if row.expect[role] == LOGIN and role == "anonymous":
        assert "/accounts/login/" in response["Location"]


def _call_with_token(client, row, url, user, target):
    """An API call as `user` with a fresh token of the row's scope (none for anonymous or token="none")."""
    from api.tokens import token_create

    headers = {}
    if user is not None and row.token != "none":
        _token, secret = token_create(user=user, name="matrix", scope=row.token, expires_in_days=1)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    body = json.dumps(row.data(target)) if row.data else ""
    return client.generic(row.method.upper(), url, body, content_type="application/json", **headers)
