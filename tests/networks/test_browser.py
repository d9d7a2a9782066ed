"""The issue's walk in Chromium, in Spanish: the network's staff open the overview from their home page,
compare Peru and South Kivu by pillar, download the CSV, and get a 404 on a group that does not share."""

import csv
import io

import pytest
from django.conf import settings
from django.core.management import call_command

from members.models import WorkingGroup
from networks.models import Network, NetworkGroup
from tests.factories.members import WorkingGroupFactory
from tests.test_accessibility import AXE, _axe_violations, _keyboard_walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_network_staff_compare_the_groups_export_the_csv_and_miss_a_group_not_sharing(browser, live_server):
    call_command("load_demo", stdout=io.StringIO())
    quiet = WorkingGroupFactory(slug="ghana", name="Ghana Working Group", country="Ghana")
    NetworkGroup.objects.create(network=Network.objects.get(slug="vpi"), working_group=quiet, shares_figures=False)
    context = browser.new_context(bypass_csp=True, locale="es-ES", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill("red@vpi.example.org")
    page.locator("input[name=password]").fill("demo-pass-2026")
    page.get_by_role("button", name="Iniciar sesión").click()
    page.get_by_role("link", name="Resumen de la red: vpi").click()
    page.wait_for_url(f"{live_server.url}/n/vpi/")
    table = page.locator("table.figures")
    peru = WorkingGroup.objects.get(slug="peru").name
    kivu = WorkingGroup.objects.get(slug="south-kivu").name
    assert table.get_by_role("rowheader", name=peru).is_visible()
    assert table.get_by_role("rowheader", name=kivu).is_visible()
    assert "Ghana" not in table.inner_text()
    assert "menos de 3" in table.inner_text()  # South Kivu's small pillars
    folder = settings.BASE_DIR / "var" / "screenshots"  # to look at, and CI's artifacts
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "network-overview-es.png"), full_page=True)
    if AXE.exists():
        assert not _axe_violations(page)
    assert not _keyboard_walk(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar la tabla (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[0][0] == "País" and {row[1] for row in rows[1:]} == {peru, kivu}

    table.get_by_role("link", name=peru).click()
    assert page.get_by_role("heading", level=1).inner_text() == peru
    page.screenshot(path=str(folder / "network-group-es.png"), full_page=True)
    response = page.goto(f"{live_server.url}/n/vpi/groups/ghana/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/g/peru/")  # nothing inside a group
    assert response.status == 404
    context.close()
