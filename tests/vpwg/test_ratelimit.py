"""The client address for rate limits cannot be chosen by the client (issue 15, hole 3)."""

import time

import pytest
from django.core import signing
from django.test import RequestFactory, override_settings
from django.urls import reverse

from members.models import MembershipApplication
from tests.conftest import application_data
from vpwg.ratelimit import client_ip


def _request(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(_request(forwarded="198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_trusted_proxy_vouches_for_the_last_entry_only():
    # The client wrote "1.1.1.1"; our proxy appended the address it really saw.
    assert client_ip(_request(remote="10.0.0.2", forwarded="1.1.1.1, 198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_trusted_proxies_vouch_for_the_second_entry_from_the_right():
    request = _request(remote="10.0.0.3", forwarded="6.6.6.6, 198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_trusted_proxy_with_no_header_falls_back_to_the_peer():
    assert client_ip(_request(remote="10.0.0.2")) == "10.0.0.2"


def _post(client, world, name, forwarded):
    started = signing.dumps(time.time() - 10, salt="application-form")
    data = {**application_data(name), "started": started}
    return client.post(
        reverse("applications:apply", args=[world["a"].group.slug]), data, HTTP_X_FORWARDED_FOR=forwarded
    )


@pytest.mark.django_db
def test_forged_forwarded_addresses_do_not_bypass_the_application_limit(client, world):
    """The attack of issue 15: every post claims another address; the sixth is still refused."""
    statuses = [_post(client, world, f"Minera {index}", f"198.51.100.{index}").status_code for index in range(12)]
    assert statuses[:5] == [302] * 5
    assert set(statuses[5:]) == {429}
    assert MembershipApplication.objects.filter(institution_name__startswith="Minera ").count() == 5
