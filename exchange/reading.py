"""Reading an uploaded spreadsheet (CSV or XLSX) into text cells, refusing anything it is not.

Nothing in a file is ever executed: XLSX cells are read with `data_only=True` (the value Excel saved
for a formula, never the formula; a formula never calculated reads as empty) and CSV cells are text.
A file is judged by its content as well as its name: an ".xlsx" must be a ZIP holding a workbook, a
".csv" must be text. Encodings: UTF-8 (with or without Excel's BOM), UTF-16 with a BOM (Excel's
"Unicode text"), else Windows-1252 / Latin-1 (Excel's default "CSV" on Windows in Spanish and French).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .exceptions import ImportFileError

# Documented limits (README, import page): a Secretariat's spreadsheet has tens or hundreds of rows; the
# import of MAX_ROWS rows runs in the request in a few seconds (scripts/import_benchmark.py measures it).
MAX_ROWS = 1000
MAX_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 60
MAX_CELL_CHARS = 5000
MAX_BLANK_ROWS = 1000  # this many empty rows in a row end a sheet
# An XLSX is a ZIP: refuse one that would unpack to far more than any spreadsheet of MAX_ROWS rows.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
FORMATS = ("csv", "xlsx")


@dataclass
class Table:
    """The header row and the data rows (as text), with the file row number of each data row."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    file_format: str = "csv"
    encoding: str = ""


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def read_table(uploaded) -> Table:
    """The table in `uploaded` (a Django UploadedFile); ImportFileError with a clear message otherwise."""
    if uploaded.size > MAX_BYTES:
        raise ImportFileError(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {"size": uploaded.size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    extension = extension_of(uploaded.name)
    uploaded.seek(0)
    content = uploaded.read(MAX_BYTES + 1)
    if extension == "xlsx":
        table = read_xlsx(content)
    elif extension in ("csv", "txt", "tsv"):
        table = read_csv(content)
    elif extension in ("xls", "ods", "numbers", "xlsm"):
        raise ImportFileError(_("Save the spreadsheet as .xlsx (Excel workbook) or .csv, then upload it again."))
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    if not any(cell.strip() for cell in table.headers):
        raise ImportFileError(_("The first row must name the columns. Download the template to see them."))
    return table


# --- CSV ---------------------------------------------------------------------------------------


def decode_text(content: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 first (BOM or not), then UTF-16 by its BOM, then Windows-1252, Latin-1."""
    if content.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("This file is a spreadsheet (XLSX or another ZIP file), not a CSV: name it .xlsx."))
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(_("This file is not a text (CSV) file."))
    if b"\x00" in content:  # no text encoding we accept has NUL bytes: an image, a PDF, a program...
        raise ImportFileError(_("This file is not a text (CSV) file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1"), "latin-1"  # every byte is a Latin-1 character


def _delimiter(first_line: str) -> str:
    """Excel writes ';' where the decimal separator is ',' (Spanish, French): the most frequent wins."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _unguard(cell: str) -> str:
    """Undo the quote our exports put before a cell that starts like a formula (a round trip keeps it)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def read_csv(content: bytes) -> Table:
    text, encoding = decode_text(content)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        headers = next(reader, [])
        table = Table(headers=[_clean_cell(h) for h in headers], file_format="csv", encoding=encoding)
        _check_width(len(headers))
        for number, cells in enumerate(reader, start=2):
            _add_row(table, number, [_unguard(_clean_cell(cell)) for cell in cells])
    except csv.Error as error:
        raise ImportFileError(_("This CSV file cannot be read: %(error)s.") % {"error": error})
    return table


# --- XLSX --------------------------------------------------------------------------------------


def _check_zip(content: bytes) -> None:
    if not content.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("This file is called .xlsx but is not an Excel workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(_("This file is called .xlsx but is not an Excel workbook."))
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise ImportFileError(
            _("This file is a ZIP archive but not an Excel workbook (perhaps a Word or OpenDocument file).")
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("This workbook is too large to import."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")[:16]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()[:10] if isinstance(value, datetime.date) else value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _clean_cell(str(value))


def read_xlsx(content: bytes) -> Table:
    """The first sheet of a workbook. openpyxl parses its XML through defusedxml (no entity expansion)."""
    _check_zip(content)
    from openpyxl import load_workbook  # only the import pages need it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds (KeyError, XML, zip) for a broken file
        raise ImportFileError(_("This Excel workbook cannot be read. Open it in Excel and save it again as .xlsx."))
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(_("This workbook has no sheet."))
        rows = sheet.iter_rows(values_only=True)
        headers = [_cell_text(value) for value in next(rows, ())]
        while headers and not headers[-1]:
            headers.pop()
        _check_width(len(headers))
        table = Table(headers=headers, file_format="xlsx")
        blank = 0
        for number, values in enumerate(rows, start=2):
            cells = [_cell_text(value) for value in values[: len(headers)]]
            blank = 0 if any(cells) else blank + 1
            if blank > MAX_BLANK_ROWS:  # formatting applied down to row 1,048,576 is not data
                break
            _add_row(table, number, cells)
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - a sheet's XML may be broken further in
        raise ImportFileError(_("This Excel workbook cannot be read. Open it in Excel and save it again as .xlsx."))
    finally:
        workbook.close()
    return table


# --- shared ------------------------------------------------------------------------------------


def _clean_cell(cell: str) -> str:
    cell = cell.replace("\x00", "").strip()
    return cell[:MAX_CELL_CHARS]


def _check_width(count: int) -> None:
    if count > MAX_COLUMNS:
        raise ImportFileError(_("This file has too many columns (%(count)d).") % {"count": count})


def _add_row(table: Table, number: int, cells: list[str]) -> None:
    if not any(cells):
        return  # blank lines between blocks are common; they are not rows
    if len(table.rows) >= MAX_ROWS:
        raise ImportFileError(
            _("This file has more than %(limit)d rows. Split it into files of at most %(limit)d rows.")
            % {"limit": MAX_ROWS}
        )
    table.rows.append((number, cells))
