"""In a real browser: the Secretariat requests a meeting pack and watches the report centre poll
its progress until it is ready, then downloads it."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from reports import services
from reports.models import Report
from vpwg.celery import app

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_requests_a_meeting_pack_and_sees_it_become_ready(live_server, page, monkeypatch):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    # Act as the worker ourselves (below), so the page has something to poll.
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("socios@peru.example.org")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/g/peru/")
    page.get_by_role("navigation", name="Group sections").get_by_role("link", name="Reports").click()
    page.get_by_role("heading", name="Report centre").wait_for()
    page.locator("[data-pack-request]").first.click()
    page.get_by_text("Meeting pack queued.").wait_for()
    report = Report.objects.get(kind=Report.Kind.MEETING_PACK)
    state = page.locator(f"[data-report-row='{report.pk}'] [data-report-state]")
    assert "Queued" in state.inner_text()
    assert state.locator("progress").count() == 1

    def work():
        try:
            services.report_render(report_id=report.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    # The page polls the status endpoint and reloads when the render is done. The pack's own row: the
    # demo's member report is ready from the start.
    row = page.locator(f"[data-report-row='{report.pk}']")
    row.locator(".report-status-ready").wait_for(timeout=15000)
    assert "Ready" in row.locator("[data-report-state]").inner_text()
    with page.expect_download() as download:
        row.locator("[data-report-download]").click()
    assert download.value.suggested_filename.endswith(".pdf")
