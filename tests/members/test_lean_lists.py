"""The member directory and the audit trail stay lean (issue 18).

The directory shows every pillar on one page while the group is small; a larger group sees one
pillar at a time (?pillar=, members first, then observers) in pages of 25. The audit trail comes in
pages, newest first. Both: the same queries and well under 20 KB however large the group."""

import pytest
from django.urls import reverse

from members.models import Membership, Pillar
from members.views.directory import DIRECTORY_PER_PAGE
from members.views.management import AUDIT_PER_PAGE
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory
from tests.lean_lists import BAD_VALUES, MAX_BYTES, fetch, html
from vpwg.models import AuditRecord

pytestmark = pytest.mark.django_db


def _directory(group):
    return reverse("members:directory", args=[group.slug])


def _admit(world, n: int, start: int = 0):
    """`n` more institutions in each pillar, each with a principal and an alternate; every fifth an observer."""
    for pillar in Pillar.values:
        for index in range(start, start + n):
            status = Membership.Status.OBSERVER if index % 5 == 4 else Membership.Status.MEMBER
            membership = MembershipFactory(
                working_group=world.group,
                pillar=pillar,
                status=status,
                institution=InstitutionFactory(name=f"Inst {pillar} {index:02}", acronym=f"I{index:02}"),
            )
            RepresentativeFactory(membership=membership)
            RepresentativeFactory(membership=membership, role="alternate")


def _rows(page: str) -> int:
    return page.count('<th scope="row"><a href="/g/')


def test_a_small_group_sees_every_pillar_on_one_page(world, client_as):
    a = world["a"]
    page = html(client_as(a.users["member"]).get(_directory(a.group)))
    assert "Mining Co alpha" in page and "Rights NGO alpha" in page and "Observer Org alpha" in page
    assert 'aria-label="Pillars"' in page and '<a href="?" aria-current="page">All pillars</a>' in page
    assert 'href="?pillar=government"' in page and "pager" not in page
    page = html(client_as(a.users["member"]).get(_directory(a.group), {"pillar": "government"}))
    assert "Observer Org alpha" in page and "Mining Co alpha" not in page


@pytest.fixture
def large_group(world):
    a = world["a"]
    _admit(a, 15)  # 16 per pillar, 48 in all: more than one page
    return a


def test_a_large_group_sees_one_pillar_at_a_time_in_pages(large_group, client_as):
    a = large_group
    client = client_as(a.users["member"])
    response, _queries = fetch(client, _directory(a.group))
    page = html(response)
    assert response.context["pillar"] == Pillar.COMPANIES  # the first pillar: nothing hidden behind a choice
    assert "Inst companies 00" in page and "Mining Co alpha" in page and "Inst government 00" not in page
    assert "All pillars" not in page
    assert '<a href="?pillar=companies" aria-current="page">Companies <span class="muted">(16)</span>' in page
    assert '<a href="?pillar=government">Government <span class="muted">(16)</span>' in page
    assert len(response.content) < MAX_BYTES

    page = html(client.get(_directory(a.group), {"pillar": "civil_society"}))
    assert "Inst civil_society 03" in page and "Rights NGO alpha" in page and "Inst companies 00" not in page
    assert "16 members" not in page and "13 members" in page and "3 observers" in page


def test_members_come_before_observers_across_the_pages(large_group, client_as):
    a = large_group
    _admit(a, 10, start=15)  # 26 per pillar: two pages
    client = client_as(a.users["member"])
    first = html(client.get(_directory(a.group), {"pillar": "government"}))
    assert _rows(first) == DIRECTORY_PER_PAGE
    assert 'aria-label="Pages of the directory"' in first
    assert 'href="?pillar=government&amp;page=2"' in first
    second = html(client.get(_directory(a.group), {"pillar": "government", "page": 2}))
    assert _rows(second) == 26 - DIRECTORY_PER_PAGE
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in second
    # 20 members by name, then the 6 observers by name: every fifth added one, then the world's observer.
    assert first.index("Inst government 23") < first.index("Inst government 04")
    assert "Observer Org alpha" in second and "Inst government" not in second


@pytest.mark.parametrize("role", ["member", "secretariat"])
def test_same_queries_and_size_for_twice_the_institutions(large_group, client_as, role):
    a = large_group
    client = client_as(a.users[role])
    small, small_queries = fetch(client, _directory(a.group), {"pillar": "companies"})
    _admit(a, 15, start=15)
    large, large_queries = fetch(client, _directory(a.group), {"pillar": "companies"})
    assert _rows(html(small)) == 16 and _rows(html(large)) == DIRECTORY_PER_PAGE
    # session, user, group, access rows, what waits (navigation), counts per pillar, memberships,
    # representatives: the counts are the pages' total, no COUNT of its own
    assert small_queries == large_queries == 8
    assert len(small.content) < len(large.content) < MAX_BYTES


@pytest.mark.parametrize("value", BAD_VALUES + ["999", "members", "companies "])
def test_a_bad_pillar_or_page_shows_a_page(large_group, world, client_as, value):
    a = large_group
    response = client_as(a.users["member"]).get(_directory(a.group), {"pillar": value, "page": value})
    page = html(response)
    assert response.context["pillar"] == Pillar.COMPANIES
    assert "Inst companies" in page and "Mining Co beta" not in page


# --- the audit trail --------------------------------------------------------------------------


def _audit(group):
    return reverse("members:audit-trail", args=[group.slug])


def _record(world, n: int, label: str):
    AuditRecord.objects.bulk_create(
        AuditRecord(
            working_group=world.group,
            actor=world.users["secretariat"],
            action="members.representative.invited",
            target_type="members.representative",
            target_id=str(index),
            target_label=f"{label} {index:03}",
            reason="Invited after the plenary agreed to widen the civil society pillar.",
        )
        for index in range(n)
    )


def test_the_audit_trail_comes_in_pages_newest_first(world, client_as):
    a, b = world["a"], world["b"]
    _record(b, 5, "Beta's record")
    _record(a, 3 * AUDIT_PER_PAGE, "Record")
    client = client_as(a.users["secretariat"])
    response, queries = fetch(client, _audit(a.group))
    page = html(response)
    newest = f"Record {3 * AUDIT_PER_PAGE - 1:03}"
    assert newest in page and "Record 000" not in page and "Beta" not in page
    assert 'aria-label="Pages of the audit trail"' in page
    assert '<a href="?" aria-current="page"><span class="visually-hidden">Page </span>1</a>' in page
    assert 'href="?page=2"' in page and 'href="?page=4"' in page and 'rel="next"' in page
    assert len(response.content) < MAX_BYTES

    _record(a, 3 * AUDIT_PER_PAGE, "Later record")
    records = list(AuditRecord.objects.filter(working_group=a.group).values_list("target_label", flat=True))
    pages = -(-len(records) // AUDIT_PER_PAGE)
    number = records.index("Record 000") // AUDIT_PER_PAGE + 1
    assert number == 6  # 239 newer records before it
    response, more_queries = fetch(client, _audit(a.group), {"page": str(number)})
    page = html(response)
    assert "Record 000" in page and "Later record" not in page
    assert f"Page {number} of {pages}, newest first." in page
    # session, user, group, access rows, what waits (navigation), the count, the page's records
    assert queries == more_queries == 7
    assert len(response.content) < MAX_BYTES


@pytest.mark.parametrize("value", BAD_VALUES + ["999"])
def test_a_bad_audit_page_shows_a_page(world, client_as, value):
    a = world["a"]
    _record(a, AUDIT_PER_PAGE + 1, "Record")
    response = client_as(a.users["secretariat"]).get(_audit(a.group), {"page": value})
    assert "Record" in html(response)


def test_members_still_cannot_read_the_audit_trail(world, client_as):
    a = world["a"]
    assert client_as(a.users["member"]).get(_audit(a.group), {"page": "2"}).status_code == 403
