"""Exports (formula injection, who may see the attendance register) and the pages: upload, preview,
confirm, undo, templates; bad files get a message on the form, never a 500."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from exchange.models import ImportBatch
from exchange.writing import csv_bytes, guard, xlsx_bytes
from meetings import services as meetings_services
from members.models import Membership
from tests.factories.activities import ActivityFactory
from tests.factories.meetings import MeetingFactory

from .conftest import INSTITUTION_HEADERS, csv_upload, institution_row

pytestmark = pytest.mark.django_db


def _url(url_name, group, **kwargs):
    return reverse(f"exchange:{url_name}", kwargs={"group_slug": group.slug, **kwargs})


def _read_csv(content: bytes):
    text = content.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize("dangerous", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_csv_cells_starting_like_a_formula_are_quoted(dangerous):
    assert guard(dangerous) == "'" + dangerous
    rows = _read_csv(csv_bytes(["Institución"], [[dangerous], [-5], ["Normal"]], language="es"))
    assert rows[1] == ["'" + dangerous] and rows[2] == ["-5"] and rows[3] == ["Normal"]


def test_xlsx_text_cells_are_text_never_formulas():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(["A"], [["=1+1"], [3]])))
    cells = list(workbook.active.iter_rows(min_row=2, values_only=False))
    assert (cells[0][0].value, cells[0][0].data_type) == ("=1+1", "s")
    assert cells[1][0].value == 3


def test_directory_export_lists_what_the_directory_shows_in_the_groups_language(world, client_as):
    a = world["a"]
    a.group.language = "es"
    a.group.save()
    institution = a.objects["company"].institution
    institution.name = "=cmd|' /C calc'!A0"
    institution.save()
    response = client_as(a.users["member"]).get(_url("export", a.group, name="directory", file_format="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _read_csv(response.content)
    assert rows[0][:5] == ["Institución", "Sigla", "Tipo de institución", "País", "Pilar"]
    names = [row[0] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names and "Rights NGO alpha" in names
    assert not any("@" in cell for row in rows for cell in row)  # no e-mail: the directory shows none
    assert "Group beta" not in response.content.decode("utf-8-sig")


def test_attendance_register_export_only_for_the_secretariat(world, client_as):
    a = world["a"]
    meeting = MeetingFactory(working_group=a.group, starts_in_days=-10)
    meetings_services.attendance_record(
        meeting=meeting,
        actor=a.users["secretariat"],
        entries=[{"membership": a.objects["company"], "status": "present", "representative": a.objects["member_rep"]}],
    )
    url = _url("export", a.group, name="attendance", file_format="xlsx")
    for role in ("member", "observer", "coordination"):
        assert client_as(a.users[role]).get(url).status_code == 403
    response = client_as(a.users["secretariat"]).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][3] == "Mining Co alpha" and rows[1][6] == a.objects["member_rep"].user.get_full_name()


def test_activities_export_round_trips_through_the_import(world, client_as):
    a = world["a"]
    ActivityFactory(working_group=a.group, title="Seminario", participants_police=7)
    response = client_as(a.users["secretariat"]).get(_url("export", a.group, name="activities", file_format="csv"))
    upload = SimpleUploadedFile("actividades.csv", response.content)
    client = client_as(a.users["secretariat"])
    response = client.post(_url("index", a.group), {"kind": "activities", "file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get(file_name="actividades.csv")
    assert [r["outcome"] for r in batch.results] == ["skipped"]  # already recorded: matched, not duplicated


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_templates_have_the_header_and_an_example_in_the_groups_language(world, client_as, file_format):
    a = world["a"]
    a.group.language = "es"
    a.group.save()
    response = client_as(a.users["secretariat"]).get(
        _url("template", a.group, kind="institutions", file_format=file_format)
    )
    assert response.status_code == 200
    if file_format == "csv":
        rows = _read_csv(response.content)
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Institución", "Sigla", "Tipo de institución"]
    assert rows[1][0] == "Compañía Minera Andina" and rows[1][4] == "Empresas"


def test_a_template_filled_in_imports_as_is(world, client_as):
    a = world["a"]
    client = client_as(a.users["secretariat"])
    for kind in ("institutions", "activities", "meetings"):
        template = client.get(_url("template", a.group, kind=kind, file_format="xlsx")).content
        response = client.post(
            _url("index", a.group), {"kind": kind, "file": SimpleUploadedFile(f"{kind}.xlsx", template)}
        )
        assert response.status_code == 302, (kind, response.content[:2000])
        batch = ImportBatch.objects.filter(kind=kind).latest("pk")
        assert [r["outcome"] for r in batch.results] == ["created"], (kind, batch.results)


def test_the_whole_flow_through_the_pages(world, client_as, django_capture_on_commit_callbacks):
    a = world["a"]
    client = client_as(a.users["secretariat"])
    page = client.get(_url("index", a.group))
    assert page.status_code == 200 and b"templates/institutions.xlsx" in page.content
    rows = [
        institution_row("Minera Andina", email="ana@andina.example"),
        institution_row("Mina Mala", pillar="Minería"),
    ]
    response = client.post(
        _url("index", a.group), {"kind": "institutions", "file": csv_upload(INSTITUTION_HEADERS, rows)}
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == _url("batch-detail", a.group, batch_id=batch.pk)
    preview = client.get(response["Location"]).content.decode()
    assert "“Minería” is not one of" in preview and "Pillar" in preview
    client.post(_url("batch-confirm", a.group, batch_id=batch.pk), {})
    assert not Membership.objects.filter(institution__name="Minera Andina").exists()  # a row failed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("batch-confirm", a.group, batch_id=batch.pk), {"only_valid": "on"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Membership.objects.filter(institution__name="Minera Andina").exists()
    undo = client.get(_url("batch-undo", a.group, batch_id=batch.pk))
    assert "Minera Andina" in undo.content.decode()
    client.post(_url("batch-undo", a.group, batch_id=batch.pk))
    assert not Membership.objects.filter(institution__name="Minera Andina").exists()


BAD_FILES = [
    ("miembros.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
    ("miembros.xlsx", b"Institucion,Pilar\nX,Empresas\n"),
    ("miembros.xlsx", b"PK\x03\x04" + b"\x00" * 200),
    ("miembros.xls", b"\xd0\xcf\x11\xe0"),
    ("miembros.csv", b""),
    ("miembros.csv", b"Nombre,Pilar\nX,Empresas\n"),  # no Institution column
    ("miembros.csv", INSTITUTION_HEADERS[0].encode() + b"\n"),  # a header and no rows
]


@pytest.mark.parametrize(("name", "content"), BAD_FILES)
def test_bad_files_get_a_message_on_the_form_never_a_500(world, client_as, name, content):
    a = world["a"]
    if name == "miembros.xlsx" and content.startswith(b"PK"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("content.xml", "<office:document/>")
        content = buffer.getvalue()
    client = client_as(a.users["secretariat"])
    response = client.post(_url("index", a.group), {"kind": "institutions", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert b"errorlist" in response.content
    assert not ImportBatch.objects.exists()


def test_another_groups_batch_is_not_found(world, client_as):
    a, b = world["a"], world["b"]
    client = client_as(a.users["secretariat"])
    client.post(
        _url("index", a.group),
        {"kind": "institutions", "file": csv_upload(INSTITUTION_HEADERS, [institution_row("X")])},
    )
    batch = ImportBatch.objects.get()
    response = client_as(b.users["secretariat"]).get(_url("batch-detail", b.group, batch_id=batch.pk))
    assert response.status_code == 404


def test_pages_render_in_spanish(world, client_as):
    a = world["a"]
    client = client_as(a.users["secretariat"])
    client.cookies["django_language"] = "es"
    response = client.get(_url("index", a.group), HTTP_ACCEPT_LANGUAGE="es")
    assert "Importar y exportar" in response.content.decode()


def test_decision_register_export_is_what_the_register_shows_this_person(world, client_as):
    from members.decision_selectors import decision_register_for
    from vpwg.permissions import access_for

    a = world["a"]
    meeting = MeetingFactory(working_group=a.group, starts_in_days=-10, status="held")
    meetings_services.meeting_record_next(meeting=meeting, actor=a.users["secretariat"], topics=[], venue="Cusco")
    for role in ("member", "secretariat"):
        user = a.users[role]
        response = client_as(user).get(_url("export", a.group, name="decisions", file_format="csv"))
        assert response.status_code == 200
        rows = _read_csv(response.content)
        assert rows[0] == ["Date", "Kind", "Subject", "Outcome", "Rule", "Notes"]
        assert len(rows) - 1 == len(decision_register_for(access_for(user, a.group)))
