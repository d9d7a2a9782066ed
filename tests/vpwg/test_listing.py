"""vpwg/listing.py: the year or page a list shows comes from the query string, and bad input never fails."""

import pytest
from django.http import Http404, QueryDict

from tests.lean_lists import BAD_VALUES
from vpwg.listing import choose_year, int_param, page_of, query_with, window_of, year_fold


@pytest.mark.parametrize("value", BAD_VALUES)
def test_int_param_refuses_what_is_not_a_plain_positive_number(value):
    assert int_param(_q(n=value), "n") is None


def _q(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query[key] = value
    return query


def test_int_param_reads_a_number():
    assert int_param(_q(page=" 12 "), "page") == 12
    assert int_param(_q(), "page") is None


def test_choose_year_keeps_a_year_with_rows_else_the_default_else_the_newest():
    counts = {2019: 3, 2021: 1}
    assert choose_year(2019, counts) == 2019
    assert choose_year(2020, counts) == 2021
    assert choose_year(2020, counts, default=2019) == 2019
    assert choose_year(None, {}) is None


def test_year_links_keep_the_other_parameters_and_drop_the_page():
    fold = year_fold(_q(type="course", page="3"), {2019: 3, 2021: 1}, 2021)
    assert [(link.label, link.query, link.current, link.count) for link in fold.links] == [
        ("2021", "?type=course&year=2021", True, 1),
        ("2019", "?type=course&year=2019", False, 3),
    ]
    assert query_with(_q(year="2020", page="2"), year=None) == "?"


def test_page_of_clamps_and_links_pages_with_a_known_total():
    rows = list(range(95))
    page, pager = page_of(_q(page="999", pillar="government"), rows, 10, count=95)
    assert page.number == 10 and list(page.object_list) == list(range(90, 95))
    assert pager.previous == "?page=9&pillar=government" and pager.next == ""
    assert [link.label for link in pager.links] == ["1", "…", "8", "9", "10"]
    assert pager.links[-1].current and pager.links[0].query == "?pillar=government"
    page, pager = page_of(_q(page="x"), rows, 10)
    assert page.number == 1 and pager.previous == "" and pager.next == "?page=2"
    _page, pager = page_of(_q(), rows[:5], 10)
    assert pager.links == [] and not pager.has_other_pages


def test_window_of_reads_one_row_more_and_404s_past_the_end():
    rows = list(range(25))
    items, pager = window_of(_q(page="3"), rows, 10)
    assert items == list(range(20, 25)) and pager.previous == "?page=2" and pager.next == ""
    items, pager = window_of(_q(page="abc"), rows, 10)
    assert items == list(range(10)) and pager.next == "?page=2" and pager.previous == ""
    with pytest.raises(Http404):
        window_of(_q(page="4"), rows, 10)
    items, pager = window_of(_q(), [], 10)
    assert items == [] and not pager.has_other_pages
