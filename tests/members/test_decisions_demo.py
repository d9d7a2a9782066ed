"""The demo's decisions: Peru has a decision register with past decisions and one open written procedure."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import Decision, MembershipApplication, WrittenProcedure

pytestmark = pytest.mark.django_db


def test_the_peru_demo_has_past_decisions_and_one_open_procedure(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    call_command("load_demo", stdout=open("/dev/null", "w"))  # idempotent
    procedures = WrittenProcedure.objects.filter(working_group__slug="peru")
    assert procedures.filter(status="open").count() == 1
    assert sorted(procedures.exclude(status="open").values_list("status", flat=True)) == ["adopted", "adopted"]
    open_procedure = procedures.get(status="open")
    assert open_procedure.votes.count() == 2 and open_procedure.comments.count() == 1
    decisions = Decision.objects.filter(working_group__slug="peru").order_by("created_at")
    assert list(decisions.values_list("kind", "proposal", "status")) == [
        ("admission", "admit_member", "rejected"),
        ("admission", "reject", "adopted"),
        ("work_plan", "", "adopted"),  # the work plan, approved by the three pillars (workplan/demo.py)
    ]
    assert decisions[1].votes.count() == 3 and decisions[0].closed_at.year == 2016
    assert decisions[2].votes.count() == 3 and decisions[2].applied_at is not None
    assert MembershipApplication.objects.get(institution_name="Seguridad Andina SAC").status == "rejected"

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="idl@peru.example.org"))
    page = client.get(reverse("members:decision-register", args=["peru"])).content.decode()
    assert "Seguridad Andina SAC" in page and "Venue of the December 2016 plenary" in page
    assert "Terms of reference of the scoping study" in page and "Work plan 2026" in page
    member = get_user_model().objects.get(email="repsol@peru.example.org")
    client.force_login(member)
    page = client.get(reverse("members:decision-register", args=["peru"])).content.decode()
    assert "Seguridad Andina SAC" not in page  # an applicant not admitted stays with the Coordination Group
    detail = client.get(reverse("members:procedure-detail", args=["peru", open_procedure.pk])).content.decode()
    assert "Cast the vote" in detail
