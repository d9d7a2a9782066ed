"""Render states, duplicates, failures, the report centre's queries and the members' report sweep."""

from datetime import date

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from reports import services
from reports.models import Report
from tests.factories.reports import AnnualReportFactory, MemberReportFactory, upcoming_meeting
from vpwg.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_second_request_while_queued_returns_the_same_report_and_queues_nothing(world):
    a = world["a"]
    annual = AnnualReportFactory(a, 2024)
    first, queued = services.report_request(actor=a.users["secretariat"], kind="annual_group", subject=annual)
    second, queued_again = services.report_request(actor=a.users["secretariat"], kind="annual_group", subject=annual)
    assert (queued, queued_again) == (True, False)
    assert first.pk == second.pk and Report.objects.filter(annual_report=annual).count() == 1


def test_failed_render_keeps_the_previous_copy_and_shows_the_error_to_the_secretariat_only(
    world, client_as, monkeypatch, django_capture_on_commit_callbacks
):
    a = world["a"]
    annual = AnnualReportFactory(a, 2024, status="circulated")
    with django_capture_on_commit_callbacks(execute=True):
        pass
    report = Report.objects.get(annual_report=annual)
    if report.status != Report.Status.READY:  # the circulate step queued it; render it now
        services.report_render(report_id=report.pk)
        report.refresh_from_db()
    assert report.status == Report.Status.READY and report.file
    good = report.file.name

    def disk_full(self, name, content, max_length=None):  # the outside world fails: the file store
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", disk_full)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request(actor=a.users["secretariat"], kind="annual_group", subject=annual)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "No space left on device" in report.error
    assert report.file.name == good  # the last good copy is still there
    monkeypatch.undo()

    page = client_as(a.users["secretariat"]).get(reverse("reports:index", args=[a.group.slug])).content.decode()
    assert "No space left on device" in page and "Retry" in page and "previous copy is still available" in page
    page = client_as(a.users["member"]).get(reverse("reports:index", args=[a.group.slug])).content.decode()
    assert "Failed" in page and "No space left" not in page and "Download PDF" in page
    response = client_as(a.users["member"]).get(reverse("reports:report-pdf", args=[a.group.slug, report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_render_twice_renders_once(world, django_capture_on_commit_callbacks):
    a = world["a"]
    meeting = upcoming_meeting(a)
    report, _ = services.report_request(actor=a.users["secretariat"], kind="meeting_pack", subject=meeting)
    assert services.report_render(report_id=report.pk).status == Report.Status.READY
    assert services.report_render(report_id=report.pk) is None  # a repeated task finds nothing queued


def _centre_queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["secretariat", "member", "coordination"])
def test_report_centre_queries_do_not_grow_with_the_number_of_reports(
    world, client_as, role, django_assert_num_queries
):
    a = world["a"]
    client = client_as(a.users[role])
    url = reverse("reports:index", args=[a.group.slug])
    AnnualReportFactory(a, 2020, status="circulated")
    MemberReportFactory(a, year=2020, submitted=True)
    upcoming_meeting(a, title="Pack one")
    for report in Report.objects.all():
        services.report_render(report_id=report.pk)
    client.get(url)  # the first request fills per-process caches (content types); measure the steady state
    small = _centre_queries(client, None, url)
    for year in (2021, 2022, 2023):
        AnnualReportFactory(a, year, status="circulated")
        MemberReportFactory(a, year=year, submitted=True)
    for n in range(3):
        meeting = upcoming_meeting(a, title=f"Pack {n}", days=20 + n)
        services.report_request(actor=a.users["secretariat"], kind="meeting_pack", subject=meeting)
    assert Report.objects.count() >= 9
    with django_assert_num_queries(small):
        client.get(url)


def test_member_reports_sweep_reminds_before_the_deadline_and_flags_after_it_once(world):
    a = world["a"]
    a.group.requires_annual_member_reports = True
    a.group.save()
    MemberReportFactory(a, year=2025, submitted=True)  # the company reported; the NGO and observer did not
    sent = services.member_reports_sweep(today=date(2026, 3, 20))
    assert sent["reminders"] == 2 and sent["flags"] == 0
    sent = services.member_reports_sweep(today=date(2026, 4, 2))
    assert sent == {"reminders": 0, "flags": 1}
    flag = OutboxMessage.objects.get(dedupe_key__contains=":overdue:")
    assert flag.recipient == a.users["coordination"].email
    assert "Rights NGO alpha" in flag.body_text and "Observer Org alpha" in flag.body_text
    assert "Mining Co alpha" not in flag.body_text
    count = OutboxMessage.objects.count()
    services.member_reports_sweep(today=date(2026, 4, 3))
    assert OutboxMessage.objects.count() == count  # sent once


def test_report_mails_go_out_in_each_recipients_language(world):
    from members.models import UserProfile
    from vpwg.models import AuditRecord

    a = world["a"]
    a.group.language = "en"
    a.group.save(update_fields=["language"])
    for role in ("member", "coordination"):  # the company's representative and the Coordination Group read Spanish
        UserProfile.objects.update_or_create(user=a.users[role], defaults={"language": "es"})
    annual = AnnualReportFactory(a, 2024, status="circulated")

    def subject(event, role):
        return OutboxMessage.objects.get(
            dedupe_key__startswith=f"annual:{annual.pk}:{event}:", recipient=a.users[role].email
        ).subject

    assert subject("submitted", "coordination") == f"El informe anual 2024 de {a.group.name} espera su aprobación"
    assert subject("circulated", "member") == f"Informe anual 2024 de {a.group.name} (confidencial)"
    assert subject("circulated", "observer") == f"Annual report 2024 of {a.group.name} (confidential)"
    # One audit record per transition, written by the same call that queued the mail.
    for action in ("reports.annual.submitted", "reports.annual.circulated"):
        assert AuditRecord.objects.filter(action=action, target_id=str(annual.pk)).count() == 1


def test_each_reader_gets_the_report_with_its_fixed_text_in_their_language(world, client_as):
    """Issue 16: the document's headings in the reader's language (a copy per interface language is
    rendered beside the group's); the texts stay as the group wrote them."""
    import io

    from pypdf import PdfReader

    from members.models import UserProfile
    from tests.test_translations import compiled_catalogs  # noqa: F401 - the .mo files, compiled when stale

    a = world["a"]
    a.group.language = "es"
    a.group.save(update_fields=["language"])
    meeting = upcoming_meeting(a)
    report, _ = services.report_request(actor=a.users["secretariat"], kind="meeting_pack", subject=meeting)
    report = services.report_render(report_id=report.pk)
    storage, name = report.file.storage, report.file.name
    assert storage.exists(name.replace(".pdf", ".fr.pdf")) and storage.exists(name.replace(".pdf", ".en.pdf"))

    def first_page(user):
        response = client_as(user).get(reverse("reports:report-pdf", args=[a.group.slug, report.pk]))
        return PdfReader(io.BytesIO(response.content)).pages[0].extract_text()

    UserProfile.objects.update_or_create(user=a.users["member"], defaults={"language": "fr"})
    assert "DOSSIER DE RÉUNION" in first_page(a.users["member"]).upper()
    assert "CARPETA DE LA REUNIÓN" in first_page(a.users["secretariat"]).upper()  # no choice saved: the group's

    rendered_again = services.report_render(
        report_id=services.report_request(actor=a.users["secretariat"], kind="meeting_pack", subject=meeting)[0].pk
    )
    if rendered_again is not None and rendered_again.file.name != name:  # a new copy: the old ones are gone
        assert not storage.exists(name) and not storage.exists(name.replace(".pdf", ".fr.pdf"))
