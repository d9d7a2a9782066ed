#!/usr/bin/env python
"""How long a 1,000-row import takes, in seconds of the clock and of the processor, and in queries.

    .venv/bin/python scripts/import_speed.py                          # institutions, 1,000 rows, SQLite
    .venv/bin/python scripts/import_speed.py --kinds institutions activities --rows 1000
    .venv/bin/python scripts/import_speed.py --database postgres://postgres@127.0.0.1:5432/vpwg_bench_import

The same throw-away database, group and files as scripts/import_benchmark.py (whose helpers it uses):
an XLSX file of N rows is uploaded and previewed (the whole import, rolled back), then confirmed (the
import again, kept), as the Secretariat, through the services the pages and the worker's tasks call.
Besides the wall-clock time it prints the processor time of this process (on a shared machine, the
clock also counts the time other processes held the processor; the processor time does not) and the
number of SQL queries of each step, which does not depend on the machine at all.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import import_benchmark as bench  # noqa: E402 - the same set-up as the full benchmark


def _timed(step):
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        result = step()
    return result, time.perf_counter() - wall, time.process_time() - cpu, queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--kinds", nargs="+", default=["institutions"], choices=["institutions", "activities"])
    parser.add_argument("--database", help="a PostgreSQL URL (created and dropped); SQLite in a temp folder otherwise")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench._setup(options.database, Path(folder))
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection
        from django.utils import translation

        from exchange import services

        translation.activate("es")
        group, secretariat = bench._group()
        print(f"Import speed: {options.rows} rows, XLSX, {connection.vendor}, as the Secretariat")
        print(f"{'kind':<14}{'step':<10}{'clock':>9}{'processor':>11}{'queries':>9}  outcome")
        for kind in options.kinds:
            headers, rows = bench._rows(kind, options.rows)
            uploaded = SimpleUploadedFile(f"{kind}.xlsx", bench._xlsx(headers, rows))

            def preview(uploaded=uploaded, kind=kind):
                batch = services.import_upload(working_group=group, kind=kind, uploaded=uploaded, actor=secretariat)
                return services.import_preview(batch=batch, actor=secretariat) if batch.running else batch

            batch, wall, cpu, queries = _timed(preview)
            print(f"{kind:<14}{'preview':<10}{wall:>8.2f}s{cpu:>10.2f}s{queries:>9}  {batch.count('error')} errors")
            confirm = lambda batch=batch: services.import_confirm(batch=batch, actor=secretariat)  # noqa: E731
            batch, wall, cpu, queries = _timed(confirm)
            outcome = f"{batch.get_status_display()}: {batch.count('created')} new, {batch.count('error')} errors"
            print(f"{kind:<14}{'confirm':<10}{wall:>8.2f}s{cpu:>10.2f}s{queries:>9}  {outcome}")
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
