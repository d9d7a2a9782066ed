"""The demo network: Peru and South Kivu share their figures with the Initiative, red@vpi.example.org is
its staff (a login printed with the others), and the Netherlands' embassies belong to their government."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from members.models import CharterChange, Institution
from networks.models import Network
from vpwg import permissions

pytestmark = pytest.mark.django_db


def test_demo_network_with_its_staff_login_and_the_embassies_organisation(client):
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)  # idempotent: nothing recorded twice
    assert "red@vpi.example.org" in out.getvalue()
    network = Network.objects.get(slug="vpi")
    assert network.name == "Iniciativa de los Principios Voluntarios"
    assert sorted(network.group_rows.filter(shares_figures=True).values_list("working_group__slug", flat=True)) == [
        "peru",
        "south-kivu",
    ]
    assert CharterChange.objects.filter(field="network.vpi.shares_figures").count() == 2
    government = Institution.objects.get(name="Government of the Netherlands")
    assert set(government.children.values_list("name", flat=True)) == {
        "Embassy of the Netherlands",
        "Embassy of the Netherlands in Kinshasa",
    }
    staff = get_user_model().objects.get(email="red@vpi.example.org")
    assert staff.check_password("demo-pass-2026")
    assert permissions.is_network_staff(staff, "vpi") and not permissions.group_slugs_of(staff)
    client.force_login(staff)
    page = client.get(reverse("networks:overview", args=["vpi"]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Peru" in page and "Kivu" in page
