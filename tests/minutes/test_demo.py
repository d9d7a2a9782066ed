import pytest

from meetings.demo import load_meetings_demo
from members.demo import load_members_demo
from minutes.demo import load_minutes_demo
from minutes.models import Minutes

pytestmark = pytest.mark.django_db


def test_demo_has_circulated_minutes_and_one_draft_under_review_and_is_idempotent():
    load_members_demo()
    load_meetings_demo()
    load_minutes_demo()
    load_minutes_demo()
    statuses = sorted(Minutes.objects.filter(working_group__slug="peru").values_list("status", flat=True))
    assert statuses.count("submitted") == 1
    assert statuses.count("circulated") >= 2
