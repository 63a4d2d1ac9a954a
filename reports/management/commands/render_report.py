"""python manage.py render_report --period 2024-Q1 [--unit so-gddt] [--signer NAME] [--output bao-cao.pdf]

Renders a report synchronously, for scripts: the same job row, claim and atomic file write as
the worker uses, without the broker. The report then also appears in the archive."""

import shutil
from pathlib import Path

from django.core.management.base import CommandError

from directives.models import Directive
from khoagiao.commands import ProvinceCommand
from khoagiao.periods import Period
from organizations.access import SYSTEM
from organizations.models import Organization
from reports import services
from reports.models import Report


class Command(ProvinceCommand):
    help = (
        "Render a progress report PDF now, without the worker (periods: 2024-Q1, 2024-H1, 2024-9M, 2024-Y)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True, help="2024-Q1, 2024-H1, 2024-9M or 2024-Y (also Q2–Q4)"
        )
        parser.add_argument("--unit", help="code of one unit (for example so-gddt): that unit's report")
        parser.add_argument("--directive", help="id or number of one directive (for example 128-HD/BTGTW)")
        parser.add_argument("--number", default="", help="the report's number, e.g. 15 or 15-BC/BTGDVTU")
        parser.add_argument(
            "--signer", default="", help="the name under the signature (default: REPORTS_SIGNER_NAME)"
        )
        parser.add_argument("--output", help="also copy the PDF to this path")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        kind, organization, directive = Report.Kind.BAN, None, None
        if options["unit"]:
            organization = Organization.objects.filter(code=options["unit"]).first()
            if organization is None:
                raise CommandError(f"no unit with code {options['unit']!r}")
            kind = Report.Kind.UNIT
        if options["directive"]:
            value = options["directive"]
            lookup = {"pk": int(value)} if value.isdigit() else {"number": value}
            directive = Directive.objects.filter(**lookup).order_by("-issued_on").first()
            if directive is None:
                raise CommandError(f"no directive {value!r}")
            kind = Report.Kind.DIRECTIVE
        report, _created = services.report_request(
            by=SYSTEM,
            kind=kind,
            period=period,
            organization=organization,
            directive=directive,
            number=options["number"],
            signer_name=options["signer"],
            enqueue=False,
        )
        done = services.report_render(report_id=report.pk)
        report.refresh_from_db()
        if done is None:
            raise CommandError(
                f"report {report.pk} was not rendered: {report.get_status_display()} {report.last_error}"
            )
        path = Path(report.file.path)
        if options["output"]:
            shutil.copyfile(path, options["output"])
            path = Path(options["output"])
        self.stdout.write(f"{path}\n{report.pages} pages, {report.size} bytes, sha256 {report.sha256}\n")
