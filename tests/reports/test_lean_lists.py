"""The report centre comes in pages, the last requested first (issue 18): no COUNT query (a page reads
one row more to know whether an older page exists), the same queries and well under 20 KB however
many reports the group has; a page past the end is a 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import Report
from reports.views import REPORTS_PER_PAGE
from tests.factories.meetings import MeetingFactory
from tests.lean_lists import BAD_VALUES, MAX_BYTES, fetch, html

pytestmark = pytest.mark.django_db


def _url(group):
    return reverse("reports:index", args=[group.slug])


def _packs(world, n: int, start: int = 0):
    """`n` more rendered meeting packs, one requested a day earlier than the next."""
    now = timezone.now()
    for index in range(start, start + n):
        meeting = MeetingFactory(working_group=world.group, title=f"Meeting {index:03}", starts_in_days=-400 + index)
        Report.objects.create(
            working_group=world.group,
            kind=Report.Kind.MEETING_PACK,
            meeting=meeting,
            status=Report.Status.READY,
            progress=100,
            file=f"reports/pack-{index}.pdf",
            pages=12,
            rendered_at=now - timedelta(days=400 - index),
            requested_at=now - timedelta(days=400 - index),
            requested_by=world.users["secretariat"],
        )


def _rows(page: str) -> int:
    return page.count("<tr data-report-row=")


@pytest.fixture
def group_with_reports(world):
    a = world["a"]
    _packs(a, REPORTS_PER_PAGE + 5)
    return a


@pytest.mark.parametrize("role", ["member", "secretariat"])
def test_the_last_requested_first_with_a_link_to_older_pages(group_with_reports, client_as, role):
    a = group_with_reports
    newest, oldest = f"Meeting {REPORTS_PER_PAGE + 4:03}", "Meeting 000"
    client = client_as(a.users[role])
    response, _queries = fetch(client, _url(a.group))
    page = html(response)
    assert _rows(page) == REPORTS_PER_PAGE
    assert newest in page and oldest not in page
    assert page.index(newest) < page.index(f"Meeting {REPORTS_PER_PAGE + 3:03}")
    assert 'aria-label="Pages of reports"' in page and '<a href="?page=2" rel="next">' in page
    assert '<span aria-current="page">Page 1</span>' in page and 'rel="prev"' not in page
    assert len(response.content) < MAX_BYTES

    page = html(client.get(_url(a.group), {"page": 2}))
    assert _rows(page) == 5 and oldest in page and newest not in page
    assert '<a href="?" rel="prev">' in page and 'rel="next"' not in page


@pytest.mark.parametrize(("role", "expected"), [("member", 7), ("secretariat", 8)])
def test_same_queries_and_size_for_twice_the_reports(world, client_as, role, expected):
    a = world["a"]
    MeetingFactory(working_group=a.group, title="The next plenary", starts_in_days=20)  # its pack can be prepared
    _packs(a, REPORTS_PER_PAGE - 5)
    client = client_as(a.users[role])
    small, small_queries = fetch(client, _url(a.group))
    _packs(a, REPORTS_PER_PAGE, start=REPORTS_PER_PAGE)
    large, large_queries = fetch(client, _url(a.group))
    assert _rows(html(small)) == REPORTS_PER_PAGE - 5 and _rows(html(large)) == REPORTS_PER_PAGE
    # session, user, group, access rows, what waits (navigation), the page's reports (+ one row), the
    # member's institutions; for the Secretariat the upcoming meetings and their packs instead
    assert small_queries == large_queries == expected
    assert len(small.content) < len(large.content) < MAX_BYTES


@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_page_that_is_not_a_number_shows_the_first(group_with_reports, client_as, value):
    a = group_with_reports
    response = client_as(a.users["secretariat"]).get(_url(a.group), {"page": value})
    assert _rows(html(response)) == REPORTS_PER_PAGE


def test_a_page_past_the_end_is_a_404(group_with_reports, client_as):
    a = group_with_reports
    client = client_as(a.users["secretariat"])
    assert client.get(_url(a.group), {"page": "3"}).status_code == 404
    assert client.get(_url(a.group), {"page": "999999"}).status_code == 404
    assert client.get(_url(a.group), {"page": "1"}).status_code == 200


def test_another_groups_reports_never_show(group_with_reports, world, client_as):
    a, b = group_with_reports, world["b"]
    _packs(b, 3, start=900)
    page = html(client_as(a.users["secretariat"]).get(_url(a.group)))
    assert "Meeting 900" not in page
    assert client_as(a.users["secretariat"]).get(_url(a.group), {"page": 2}).status_code == 200
