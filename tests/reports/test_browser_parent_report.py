"""The issue's walk in Chromium, in Spanish (issue 19's done-means, its report part): the Peru Secretariat
opens the demo's Government of the Netherlands report 2026, approved, and reads its Peru and DR Congo
sections drawn from the platform, each item with its sources; the PDF says the same (rendered to images
to look at)."""

import io
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command

from reports.models import MemberReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_peru_secretariat_reads_the_government_report_with_peru_and_drc_from_the_platform(browser, live_server):
    call_command("load_demo", stdout=io.StringIO())
    report = MemberReport.objects.get(organisation__name="Government of the Netherlands", year=2026)
    context = browser.new_context(bypass_csp=True, locale="es-ES", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill("socios@peru.example.org")
    page.locator("input[name=password]").fill("demo-pass-2026")
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(f"{live_server.url}/g/peru/")
    page.goto(f"{live_server.url}/g/peru/reports/members/?year=2026")
    row = page.locator("tr", has_text="Embassy of the Netherlands")
    assert "para Government of the Netherlands" in row.inner_text()
    row.get_by_role("link", name="Aprobado").click()
    page.wait_for_url(f"{live_server.url}/g/peru/reports/members/{report.pk}/")

    assert "Aprobado por la Secretaría el" in page.locator("main").inner_text()
    covered = page.locator(".organisation-covered").inner_text()
    assert "Este informe cubre a Government of the Netherlands: Peru, Democratic Republic of the Congo" in covered
    peru = page.locator("section", has=page.get_by_role("heading", name="Peru", exact=True))
    drc = page.locator("section", has=page.get_by_role("heading", name="Democratic Republic of the Congo", exact=True))
    for section, group in ((peru, "Voluntary Principles Working Group Peru"), (drc, "South Kivu Technical Working")):
        assert section.get_by_role("heading", name="De la plataforma").is_visible()
        assert section.get_by_role("heading", name=f"Plenarias a las que asistió — {group}").is_visible()
        assert "Fuentes:" in section.inner_text()
    assert "Embassy of the Netherlands asistió a 1 de las 3 plenarias celebradas en 2026." in peru.inner_text()
    assert "Seminar on responsible business conduct" in peru.inner_text()
    assert "Tareas del plan de trabajo que lidera" in peru.inner_text()
    kivu = drc.inner_text()
    assert "Embassy of the Netherlands in Kinshasa asistió a 1 de las 2 plenarias celebradas en 2026." in kivu
    assert "Workshop on the VPs for mine-site security in Nyabibwe" in kivu and "financiador; 50 participantes" in kivu
    assert "plénière “Plénière de mars 2026" in kivu or "plenaria “Plénière de mars 2026" in kivu
    assert "Aprobar el informe" not in page.content()  # approved already

    folder = settings.BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "member-report-government-es.png"), full_page=True)

    with page.expect_download() as download:
        page.locator("[data-report-download]").first.click()
    pdf = folder / "member-report-government-es.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "Aprobado por la Secretaría el" in text and "De la plataforma" not in text  # the PDF has no such heading
    assert "Embassy of the Netherlands in Kinshasa asistió a 1 de las 2 plenarias celebradas en 2026." in text
    assert "Fuentes: South Kivu Technical Working Group on the VPs" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / "member-report-government-es")], check=True)
    context.close()
