"""The activity list folds by year (issue 18): one year of activities (the most recent unless ?year=
names another), links to the other years and to all years together, pages of 25 within a year; the
type filter keeps working across them; the same queries and well under 20 KB however many there are."""

from datetime import date

import pytest
from django.urls import reverse

from activities.views import ACTIVITIES_PER_PAGE
from tests.factories.activities import ActivityFactory
from tests.lean_lists import BAD_VALUES, MAX_BYTES, fetch, html

pytestmark = pytest.mark.django_db

YEARS = [2019, 2020, 2021]


def _url(group):
    return reverse("activities:index", args=[group.slug])


def _record(world, n: int, start: int = 0, years=YEARS):
    """`n` more activities in each year: workshops and courses, two organisers each."""
    for year in years:
        for index in range(start, start + n):
            ActivityFactory(
                working_group=world.group,
                title=f"Activity {year}-{index:02}",
                starts_on=date(year, 1 + index % 12, 1 + index // 12),
                type="course" if index % 2 else "workshop",
                organisers=[world.objects["company"], world.objects["ngo"]],
            )


@pytest.fixture
def group_with_activities(world):
    a = world["a"]
    _record(a, 8)
    return a


def test_the_latest_year_with_links_to_the_others_and_to_all(group_with_activities, client_as):
    a = group_with_activities
    response, _queries = fetch(client_as(a.users["member"]), _url(a.group))
    page = html(response)
    assert "Activity 2021-00" in page and "Activity 2021-07" in page and "Activity 2020-00" not in page
    assert "Activities of 2021, newest first" in page
    assert 'aria-label="Activities by year"' in page
    assert '<a href="?year=2021" aria-current="page">2021 <span class="muted">(8)</span>' in page
    assert 'href="?year=2020"' in page and 'href="?year=2019"' in page
    assert '<a href="?year=all">All years (24)</a>' in page
    assert "pager" not in page  # one page is enough
    assert len(response.content) < MAX_BYTES

    page = html(client_as(a.users["member"]).get(_url(a.group), {"year": 2019}))
    assert "Activity 2019-03" in page and "Activity 2021-00" not in page


def test_the_type_filter_works_within_a_year_and_its_links(group_with_activities, client_as):
    a = group_with_activities
    ActivityFactory(working_group=a.group, title="Seminar of 2018", starts_on=date(2018, 6, 1), type="seminar")
    page = html(client_as(a.users["member"]).get(_url(a.group), {"type": "course", "year": "2020"}))
    assert "Activity 2020-01" in page and "Activity 2020-00" not in page  # odd ones are courses
    assert 'href="?type=course&amp;year=2021"' in page
    assert '<option value="course" selected>' in page and '<option value="2020" selected>' in page
    # Only the years that have a seminar are offered; the latest of them is shown.
    response = client_as(a.users["member"]).get(_url(a.group), {"type": "seminar"})
    assert "Seminar of 2018" in html(response) and response.context["year"] == 2018
    assert 'href="?type=seminar&amp;year=2021"' not in html(response)


def test_a_long_year_and_all_years_come_in_pages(group_with_activities, client_as):
    a = group_with_activities
    _record(a, 22, start=8, years=[2021])  # 30 in 2021
    client = client_as(a.users["member"])
    page = html(client.get(_url(a.group)))
    assert 'aria-label="Pages of activities"' in page
    assert 'href="?year=2021&amp;page=2"' in page and 'rel="next"' in page
    second = html(client.get(_url(a.group), {"year": 2021, "page": 2}))
    assert page.count('<th scope="row">') == ACTIVITIES_PER_PAGE
    assert second.count('<th scope="row">') == 30 - ACTIVITIES_PER_PAGE
    assert '<a href="?year=2021" rel="prev">' in second

    response, _queries = fetch(client, _url(a.group), {"year": "all", "page": "2"})
    every = html(response)
    assert "Activities of all years, newest first" in every
    assert '<a href="?year=all" aria-current="page">All years (46)</a>' in every
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in every
    assert every.count('<th scope="row">') == 46 - ACTIVITIES_PER_PAGE
    assert len(response.content) < MAX_BYTES


@pytest.mark.parametrize("params", [{}, {"year": "all"}, {"year": "2020", "type": "course"}])
def test_same_queries_and_size_for_twice_the_activities(group_with_activities, client_as, params):
    a = group_with_activities
    client = client_as(a.users["secretariat"])
    small, small_queries = fetch(client, _url(a.group), params)
    _record(a, 8, start=8)
    large, large_queries = fetch(client, _url(a.group), params)
    # session, user, group, access rows, what waits (navigation), years, activities, organisers
    assert small_queries == large_queries == 8
    assert len(small.content) < len(large.content) < MAX_BYTES


@pytest.mark.parametrize("value", BAD_VALUES + ["1900", "ALL"])
def test_a_bad_year_or_page_shows_a_page(group_with_activities, client_as, value):
    a = group_with_activities
    response = client_as(a.users["member"]).get(_url(a.group), {"year": value, "page": value, "type": value})
    assert "Activity 2021-00" in html(response)
    assert response.context["year"] == 2021


def test_a_page_past_the_end_shows_the_last(group_with_activities, client_as):
    a = group_with_activities
    response = client_as(a.users["member"]).get(_url(a.group), {"year": "all", "page": "999"})
    assert "Activity 2019-00" in html(response)  # the oldest: the last page


def test_another_groups_year_shows_nothing_of_that_group(group_with_activities, world, client_as):
    a, b = group_with_activities, world["b"]
    ActivityFactory(working_group=b.group, title="Beta's activity", starts_on=date(2012, 2, 2))
    response = client_as(a.users["member"]).get(_url(a.group), {"year": 2012})
    page = html(response)
    assert "Beta&#x27;s activity" not in page and 'href="?year=2012"' not in page
    assert response.context["year"] == 2021


def test_a_group_without_activities(world, client_as):
    a = world["a"]
    page = html(client_as(a.users["member"]).get(_url(a.group)))
    assert "No activity recorded." in page and "year-nav" not in page
