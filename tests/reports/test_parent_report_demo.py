"""The demo's Government of the Netherlands report 2026 (issue 19, item 5): written by the embassy in Lima,
pre-filled from the Peru and South Kivu groups, approved by the Peru Secretariat; loading twice changes
nothing."""

import io

import pytest
from django.core.management import call_command

from reports.models import MemberReport
from vpwg.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_demo_government_report_is_approved_with_peru_and_drc_drawn_from_the_platform():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    report = MemberReport.objects.get(organisation__name="Government of the Netherlands", year=2026)
    assert report.working_group.slug == "peru"
    assert report.membership.institution.name == "Embassy of the Netherlands"
    assert report.status == MemberReport.Status.APPROVED
    assert report.approved_by.email == "socios@peru.example.org"
    assert report.country_list[:1] == ["Peru"] and "Democratic Republic of the Congo" in report.country_list
    items = {(item["group"], item["kind"]): item for item in report.platform_items}
    assert {"meetings", "activities", "tasks", "outreach"} <= {kind for group, kind in items if group == "peru"}
    assert {"meetings", "activities", "outreach"} <= {kind for group, kind in items if group == "south-kivu"}
    # the figures of the two groups (Spanish: the report's group language)
    assert (
        "Embassy of the Netherlands in Kinshasa asistió a 1 de las 2 plenarias celebradas en 2026."
        in (items[("south-kivu", "meetings")]["text"])
    )
    assert "Workshop on the VPs for mine-site security in Nyabibwe" in items[("south-kivu", "activities")]["text"]
    assert "financiador; 50 participantes" in items[("south-kivu", "activities")]["text"]
    assert "Seminar on responsible business conduct" in items[("peru", "activities")]["text"]
    assert "Position the working group as the platform" in items[("peru", "tasks")]["text"]
    assert all(item["sources"] for item in report.platform_items)
    assert AuditRecord.objects.filter(action="reports.member.prefilled", target_id=str(report.pk)).count() == 1
    assert AuditRecord.objects.filter(action="reports.member.approved", target_id=str(report.pk)).count() == 1
    assert MemberReport.objects.filter(organisation__name="Government of the Netherlands").count() == 1
