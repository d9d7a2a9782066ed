"""The meeting list folds the past by year (issue 18): every upcoming meeting first, then one year of
past meetings (the most recent unless ?year= names another), links to the other years; the same
queries and well under 20 KB however many meetings the group has held."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.lean_lists import BAD_VALUES, MAX_BYTES, fetch, html

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.now().year
PAST_YEARS = [THIS_YEAR - 3, THIS_YEAR - 2, THIS_YEAR - 1]


def _url(group):
    return reverse("meetings:index", args=[group.slug])


def _held(group, year: int, month: int, day: int, title: str, hour: int = 10):
    starts = datetime(year, month, day, hour, tzinfo=group.tzinfo)
    meeting = MeetingFactory(
        working_group=group,
        status=Meeting.Status.HELD,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    for position in (1, 2):
        AgendaItemFactory(meeting=meeting, position=position)
    return meeting


def _hold(group, n: int, start: int = 0):
    """`n` more past meetings in each of the three past years (a plenary a month, and more)."""
    for year in PAST_YEARS:
        for index in range(start, start + n):
            _held(group, year, 1 + index % 12, 1 + 2 * (index // 12), f"Held {year}-{index}")


@pytest.fixture
def group_with_meetings(world):
    a = world["a"]
    for days, title in ((10, "Upcoming soon"), (70, "Upcoming later")):
        MeetingFactory(working_group=a.group, title=title, starts_in_days=days)
    _hold(a.group, 6)
    return a


def test_upcoming_first_then_the_latest_year_with_links_to_the_others(group_with_meetings, client_as):
    a = group_with_meetings
    latest, older, oldest = PAST_YEARS[2], PAST_YEARS[1], PAST_YEARS[0]
    response, _queries = fetch(client_as(a.users["member"]), _url(a.group))
    page = html(response)
    listed = page[page.index('id="upcoming-heading"') :]  # (the period card above may name the next plenary)
    assert listed.index("Upcoming soon") < listed.index("Upcoming later") < listed.index(f"Held {latest}-0")
    assert f"Held {latest}-5" in page and f"Held {older}-0" not in page and f"Held {oldest}-0" not in page
    assert 'aria-label="Past meetings by year"' in page
    assert f'<a href="?year={latest}" aria-current="page">{latest}' in page
    assert f'<a href="?year={older}">{older} <span class="muted">(6)</span>' in page
    assert f'href="?year={oldest}"' in page
    assert len(response.content) < MAX_BYTES

    response, _queries = fetch(client_as(a.users["member"]), _url(a.group), {"year": oldest})
    page = html(response)
    assert "Upcoming soon" in page and f"Held {oldest}-3" in page and f"Held {latest}-0" not in page
    assert f'<a href="?year={oldest}" aria-current="page">{oldest}' in page


def test_a_meeting_counts_in_its_year_on_the_groups_clock(group_with_meetings, client_as):
    """31 December at 20:00 in Lima is already 1 January in UTC: it is a meeting of the old year."""
    a = group_with_meetings
    year = PAST_YEARS[0]
    _held(a.group, year, 12, 31, "New Year's Eve plenary", hour=20)
    response, _queries = fetch(client_as(a.users["secretariat"]), _url(a.group), {"year": year})
    assert "New Year&#x27;s Eve plenary" in html(response)
    response, _queries = fetch(client_as(a.users["secretariat"]), _url(a.group), {"year": year + 1})
    assert "New Year&#x27;s Eve plenary" not in html(response)


@pytest.mark.parametrize("role", ["member", "secretariat"])
def test_same_queries_and_size_for_twice_the_meetings(group_with_meetings, client_as, role):
    a = group_with_meetings
    client = client_as(a.users[role])
    small, small_queries = fetch(client, _url(a.group))
    _hold(a.group, 6, start=6)  # twelve a year now
    large, large_queries = fetch(client, _url(a.group))
    assert f"Held {PAST_YEARS[2]}-11" in html(large)
    # session, user, group, access rows, what waits (navigation), years, meetings with agenda counts, requests
    assert small_queries == large_queries == 8
    assert len(small.content) < len(large.content) < MAX_BYTES


@pytest.mark.parametrize("value", BAD_VALUES + ["1900", "page"])
def test_a_bad_year_shows_the_latest(group_with_meetings, client_as, value):
    a = group_with_meetings
    response = client_as(a.users["member"]).get(_url(a.group), {"year": value, "page": "999"})
    page = html(response)
    assert response.context["year"] == PAST_YEARS[2]
    assert f"Held {PAST_YEARS[2]}-0" in page


def test_another_groups_year_shows_nothing_of_that_group(group_with_meetings, world, client_as):
    a, b = group_with_meetings, world["b"]
    _held(b.group, THIS_YEAR - 10, 5, 5, "Beta's old plenary")
    response = client_as(a.users["member"]).get(_url(a.group), {"year": THIS_YEAR - 10})
    page = html(response)
    assert "Beta&#x27;s old plenary" not in page and f'href="?year={THIS_YEAR - 10}"' not in page
    assert response.context["year"] == PAST_YEARS[2]


def test_a_group_without_past_meetings_has_no_year_links(world, client_as):
    a = world["a"]
    MeetingFactory(working_group=a.group, title="The first plenary", starts_in_days=15)
    page = html(client_as(a.users["member"]).get(_url(a.group)))
    assert "The first plenary" in page and "year-nav" not in page and "No past meeting recorded." in page


def test_the_next_periods_plenary_is_found_among_the_upcoming(world, client_as):
    """The period card reads the upcoming meetings the list already has (no query of its own)."""
    from meetings import selectors

    a = world["a"]
    period = selectors.next_period(a.group)
    starts = datetime.combine(period.start, datetime.min.time(), tzinfo=a.group.tzinfo) + timedelta(days=20, hours=10)
    MeetingFactory(working_group=a.group, title="Cancelled one", starts_at=starts, status=Meeting.Status.CANCELLED)
    MeetingFactory(working_group=a.group, title="Coordination", starts_at=starts, kind=Meeting.Kind.COORDINATION)
    plenary = MeetingFactory(working_group=a.group, title="The period's plenary", starts_at=starts + timedelta(days=1))
    response = client_as(a.users["member"]).get(_url(a.group))
    assert response.context["period_plenary"] == plenary == selectors.plenary_in_period(a.group, period)
