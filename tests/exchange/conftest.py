"""Files as people make them: CSV in UTF-8, with Excel's BOM, in Latin-1 and Windows-1252, with ';';
XLSX workbooks written by openpyxl (formulas included)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from exchange import services
from exchange.kinds import registry

INSTITUTION_HEADERS = [
    "Institución",
    "Sigla",
    "Tipo de institución",
    "País",
    "Pilar",
    "Membresía",
    "Miembro desde",
    "Titular: nombre",
    "Titular: apellidos",
    "Titular: correo electrónico",
    "Titular: cargo",
]


def institution_row(name, pillar="Empresas", email="", kind="Empresa", acronym="", status="Miembro", first="Lucía"):
    person = [first, "Ramos", email, "Jefa de seguridad"] if email else ["", "", "", ""]
    return [name, acronym, kind, "Perú", pillar, status, "2015-03-31", *person]


def csv_upload(headers, rows, *, name="file.csv", encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_upload(headers, rows, *, name="file.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def headers_of(kind, language="en"):
    from django.utils import translation

    with translation.override(language):
        return [str(column.label) for column in registry()[kind].columns]


@pytest.fixture
def group_a(world):
    return world["a"]


@pytest.fixture
def upload(group_a):
    """upload(kind, file, actor=secretariat) -> the previewed batch."""

    def run(kind, uploaded, actor=None):
        return services.import_upload(
            working_group=group_a.group, kind=kind, uploaded=uploaded, actor=actor or group_a.users["secretariat"]
        )

    return run
