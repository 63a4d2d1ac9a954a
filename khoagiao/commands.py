"""Management commands that act for one province (khoagiao/scoping.py): `--province CODE`, which
an installation of one province may leave out."""

from django.core.management.base import BaseCommand, CommandError

from khoagiao.scoping import everywhere, in_province


def province_by_code(code=None):
    """The province named by its code; without a code, the installation's only province."""
    from organizations.models import Province

    provinces = Province.objects.all()
    if code:
        province = provinces.filter(code=code).first()
        if province is None:
            raise CommandError(f"no province with the code {code!r}")
        return province
    if provinces.count() != 1:
        codes = ", ".join(provinces.values_list("code", flat=True)) or "none"
        raise CommandError(f"say which province with --province (one of: {codes})")
    return provinces.get()


class ProvinceCommand(BaseCommand):
    """Runs `handle` inside its province's scope (`self.province`)."""

    # A command that works on every province at once (recounting tallies) says so.
    across_provinces = False

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if not self.across_provinces:
            parser.add_argument(
                "--province", default="", help="the province's code (not needed with only one)"
            )
        return parser

    def execute(self, *args, **options):
        if self.across_provinces:
            with everywhere():
                return super().execute(*args, **options)
        self.province = province_by_code(options.get("province"))
        with in_province(self.province):
            return super().execute(*args, **options)
