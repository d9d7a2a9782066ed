"""The minutes rules, asked through the access object as views, selectors and templates ask them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from minutes.models import Minutes
from tests.factories.minutes import MinutesFactory
from vpwg.permissions import AccessLevel, access_for

pytestmark = pytest.mark.django_db

M, R, C = AccessLevel.MANAGER, AccessLevel.REVIEWER, AccessLevel.READER
# state -> role -> level (None: not visible, 404). The coordination user also represents the NGO.
LEVELS = {
    Minutes.Status.DRAFT: {"secretariat": M, "coordination": None, "member": None, "observer": None},
    Minutes.Status.SUBMITTED: {"secretariat": M, "coordination": R, "member": None, "observer": None},
    Minutes.Status.APPROVED: {"secretariat": M, "coordination": R, "member": None, "observer": None},
    Minutes.Status.CIRCULATED: {"secretariat": M, "coordination": R, "member": C, "observer": C},
}


def _access(user, minutes):
    return access_for(user, minutes.working_group)


@pytest.mark.parametrize("state", list(LEVELS))
def test_each_role_reads_minutes_at_its_level_and_nobody_else_at_all(world, state):
    a, b = world["a"], world["b"]
    minutes = MinutesFactory(a, status=state)
    for role, level in LEVELS[state].items():
        assert _access(a.users[role], minutes).level(minutes) is level, role
    for user in (a.users["admin"], a.users["outsider"], b.users["member"], b.users["secretariat"]):
        assert _access(user, minutes).level(minutes) is None


def test_only_the_secretariat_edits_a_draft_and_only_the_coordination_group_reviews_a_submission(world):
    a = world["a"]
    draft, submitted = MinutesFactory(a), MinutesFactory(a, status=Minutes.Status.SUBMITTED)
    secretariat, coordination = _access(a.users["secretariat"], draft), _access(a.users["coordination"], draft)
    assert secretariat.allows("minutes.edit_minutes", draft)
    assert not secretariat.allows("minutes.edit_minutes", submitted)
    assert not secretariat.allows("minutes.review_minutes", submitted)
    assert coordination.allows("minutes.review_minutes", submitted)
    assert not coordination.allows("minutes.edit_minutes", draft)
    assert not coordination.allows("minutes.see_minutes_readers", submitted)


def test_an_action_is_marked_done_by_the_secretariat_or_its_institution_only(world):
    a = world["a"]
    due_on = timezone.localdate() + timedelta(days=30)
    minutes = MinutesFactory(
        a,
        status=Minutes.Status.CIRCULATED,
        actions=[{"description": "Share the draft regulation", "institution": a.objects["company"], "due_on": due_on}],
    )
    action = minutes.actions.select_related("minutes__circulated_version").get()
    for role, allowed in {"secretariat": True, "member": True, "observer": False, "coordination": False}.items():
        assert _access(a.users[role], minutes).allows("minutes.mark_action_done", action) is allowed, role
    assert not access_for(world["b"].users["member"], minutes.working_group).allows("minutes.mark_action_done", action)
