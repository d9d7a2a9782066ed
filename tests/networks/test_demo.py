"""The demo network: Peru and South Kivu share their figures with the Initiative, a third small group (Ghana)
is in it without sharing, red@vpi.example.org is its staff (a login printed with the others), and the
Netherlands' embassies belong to their government."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from members.models import CharterChange, Institution, Membership, WorkingGroup
from networks import selectors
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
    ghana = WorkingGroup.objects.get(slug="ghana")
    assert network.group_rows.get(working_group=ghana).shares_figures is False
    members = Membership.objects.filter(working_group=ghana, status=Membership.Status.MEMBER)
    assert {row["pillar"]: row["n"] for row in members.values("pillar").annotate(n=Count("pk"))} == {
        "government": 3,
        "companies": 2,
        "civil_society": 2,
    }
    [ghana_figures] = selectors.figures_for([ghana])  # figures exist; the network does not see them
    assert ghana_figures.pillar("government").members == 3
    assert ghana_figures.pillar("companies").members == selectors.FEWER
    assert "ghana.cedaf@ghana.example.org" in out.getvalue()
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
    assert "Peru" in page and "Kivu" in page and "Ghana" not in page
    assert client.get(reverse("networks:group-detail", args=["vpi", "ghana"])).status_code == 404
    assert client.get(reverse("networks:group-detail", args=["vpi", "peru"])).status_code == 200
