"""Forms that append take each submit once (vpwg/idempotency.py); concurrent identical posts through a
live server are in tests/faults/test_concurrency.py."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Topic, TopicSupport
from tests.factories.meetings import TopicFactory
from vpwg.idempotency import FIELD, submit_tokens_prune
from vpwg.models import SubmitToken

pytestmark = pytest.mark.django_db


def _token_of(response) -> str:
    match = re.search(rf'name="{FIELD}" value="([^"]+)"', response.content.decode())
    assert match, "the form carries no submit token"
    return match.group(1)


def test_a_second_submit_of_the_same_form_appends_nothing_and_goes_where_the_first_went(world, client_as):
    alpha = world["a"]
    client = client_as(alpha.users["member"])
    url = reverse("meetings:topic-create", kwargs={"group_slug": alpha.group.slug})
    token = _token_of(client.get(url))
    data = {"title": "Grievance mechanisms", "description": "", FIELD: token}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0] == (first["Location"], 302)
    assert "already submitted" in second.content.decode()
    assert Topic.objects.filter(working_group=alpha.group, title="Grievance mechanisms").count() == 1


def test_each_page_load_gives_a_new_token(world, client_as):
    alpha = world["a"]
    client = client_as(alpha.users["member"])
    url = reverse("meetings:topic-create", kwargs={"group_slug": alpha.group.slug})
    assert _token_of(client.get(url)) != _token_of(client.get(url))


def test_a_submit_refused_on_the_form_keeps_its_token_for_the_corrected_one(world, client_as):
    alpha = world["a"]
    client = client_as(alpha.users["member"])
    url = reverse("meetings:topic-create", kwargs={"group_slug": alpha.group.slug})
    token = _token_of(client.get(url))
    assert client.post(url, {"title": "", FIELD: token}).status_code == 200  # the form says what is missing
    assert not SubmitToken.objects.filter(token=token).exists()
    assert client.post(url, {"title": "Security and human rights", FIELD: token}).status_code == 302
    assert Topic.objects.filter(working_group=alpha.group, title="Security and human rights").count() == 1


def test_a_repeated_toggle_does_not_undo_itself(world, client_as):
    """Support is a toggle: a double click used to support and at once withdraw the support."""
    alpha = world["a"]
    topic = TopicFactory(working_group=alpha.group, membership=alpha.objects["observer"])
    client = client_as(alpha.users["member"])
    page = client.get(reverse("meetings:topic-list", kwargs={"group_slug": alpha.group.slug}))
    token = _token_of(page)
    url = reverse("meetings:topic-support", kwargs={"group_slug": alpha.group.slug, "topic_id": topic.pk})
    client.post(url, {FIELD: token})
    client.post(url, {FIELD: token})
    assert TopicSupport.objects.filter(topic=topic).count() == 1


def test_a_post_without_a_token_is_let_through(world, client_as):
    alpha = world["a"]
    client = client_as(alpha.users["member"])
    url = reverse("meetings:topic-create", kwargs={"group_slug": alpha.group.slug})
    client.post(url, {"title": "Twice"})
    client.post(url, {"title": "Twice"})
    assert Topic.objects.filter(working_group=alpha.group, title="Twice").count() == 2  # scripts: not protected


def test_old_tokens_are_pruned():
    old = SubmitToken.objects.create(token="old", path="/x/")
    SubmitToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    SubmitToken.objects.create(token="new", path="/x/")
    assert submit_tokens_prune() == 1
    assert list(SubmitToken.objects.values_list("token", flat=True)) == ["new"]
