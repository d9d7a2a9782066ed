"""The members rules (lifecycle steps, endorsement), asked through the access object as the pages ask them."""

import pytest

from members import services
from members.permissions import lifecycle_steps
from tests.factories.decisions import adopt
from vpwg.permissions import access_for

pytestmark = pytest.mark.django_db


def _steps(world, role, membership_key):
    membership = world.objects[membership_key]
    return lifecycle_steps(access_for(world.users[role], world.group), membership)


def test_the_coordination_group_decides_and_a_member_withdraws_only_itself(world):
    a = world["a"]
    assert _steps(a, "coordination", "company") == ["warn", "suspend", "expel"]
    assert _steps(a, "member", "company") == ["withdraw"]
    assert _steps(a, "member", "ngo") == []
    assert _steps(a, "secretariat", "company") == ["withdraw"]
    assert _steps(a, "observer", "company") == []


def test_a_suspended_member_may_be_reinstated_and_an_ended_one_has_no_steps(world):
    a = world["a"]
    company = a.objects["company"]
    adopt(a.group, "suspension", company, reason="Missed three plenaries")
    company.refresh_from_db()
    assert lifecycle_steps(access_for(a.users["coordination"], a.group), company) == ["reinstate", "expel"]
    adopt(a.group, "expulsion", company, reason="No reply")
    company.refresh_from_db()
    assert lifecycle_steps(access_for(a.users["secretariat"], a.group), company) == []


def test_only_a_member_of_the_applicants_pillar_endorses_and_only_once(world):
    a = world["a"]
    application = a.objects["application"]  # asks to join the companies pillar
    for role in ("coordination", "observer", "secretariat"):
        assert not access_for(a.users[role], a.group).allows("members.endorse_application", application), role
    member = a.users["member"]
    assert access_for(member, a.group).allows("members.endorse_application", application)
    services.application_endorse(application=application, actor=member)
    assert not access_for(member, a.group).allows("members.endorse_application", application)
    assert not access_for(world["b"].users["member"], a.group).allows("members.endorse_application", application)
