"""python manage.py backup DESTINATION — the database and the private files, with a manifest."""

from django.core.management.base import BaseCommand, CommandError

from khoagiao import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, consistent while the portal runs) and the private files "
        "into a new folder under DESTINATION, with a manifest of row counts and SHA-256 hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="the folder that receives the backup's own folder")
        parser.add_argument("--database", default="default")

    def handle(self, *args, destination, database, **options):
        try:
            folder = backup.backup(destination, alias=database)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.read_manifest(folder)
        self.stdout.write(self.style.SUCCESS(f"{folder}: {backup.describe(manifest)}"))
