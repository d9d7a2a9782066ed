from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vpwg.management import archive as backups


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database and an empty MEDIA_ROOT, "
        "then check row counts and file checksums against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `manage.py backup`")
        parser.add_argument("--verify-only", action="store_true", help="only check the archive against its manifest")

    def handle(self, *args, archive: str, verify_only: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        try:
            if verify_only:
                manifest = backups.verify_archive(path)
                self.stdout.write(f"archive ok: rows={manifest['rows']} media_files={manifest['media_files']}")
                return
            result = backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(str(error))
        manifest = result.manifest
        self.stdout.write(
            f"restored engine={manifest['engine']} tables={len(manifest['tables'])} rows={manifest['rows']} "
            f"media_files={manifest['media_files']} media_bytes={manifest['media_bytes']} "
            f"archive_bytes={result.size} seconds={result.seconds:.2f}; counts and checksums match the manifest"
        )
