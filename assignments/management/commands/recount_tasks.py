"""manage.py recount_tasks [--check]: the dashboard's task tallies against the tasks themselves."""

from django.core.management.base import CommandError

from assignments import tallies
from khoagiao.commands import ProvinceCommand


class Command(ProvinceCommand):
    across_provinces = True  # the tallies of every province are checked together

    help = (
        "Check the task tallies behind the dashboard's counts against the tasks (--check), "
        "or rebuild them from the tasks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="only compare; exit with status 1 if they differ"
        )

    def handle(self, *args, check=False, **options):
        if check:
            found = tallies.differences()
            for tally, key, kept, counted in found[:20]:
                self.stdout.write(f"{tally} {key}: kept {kept}, counted from the tasks {counted}")
            if found:
                raise CommandError(
                    f"{len(found)} task tallies differ from the tasks; run manage.py recount_tasks"
                )
            count = sum(len(tallies.kept(model)) for model in tallies.KEYS)
            self.stdout.write(f"{count} task tallies match the tasks.")
            return
        count = tallies.recount()
        self.stdout.write(f"Rebuilt {count} task tallies from the tasks.")
