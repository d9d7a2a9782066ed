"""Backup archives of the database and the uploaded files (MEDIA_ROOT), used by the `backup` and
`restore` commands.

One archive, `vpwg-backup-<UTC time>.tar.gz`, holds:
- `manifest.json`: engine, time, row counts of every table, SHA-256 and size of each file;
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite backup API);
- `media/...`: every file under MEDIA_ROOT.

PostgreSQL: the row counts are read in the very snapshot pg_dump uses (`pg_export_snapshot`), so the
manifest describes the dump exactly even while the site keeps writing. Media files are copied after
the dump, so every file a dumped row refers to is in the archive (files added meanwhile are extra,
which is harmless). Restore refuses a database or media folder that is not empty, checks every
checksum before touching anything, and checks the counts and checksums again afterwards.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


@dataclass
class Result:
    archive: Path
    seconds: float
    manifest: dict

    @property
    def size(self) -> int:
        return self.archive.stat().st_size


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Unsupported database engine: {vendor}")
    return vendor


def _pg_env() -> dict:
    """libpq's environment for pg_dump/pg_restore: the password never appears on a command line."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db.get("USER") or "postgres"}
    if db.get("HOST"):
        env["PGHOST"] = db["HOST"]
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - names come from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, dict]:
    files = {}
    if not root.exists():
        return files
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(root).as_posix()] = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
    return files


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump in the snapshot of an open REPEATABLE READ transaction whose counts go in the manifest."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts(cursor, connection.introspection.table_names(cursor))
        result = subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "-f",
                str(target),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()  # the live connection: also works for an in-memory test database
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # a consistent copy even while others write
        tables = [
            row[0]
            for row in copy.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
        counts = {table: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}  # noqa: S608
    finally:
        copy.close()
    return counts


def backup(output_dir: Path) -> Result:
    """Write one archive of the database and MEDIA_ROOT into `output_dir`."""
    started = time.monotonic()
    engine = _engine()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    archive = output_dir / f"vpwg-backup-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="vpwg-backup-", dir=output_dir) as staging:
        database = Path(staging) / ("database.dump" if engine == "postgresql" else "database.sqlite3")
        counts = _dump_postgresql(database) if engine == "postgresql" else _dump_sqlite(database)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": {"file": database.name, "sha256": sha256_file(database), "bytes": database.stat().st_size},
            "tables": counts,
            "rows": sum(counts.values()),
            "media": files,
            "media_files": len(files),
            "media_bytes": sum(f["bytes"] for f in files.values()),
        }
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(time.time())
            tar.addfile(info, io.BytesIO(data))
            tar.add(database, arcname=database.name)
            for name in files:
                tar.add(media_root / name, arcname=f"media/{name}")
        partial.rename(archive)  # never leave a half-written archive under the final name
    # A file that changed between checksum and copy would not restore whole: check the archive itself.
    verify_archive(archive)
    return Result(archive=archive, seconds=time.monotonic() - started, manifest=manifest)


def read_manifest(tar: tarfile.TarFile) -> dict:
    manifest = json.load(tar.extractfile("manifest.json"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}")
    return manifest


def _extract_checked(archive: Path, staging: Path) -> dict:
    """Extract into `staging`, checking every file against the manifest. Returns the manifest."""
    with tarfile.open(archive, "r:gz") as tar:
        manifest = read_manifest(tar)
        tar.extractall(staging, filter="data")
    problems = []
    database = staging / manifest["database"]["file"]
    if not database.is_file() or sha256_file(database) != manifest["database"]["sha256"]:
        problems.append(f"database file {database.name}")
    for name, meta in manifest["media"].items():
        path = staging / "media" / name
        if not path.is_file() or sha256_file(path) != meta["sha256"]:
            problems.append(f"media/{name}")
    extra = set(media_files(staging / "media")) - set(manifest["media"])
    problems += [f"unexpected media/{name}" for name in sorted(extra)]
    if problems:
        raise BackupError("Archive does not match its manifest: " + ", ".join(problems[:20]))
    return manifest


def verify_archive(archive: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="vpwg-verify-", dir=archive.parent) as staging:
        return _extract_checked(archive, Path(staging))


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(archive: Path) -> Result:
    """Restore `archive` into the configured database and MEDIA_ROOT, both of which must be empty."""
    started = time.monotonic()
    engine = _engine()
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media_root} is not empty; restore into an empty folder.")
    if not _database_is_empty():
        raise BackupError(f"Database {connection.settings_dict['NAME']} is not empty; restore into an empty one.")
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vpwg-restore-", dir=media_root.parent) as staging:
        staging = Path(staging)
        manifest = _extract_checked(archive, staging)
        if manifest["engine"] != engine:
            raise BackupError(f"The archive holds a {manifest['engine']} database; this site uses {engine}.")
        database = staging / manifest["database"]["file"]
        if engine == "postgresql":
            connection.close()  # pg_restore works in its own session
            result = subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    connection.settings_dict["NAME"],  # host, user and password come from the environment
                    str(database),
                ],
                env={**_pg_env(), "PGOPTIONS": "-c client_min_messages=warning"},
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        else:
            connection.ensure_connection()
            source = sqlite3.connect(database)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        staged_media = staging / "media"
        if staged_media.exists():
            media_root.mkdir(parents=True, exist_ok=True)
            for entry in staged_media.iterdir():
                shutil.move(str(entry), media_root / entry.name)
    problems = check_restored(manifest)
    if problems:
        raise BackupError("Restored data does not match the manifest: " + ", ".join(problems[:20]))
    return Result(archive=archive, seconds=time.monotonic() - started, manifest=manifest)


def check_restored(manifest: dict) -> list[str]:
    """Differences between the live database/media and `manifest` (empty when whole)."""
    problems = []
    with connection.cursor() as cursor:
        counts = table_counts(cursor, connection.introspection.table_names(cursor))
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} rows, expected {expected}")
    files = media_files(Path(settings.MEDIA_ROOT))
    for name, meta in manifest["media"].items():
        if files.get(name, {}).get("sha256") != meta["sha256"]:
            problems.append(f"media/{name}")
    return problems
