"""The issue's walk in Chromium, in Spanish: the network's staff open the overview from their home page,
compare Peru and South Kivu by pillar attendance, download the CSV, and get a 404 on the demo's group that
does not share (Ghana)."""

import csv
import io

import pytest
from django.conf import settings
from django.core.management import call_command

from members.models import WorkingGroup
from networks.models import NetworkGroup
from tests.test_accessibility import AXE, _axe_violations, _keyboard_walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_network_staff_compare_the_groups_export_the_csv_and_miss_a_group_not_sharing(browser, live_server):
    call_command("load_demo", stdout=io.StringIO())
    assert NetworkGroup.objects.get(network__slug="vpi", working_group__slug="ghana").shares_figures is False
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
    assert "Cifras calculadas el" in page.locator(".computed-at").inner_text()

    # Peru and South Kivu compared by pillar attendance: the chart (patterns, values written out) and
    # its numbers as a table, one row per group, one column per pillar.
    chart = page.locator("section.chart-block", has=page.get_by_role("heading", name="Asistencia a las plenarias"))
    assert chart.locator("svg title").first.text_content().startswith("Asistencia a las plenarias por pilar")
    chart.get_by_text("Mostrar las cifras en una tabla").click()
    numbers = chart.locator("table")
    assert [numbers.locator("thead th").nth(i).inner_text() for i in range(1, 4)] == [
        "Empresas",
        "Gobierno",
        "Sociedad civil",
    ]
    lines = numbers.locator("tbody tr")
    compared = {
        lines.nth(i).locator("th").inner_text(): lines.nth(i).locator("td").all_inner_texts()
        for i in range(lines.count())
    }
    short = {group.short_name or group.name for group in WorkingGroup.objects.filter(slug__in=["peru", "south-kivu"])}
    assert set(compared) == short and all(len(values) == 3 for values in compared.values())
    assert any("menos de 3" in value for values in compared.values() for value in values)  # South Kivu's pillars
    folder = settings.BASE_DIR / "var" / "screenshots"  # to look at, and CI's artifacts
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "network-overview-es.png"), full_page=True)
    if AXE.exists():
        assert not _axe_violations(page)
    assert not _keyboard_walk(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar la tabla (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    figures = [row for row in rows[1:] if len(row) == 6]
    assert rows[0][0] == "País" and {row[1] for row in figures} == {peru, kivu}  # never Ghana
    rates = [row for row in figures if row[2] == "Tasa de asistencia a las plenarias (%)"]
    assert {(row[1], row[4]) for row in rates} == {
        (name, pillar) for name in (peru, kivu) for pillar in ("Empresas", "Gobierno", "Sociedad civil")
    }

    table.get_by_role("link", name=peru).click()
    assert page.get_by_role("heading", level=1).inner_text() == peru
    page.screenshot(path=str(folder / "network-group-es.png"), full_page=True)
    response = page.goto(f"{live_server.url}/n/vpi/groups/ghana/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/g/peru/")  # nothing inside a group
    assert response.status == 404
    context.close()
