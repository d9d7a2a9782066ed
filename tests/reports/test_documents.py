"""Each report kind rendered on the demo data, read back as text: sections, numbers, marking."""

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pypdf import PdfReader

from meetings.models import Meeting
from members.models import Membership, Representative, WorkingGroup
from reports import selectors, services
from reports.models import Report
from tests.factories.decisions import adopt
from vpwg.models import DocumentAccess

pytestmark = pytest.mark.django_db

User = get_user_model()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def peru(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    peru = WorkingGroup.objects.get(slug="peru")
    peru.language = "en"  # documents follow the group's language; the checks below read English
    peru.save(update_fields=["language"])
    return peru


def user(login):
    return User.objects.get(email=f"{login}@peru.example.org")


def render(kind, subject, actor, capture):
    with capture(execute=True):
        report, queued = services.report_request(actor=actor, kind=kind, subject=subject)
    assert queued
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    return report


def test_annual_report_on_demo_data_has_every_section_its_numbers_and_the_recipient_marking(
    peru, django_capture_on_commit_callbacks
):
    secretariat = user("socios")
    year = peru.today().year
    with django_capture_on_commit_callbacks(execute=True):
        annual = services.annual_report_start(working_group=peru, year=year, actor=secretariat)
        annual = services.annual_report_save(
            annual=annual,
            actor=secretariat,
            revision=annual.revision,
            foreword="It is our pleasure to present the group's report.",
            lessons_learned="Dialogue builds trust between pillars.",
            challenges="Keeping host-state agencies at the table.",
        )
        started = time.perf_counter()
        services.annual_report_submit(annual=annual, actor=secretariat)
    seconds = time.perf_counter() - started
    with django_capture_on_commit_callbacks(execute=True):
        adopt(annual.working_group, "annual_report", annual)
        services.annual_report_circulate(annual=annual, actor=secretariat)
    report = Report.objects.get(annual_report=annual)
    assert report.status == Report.Status.READY, report.error
    print(f"annual report {year}: {report.render_seconds}s rendering, {seconds:.2f}s in all, {report.pages} pages")

    member = user("antamina")
    stamped = services.report_download(report=report, user=member)
    text = pdf_text(stamped)
    for heading in ["Contents", "Foreword", "Membership", "Meetings and attendance", "Topics discussed",
                    "Minutes circulated", "Work plan progress", "Activities and participants", "Outreach",
                    "Lessons learned", "Challenges"]:  # fmt: skip
        assert heading in text, heading
    document = selectors.annual_document(annual)
    membership = document["membership"]
    assert f"Total {membership['total_member']} {membership['total_observer']}" in text
    assert f"The group held {len(document['meetings']['list'])} meetings in {year}" in text
    assert "It is our pleasure to present" in text and "Dialogue builds trust" in text
    # Attendance by pillar only: no institution is named as attending.
    assert "Attendance is reported as numbers per pillar" in text
    # Recipient marking on every page, running header with the confidentiality line.
    pages = PdfReader(io.BytesIO(stamped)).pages
    assert all("Copy for Patricia Vega — Antamina" in page.extract_text() for page in pages)
    assert "Confidential — Chatham House Rule, do not attribute" in pages[2].extract_text()
    assert DocumentAccess.objects.filter(user=member, object_id=report.pk, action="download").count() == 1
    # Vector charts: the SVG bars are drawn, not embedded as images.
    assert not any("/Image" in str(page.get("/Resources", {}).get("/XObject", {})) for page in pages)


def test_meeting_pack_on_demo_data(peru, django_capture_on_commit_callbacks):
    secretariat = user("socios")
    meeting = Meeting.objects.filter(working_group=peru).upcoming().not_cancelled().order_by("starts_at").first()
    started = time.perf_counter()
    report = render(Report.Kind.MEETING_PACK, meeting, secretariat, django_capture_on_commit_callbacks)
    print(f"meeting pack: {report.render_seconds}s in the task, {time.perf_counter() - started:.2f}s in all")
    text = pdf_text(services.report_download(report=report, user=user("idl")))
    for heading in ["Agenda", "Guests and speakers", "Minutes of the previous meeting", "Open follow-up actions"]:
        assert heading in text
    for item in meeting.agenda_items.all():
        assert item.title.split()[0] in text
    assert "Dr Elena Ruiz" in text and "IDEH-PUCP" in text
    assert f"Total {sum(i.length_minutes for i in meeting.agenda_items.all())}" in text
    assert "Copy for Carmen Mendoza — IDL" in text


def test_government_member_report_follows_the_guidelines_with_country_sections(
    peru, django_capture_on_commit_callbacks
):
    author = user("mininter")
    membership = Representative.objects.get(user=author, working_group=peru).membership
    report = services.member_report_start(membership=membership, year=2025, actor=author)
    report = services.member_report_save(
        report=report, actor=author, revision=report.revision, countries="Peru, Colombia", texts={}
    )
    texts = {(s["key"], s["country"]): f"Text of {s['title']}." for s in report.sections}
    report = services.member_report_save(
        report=report, actor=author, revision=report.revision, countries="Peru, Colombia", texts=texts
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.member_report_submit(report=report, actor=author)
    rendered = Report.objects.get(member_report=report)
    assert rendered.status == Report.Status.READY, rendered.error
    text = pdf_text(services.report_download(report=rendered, user=author))
    for heading in [
        "A. Commitment to the Voluntary Principles",
        "B. Domestic policies, laws and regulations",
        "C. Promotion and implementation of the Voluntary Principles",
        "Lessons learned and challenges in Peru",
        "Lessons learned and challenges in Colombia",
    ]:
        assert heading in text, heading
    assert "Ministry of Interior" in text and "Copy for Carlos Quispe" in text


def test_a_year_without_data_says_so_instead_of_failing(peru, django_capture_on_commit_callbacks):
    secretariat = user("socios")
    annual = services.annual_report_start(working_group=peru, year=2003, actor=secretariat)
    report = render(Report.Kind.ANNUAL_GROUP, annual, secretariat, django_capture_on_commit_callbacks)
    text = " ".join(pdf_text(services.report_download(report=report, user=secretariat)).split())
    assert "No meetings were held in 2003" in text
    assert "No activities were recorded in 2003" in text
    assert "No meetings, activities, work plan tasks, outreach or membership changes were recorded for 2003" in text


def test_membership_that_ends_loses_the_circulated_annual_report(peru, django_capture_on_commit_callbacks):
    from vpwg import circulation, permissions

    annual = services.annual_report_start(working_group=peru, year=2025, actor=user("socios"))
    with django_capture_on_commit_callbacks(execute=False):
        services.annual_report_submit(annual=annual, actor=user("socios"))
        adopt(peru, "annual_report", annual, by=user("minem"))
        services.annual_report_circulate(annual=annual, actor=user("socios"))
    annual.refresh_from_db()
    reader = user("angloamerican")
    assert permissions.access_for(reader, peru).level(annual) is permissions.AccessLevel.READER
    assert permissions.is_circulated_to(reader, annual, circulation.view_permission(annual))
    membership = Membership.objects.get(working_group=peru, institution__name="Anglo American")
    permissions.set_roles(reader, peru, set())  # what ending the membership does to the role groups
    assert permissions.access_for(reader, peru).level(annual) is None
    assert membership.pk
