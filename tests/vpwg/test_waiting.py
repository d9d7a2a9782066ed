"""The registry of what waits (vpwg/waiting.py): apps register sources; the list reads one query per
source query, the count reads them all in one; the navigation's count is cached per request."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from vpwg import waiting
from vpwg.waiting import WaitingItem, WaitingQuery, at_most, register_waiting_source


@pytest.fixture
def only_source():
    """Run with a single test source instead of the apps' (restored afterwards)."""
    waiting._discover()
    saved = dict(waiting._SOURCES)
    waiting._SOURCES.clear()
    yield register_waiting_source
    waiting._SOURCES.clear()
    waiting._SOURCES.update(saved)


def _item(kind="test.item", title="One", count=1, due=None):
    return WaitingItem(kind=kind, label="Test", title=title, url="/x/", action="Do", count=count, due=due)


def test_every_app_registers_its_sources():
    names = {source.name for source in waiting.sources()}
    assert {
        "members.decisions",
        "members.procedures",
        "members.applications",
        "meetings.invitations",
        "meetings.requests",
        "meetings.attendance",
        "meetings.next_plenary",
        "minutes.approve",
        "minutes.summaries",
        "minutes.finish",
        "minutes.without_minutes",
        "minutes.actions",
        "workplan.tasks",
        "reports.member_report",
        "reports.annual",
    } <= names


def test_list_and_count_agree_and_the_count_is_one_query(world, only_source):
    group = world["a"].group
    user = world["a"].users["member"]

    def source(user, group, access):
        rows = Group.objects.filter(name__startswith=f"{group.slug}:").order_by("name")  # five role groups
        return [
            WaitingQuery(rows, lambda rows: at_most(rows, 2, lambda r: _item(title=r.name), lambda n: _item(count=n))),
            WaitingQuery(rows.none(), lambda rows: []),  # an empty query costs nothing
            WaitingQuery(rows[:1], lambda rows: [_item(count=0)], counted=False),
            _item(title="static", count=2),
        ]

    only_source("test.source", source)
    listed = waiting.waiting_for(user, group)
    assert [i.title for i in listed.items][:2] == [f"{group.slug}:admin", f"{group.slug}:coordination"]
    assert listed.count == 5 + 2  # two rows, "3 more", and the static item's two
    assert len(listed.notices) == 1
    with CaptureQueriesContext(connection) as queries:
        assert waiting.waiting_count(user, group) == listed.count
    assert len(queries.captured_queries) == 1


def test_soonest_due_first_undated_after_information_apart(world, only_source):
    group = world["a"].group
    today = group.today()

    def source(user, group, access):
        return [
            _item(title="undated"),
            _item(title="later", due=today + timedelta(days=9)),
            _item(title="info", count=0),
            _item(title="overdue", due=today - timedelta(days=3)),
        ]

    only_source("test.order", source)
    listed = waiting.waiting_for(world["a"].users["member"], group)
    assert [i.title for i in listed.items] == ["overdue", "later", "undated"]
    assert [i.title for i in listed.notices] == ["info"]


def test_no_role_no_query(world, only_source, django_assert_num_queries):
    only_source("test.never", lambda user, group, access: pytest.fail("asked for someone without a role"))
    outsider = world["a"].users["outsider"]
    outsider.__dict__["_vpwg_roles"] = {}  # as the request's access rows say: no group
    with django_assert_num_queries(0):
        assert waiting.waiting_count(outsider, world["a"].group) == 0


def test_the_count_is_read_once_per_request_and_not_at_all_after_the_list(world, only_source):
    group, user = world["a"].group, world["a"].users["member"]
    calls = []

    def source(user, group, access):
        calls.append(1)
        return [WaitingQuery(Group.objects.filter(name=f"{group.slug}:member"), lambda rows: [_item() for _ in rows])]

    only_source("test.calls", source)
    request = RequestFactory().get("/")
    request.user, request.working_group = user, group
    assert waiting.waiting_count_for_request(request) == 1
    assert waiting.waiting_count_for_request(request) == 1
    assert len(calls) == 1
    other = RequestFactory().get("/")
    other.user, other.working_group = user, group
    assert waiting.waiting_for_request(other).count == 1
    with CaptureQueriesContext(connection) as queries:
        assert waiting.waiting_count_for_request(other) == 1
    assert queries.captured_queries == []
    assert len(calls) == 2


def test_a_page_without_a_group_counts_nothing():
    request = RequestFactory().get("/")
    assert waiting.waiting_count_for_request(request) == 0


# --- the navigation's count kept in the cache (Redis in production; a local-memory cache here) ------


def _count_request(user, group):
    request = RequestFactory().get("/")
    request.user, request.working_group = user, group
    with CaptureQueriesContext(connection) as queries:
        count = waiting.waiting_count_for_request(request)
    return count, sum("waiting_n" in query["sql"] for query in queries.captured_queries)  # the count's query


@pytest.mark.django_db(transaction=True)  # a count read inside a transaction is never kept
def test_the_kept_count_is_renewed_by_every_write_in_the_group(world, only_source, kept_cache):
    from vpwg.audit import audit_record
    from vpwg.views import group_view

    group, user = world["a"].group, world["a"].users["member"]
    only_source(
        "test.roles",
        lambda user, group, access: [
            WaitingQuery(Group.objects.filter(name__startswith=f"{group.slug}:"), lambda rows: [_item() for _ in rows])
        ],
    )
    roles = Group.objects.filter(name__startswith=f"{group.slug}:").count()
    assert _count_request(user, group) == (roles, 1)  # no generation yet: counted, one opened
    assert _count_request(user, group) == (roles, 1)  # counted and kept
    assert _count_request(user, group) == (roles, 0)  # the kept count: no query
    assert _count_request(world["a"].users["secretariat"], group)[1] == 1  # kept per person

    Group.objects.create(name=f"{group.slug}:extra")
    assert _count_request(user, group) == (roles, 0)  # a write nobody announced (not audited, not a page)
    audit_record(action="test.changed", working_group=group)
    assert _count_request(user, group) == (roles + 1, 1)  # an audited write renews the generation

    Group.objects.create(name=f"{group.slug}:extra-2")
    _count_request(user, group)
    assert _count_request(user, group)[1] == 0
    post = RequestFactory().post("/")
    post.user = user
    assert group_view()(lambda request: HttpResponse("ok"))(post, group.slug).status_code == 200
    assert _count_request(user, group) == (roles + 2, 1)  # a successful POST to a group page renews it
    _count_request(user, group)
    refused = RequestFactory().post("/")
    refused.user = user
    group_view()(lambda request: HttpResponseBadRequest())(refused, group.slug)
    assert _count_request(user, group)[1] == 0  # a refused POST changed nothing


def test_without_the_setting_the_count_is_never_kept(world, only_source):
    group, user = world["a"].group, world["a"].users["member"]
    only_source("test.none", lambda user, group, access: [WaitingQuery(Group.objects.all(), lambda rows: [])])
    assert [_count_request(user, group)[1] for _ in range(3)] == [1, 1, 1]


@pytest.mark.django_db(transaction=True)
def test_the_home_pages_list_is_kept_per_person_and_language_until_a_write(world, only_source, kept_cache):
    from django.utils import translation

    from vpwg.audit import audit_record

    group, user = world["a"].group, world["a"].users["member"]
    only_source(
        "test.worded",
        lambda user, group, access: [
            WaitingQuery(
                Group.objects.filter(name=f"{group.slug}:member"),
                lambda rows: [_item(title=translation.gettext("Minutes")) for _ in rows],
            )
        ],
    )

    def read(language):
        request = RequestFactory().get("/")
        request.user, request.working_group = user, group
        with translation.override(language), CaptureQueriesContext(connection) as queries:
            items = waiting.waiting_for_request(request).items
        return [item.title for item in items], sum(
            '"auth_group"."name" =' in q["sql"] for q in queries.captured_queries
        )

    assert read("es") == (["Actas"], 1)  # opens the generation
    assert read("es") == (["Actas"], 1)  # kept now
    assert read("es") == (["Actas"], 0)
    assert read("en") == (["Minutes"], 1)  # another language: its own copy
    audit_record(action="test.changed", working_group=group)
    assert read("es") == (["Actas"], 1)  # renewed by the write
