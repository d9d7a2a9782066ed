"""Reading files: what their content is, not what their name says; encodings from Excel; size limits;
formulas never run."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from exchange.exceptions import ImportFileError
from exchange.reading import MAX_ROWS, read_table

from .conftest import csv_upload, xlsx_upload

HEADERS = ["Institución", "Pilar"]
ROWS = [
    ["Sociedad Nacional de Minería, Petróleo y Energía", "Empresas"],
    ["Asociación Pro Derechos Humanos", "Sociedad civil"],
]


def _cells(table):
    return [cells for _number, cells in table.rows]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
def test_csv_in_the_encodings_excel_writes_reads_the_same_text(encoding):
    table = read_table(csv_upload(HEADERS, ROWS, encoding=encoding))
    assert table.headers == HEADERS  # no BOM left on the first header
    assert _cells(table) == ROWS


def test_windows_1252_punctuation_is_read_as_such():
    table = read_table(csv_upload(HEADERS, [["“Red Muqui” – Perú", "Sociedad civil"]], encoding="cp1252"))
    assert table.encoding == "cp1252"
    assert _cells(table) == [["“Red Muqui” – Perú", "Sociedad civil"]]


def test_utf16_unicode_text_from_excel_with_tabs():
    text = "Institución\tPilar\r\nDefensoría del Pueblo\tGobierno\r\n"
    table = read_table(SimpleUploadedFile("export.csv", text.encode("utf-16")))
    assert _cells(table) == [["Defensoría del Pueblo", "Gobierno"]]


def test_semicolon_separated_csv_from_spanish_excel():
    table = read_table(csv_upload(HEADERS, ROWS, delimiter=";", encoding="cp1252"))
    assert _cells(table) == ROWS  # the comma inside the first name is not a separator


def test_binary_file_named_csv_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(ImportFileError, match="not a text"):
        read_table(SimpleUploadedFile("members.csv", png))


def test_workbook_named_csv_is_refused_with_the_reason():
    with pytest.raises(ImportFileError, match="name it .xlsx"):
        read_table(SimpleUploadedFile("members.csv", xlsx_upload(HEADERS, ROWS).read()))


def test_xlsx_that_is_a_zip_of_something_else_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(ImportFileError, match="not an Excel workbook"):
        read_table(SimpleUploadedFile("members.xlsx", buffer.getvalue()))


def test_xlsx_that_is_text_is_refused():
    with pytest.raises(ImportFileError, match="not an Excel workbook"):
        read_table(SimpleUploadedFile("members.xlsx", "Institución,Pilar\nX,Empresas\n".encode()))


def test_broken_workbook_is_refused_not_a_500():
    content = xlsx_upload(HEADERS, ROWS).read()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    with pytest.raises(ImportFileError, match="cannot be read"):
        read_table(SimpleUploadedFile("members.xlsx", broken.getvalue()))


def test_old_excel_and_unknown_extensions_say_what_to_do():
    with pytest.raises(ImportFileError, match=r"\.xlsx"):
        read_table(SimpleUploadedFile("members.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100))
    with pytest.raises(ImportFileError, match="Upload a .csv or .xlsx"):
        read_table(SimpleUploadedFile("members.pdf", b"%PDF-1.4"))


def test_formulas_in_xlsx_are_never_run():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["=1+1", '=HYPERLINK("http://evil.example","clic")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(SimpleUploadedFile("members.xlsx", buffer.getvalue()))
    # data_only: only a value Excel saved is read; a formula nobody calculated reads as empty.
    assert table.rows == []  # the only row read as empty: no value, no formula text, nothing run


def test_formulas_in_csv_stay_text():
    table = read_table(csv_upload(HEADERS, [["=1+1", "@SUM(A1)"]]))
    assert _cells(table) == [["=1+1", "@SUM(A1)"]]


def test_a_cell_our_export_quoted_reads_back_as_written():
    table = read_table(csv_upload(HEADERS, [["'=1+1", "'Acme"]]))
    assert _cells(table) == [["=1+1", "'Acme"]]


def test_ten_thousand_rows_are_refused_quickly():
    rows = [[f"Institución {n}", "Empresas"] for n in range(10_000)]
    for uploaded in (csv_upload(HEADERS, rows), xlsx_upload(HEADERS, rows)):
        started = time.perf_counter()
        with pytest.raises(ImportFileError, match=f"more than {MAX_ROWS} rows"):
            read_table(uploaded)
        assert time.perf_counter() - started < 5


def test_blank_lines_are_not_rows_and_row_numbers_are_the_files():
    table = read_table(csv_upload(HEADERS, [ROWS[0], ["", ""], ROWS[1]]))
    assert [number for number, _cells in table.rows] == [2, 4]


def test_an_empty_file_is_refused():
    with pytest.raises(ImportFileError, match="first row"):
        read_table(SimpleUploadedFile("members.csv", b""))


def test_a_sheet_formatted_down_to_its_last_row_stops_at_the_data():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(ROWS[0])
    sheet.cell(row=200_000, column=1).value = ""  # styled, empty cells far below
    sheet.cell(row=200_000, column=2).number_format = "0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    table = read_table(SimpleUploadedFile("members.xlsx", buffer.getvalue()))
    assert _cells(table) == [ROWS[0]] and time.perf_counter() - started < 10
