"""The minutes list folds by year (issue 18): for the Secretariat and the Coordination Group the minutes
still in the workflow come first, whatever their year; then the circulated minutes of one year (the
most recent unless ?year= names another) with links to the other years; the same queries and well
under 20 KB however many minutes the group has."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from minutes.models import Minutes
from minutes.selectors import WAITING_SHOWN
from tests.factories.meetings import MeetingFactory
from tests.factories.minutes import MinutesFactory
from tests.lean_lists import BAD_VALUES, MAX_BYTES, fetch, html

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.now().year
PAST_YEARS = [THIS_YEAR - 3, THIS_YEAR - 2, THIS_YEAR - 1]


def _url(group):
    return reverse("minutes:index", args=[group.slug])


def _move(meeting_id: int, group, year: int, month: int):
    starts = datetime(year, month, 10, 10, tzinfo=group.tzinfo)
    Meeting.objects.filter(pk=meeting_id).update(starts_at=starts, ends_at=starts + timedelta(hours=2))


def _minutes(world, year: int, index: int, status=Minutes.Status.CIRCULATED, title=None):
    minutes = MinutesFactory(world, status=status, title=title or f"Minuted {year}-{index}", attendance=False)
    _move(minutes.meeting_id, world.group, year, 1 + index % 12)
    return minutes


def _circulate(world, n: int, start: int = 0):
    for year in PAST_YEARS:
        for index in range(start, start + n):
            _minutes(world, year, index)


@pytest.fixture
def group_with_minutes(world):
    a = world["a"]
    _circulate(a, 3)
    _minutes(a, PAST_YEARS[0], 20, Minutes.Status.DRAFT, title="Old draft")
    _minutes(a, PAST_YEARS[1], 21, Minutes.Status.SUBMITTED, title="Awaiting review")
    return a


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_a_member_reads_the_latest_year_with_links_to_the_others(group_with_minutes, client_as):
    a = group_with_minutes
    latest, older, oldest = PAST_YEARS[2], PAST_YEARS[1], PAST_YEARS[0]
    response, _queries = fetch(client_as(a.users["member"]), _url(a.group))
    page = html(response)
    assert "In progress" not in page and "Old draft" not in page and "Awaiting review" not in page
    assert f"Minuted {latest}-0" in page and f"Minuted {latest}-2" in page and f"Minuted {older}-0" not in page
    assert f"Minutes of {latest}" in page
    assert 'aria-label="Minutes by year"' in page
    assert f'<a href="?year={latest}" aria-current="page">{latest} <span class="muted">(3)</span>' in page
    assert f'href="?year={older}"' in page and f'href="?year={oldest}"' in page
    assert len(response.content) < MAX_BYTES

    page = html(client_as(a.users["member"]).get(_url(a.group), {"year": oldest}))
    assert f"Minuted {oldest}-1" in page and f"Minuted {latest}-0" not in page


def test_the_secretariat_sees_the_workflow_first_whatever_the_year(group_with_minutes, client_as):
    a = group_with_minutes
    page = html(client_as(a.users["secretariat"]).get(_url(a.group)))
    in_progress = _section(page, "in-progress-heading")
    assert "Old draft" in in_progress and "Awaiting review" in in_progress and "Minuted" not in in_progress
    circulated = _section(page, "circulated-heading")
    assert f"Circulated minutes of {PAST_YEARS[2]}" in circulated and f"Minuted {PAST_YEARS[2]}-1" in circulated
    assert "Old draft" not in circulated
    assert page.index("In progress") < page.index("Circulated minutes of")


def test_the_coordination_group_sees_what_was_submitted_but_no_first_draft(group_with_minutes, client_as):
    a = group_with_minutes
    page = html(client_as(a.users["coordination"]).get(_url(a.group)))
    assert "Awaiting review" in _section(page, "in-progress-heading")
    assert "Old draft" not in page


def test_the_secretariat_sees_the_most_recent_held_meetings_without_minutes(world, client_as):
    a = world["a"]
    for index in range(WAITING_SHOWN + 2):
        MeetingFactory(
            working_group=a.group, status=Meeting.Status.HELD, title=f"Unminuted {index:02}", starts_in_days=-10 - index
        )
    client = client_as(a.users["secretariat"])
    page = html(client.get(_url(a.group)))
    waiting = _section(page, "without-heading")
    assert "Unminuted 00" in waiting and f"Unminuted {WAITING_SHOWN - 1:02}" in waiting
    assert f"Unminuted {WAITING_SHOWN:02}" not in waiting
    assert f"Only the {WAITING_SHOWN} most recent are shown." in waiting
    assert '<a href="?without=all">Show every held meeting without minutes</a>' in waiting
    every = _section(html(client.get(_url(a.group), {"without": "all"})), "without-heading")
    assert f"Unminuted {WAITING_SHOWN + 1:02}" in every and "Only the" not in every
    assert "Held meetings without minutes" not in html(client_as(a.users["member"]).get(_url(a.group)))


@pytest.mark.parametrize(("role", "expected"), [("member", 6), ("coordination", 6), ("secretariat", 7)])
def test_same_queries_and_size_for_twice_the_minutes(group_with_minutes, client_as, role, expected):
    a = group_with_minutes
    client = client_as(a.users[role])
    small, small_queries = fetch(client, _url(a.group))
    _circulate(a, 3, start=3)
    large, large_queries = fetch(client, _url(a.group))
    assert f"Minuted {PAST_YEARS[2]}-5" in html(large)
    # session, user, group, access rows, what waits (navigation), every visible minutes (+ held meetings
    # without minutes for the Secretariat)
    assert small_queries == large_queries == expected
    assert len(small.content) < len(large.content) < MAX_BYTES


@pytest.mark.parametrize("value", BAD_VALUES + ["1900"])
def test_a_bad_year_shows_the_latest(group_with_minutes, client_as, value):
    a = group_with_minutes
    response = client_as(a.users["member"]).get(_url(a.group), {"year": value, "page": "999"})
    assert f"Minuted {PAST_YEARS[2]}-0" in html(response)
    assert response.context["year"] == PAST_YEARS[2]


def test_another_groups_year_shows_nothing_of_that_group(group_with_minutes, world, client_as):
    a, b = group_with_minutes, world["b"]
    _minutes(b, THIS_YEAR - 10, 0, title="Beta minutes")
    response = client_as(a.users["member"]).get(_url(a.group), {"year": THIS_YEAR - 10})
    page = html(response)
    assert "Beta minutes" not in page and f'href="?year={THIS_YEAR - 10}"' not in page
    assert response.context["year"] == PAST_YEARS[2]


def test_no_minutes_yet(world, client_as):
    a = world["a"]
    page = html(client_as(a.users["member"]).get(_url(a.group)))
    assert "No minutes to show yet." in page and "year-nav" not in page
