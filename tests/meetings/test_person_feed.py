"""One private calendar of the meetings of all the person's groups (issue 19, item 1): /me/calendar/.

The secret is the person's one calendar secret (CalendarFeed): each group's feed and this one open with
it, and renewing it (on either page) stops every old address at once. Each group's meetings are in it
by the rule of that group's own feed (view_group); a group the person is not in, or left, is not."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import selectors, services
from members import services as member_services
from members.models import Representative
from tests.conftest import build_group_world
from tests.factories.meetings import MeetingFactory
from tests.factories.members import RepresentativeFactory
from vpwg.audit import AuditRecord

ROLES = ("member", "observer", "coordination", "secretariat", "admin")


def _summaries(body: bytes) -> set[str]:
    return {str(event["summary"]) for event in Calendar.from_ical(body).walk("VEVENT")}


def _feed_url(user) -> str:
    return reverse("calendar:feed", kwargs={"token": services.calendar_feed_for(user=user).token})


@pytest.fixture
def person(world):
    """Group A's member representative, who represents the company of group B as well."""
    person = world["a"].users["member"]
    RepresentativeFactory(user=person, membership=world["b"].objects["company"])
    return person


@pytest.fixture
def meetings(world):
    gamma = build_group_world("gamma")
    return {
        "alpha": MeetingFactory(working_group=world["a"].group, title="Plenaria de Alfa", starts_in_days=10),
        "alpha-past": MeetingFactory(working_group=world["a"].group, title="Plenaria pasada", starts_in_days=-40),
        "alpha-old": MeetingFactory(working_group=world["a"].group, title="Plenaria antigua", starts_in_days=-400),
        "beta": MeetingFactory(working_group=world["b"].group, title="Plenaria de Beta", starts_in_days=20),
        "gamma": MeetingFactory(working_group=gamma.group, title="Plenaria de Gamma", starts_in_days=15),
    }


def test_the_feed_has_the_meetings_of_both_groups_and_not_of_a_third(client, person, meetings):
    response = client.get(_feed_url(person))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert _summaries(response.content) == {
        "Plenaria de Alfa · Group alpha",
        "Plenaria pasada · Group alpha",
        "Plenaria de Beta · Group beta",
    }  # the last year and everything ahead, as each group's feed; never gamma's
    assert b"ATTENDEE" not in response.content


def test_each_groups_meetings_are_those_of_its_own_feed_for_every_role(world, client, meetings):
    """Same rule as the group's feed, whatever the person's role there."""
    for role in ROLES:
        user = world["a"].users[role]
        token = services.calendar_feed_for(user=user).token
        own = client.get(reverse("meetings:calendar-feed", kwargs={"group_slug": "alpha", "token": token}))
        across = client.get(reverse("calendar:feed", kwargs={"token": token}))
        assert _summaries(across.content) == _summaries(own.content), role
        assert "Plenaria de Alfa · Group alpha" in _summaries(across.content)


def test_an_unknown_token_is_not_found(client, person, meetings):
    assert client.get(reverse("calendar:feed", kwargs={"token": "not-a-token"})).status_code == 404
    assert client.get(reverse("calendar:feed", kwargs={"token": "A" * 43})).status_code == 404


def test_an_inactive_owners_feed_is_not_found(client, person, meetings):
    url = _feed_url(person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_a_group_left_leaves_the_feed(world, client, person, meetings):
    url = _feed_url(person)
    representative = Representative.objects.get(user=person, membership=world["b"].objects["company"])
    member_services.representative_remove(
        representative=representative, actor=world["b"].users["secretariat"], reason="Changed jobs"
    )
    assert _summaries(client.get(url).content) == {"Plenaria de Alfa · Group alpha", "Plenaria pasada · Group alpha"}


def test_renewing_the_address_stops_the_old_one_everywhere(client_as, person, meetings):
    client = client_as(person)
    old_token = services.calendar_feed_for(user=person).token
    page = client.get(reverse("calendar:settings"))
    assert page.status_code == 200
    assert f"/me/calendar/{old_token}.ics" in page.content.decode()
    assert [group.slug for group in page.context["groups"]] == ["alpha", "beta"]

    response = client.post(reverse("calendar:settings"))
    assert response.status_code == 302 and response.url == reverse("calendar:settings")
    new_token = services.calendar_feed_for(user=person).token
    assert new_token != old_token
    assert AuditRecord.objects.filter(action="meetings.calendar_feed.regenerated", actor=person).exists()

    client.logout()  # calendar applications do not sign in
    assert client.get(reverse("calendar:feed", kwargs={"token": old_token})).status_code == 404
    group_feed = reverse("meetings:calendar-feed", kwargs={"group_slug": "alpha", "token": old_token})
    assert client.get(group_feed).status_code == 404  # the one secret of the person's feeds
    assert client.get(reverse("calendar:feed", kwargs={"token": new_token})).status_code == 200


def test_the_settings_page_in_spanish(client_as, person):
    html = client_as(person).get(reverse("calendar:settings"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Mi calendario de todos mis grupos" in html
    assert "Group alpha" in html and "Group beta" in html


def test_person_feed_meetings_reads_a_fixed_number_of_queries(world, person, meetings, django_assert_num_queries):
    """The person's groups with their capabilities, their working groups, the meetings: 3, however many
    groups and meetings (the groups' rows are the ones just read: no join)."""
    for n in range(5):
        MeetingFactory(working_group=world["b"].group, title=f"Taller {n}", starts_in_days=30 + n)
    owner = selectors.person_feed_owner(services.calendar_feed_for(user=person).token)  # as the feed reads it
    with django_assert_num_queries(3):
        found = selectors.person_feed_meetings(owner)
        titles = [f"{meeting.title} · {meeting.working_group.slug}" for meeting in found]
    assert len(titles) == 8 and "Plenaria de Gamma · gamma" not in titles
    assert [meeting.starts_at for meeting in found] == sorted(meeting.starts_at for meeting in found)


def test_renewing_on_a_groups_page_stops_the_all_groups_address_too(client_as, person, meetings):
    client = client_as(person)
    old = _feed_url(person)
    page = client.get(reverse("meetings:calendar-settings", args=["alpha"]), HTTP_ACCEPT_LANGUAGE="es")
    assert "La misma clave secreta abre su calendario de todos sus grupos" in page.content.decode()
    assert reverse("calendar:settings") in page.content.decode()
    client.post(reverse("meetings:calendar-settings", args=["alpha"]))
    assert client.get(old).status_code == 404
    assert client.get(_feed_url(person)).status_code == 200
