"""A member's annual report for its parent organisation (issue 19, item 3): the countries of every group
where one of the organisation's institutions takes part, each pre-filled from the platform (plenaries
attended, activities, tasks led, outreach) with its sources; edits survive a refresh; the Secretariat
approves the submitted report."""

import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from meetings.models import Attendance, Meeting
from members import services as member_services
from members.models import Institution, Pillar, WorkingGroup
from reports import selectors, services
from reports.exceptions import ReportError
from reports.models import MemberReport, Report
from tests.factories.activities import ActivityFactory, OutreachContactFactory
from tests.factories.meetings import MeetingFactory
from tests.factories.members import InstitutionFactory, MembershipFactory, RepresentativeFactory, WorkingGroupFactory
from tests.factories.workplan import ProgressReportFactory, TaskFactory, WorkPlanFactory
from vpwg.errors import TransitionNotAllowed
from vpwg.models import AuditRecord, OutboxMessage

pytestmark = pytest.mark.django_db

YEAR = 2026
LIMA = ZoneInfo("America/Lima")


def _plenary(group, day: date, title: str, present=(), absent=(), kind=Meeting.Kind.PLENARY) -> Meeting:
    start = datetime(day.year, day.month, day.day, 9, tzinfo=LIMA)
    meeting = MeetingFactory(
        working_group=group, title=title, kind=kind, starts_at=start, ends_at=start.replace(hour=12), status="held"
    )
    for membership, status in [(m, "present") for m in present] + [(m, "absent") for m in absent]:
        Attendance.objects.create(
            meeting=meeting,
            membership=membership,
            pillar=membership.pillar,
            status=status,
            representative=membership.representatives.first() if status == "present" else None,
        )
    return meeting


def _organisation(world):
    """Mining Holding owns the company in both groups (alpha in Peru, beta in Colombia); the NGOs of
    both groups belong to another organisation; a third group (Ghana) has none of the holding's."""
    a, b = world["a"], world["b"]
    WorkingGroup.objects.filter(pk=b.group.pk).update(country="Colombia")
    b.group.refresh_from_db()
    holding = InstitutionFactory(name="Mining Holding", country="")
    federation = InstitutionFactory(name="Rights Federation", country="", kind=Institution.Kind.NGO)
    for w in (a, b):
        for key, parent in (("company", holding), ("ngo", federation)):
            member_services.institution_set_parent(
                institution=w.objects[key].institution,
                parent=parent,
                actor=w.users["secretariat"],
                working_group=w.group,
            )
    company_a, company_b, ngo_a, ngo_b = a.objects["company"], b.objects["company"], a.objects["ngo"], b.objects["ngo"]
    # alpha: two plenaries held in the year (the company at the first), one the year before, a
    # coordination meeting; an activity organised, one funded by the company, one of the NGO only; a task
    # the company leads with its progress.
    _plenary(a.group, date(YEAR, 3, 10), "March plenary", present=[company_a, ngo_a])
    _plenary(a.group, date(YEAR, 6, 9), "June plenary", present=[ngo_a], absent=[company_a])
    _plenary(a.group, date(YEAR - 1, 11, 4), "Old plenary", present=[company_a])
    _plenary(a.group, date(YEAR, 4, 1), "Coordination call", present=[company_a], kind=Meeting.Kind.COORDINATION)
    organised = ActivityFactory(
        working_group=a.group, title="Police course in Cusco", starts_on=date(YEAR, 5, 12), place="Cusco"
    )
    organised.organisers.set([company_a, ngo_a])
    funded = ActivityFactory(working_group=a.group, title="Forum on private security", starts_on=date(YEAR, 8, 3))
    funded.funder_institutions.set([company_a.institution])
    ngo_only = ActivityFactory(working_group=a.group, title="NGO community training", starts_on=date(YEAR, 7, 1))
    ngo_only.organisers.set([ngo_a])
    plan = WorkPlanFactory(working_group=a.group, status="approved")
    task = TaskFactory(work_plan=plan, lead=company_a, title="Risk assessment at the mine", status="in_progress")
    ProgressReportFactory(task=task, text="Field work done in September.")
    TaskFactory(work_plan=plan, lead=ngo_a, title="NGO-led study")
    # beta: a plenary the company attended, an activity it hosted, an outreach contact it took part in.
    _plenary(b.group, date(YEAR, 2, 20), "Plenaria de febrero", present=[company_b, ngo_b])
    hosted = ActivityFactory(working_group=b.group, title="Taller en Bogotá", starts_on=date(YEAR, 9, 1))
    hosted.partner_institutions.set([company_b.institution])
    contact = OutreachContactFactory(
        working_group=b.group, contacted_on=date(YEAR, 4, 2), institution_name="Ministerio de Minas"
    )
    contact.members_involved.set([company_b])
    secret = OutreachContactFactory(
        working_group=b.group, contacted_on=date(YEAR, 4, 3), institution_name="NGO contact"
    )
    secret.members_involved.set([ngo_b])
    # a third group with none of the holding's institutions, busy all the same
    ghana = WorkingGroupFactory(slug="ghana", name="Ghana group", country="Ghana")
    other = MembershipFactory(working_group=ghana, institution=InstitutionFactory(name="Gold Co"))
    _plenary(ghana, date(YEAR, 3, 3), "Ghana plenary", present=[other])
    ActivityFactory(working_group=ghana, title="Ghana workshop", starts_on=date(YEAR, 3, 4)).organisers.set([other])
    return holding


def _report(world) -> MemberReport:
    a = world["a"]
    return services.member_report_start(membership=a.objects["company"], year=YEAR, actor=a.users["member"])


def _items(report) -> dict:
    return {(item["group"], item["kind"]): item for item in report.platform_items}


def test_prefill_covers_the_parent_with_both_countries_and_real_figures(world):
    holding = _organisation(world)
    a = world["a"]
    report = services.member_report_prefill(report=_report(world), actor=a.users["member"])
    assert report.organisation == holding
    assert report.country_list == ["Peru", "Colombia"]
    assert [(s["key"], s["country"]) for s in report.sections if s["country"]] == [
        ("risk", "Peru"),
        ("risk", "Colombia"),
        ("public_security", "Peru"),
        ("public_security", "Colombia"),
        ("private_security", "Peru"),
        ("private_security", "Colombia"),
    ]
    items = _items(report)
    assert list(items) == [
        ("alpha", "meetings"),
        ("alpha", "activities"),
        ("alpha", "tasks"),
        ("beta", "meetings"),
        ("beta", "activities"),
        ("beta", "outreach"),
    ]
    meetings = items[("alpha", "meetings")]
    assert meetings["text"].startswith("Mining Co alpha attended 1 of the 2 plenaries held in 2026.")
    assert "March plenary" in meetings["text"] and "June plenary" not in meetings["text"]
    assert [s["label"].split(" (")[0] for s in meetings["sources"]] == ["March plenary", "June plenary"]
    activities = items[("alpha", "activities")]["text"]
    assert "2 activities in 2026 (60 participants)" in activities
    assert "Police course in Cusco (12 May 2026, Cusco): organiser; 30 participants (Police 20, Business 10)" in (
        activities
    )
    assert "Forum on private security" in activities and ": funder;" in activities
    assert "Risk assessment at the mine" in items[("alpha", "tasks")]["text"]
    assert "In progress. Latest progress" in items[("alpha", "tasks")]["text"]
    assert "Field work done in September." in items[("alpha", "tasks")]["text"]
    assert "host or partner" in items[("beta", "activities")]["text"]
    assert "Ministerio de Minas" in items[("beta", "outreach")]["text"]
    assert items[("beta", "meetings")]["country"] == "Colombia"
    assert all(item["text"] == item["generated"] and not item["edited"] for item in items.values())
    record = AuditRecord.objects.get(action="reports.member.prefilled")
    assert record.data["countries"] == ["Peru", "Colombia"] and record.data["items"] == 6


def test_prefill_says_nothing_of_other_institutions_nor_of_groups_without_the_parents(world):
    _organisation(world)
    report = services.member_report_prefill(report=_report(world), actor=world["a"].users["member"])
    everything = str(report.platform_items)
    for foreign in ("Rights NGO", "NGO community training", "NGO-led study", "NGO contact", "Ghana", "Gold Co",
                    "Old plenary", "Coordination call"):  # fmt: skip
        assert foreign not in everything
    assert "Ghana" not in report.countries


def test_an_edit_survives_a_refresh_and_the_rest_follows_the_platform(world):
    _organisation(world)
    a = world["a"]
    author = a.users["member"]
    report = services.member_report_prefill(report=_report(world), actor=author)
    report = services.member_report_save(
        report=report,
        actor=author,
        revision=report.revision,
        countries=report.countries,
        texts={},
        item_texts={("alpha", "meetings"): "We attended the March plenary and spoke on private security."},
    )
    assert _items(report)[("alpha", "meetings")]["edited"]
    # the platform moves on: another plenary attended, another activity organised
    _plenary(a.group, date(YEAR, 9, 15), "September plenary", present=[a.objects["company"]])
    ActivityFactory(
        working_group=a.group, title="Breakfast with executives", starts_on=date(YEAR, 10, 1)
    ).organisers.set([a.objects["company"]])
    report = services.member_report_prefill(report=report, actor=author)
    items = _items(report)
    meetings = items[("alpha", "meetings")]
    assert meetings["text"] == "We attended the March plenary and spoke on private security." and meetings["edited"]
    assert "2 of the 3 plenaries" in meetings["generated"]  # the platform's new text, kept beside it
    assert "Breakfast with executives" in items[("alpha", "activities")]["text"]
    assert AuditRecord.objects.filter(action="reports.member.prefilled").count() == 2
    assert AuditRecord.objects.filter(action="reports.member.prefilled").order_by("pk").last().data["kept_edits"] == 1


def test_prefill_again_with_nothing_new_changes_nothing(world):
    _organisation(world)
    author = world["a"].users["member"]
    report = services.member_report_prefill(report=_report(world), actor=author)
    again = services.member_report_prefill(report=report, actor=author)
    assert again.revision == report.revision and again.platform_items == report.platform_items
    assert AuditRecord.objects.filter(action="reports.member.prefilled").count() == 1


def test_prefill_is_refused_without_a_parent_to_others_and_once_submitted(world):
    a = world["a"]
    report = _report(world)
    with pytest.raises(ReportError):  # the company belongs to no organisation yet
        services.member_report_prefill(report=report, actor=a.users["member"])
    _organisation(world)
    with pytest.raises(PermissionDenied):
        services.member_report_prefill(report=report, actor=a.users["secretariat"])
    report = services.member_report_save(
        report=report,
        actor=a.users["member"],
        revision=report.revision,
        countries="Peru",
        texts={("commitment", ""): "x"},
    )
    services.member_report_submit(report=report, actor=a.users["member"])
    with pytest.raises(ReportError):
        services.member_report_prefill(report=report, actor=a.users["member"])


def _submitted(world) -> MemberReport:
    author = world["a"].users["member"]
    report = services.member_report_prefill(report=_report(world), actor=author)
    return services.member_report_submit(report=report, actor=author)


def test_the_secretariat_approves_a_submitted_report_once_and_the_authors_are_told(
    world, django_capture_on_commit_callbacks
):
    _organisation(world)
    a = world["a"]
    report = _submitted(world)
    for who in ("member", "coordination", "admin"):  # the author, the reviewers, a group administrator
        with pytest.raises(PermissionDenied):
            services.member_report_approve(report=report, actor=a.users[who])
    with django_capture_on_commit_callbacks(execute=True):
        report = services.member_report_approve(report=report, actor=a.users["secretariat"])
    assert report.status == MemberReport.Status.APPROVED and report.approved_by == a.users["secretariat"]
    record = AuditRecord.objects.get(action="reports.member.approved")
    assert record.data["from_status"] == "submitted"
    mail = OutboxMessage.objects.get(dedupe_key__startswith=f"member-report:{report.pk}:approved")
    assert mail.recipient == a.users["member"].email and "approved" in mail.subject
    with pytest.raises(TransitionNotAllowed):
        services.member_report_approve(report=report, actor=a.users["secretariat"])
    assert AuditRecord.objects.filter(action="reports.member.approved").count() == 1


def test_a_draft_cannot_be_approved(world):
    a = world["a"]
    with pytest.raises(TransitionNotAllowed):
        services.member_report_approve(report=_report(world), actor=a.users["secretariat"])


def test_the_secretariat_cannot_approve_its_own_institutions_report(world):
    a = world["a"]
    ngo = a.objects["ngo"]  # the Secretariat's institution
    RepresentativeFactory(membership=ngo, user=a.users["secretariat"])
    report = services.member_report_start(membership=ngo, year=YEAR, actor=a.users["secretariat"])
    report = services.member_report_save(
        report=report, actor=a.users["secretariat"], revision=report.revision, countries="Peru",
        texts={("commitment", ""): "Ours."},
    )  # fmt: skip
    report = services.member_report_submit(report=report, actor=a.users["secretariat"])
    with pytest.raises(PermissionDenied):
        services.member_report_approve(report=report, actor=a.users["secretariat"])


# --- pages ---------------------------------------------------------------------------------------


def test_author_prefills_edits_and_submits_through_the_page(world, client_as):
    _organisation(world)
    a = world["a"]
    report = _report(world)
    client = client_as(a.users["member"])
    url = reverse("reports:member-detail", args=[a.group.slug, report.pk])
    page = client.get(url).content.decode()
    assert "Your institution belongs to Mining Holding" in page
    response = client.post(reverse("reports:member-prefill", args=[a.group.slug, report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    page = client.get(url).content.decode()
    assert "This report covers Mining Holding: Peru, Colombia." in page
    assert "Plenaries attended — Group alpha (from the platform)" in page
    assert "Sources: March plenary" in page
    index = next(n for n, item in enumerate(report.platform_items) if item["kind"] == "tasks")
    data = {"revision": report.revision, "countries": report.countries, f"item-{index}": "Our own words <b>on</b> it."}
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert _items(report)[("alpha", "tasks")]["text"] == "Our own words <b>on</b> it."
    assert _items(report)[("alpha", "tasks")]["edited"]


def test_secretariat_reads_the_sections_drawn_from_the_platform_and_approves(world, client_as):
    _organisation(world)
    a = world["a"]
    report = _submitted(world)
    client = client_as(a.users["secretariat"])
    page = client.get(reverse("reports:member-detail", args=[a.group.slug, report.pk])).content.decode()
    assert "From the platform" in page and "Approve the report" in page
    assert "Mining Co alpha attended 1 of the 2 plenaries held in 2026." in page
    assert "Taller en Bogotá" in page and "Sources: Group beta" in page
    response = client.post(reverse("reports:member-approve", args=[a.group.slug, report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == MemberReport.Status.APPROVED
    page = client.get(reverse("reports:member-detail", args=[a.group.slug, report.pk])).content.decode()
    assert "Approved by the Secretariat on" in page and "Approve the report" not in page


def test_the_pdf_shows_the_platform_items_and_their_sources(world, tmp_path):
    _organisation(world)
    report = _submitted(world)
    render = Report.objects.get(member_report=report)
    services.report_render(report_id=render.pk)
    render.refresh_from_db()
    assert render.status == Report.Status.READY and render.pages >= 2
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render.file.read())
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Mining Co alpha attended 1 of the 2 plenaries held in 2026." in text
    assert "Sources: Group alpha" in text and "Mining Holding" in text


# --- queries -------------------------------------------------------------------------------------


def _grow(world, n: int) -> None:
    """More of everything the prefill reads, in the holding's groups and in another one."""
    a, b = world["a"], world["b"]
    for i in range(n):
        _plenary(a.group, date(YEAR, 10, 1 + i), f"Extra plenary {i}", present=[a.objects["company"]])
        ActivityFactory(
            working_group=b.group, title=f"Extra activity {i}", starts_on=date(YEAR, 11, 1 + i)
        ).organisers.set([b.objects["company"]])
        TaskFactory(work_plan=a.group.work_plans.first(), lead=a.objects["company"], title=f"Extra task {i}")
        contact = OutreachContactFactory(working_group=a.group, contacted_on=date(YEAR, 5, 1 + i))
        contact.members_involved.set([a.objects["company"]])


# The report, access (2), the tree (2), memberships, the 7 reads, sections, checks, the write, search, audit.
PREFILL_QUERIES = 28
PAGE_QUERIES = {"member": 8, "secretariat": 7}


@pytest.mark.parametrize("extra", [0, 4])
def test_prefill_reads_a_constant_number_of_queries(world, extra, django_assert_num_queries):
    _organisation(world)
    _grow(world, extra)
    report = _report(world)
    author = MemberReport.objects.get(pk=report.pk)
    with django_assert_num_queries(PREFILL_QUERIES):
        services.member_report_prefill(report=author, actor=world["a"].users["member"])


def test_contributions_read_nine_queries_one_level_deep(world, django_assert_num_queries):
    holding = _organisation(world)
    _grow(world, 3)
    with django_assert_num_queries(9):
        countries, items = selectors.organisation_contributions(holding, YEAR, language="en", first_country="Peru")
    assert countries == ["Peru", "Colombia"] and len(items) == 7  # alpha gains outreach


@pytest.mark.parametrize("extra", [0, 4])
@pytest.mark.parametrize("role", ["member", "secretariat"])
def test_report_page_reads_a_constant_number_of_queries(world, client_as, role, extra, django_assert_num_queries):
    _organisation(world)
    _grow(world, extra)
    a = world["a"]
    report = services.member_report_prefill(report=_report(world), actor=a.users["member"])
    if role == "secretariat":
        report = services.member_report_submit(report=report, actor=a.users["member"])
    client = client_as(a.users[role])
    url = reverse("reports:member-detail", args=[a.group.slug, report.pk])
    client.get(url)  # warm the session and the group's kept rows
    with django_assert_num_queries(PAGE_QUERIES[role]):
        response = client.get(url)
    assert response.status_code == 200 and "from the platform" in response.content.decode().lower()


def test_pillars_without_a_country_section_name_it_still():
    """Every default pillar has a per-country section for the items to go under."""
    from reports.sections import DEFAULT_SECTIONS

    for pillar in Pillar.values:
        if pillar in DEFAULT_SECTIONS:
            assert any(per_country for *_rest, per_country in DEFAULT_SECTIONS[pillar])
