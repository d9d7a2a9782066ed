import time

import pytest
from django.urls import reverse

from members import services
from vpwg.sessions import IDLE_KEY, SEEN_KEY

pytestmark = pytest.mark.django_db


def test_an_idle_session_ends_after_the_groups_limit(world, client):
    group_world = world["a"]
    client.force_login(group_world.users["secretariat"])
    assert client.session[IDLE_KEY] == 30 * 60
    url = reverse("members:dashboard", args=[group_world.group.slug])
    assert client.get(url).status_code == 200
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive(world, client):
    group_world = world["a"]
    client.force_login(group_world.users["member"])
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 29 * 60
    session.save()
    url = reverse("members:dashboard", args=[group_world.group.slug])
    assert client.get(url).status_code == 200
    assert client.session[SEEN_KEY] >= int(time.time()) - 5


def test_the_strictest_group_applies(world, client):
    group_world = world["a"]
    services.charter_change(
        working_group=world["b"].group,
        actor=world["b"].users["admin"],
        changes={"session_idle_minutes": 10},
        reason="Confidential material",
    )
    services.representative_add(
        membership=world["b"].objects["company"], user=group_world.users["member"], role="alternate"
    )
    client.force_login(group_world.users["member"])
    assert client.session[IDLE_KEY] == 10 * 60


def test_celery_never_accepts_pickle():
    from django.conf import settings

    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_SERIALIZER == settings.CELERY_RESULT_SERIALIZER == "json"
