"""Writing a table as CSV or XLSX for download, so that no cell is ever run as a formula.

CSV: a text cell starting with = + - @ or a tab or carriage return gets a leading ' (OWASP's advice
against formula injection; our import takes it off again). XLSX: every text cell is typed as text, so
"=HYPERLINK(...)" stays the characters it is. CSV files carry a UTF-8 BOM (Excel reads accents right
with it) and use ';' where the language writes decimals with a comma, as Excel there expects.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils.formats import get_format

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def guard(value):
    """The cell as written to CSV: formula-like text quoted, numbers and dates as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, datetime.date)):
        return value.isoformat() if isinstance(value, datetime.date) else value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def csv_bytes(headers: list, rows, *, language: str) -> bytes:
    delimiter = ";" if get_format("DECIMAL_SEPARATOR", language) == "," else ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([guard(str(header)) for header in headers])
    for row in rows:
        writer.writerow([guard(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers: list, rows, *, sheet_title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    bold = Font(bold=True)

    def cell(value, font=None):
        if isinstance(value, bool):
            value = int(value)
        written = WriteOnlyCell(sheet, value=value if not isinstance(value, str) else _printable(value))
        if isinstance(value, str):
            written.data_type = "s"  # never a formula, whatever it starts with
        if font is not None:
            written.font = font
        return written

    sheet.append([cell(str(header), bold) for header in headers])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _printable(text: str) -> str:
    """XLSX refuses control characters other than tab and new lines."""
    return "".join(char for char in text if char in "\t\n\r" or ord(char) >= 32)


def _sheet_title(title: str) -> str:
    cleaned = "".join(char for char in str(title) if char not in "[]:*?/\\")[:31]
    return cleaned or "Sheet1"


def download(*, headers: list, rows, file_format: str, filename: str, language: str, sheet_title: str = ""):
    """An attachment response holding the table as `file_format` (csv or xlsx)."""
    if file_format == "csv":
        content = csv_bytes(headers, rows, language=language)
    else:
        content = xlsx_bytes(headers, rows, sheet_title=sheet_title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
