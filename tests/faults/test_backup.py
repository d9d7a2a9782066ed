"""Backup and restore: minutes with several versions, their rendered PDFs and the download log
come back whole in a fresh database and an empty media folder.

PostgreSQL: the archive is restored into a database of its own, created on the same server for
this test and dropped afterwards. SQLite: into a new database file. The restore runs as the real
command line (`manage.py restore`) in a separate process, as an operator would run it.
"""

import io
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from meetings.models import Meeting
from minutes import services as minutes_services
from minutes.models import Minutes, MinutesVersion
from tests.conftest import build_group_world
from tests.factories.meetings import MeetingFactory
from vpwg.management.archive import media_files
from vpwg.models import DocumentAccess

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# What must come back whole, compared row by row (every other table by its row count).
TABLES = [
    Minutes._meta.db_table,
    MinutesVersion._meta.db_table,
    "minutes_minutesstatuschange",
    DocumentAccess._meta.db_table,
]


@pytest.fixture
def empty_database(tmp_path):
    """An empty database for the restore, and a function reading its rows."""
    if connection.vendor == "postgresql":
        source = connection.settings_dict
        name = f"vpwg_restore_{uuid.uuid4().hex[:12]}"
        params = {"host": source["HOST"] or "127.0.0.1", "port": source["PORT"] or 5432, "user": source["USER"]}
        if source.get("PASSWORD"):
            params["password"] = source["PASSWORD"]
        admin = psycopg2.connect(dbname="postgres", **params)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        password = f":{source['PASSWORD']}" if source.get("PASSWORD") else ""
        url = f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
        # Both sides through plain psycopg2 (Django's connection leaves JSON undecoded).
        source_copy = psycopg2.connect(dbname=source["NAME"], **params)
        target = psycopg2.connect(dbname=name, **params)
        try:
            yield url, source_copy, target
        finally:
            source_copy.close()
            target.close()
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    else:
        path = tmp_path / "restored.sqlite3"
        target = sqlite3.connect(path)
        try:
            yield f"sqlite:///{path}", None, target
        finally:
            target.close()


def _rows(conn, table: str) -> list[tuple]:
    cursor = conn.cursor()
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')  # noqa: S608
    rows = [tuple(row) for row in cursor.fetchall()]
    cursor.close()
    return rows


def _minutes_with_versions_pdfs_and_downloads(world) -> Minutes:
    group = world.group
    secretariat, coordination, member = (world.users[r] for r in ("secretariat", "coordination", "member"))
    meeting = MeetingFactory(working_group=group, starts_in_days=-10, status=Meeting.Status.HELD)
    minutes = minutes_services.minutes_start(meeting=meeting, actor=secretariat)
    for round_ in range(1, 4):  # three submitted versions, two of them returned for changes
        minutes.refresh_from_db()
        texts = {
            section["key"]: {"summary": f"Round {round_}: the plenary discussed {section['title']}.", "agreements": ""}
            for section in minutes.sections
        }
        minutes_services.minutes_save_draft(minutes=minutes, actor=secretariat, revision=minutes.revision, texts=texts)
        # The PDF is rendered by the task queued on commit (eager in tests).
        minutes_services.minutes_submit(minutes=minutes, actor=secretariat)
        if round_ < 3:
            minutes_services.minutes_return(minutes=minutes, actor=coordination, note=f"Please shorten round {round_}.")
    for version in minutes.versions.all():
        for reader in (coordination, secretariat):
            assert minutes_services.minutes_download(minutes=minutes, version=version, user=reader)
        minutes_services.minutes_log_view(minutes=minutes, version=version, user=coordination)
    minutes_services.minutes_log_view(minutes=minutes, version=None, user=member)
    return minutes


def test_backup_then_restore_brings_minutes_versions_pdfs_and_download_log_back_whole(
    settings, tmp_path, empty_database
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    world = build_group_world("backup")
    minutes = _minutes_with_versions_pdfs_and_downloads(world)
    (media / "uploads" / "nested").mkdir(parents=True)
    (media / "uploads" / "nested" / "attachment.bin").write_bytes(os.urandom(50_000))  # any other upload

    assert minutes.versions.count() == 3
    assert all(v.pdf and v.pdf_rendered_at for v in minutes.versions.all())
    assert DocumentAccess.objects.filter(action=DocumentAccess.Action.DOWNLOAD).count() == 6
    assert DocumentAccess.objects.count() == 10
    source_files = media_files(media)
    assert {v.pdf.name for v in minutes.versions.all()} < set(source_files)

    out = io.StringIO()
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=out)
    archive_path, figures = out.getvalue().strip().splitlines()
    print("backup:", figures)

    url, source, restored = empty_database
    restored_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vpwg.settings.local",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(restored_media),
        "VPWG_VAR_DIR": str(tmp_path / "var"),
        "REDIS_URL": "",
    }
    command = [sys.executable, "manage.py", "restore", archive_path]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    print(result.stdout.strip())

    if source is None:  # SQLite: a plain copy of the test database (Django's connection converts types)
        source = sqlite3.connect(":memory:")
        connection.connection.backup(source)
    for table in TABLES:
        expected = _rows(source, table)
        assert expected, table
        assert _rows(restored, table) == expected, table
    assert media_files(restored_media) == source_files
    for version in minutes.versions.all():
        assert source_files[version.pdf.name]["sha256"] == media_files(restored_media)[version.pdf.name]["sha256"]

    # A second restore into the now non-empty database is refused and changes nothing.
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode != 0
    assert "not empty" in again.stderr
