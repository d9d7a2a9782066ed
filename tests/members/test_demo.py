import pytest
from django.core.management import call_command

from members.models import Membership, Representative, WorkingGroup
from vpwg.permissions import Role, roles_of

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_peru_group_and_is_idempotent():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    call_command("load_demo", stdout=open("/dev/null", "w"))
    peru = WorkingGroup.objects.get(slug="peru")
    memberships = Membership.objects.filter(working_group=peru)
    assert memberships.count() == 29
    by_status = {status: memberships.filter(status=status).count() for status in ("member", "observer")}
    assert by_status == {"member": 27, "observer": 2}
    assert set(memberships.filter(status="observer").values_list("institution__acronym", flat=True)) == {
        "ICRC",
        "UNLIREC",
    }
    assert memberships.filter(institution__kind="host_state_agency").count() == 6
    assert memberships.filter(institution__kind="company").count() == 8
    assert memberships.filter(institution__kind="foreign_government").count() == 7
    assert Representative.objects.filter(working_group=peru).count() == 29
    secretariat = peru.secretariat_terms.get()
    assert secretariat.institution.name == "Socios Perú"
    assert sorted(peru.coordination_seats.values_list("pillar", flat=True)) == [
        "civil_society",
        "companies",
        "government",
    ]
    assert not peru.require_mfa_for_privileged
    assert WorkingGroup.objects.get(slug="south-kivu").memberships.count() == 6


def test_demo_logins_hold_their_roles():
    from django.contrib.auth import get_user_model

    call_command("load_demo", stdout=open("/dev/null", "w"))
    users = get_user_model().objects
    peru = WorkingGroup.objects.get(slug="peru")
    kivu = WorkingGroup.objects.get(slug="south-kivu")
    assert Role.SECRETARIAT in roles_of(users.get(email="socios@peru.example.org"), peru)
    assert Role.COORDINATION in roles_of(users.get(email="minem@peru.example.org"), peru)
    assert roles_of(users.get(email="icrc@peru.example.org"), peru) == {Role.OBSERVER}
    assert roles_of(users.get(email="socios@peru.example.org"), kivu) == frozenset()
    admin = users.get(email="admin@peru.example.org")
    assert Role.ADMIN in roles_of(admin, peru) and Role.ADMIN in roles_of(admin, kivu)
    assert admin.check_password("demo-pass-2026")
