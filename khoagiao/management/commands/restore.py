"""python manage.py restore FOLDER — into an empty database and private folder, then checked."""

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from khoagiao import backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `manage.py backup` into an empty database and an empty "
        "private folder, bring the schema up to this version, and compare every table's rows and "
        "every file's SHA-256 with the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder made by manage.py backup")
        parser.add_argument("--database", default="default")

    def handle(self, *args, folder, database, **options):
        try:
            manifest = backup.read_manifest(folder)
            self.stdout.write(f"Restoring the {backup.describe(manifest)}")
            differences = backup.restore(folder, alias=database, stdout=self.stdout)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        # The restored data is older than what the cache may hold pages of, at counters that the
        # restored DataVersion will reach again (caching/models.py).
        cache.clear()
        if differences:
            raise CommandError("The restore does not match its backup:\n  " + "\n  ".join(differences))
        self.stdout.write(self.style.SUCCESS("Restored: every table's rows and every file match the backup."))
