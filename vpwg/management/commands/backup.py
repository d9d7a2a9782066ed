from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vpwg.management import archive as backups


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into one timestamped .tar.gz with a manifest (counts, checksums)."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default="var/backups", help="folder for the archive (default var/backups)")

    def handle(self, *args, output_dir, **options):
        try:
            result = backups.backup(Path(output_dir))
        except backups.BackupError as error:
            raise CommandError(str(error))
        manifest = result.manifest
        self.stdout.write(str(result.archive))
        self.stdout.write(
            f"engine={manifest['engine']} tables={len(manifest['tables'])} rows={manifest['rows']} "
            f"database_bytes={manifest['database']['bytes']} media_files={manifest['media_files']} "
            f"media_bytes={manifest['media_bytes']} archive_bytes={result.size} seconds={result.seconds:.2f}"
        )
