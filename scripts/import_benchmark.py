#!/usr/bin/env python
"""The import benchmark (issue 17). Not a test: it measures and prints.

    .venv/bin/python scripts/import_benchmark.py                # 1,000 rows of each kind, SQLite
    .venv/bin/python scripts/import_benchmark.py --rows 5000    # the documented limit
    .venv/bin/python scripts/import_benchmark.py --database postgres://postgres@127.0.0.1:5432/vpwg_bench_import

It makes a throw-away database (a SQLite file in a temporary folder, or the PostgreSQL database named,
created and dropped), migrates it, creates a group with its Secretariat, writes a file of N rows of
each kind (institutions with a principal each, so N invitations; activities; past meetings with their
attendance, 20 institutions per meeting) as CSV and as XLSX, and times, as the Secretariat and through
the same services the pages and the worker's tasks call: reading and previewing the file (the whole
import run, rolled back) and confirming it (the run again, kept). Files over SYNC_ROWS rows run in a
worker in production (the page waits); here the same services run in this process. E-mails go to an
in-memory broker: sending them is a worker's job.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(database: str | None, folder: Path) -> None:
    os.environ["DATABASE_URL"] = database or f"sqlite:///{folder / 'import-benchmark.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "import-benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpwg.settings.local")
    if database and database.startswith("postgres"):
        _create_postgres(database)
    import django

    django.setup()
    from django.core.management import call_command

    from vpwg.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"  # queued sends are a worker's job, not the import's
    call_command("migrate", verbosity=0)


def _create_postgres(url: str) -> None:
    import psycopg2

    base, name = url.rsplit("/", 1)
    connection = psycopg2.connect(f"{base}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _group():
    from django.contrib.auth import get_user_model

    from members import services
    from members.models import Institution, Pillar, Representative

    group = services.working_group_create(
        slug="bench", name="Grupo de Trabajo de Referencia", country="Perú", language="es", time_zone="America/Lima"
    )
    secretariat = get_user_model().objects.create_user("secretaria", "secretaria@example.org", "x" * 12)
    host = services.institution_find_or_create(name="Socios Perú", kind=Institution.Kind.NGO, country="Perú")
    membership = services.membership_admit(
        working_group=group, institution=host, pillar=Pillar.CIVIL_SOCIETY, joined_on=date(2015, 1, 1)
    )
    # The Secretariat's staff represent the institution holding it.
    services.representative_add(membership=membership, user=secretariat, role=Representative.Role.PRINCIPAL)
    services.secretariat_term_start(
        working_group=group, institution=host, staff=[secretariat], started_on=date(2015, 1, 1)
    )
    return group, secretariat


def _rows(kind: str, count: int) -> tuple[list[str], list[list]]:
    from exchange.kinds import registry
    from meetings.models import Attendance

    headers = [str(column.label) for column in registry()[kind].columns]
    pillars = ["Empresas", "Gobierno", "Sociedad civil"]
    if kind == "institutions":
        rows = [
            [
                f"Institución {n:05d}",
                f"I{n}",
                "Empresa",
                "Perú",
                pillars[n % 3],
                "Miembro",
                "2015-03-31",
                "Lucía",
                f"Ramos {n}",
                f"persona{n}@example.org",
                "Jefa de seguridad",
                "",
                "",
                "",
                "",
            ]
            for n in range(count)
        ]
    elif kind == "activities":
        rows = [
            [
                f"Taller {n}",
                "Taller",
                (date(2010, 1, 1) + timedelta(days=n)).isoformat(),
                "",
                "Cusco",
                "Cusco",
                "",
                "Institución 00001; I2",
                "Uso de la fuerza; Derechos humanos",
                "",
                "CICR",
                "",
                *[str((n + s) % 40) for s in range(9)],
            ]
            for n in range(count)
        ]
    else:
        per_meeting = 20
        rows = []
        for n in range(count):
            meeting, seat = divmod(n, per_meeting)
            day = (date(2012, 1, 10) + timedelta(days=91 * meeting)).isoformat()
            status = str(Attendance.Status.choices[n % 3][1])  # in the active language (Spanish)
            rows.append(
                [
                    f"Plenaria {meeting + 1}",
                    "Plenaria",
                    day,
                    "09:30",
                    "11:30",
                    "Presencial",
                    "Lima",
                    "",
                    f"Institución {seat:05d}",
                    status,
                    "",
                ]
            )
    return headers, rows


def _csv(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("cp1252", errors="replace")  # as Excel in Spanish saves it


def _xlsx(headers, rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--database", help="a PostgreSQL URL (created and dropped); SQLite in a temp folder otherwise")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(options.database, Path(folder))
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection
        from django.utils import translation

        from exchange import services

        translation.activate("es")
        group, secretariat = _group()
        print(f"Import benchmark: {options.rows} rows per file, {connection.vendor}, as the Secretariat")
        print(f"{'kind':<14}{'format':<8}{'read + preview':>16}{'confirm':>10}{'total':>9}  outcome")
        for kind in ("institutions", "activities", "meetings"):
            headers, rows = _rows(kind, options.rows)
            for file_format, content in (("xlsx", _xlsx(headers, rows)), ("csv", _csv(headers, rows))):
                uploaded = SimpleUploadedFile(f"{kind}.{file_format}", content)
                started = time.perf_counter()
                batch = services.import_upload(working_group=group, kind=kind, uploaded=uploaded, actor=secretariat)
                if batch.running:  # over SYNC_ROWS: what the worker's task runs
                    batch = services.import_preview(batch=batch, actor=secretariat)
                preview = time.perf_counter() - started
                confirm = 0.0
                if file_format == "xlsx":  # the CSV of the same rows is previewed only: they are in by then
                    started = time.perf_counter()
                    batch = services.import_confirm(batch=batch, actor=secretariat)
                    confirm = time.perf_counter() - started
                    outcome = (
                        f"{batch.get_status_display()}: {batch.count('created')} new, {batch.count('error')} errors, "
                        f"{batch.created_objects.count()} records"
                    )
                else:
                    outcome = f"preview only: {batch.count('matched') + batch.count('skipped')} matched or skipped"
                print(
                    f"{kind:<14}{file_format:<8}{preview:>15.2f}s{confirm:>9.2f}s{preview + confirm:>8.2f}s  {outcome}"
                )
        connection.close()
    if options.database and options.database.startswith("postgres"):
        import psycopg2

        base, name = options.database.rsplit("/", 1)
        admin = psycopg2.connect(f"{base}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
