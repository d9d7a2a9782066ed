"""Lean lists (issue 18): a long list is folded by year or cut into pages, in a fixed number of queries.

The year or page shown comes from the query string (`?year=2024`, `?page=3`) of the list's own URL;
the links to the other years and pages are plain GET links that keep the page's other parameters
(a filter such as `?type=course`), so nothing needs a script. Bad input never fails: a year that is
not one of the list's years shows the default year, a page number that is not a number shows the
first page. The templates are `includes/year_nav.html` and `includes/pagination.html`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.http import Http404, QueryDict


@dataclass(frozen=True)
class Link:
    label: str
    query: str  # "?year=2024&type=course"; "" for the ellipsis between page numbers
    current: bool = False
    count: int | None = None


@dataclass
class YearFold:
    """The years a list has (newest first, with how many rows each) and the one shown."""

    year: int | None
    links: list[Link] = field(default_factory=list)


@dataclass
class Pager:
    """Links to the other pages of a list; `links` is empty when the total is not counted."""

    number: int
    links: list[Link] = field(default_factory=list)
    previous: str = ""  # the query of the newer page, "" on the first
    next: str = ""  # the query of the older page, "" on the last

    @property
    def has_other_pages(self) -> bool:
        return bool(self.previous or self.next)


def query_with(params: QueryDict, **changes) -> str:
    """The query string of `params` with `changes` applied (None drops a key); always drops `page`."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def int_param(params: QueryDict, name: str) -> int | None:
    """A positive number from the query string, or None (missing, empty, not a number, absurd)."""
    value = params.get(name, "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    number = int(value)
    return number or None


def choose_year(requested: int | None, counts: dict[int, int], default: int | None = None) -> int | None:
    """The year to show: the one asked for if the list has rows in it, else `default` if it has, else the newest."""
    if requested in counts:
        return requested
    if default in counts:
        return default
    return max(counts) if counts else None


def year_fold(params: QueryDict, counts: dict[int, int], year: int | None, *, name: str = "year") -> YearFold:
    """Links to every year of `counts` (newest first), `year` marked as the current one."""
    links = [
        Link(label=str(each), query=query_with(params, **{name: each}), current=each == year, count=counts[each])
        for each in sorted(counts, reverse=True)
    ]
    return YearFold(year=year, links=links)


def page_of(params: QueryDict, object_list, per_page: int, *, count: int | None = None) -> tuple[Page, Pager]:
    """One page of `object_list` with Django's Paginator (a COUNT query, unless `count` is given).

    A page number that is not a number shows the first page; one past the end, the last.
    """
    paginator = (
        _KnownCountPaginator(object_list, per_page, count) if count is not None else Paginator(object_list, per_page)
    )
    page = paginator.get_page(int_param(params, "page"))
    links = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == Paginator.ELLIPSIS:
            links.append(Link(label=str(number), query=""))
        else:
            links.append(Link(label=str(number), query=_page_query(params, number), current=number == page.number))
    pager = Pager(
        number=page.number,
        links=links if paginator.num_pages > 1 else [],
        previous=_page_query(params, page.previous_page_number()) if page.has_previous() else "",
        next=_page_query(params, page.next_page_number()) if page.has_next() else "",
    )
    return page, pager


def window_of(params: QueryDict, queryset, per_page: int) -> tuple[list, Pager]:
    """One page of `queryset` without counting it: one query for per_page + 1 rows tells whether an
    older page exists. A page past the end is a 404 (there is nothing to show and no last page to
    fall back on without a count); a page number that is not a number shows the first page."""
    number = int_param(params, "page") or 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404
    pager = Pager(
        number=number,
        previous=_page_query(params, number - 1) if number > 1 else "",
        next=_page_query(params, number + 1) if len(rows) > per_page else "",
    )
    return rows[:per_page], pager


def _page_query(params: QueryDict, number: int) -> str:
    query = params.copy()
    if number == 1:
        query.pop("page", None)
    else:
        query["page"] = str(number)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


class _KnownCountPaginator(Paginator):
    """A Paginator told its total (the page already read it, e.g. with the counts per pillar)."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its cached value
