"""The person's home across groups in a real browser, in Spanish (issue 19, item 1): someone in two
groups signs in, sees what waits for them in each group by group, opens one group's dashboard from it
and the page of their one calendar of all their groups."""

from pathlib import Path

import pytest
from django.conf import settings

from meetings import services as meeting_services
from members.models import UserProfile, WorkingGroup
from tests.conftest import build_group_world
from tests.factories.meetings import MeetingFactory
from tests.factories.members import RepresentativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _two_groups():
    peru, kivu, other = build_group_world("peru"), build_group_world("sud-kivu"), build_group_world("ghana")
    WorkingGroup.objects.filter(pk=peru.group.pk).update(name="Grupo de Trabajo de Perú", short_name="Perú")
    WorkingGroup.objects.filter(pk=kivu.group.pk).update(name="Grupo de Trabajo de Kivu del Sur", country="DRC")
    WorkingGroup.objects.filter(pk=other.group.pk).update(name="Grupo de Trabajo de Ghana", country="Ghana")
    person = peru.users["member"]
    person.first_name, person.last_name = "Rosa", "Quispe"
    person.save(update_fields=["first_name", "last_name"])
    RepresentativeFactory(user=person, membership=kivu.objects["company"])
    UserProfile.objects.update_or_create(user=person, defaults={"language": "es"})
    for world, title in ((peru, "Plenaria de marzo"), (kivu, "Plenaria de Bukavu"), (other, "Plenaria de Accra")):
        meeting = MeetingFactory(working_group=world.group, title=title, starts_in_days=12)
        meeting_services.meeting_invite(meeting=meeting, actor=world.users["secretariat"])
    return person


def test_a_person_in_two_groups_sees_both_on_one_home_in_spanish(live_server, page):
    person = _two_groups()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("test-pass-123")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/")
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "es"  # the profile's language, after sign-in
    assert "Ha iniciado sesión exitosamente" in page.locator(".messages").inner_text()  # its message too
    assert page.get_by_role("heading", name="Mis grupos de trabajo", level=1).is_visible()
    peru = page.locator("section[data-group=peru]")
    kivu = page.locator("section[data-group=sud-kivu]")
    assert page.locator("section[data-group]").count() == 2  # never Ghana's
    assert "Invitación por responder" in peru.inner_text() and "Plenaria de marzo" in peru.inner_text()
    assert "Plenaria de Bukavu" in kivu.inner_text() and "Plenaria de marzo" not in kivu.inner_text()
    assert "Plenaria de Accra" not in page.content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home-across-groups-es.png"), full_page=True)

    kivu.get_by_role("link", name="Abrir el panel de Grupo de Trabajo de Kivu del Sur").click()
    page.wait_for_url(f"{live_server.url}/g/sud-kivu/")
    assert page.get_by_role("heading", name="Grupo de Trabajo de Kivu del Sur", level=1).is_visible()
    assert "Plenaria de Bukavu" in page.locator("section.waiting").inner_text()

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Un solo calendario con las reuniones de todos sus grupos").click()
    page.wait_for_url(f"{live_server.url}/me/calendar/")
    assert page.get_by_role("heading", name="Mi calendario de todos mis grupos").is_visible()
    address = page.get_by_label("Dirección privada del calendario").input_value()
    assert address.startswith(live_server.url + "/me/calendar/") and address.endswith(".ics")
    assert "Grupo de Trabajo de Perú" in page.locator(".feed-groups").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "person-calendar-es.png"), full_page=True)

    page.goto(f"{live_server.url}/me/preferences/")
    assert page.get_by_role("heading", name="Sus preferencias").is_visible()
    assert page.get_by_label("Nombre:", exact=True).input_value() == "Rosa"
    assert page.get_by_label("Idioma:", exact=True).input_value() == "es"
    page.screenshot(path=str(SCREENSHOTS / "preferences-es.png"), full_page=True)
