"""The foundation's walk in a real browser: sign in as the demo Secretariat, open the directory."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_signs_in_and_opens_the_member_directory(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    page.goto(f"{live_server.url}/g/peru/members/")
    assert "/accounts/login/" in page.url  # deny by default
    page.get_by_label("Email").fill("socios@peru.example.org")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/g/peru/members/")
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Member directory").is_visible()
    # A group of this size sees one pillar at a time (issue 18); the pillars' links are plain links.
    pillars = page.get_by_role("navigation", name="Pillars")
    assert pillars.locator("[aria-current=page]").inner_text().startswith("Companies")
    pillars.get_by_role("link", name="Government").click()
    page.wait_for_url("**/members/?pillar=government")
    government = page.get_by_role("heading", name="Government")
    assert "14 members" in government.inner_text() and "1 observer" in government.inner_text()
    assert page.get_by_role("link", name="Ministry of Energy and Mines").is_visible()
    pillars.get_by_role("link", name="Civil society").click()
    page.get_by_role("link", name="Socios Perú").click()
    assert page.get_by_role("heading", name="Membership history").is_visible()
    assert page.get_by_role("link", name="Invite a representative").is_visible()
    # The navigation names every section; later ones say they are not yet available.
    nav = page.get_by_role("navigation", name="Group sections")
    for label in ["Dashboard", "Members", "Meetings", "Minutes", "Work plan", "Activities", "Reports"]:
        assert nav.get_by_role("link", name=label).is_visible()


def test_a_representative_of_one_group_cannot_open_another(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("repsol@peru.example.org")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/g/peru/")
    response = page.goto(f"{live_server.url}/g/south-kivu/members/")
    assert response.status == 404
