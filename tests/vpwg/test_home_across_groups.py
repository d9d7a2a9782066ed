"""The person's home across groups (issue 19, item 1): what waits for them in every group they belong
to, grouped by group, each group's list as its own dashboard reads it (vpwg/person.py); a fixed number
of queries per group whatever waits; a group they are not in, or left, is not there."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services as meeting_services
from members import services
from members.models import Representative
from tests.conftest import build_group_world
from tests.factories.meetings import MeetingFactory
from tests.factories.members import RepresentativeFactory
from vpwg.person import waiting_across_groups

# The session, the user, the person's groups with their capabilities (vpwg/access_rows.py) and their
# working groups: 4 queries; then in each group what waits for a member, as its dashboard reads it: one
# query per source with something to ask (vpwg/waiting.py; written procedures, invitations, follow-up
# actions, tasks, the next plenary): 5. With Redis each group's list is kept between its writes
# (vpwg.kept), and those 5 are not asked again.
HOME_QUERIES = {2: 4 + 2 * 5, 3: 4 + 3 * 5}


def _invite(world, title: str):
    """A plenary of `world`'s group in ten days, its audience invited (an invitation waits for each)."""
    meeting = MeetingFactory(working_group=world.group, title=title, starts_in_days=10)
    meeting_services.meeting_invite(meeting=meeting, actor=world.users["secretariat"])
    return meeting


def _join(person, world) -> Representative:
    """`person` becomes a representative of the company of `world`'s group: a member there too."""
    return RepresentativeFactory(user=person, membership=world.objects["company"])


@pytest.fixture
def person(world):
    """Group A's member representative, who represents the company of group B as well."""
    person = world["a"].users["member"]
    _join(person, world["b"])
    return person


def _sections(html: str) -> dict[str, str]:
    """{group slug: the HTML of its section} of the home page."""
    found = {}
    for part in html.split('data-group="')[1:]:
        slug, _sep, rest = part.partition('"')
        found[slug] = rest.split("</section>")[0]
    return found


def test_home_lists_what_waits_in_each_of_the_persons_groups_and_nothing_of_another(world, person, client_as):
    gamma = build_group_world("gamma")
    _invite(world["a"], "Plenaria de Alfa")
    _invite(world["b"], "Plenaria de Beta")
    _invite(gamma, "Plenaria de Gamma")

    response = client_as(person).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    html = response.content.decode()
    sections = _sections(html)
    assert list(sections) == ["alpha", "beta"]  # by name: "Group alpha", "Group beta"
    assert "Plenaria de Alfa" in sections["alpha"] and "Plenaria de Beta" not in sections["alpha"]
    assert "Plenaria de Beta" in sections["beta"] and "Plenaria de Alfa" not in sections["beta"]
    assert "Invitación por responder" in sections["alpha"]
    assert "Plenaria de Gamma" not in html and "gamma" not in html
    for slug in ("alpha", "beta"):
        assert reverse("members:dashboard", args=[slug]) in sections[slug]
    assert reverse("calendar:settings") in html
    assert "Mis grupos de trabajo" in html


def test_each_groups_list_is_the_one_its_dashboard_shows(world, person, client_as):
    _invite(world["a"], "Plenaria de Alfa")
    _invite(world["b"], "Plenaria de Beta")
    across = {entry.group.slug: entry for entry in waiting_across_groups(person)}
    client = client_as(person)
    for slug in ("alpha", "beta"):
        dashboard = client.get(reverse("members:dashboard", args=[slug])).context["waiting"]
        assert [item.title for item in across[slug].waiting.items] == [item.title for item in dashboard.items]
        assert across[slug].waiting.count == dashboard.count > 0
        assert across[slug].roles == ("member",)


def test_a_group_left_leaves_the_home_at_once(world, person, client_as):
    _invite(world["b"], "Plenaria de Beta")
    representative = Representative.objects.get(user=person, membership=world["b"].objects["company"])
    services.representative_remove(
        representative=representative, actor=world["b"].users["secretariat"], reason="Changed jobs"
    )
    person.refresh_from_db()
    response = client_as(person).get(reverse("home") + "?all=1")
    assert list(_sections(response.content.decode())) == ["alpha"]
    assert "Plenaria de Beta" not in response.content.decode()


def test_one_group_and_no_network_goes_straight_to_its_dashboard(world, client_as):
    """Its dashboard shows the same list (and the group's membership): the home would add a click."""
    client = client_as(world["a"].users["member"])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("members:dashboard", args=["alpha"])
    assert list(_sections(client.get(reverse("home") + "?all=1").content.decode())) == ["alpha"]


def test_someone_in_no_group_is_told_how_to_join(world, client_as):
    html = client_as(world["a"].users["outsider"]).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Todavía no participa en ningún grupo de trabajo. La Secretaría de su grupo puede invitarle." in html
    assert _sections(html) == {}


def _home_queries(client, django_assert_num_queries, expected: int) -> str:
    with django_assert_num_queries(expected):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("n_groups", [2, 3])
def test_home_queries_are_fixed_per_group_whatever_waits(world, person, client_as, django_assert_num_queries, n_groups):
    worlds = [world["a"], world["b"]]
    if n_groups == 3:
        worlds.append(build_group_world("gamma"))
        _join(person, worlds[2])
    client = client_as(person)
    for each in worlds:
        _invite(each, f"Plenaria 1 de {each.group.slug}")
    few = _home_queries(client, django_assert_num_queries, HOME_QUERIES[n_groups])
    for each in worlds:
        for n in range(2, 6):
            _invite(each, f"Plenaria {n} de {each.group.slug}")
    many = _home_queries(client, django_assert_num_queries, HOME_QUERIES[n_groups])
    assert few.count('data-kind="meetings.invitation"') == n_groups
    assert many.count('data-kind="meetings.invitation"') == 5 * n_groups


@pytest.mark.django_db(transaction=True)  # what is read inside a transaction is never kept
def test_each_groups_list_is_kept_between_its_writes(world, client, settings):
    """With the group cache on (Redis in production; local memory here) the home reads each group's
    list where its dashboard keeps it: no query of what waits until that group changes, and a write in
    one group renews that group's list only."""
    from django.core.cache import cache

    from vpwg.audit import audit_record

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "h1"}}
    settings.VPWG_GROUP_CACHE_SECONDS = 60
    cache.clear()
    person = world["a"].users["member"]
    _join(person, world["b"])
    _invite(world["a"], "Plenaria de Alfa")
    client.force_login(person)

    def invitation_reads() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return sum('FROM "meetings_meetinginvitation"' in q["sql"] for q in queries.captured_queries)

    assert invitation_reads() == 2  # one per group
    invitation_reads()  # (kept now at the latest: the first read may have had to open the generations)
    assert invitation_reads() == 0  # both groups' lists from the cache
    _invite(world["b"], "Plenaria de Beta")  # a write in group B (audited)
    assert [invitation_reads(), invitation_reads()] == [1, 0]  # B's list again, A's from the cache
    assert "Plenaria de Beta" in client.get(reverse("home")).content.decode()
    audit_record(action="test.changed", working_group=world["a"].group)
    assert [invitation_reads(), invitation_reads()] == [1, 0]
