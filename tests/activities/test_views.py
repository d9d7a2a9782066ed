import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import services
from activities.exceptions import ActivitiesError, StaleEdit
from activities.models import SECTOR_FIELDS, Activity, ActivityAttachment, OutreachContact
from tests.factories.activities import ActivityFactory, OutreachContactFactory
from tests.factories.workplan import TaskFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% test\n"


def _url(name, world, **kwargs):
    return reverse(f"activities:{name}", kwargs={"group_slug": world.group.slug, **kwargs})


def _data(a, **overrides):
    return {
        "type": "course",
        "title": "Training course for the National Police",
        "starts_on": "2015-08-10",
        "ends_on": "2015-08-14",
        "place": "Cusco",
        "region": "Cusco",
        "organisers": [a.objects["company"].pk],
        "topics": ["use_of_force", "human_rights"],
        "partners_other": "ICRC",
        **{name: 0 for name in SECTOR_FIELDS},
        "participants_police": 48,
        "participants_civil_servants": 12,
        **overrides,
    }


def test_recording_an_activity_derives_the_total(world, client_as):
    a = world["a"]
    response = client_as(a.users["secretariat"]).post(_url("activity-create", a), _data(a))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.participants_total == 60
    assert activity.topics == ["use_of_force", "human_rights"]
    assert list(activity.organisers.all()) == [a.objects["company"]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"participants_police": "-5"}, "The number of participants cannot be negative."),
        ({"participants_police": "many"}, "Enter the number of participants as a whole number, for example 25."),
        ({"participants_police": "2.5"}, "Enter the number of participants as a whole number, for example 25."),
        ({"ends_on": "2015-08-01"}, "An activity cannot end before it starts."),
        ({"topics": ["not-a-topic"]}, "Select a valid choice."),
    ],
)
def test_bad_activity_input_is_refused_on_the_form(world, client_as, overrides, message):
    a = world["a"]
    response = client_as(a.users["secretariat"]).post(_url("activity-create", a), _data(a, **overrides))
    assert response.status_code == 200
    assert message in response.text
    assert not Activity.objects.exists()


def test_organisers_and_tasks_of_another_group_are_refused(world, client_as):
    a, b = world["a"], world["b"]
    client = client_as(a.users["secretariat"])
    response = client.post(_url("activity-create", a), _data(a, organisers=[b.objects["company"].pk]))
    assert "Choose institutions that are members of this working group." in response.text
    other_task = TaskFactory(work_plan=WorkPlanFactory(working_group=b.group), lead=b.objects["company"])
    response = client.post(_url("activity-create", a), _data(a, task=other_task.pk))
    assert "Choose a task of this working group" in response.text
    assert not Activity.objects.exists()


def test_the_database_refuses_negative_counts_and_reversed_dates(world):
    from django.db import IntegrityError, transaction

    activity = ActivityFactory(working_group=world["a"].group)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(ends_on=date(2000, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(participants_police=-1)


def test_service_refuses_organisers_of_another_group_and_stale_edits(world):
    a, b = world["a"], world["b"]
    with pytest.raises(ActivitiesError):
        services.activity_create(
            working_group=a.group,
            actor=a.users["secretariat"],
            type="workshop",
            title="x",
            starts_on=date(2015, 1, 1),
            ends_on=date(2015, 1, 1),
            organisers=[b.objects["ngo"]],
        )
    activity = ActivityFactory(working_group=a.group)
    services.activity_update(activity=activity, actor=a.users["secretariat"], version=1, title="New")
    with pytest.raises(StaleEdit):
        services.activity_update(activity=activity, actor=a.users["secretariat"], version=1, title="Old")
    activity.refresh_from_db()
    assert activity.title == "New"


def test_attachments_are_checked_and_served_only_to_the_group(world, client_as):
    a = world["a"]
    activity = ActivityFactory(working_group=a.group)
    client = client_as(a.users["secretariat"])
    url = _url("attachment-add", a, activity_id=activity.pk)
    script = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", "image/png")
    response = client.post(url, {"kind": "photo", "file": script})
    assert "This file type is not accepted." in response.text
    big = SimpleUploadedFile("agenda.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    response = client.post(url, {"kind": "agenda", "file": big})
    assert "The file is too large" in response.text
    assert not ActivityAttachment.objects.exists()
    response = client.post(url, {"kind": "agenda", "file": SimpleUploadedFile("agenda.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    attachment = ActivityAttachment.objects.get()
    download_url = _url("attachment-download", a, attachment_id=attachment.pk)
    response = client_as(a.users["observer"]).get(download_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_as(world["b"].users["admin"]).get(download_url).status_code == 404


def test_outreach_follow_up_cannot_precede_the_contact(world, client_as):
    a = world["a"]
    data = {
        "contacted_on": "2025-04-01",
        "institution_name": "Ministry of Interior",
        "kind": "ministry",
        "purpose": "Invite the ministry to the group",
        "follow_up_on": "2025-03-01",
    }
    response = client_as(a.users["secretariat"]).post(_url("outreach-create", a), data)
    assert "The follow-up date cannot be before the contact." in response.text
    response = client_as(a.users["secretariat"]).post(_url("outreach-create", a), {**data, "follow_up_on": ""})
    assert response.status_code == 302
    assert OutreachContact.objects.get().institution_name == "Ministry of Interior"


def _seed(a, n):
    for i in range(n):
        ActivityFactory(
            working_group=a.group,
            starts_on=date(2010 + i % 6, 3, 1),
            region=["Lima", "Cusco", "Puno"][i % 3],
            type=["workshop", "course", "seminar"][i % 3],
            organisers=[a.objects["company"], a.objects["ngo"]],
        )
        OutreachContactFactory(working_group=a.group, contacted_on=date(2011, 1, 1 + i))


def test_statistics_show_the_headline_and_export_the_same_numbers(world, client_as):
    a = world["a"]
    _seed(a, 6)  # 30 participants each
    ActivityFactory(working_group=a.group, starts_on=date(2019, 1, 1))  # outside the period
    client = client_as(a.users["member"])
    response = client.get(_url("statistics", a), {"start": 2010, "end": 2015})
    assert "2010–2015: 6 activities, 180 participants" in response.text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in response.text
    assert "<script" not in response.text and 'style="' not in response.text
    csv_response = client.get(_url("statistics-csv", a, chart="participants-by-year"), {"start": 2010, "end": 2015})
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[0] == ["Participants by year, 2010–2015"]
    assert rows[2:] == [[str(year), "30"] for year in range(2010, 2016)]
    sectors = list(
        csv.reader(
            io.StringIO(
                client.get(
                    _url("statistics-csv", a, chart="participants-by-sector"), {"start": 2010, "end": 2015}
                ).content.decode()
            )
        )
    )
    assert ["Police", "120"] in sectors and ["Business", "60"] in sectors
    assert client.get(_url("statistics-csv", a, chart="nope")).status_code == 404


def test_statistics_count_work_plan_completion_by_category_and_pillar(world, client_as):
    a = world["a"]
    plan = WorkPlanFactory(
        working_group=a.group, status="approved", starts_on=date(2015, 1, 1), ends_on=date(2015, 12, 31)
    )
    TaskFactory(
        work_plan=plan,
        lead=a.objects["company"],
        category="studies",
        status="done",
        starts_on=date(2015, 1, 1),
        due_on=date(2015, 3, 1),
    )
    TaskFactory(
        work_plan=plan, lead=a.objects["ngo"], category="studies", starts_on=date(2015, 1, 1), due_on=date(2015, 3, 1)
    )
    response = client_as(a.users["member"]).get(
        _url("statistics-csv", a, chart="tasks-by-category"), {"start": 2015, "end": 2015}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Studies (incl. the scoping study)", "1", "1"] in rows
    response = client_as(a.users["member"]).get(
        _url("statistics-csv", a, chart="tasks-by-pillar"), {"start": 2015, "end": 2015}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Companies", "1", "0"] in rows and ["Civil society", "0", "1"] in rows


@pytest.mark.parametrize("n", [1, 12])
def test_activity_list_query_count_does_not_grow(world, client_as, django_assert_num_queries, n):
    a = world["a"]
    _seed(a, n)
    client = client_as(a.users["member"])
    client.get(_url("index", a))
    # session, user, group, roles, capabilities, years, activities, organisers, group switcher, what
    # waits (the navigation's count)
    with django_assert_num_queries(8):
        assert client.get(_url("index", a)).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_statistics_query_count_does_not_grow(world, client_as, django_assert_num_queries, n):
    a = world["a"]
    _seed(a, n)
    plan = WorkPlanFactory(
        working_group=a.group, status="approved", starts_on=date(2010, 1, 1), ends_on=date(2010, 12, 31)
    )
    for _ in range(n):
        TaskFactory(work_plan=plan, lead=a.objects["company"], starts_on=date(2010, 1, 1), due_on=date(2010, 2, 1))
    client = client_as(a.users["member"])
    client.get(_url("statistics", a))
    # session, user, group, roles, capabilities, first year, by year, by type, by region, sectors,
    # tasks by category, tasks by pillar, group switcher, what waits (the navigation's count)
    with django_assert_num_queries(12):
        assert client.get(_url("statistics", a)).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_outreach_list_query_count_does_not_grow(world, client_as, django_assert_num_queries, n):
    a = world["a"]
    _seed(a, n)
    client = client_as(a.users["member"])
    client.get(_url("outreach", a))
    with django_assert_num_queries(7):  # 6, and what waits (the navigation's count)
        assert client.get(_url("outreach", a)).status_code == 200


@pytest.mark.parametrize("params", [{"start": "abc"}, {"start": "2015", "end": "2010"}, {"start": "1"}])
def test_a_bad_statistics_period_falls_back_to_the_default(world, client_as, params):
    a = world["a"]
    ActivityFactory(working_group=a.group, starts_on=date(2012, 5, 1))
    client = client_as(a.users["member"])
    response = client.get(_url("statistics", a), params)
    assert response.status_code == 200
    assert f"2012–{a.group.today().year}: 1 activity, 30 participants" in response.text
    assert client.get(_url("statistics-csv", a, chart="activities-by-year"), params).status_code == 200


@pytest.mark.parametrize("name", ["tool.exe", "page.html", "archive"])
def test_zip_content_under_another_name_is_refused(world, client_as, name):
    a = world["a"]
    activity = ActivityFactory(working_group=a.group)
    upload = SimpleUploadedFile(name, b"PK\x03\x04 zipped", "application/octet-stream")
    response = client_as(a.users["secretariat"]).post(
        _url("attachment-add", a, activity_id=activity.pk), {"kind": "material", "file": upload}
    )
    assert "This file type is not accepted." in response.text
    assert not ActivityAttachment.objects.exists()


def test_an_office_document_is_accepted(world, client_as):
    a = world["a"]
    activity = ActivityFactory(working_group=a.group)
    upload = SimpleUploadedFile("materials.pptx", b"PK\x03\x04 slides", "application/octet-stream")
    response = client_as(a.users["secretariat"]).post(
        _url("attachment-add", a, activity_id=activity.pk), {"kind": "material", "file": upload}
    )
    assert response.status_code == 302
    assert ActivityAttachment.objects.get().original_name == "materials.pptx"


@pytest.mark.django_db(transaction=True)  # figures read inside a transaction are never kept
def test_statistics_are_kept_between_writes_in_the_group(world, client_as, kept_cache):
    """vpwg.kept with a cache (Redis in production): the charts are one cache read until the group changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vpwg.audit import audit_record

    a = world["a"]
    _seed(a, 6)
    client = client_as(a.users["member"])

    def statistics(**years):
        with CaptureQueriesContext(connection) as queries:
            text = client.get(_url("statistics", a), years).text
        return text, sum('"activities_activity"' in q["sql"] for q in queries.captured_queries)

    statistics(start=2010, end=2015)  # opens the group's generation
    text, reads = statistics(start=2010, end=2015)
    assert "2010–2015: 6 activities, 180 participants" in text and reads > 0
    text, reads = statistics(start=2010, end=2015)
    assert "2010–2015: 6 activities, 180 participants" in text and reads == 0  # the kept charts
    assert "participants-by-year.csv?start=2010&amp;end=2015" in text  # the CSV links keep the years
    assert "2011: 1 activity, 30 participants" in statistics(start=2011, end=2011)[0]  # other years: apart
    ActivityFactory(working_group=a.group, starts_on=date(2012, 3, 1))
    audit_record(action="activities.activity.created", working_group=a.group)  # as the service writes it
    text, reads = statistics(start=2010, end=2015)
    assert "2010–2015: 7 activities" in text and reads > 0
