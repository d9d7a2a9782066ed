"""Importing activities (participants by sector) and past meetings with attendance, through the
activities and meetings services."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from activities.models import Activity, ActivityAttachment
from exchange import services
from exchange.exceptions import ExchangeError
from exchange.models import ImportBatch
from meetings.models import Attendance, Meeting
from tests.factories.activities import ActivityFactory
from vpwg.models import AuditRecord

from .conftest import csv_upload, headers_of, xlsx_upload

pytestmark = pytest.mark.django_db

ACTIVITY_HEADERS = [
    "Título",
    "Tipo",
    "Fecha de inicio",
    "Fecha de término",
    "Región",
    "Organizadores",
    "Temas",
    "Participantes: policía",
    "Participantes: funcionarios públicos",
]


def _activity(
    title="Curso de uso de la fuerza", organisers="Mining Co alpha", topics="Uso de la fuerza; Derechos humanos"
):
    return [title, "Curso", "10/08/2015", "14/08/2015", "Cusco", organisers, topics, "48", "12"]


def test_activities_are_recorded_with_participants_by_sector(upload, group_a):
    batch = upload("activities", xlsx_upload(ACTIVITY_HEADERS, [_activity()]))
    assert [r["outcome"] for r in batch.results] == ["created"]
    services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    activity = Activity.objects.get(working_group=group_a.group, title="Curso de uso de la fuerza")
    assert (activity.starts_on, activity.ends_on) == (date(2015, 8, 10), date(2015, 8, 14))
    assert (activity.participants_police, activity.participants_civil_servants, activity.participants_total) == (
        48,
        12,
        60,
    )
    assert activity.topics == ["use_of_force", "human_rights"]
    assert list(activity.organisers.all()) == [group_a.objects["company"]]
    assert activity.recorded_by == group_a.users["secretariat"]
    assert AuditRecord.objects.filter(action="activities.activity.created", target_id=str(activity.pk)).exists()


def test_activity_errors_by_column(upload, group_a):
    rows = [
        ["Taller", "Congreso", "2015-13-01", "", "", "Nadie", "Minería", "-3", "doce"],
        ["Foro", "Foro", "2015-08-10", "2015-08-01", "", "", "", "", ""],
    ]
    batch = upload("activities", csv_upload(ACTIVITY_HEADERS, rows))
    first = {column for column, _message in batch.results[0]["errors"]}
    assert first == {
        "Type",
        "Starts on",
        "Organisers",
        "Topics",
        "Participants: police",
        "Participants: civil servants",
    }
    assert batch.results[1]["errors"] == [["Ends on", "An activity cannot end before it starts."]]


def test_an_activity_already_recorded_is_matched_not_duplicated(upload, group_a):
    ActivityFactory(
        working_group=group_a.group,
        title="Curso de uso de la fuerza",
        starts_on=date(2015, 8, 10),
        ends_on=date(2015, 8, 10),
    )
    batch = upload("activities", csv_upload(ACTIVITY_HEADERS, [_activity(), _activity(title="Foro regional")]))
    assert [r["outcome"] for r in batch.results] == ["skipped", "created"]
    services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    assert Activity.objects.filter(working_group=group_a.group, title__iexact="curso de uso de la fuerza").count() == 1


def test_undo_of_activities_is_refused_once_one_has_an_attachment(upload, group_a):
    batch = services.import_confirm(
        batch=upload("activities", csv_upload(ACTIVITY_HEADERS, [_activity()])), actor=group_a.users["secretariat"]
    )
    activity = Activity.objects.get(title="Curso de uso de la fuerza")
    ActivityAttachment.objects.create(activity=activity, kind="agenda", file="x.pdf", original_name="agenda.pdf")
    with pytest.raises(ExchangeError, match="agenda.pdf"):
        services.import_undo(batch=batch, actor=group_a.users["secretariat"])
    assert Activity.objects.filter(pk=activity.pk).exists()


MEETING_HEADERS = [
    "Reunión",
    "Tipo de reunión",
    "Fecha",
    "Hora de inicio",
    "Hora de término",
    "Sede",
    "Institución",
    "Asistencia",
    "Presente a través de",
]


def _past(days=400):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def test_past_meetings_are_recorded_as_held_with_their_register(upload, group_a):
    rep = group_a.objects["member_rep"]
    day = _past()
    rows = [
        ["Primera plenaria", "Plenaria", day, "09:30", "11:30", "Lima", "Mining Co alpha", "Presente", rep.user.email],
        ["Primera plenaria", "Plenaria", day, "", "", "", "Rights NGO alpha", "Justificada", ""],
        ["Primera plenaria", "Plenaria", day, "", "", "", "Observer Org alpha", "Ausente", ""],
        ["Segunda plenaria", "", _past(300), "", "", "Cusco", "", "", ""],
    ]
    batch = upload("meetings", csv_upload(MEETING_HEADERS, rows))
    assert [r["outcome"] for r in batch.results] == ["created"] * 4
    services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    meeting = Meeting.objects.get(working_group=group_a.group, title="Primera plenaria")
    assert meeting.status == Meeting.Status.HELD and meeting.venue == "Lima"
    local = timezone.localtime(meeting.starts_at, group_a.group.tzinfo)
    assert (local.date().isoformat(), local.strftime("%H:%M")) == (day, "09:30")
    register = {a.membership.institution.name: (a.status, a.representative) for a in meeting.attendances.all()}
    assert register == {
        "Mining Co alpha": (Attendance.Status.PRESENT, rep),
        "Rights NGO alpha": (Attendance.Status.EXCUSED, None),
        "Observer Org alpha": (Attendance.Status.ABSENT, None),
    }
    second = Meeting.objects.get(title="Segunda plenaria")
    assert second.attendances.count() == 0 and second.length_minutes == group_a.group.plenary_length_minutes


def test_meeting_rows_are_checked_by_column(upload, group_a):
    rows = [
        [
            "Plenaria futura",
            "Plenaria",
            (timezone.localdate() + timedelta(days=30)).isoformat(),
            "",
            "",
            "Lima",
            "",
            "",
            "",
        ],
        ["Plenaria", "Plenaria", _past(), "12:00", "10:00", "", "Desconocida", "Presente", ""],
        ["Plenaria X", "Plenaria", _past(), "", "", "Lima", "Mining Co alpha", "Ausente", "alguien@example.org"],
        ["Plenaria X", "Plenaria", _past(), "", "", "Lima", "Mining Co alpha", "Presente", ""],
    ]
    batch = upload("meetings", csv_upload(MEETING_HEADERS, rows))
    errors = [{column for column, _m in r["errors"]} for r in batch.results]
    assert errors[0] == {"Date"}
    assert errors[1] == {"Ends at", "Venue", "Institution"}
    assert errors[2] == {"Present through"}
    assert errors[3] == {"Institution"}  # listed twice for one meeting


def test_a_meeting_already_recorded_is_skipped_and_its_register_untouched(upload, group_a):
    rows = [["Plenaria", "Plenaria", _past(), "09:00", "11:00", "Lima", "Mining Co alpha", "Presente", ""]]
    services.import_confirm(
        batch=upload("meetings", csv_upload(MEETING_HEADERS, rows)), actor=group_a.users["secretariat"]
    )
    again = [["PLENARIA", "Plenaria", _past(), "09:00", "11:00", "Lima", "Mining Co alpha", "Ausente", ""]]
    batch = upload("meetings", csv_upload(MEETING_HEADERS, again))
    assert [r["outcome"] for r in batch.results] == ["skipped"]
    services.import_confirm(batch=batch, actor=group_a.users["secretariat"])
    assert Attendance.objects.get(meeting__title="Plenaria").status == Attendance.Status.PRESENT


def test_overlapping_plenaries_fail_the_whole_meeting_and_nothing_is_half_saved(upload, group_a):
    day = _past()
    rows = [
        ["Plenaria A", "Plenaria", day, "09:00", "11:00", "Lima", "Mining Co alpha", "Presente", ""],
        ["Plenaria B", "Plenaria", day, "10:00", "12:00", "Lima", "Mining Co alpha", "Presente", ""],
        ["Plenaria B", "Plenaria", day, "10:00", "12:00", "Lima", "Rights NGO alpha", "Presente", ""],
    ]
    batch = upload("meetings", csv_upload(MEETING_HEADERS, rows))
    assert [r["outcome"] for r in batch.results] == ["created", "error", "error"]
    assert "overlaps" in batch.results[1]["errors"][0][1]
    batch = services.import_confirm(batch=batch, actor=group_a.users["secretariat"], only_valid=True)
    assert list(Meeting.objects.filter(working_group=group_a.group).values_list("title", flat=True)) == ["Plenaria A"]


def test_undo_of_meetings_deletes_meetings_and_register(upload, group_a):
    rows = [["Plenaria", "Plenaria", _past(), "09:00", "11:00", "Lima", "Mining Co alpha", "Presente", ""]]
    batch = services.import_confirm(
        batch=upload("meetings", csv_upload(MEETING_HEADERS, rows)), actor=group_a.users["secretariat"]
    )
    services.import_undo(batch=batch, actor=group_a.users["secretariat"])
    assert not Meeting.objects.filter(title="Plenaria").exists() and not Attendance.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE


def test_institutions_cannot_be_undone_while_a_later_import_recorded_their_attendance(upload, group_a):
    from .conftest import INSTITUTION_HEADERS, institution_row

    institutions = services.import_confirm(
        batch=upload("institutions", csv_upload(INSTITUTION_HEADERS, [institution_row("Minera Andina")])),
        actor=group_a.users["secretariat"],
    )
    rows = [["Plenaria", "Plenaria", _past(), "09:00", "11:00", "Lima", "Minera Andina", "Presente", ""]]
    services.import_confirm(
        batch=upload("meetings", csv_upload(MEETING_HEADERS, rows)), actor=group_a.users["secretariat"]
    )
    with pytest.raises(ExchangeError, match="cannot be undone"):
        services.import_undo(batch=institutions, actor=group_a.users["secretariat"])


def test_templates_headers_are_read_back_in_every_language(upload, group_a):
    for language in ("en", "es", "fr"):
        headers = headers_of("meetings", language)
        row = ["Plenaria", "", _past(), "", "", "", "Lima", "", "", "", ""]
        batch = upload("meetings", csv_upload(headers, [row]))
        assert batch.results[0]["outcome"] in ("created", "skipped"), (language, batch.results)


def test_a_large_file_is_previewed_and_imported_by_a_worker(upload, group_a, django_capture_on_commit_callbacks):
    rows = [_activity(title=f"Taller {n}") for n in range(services.SYNC_ROWS + 1)]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = upload("activities", csv_upload(ACTIVITY_HEADERS, rows))
    assert batch.running == "preview" and batch.results == [] and len(queued) == 1
    queued[0]()  # the worker runs the preview
    batch.refresh_from_db()
    assert batch.running == "" and len(batch.results) == len(rows)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.import_request(batch=batch, actor=group_a.users["secretariat"])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and batch.running == ""
    assert Activity.objects.filter(working_group=group_a.group, title__startswith="Taller ").count() == len(rows)


def test_a_large_import_already_running_is_not_started_twice(upload, group_a, django_capture_on_commit_callbacks):
    rows = [_activity(title=f"Taller {n}") for n in range(services.SYNC_ROWS + 1)]
    with django_capture_on_commit_callbacks(execute=True):
        batch = upload("activities", csv_upload(ACTIVITY_HEADERS, rows))
    with django_capture_on_commit_callbacks(execute=False):
        services.import_request(batch=batch, actor=group_a.users["secretariat"])
        with pytest.raises(ExchangeError, match="already being processed"):
            services.import_request(batch=batch, actor=group_a.users["secretariat"])
