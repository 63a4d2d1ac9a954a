"""python manage.py seed_demo — demo data for the home province, and Lai Châu's (a source text's
giao ban); `--provinces N` makes N provinces in all, for the national view. Running it again changes
nothing."""

import secrets

from django.conf import settings
from django.db import transaction

from demo import (
    agreements,
    assignments,
    directives,
    meetings,
    organizations,
    period_tasks,
    provinces,
    reports,
)
from khoagiao.commands import ProvinceCommand
from organizations.models import Province

# After the organisations, in the apps' dependency order: each step reads what the earlier ones made.
STEPS = [directives, agreements, meetings, assignments, period_tasks, reports]


class Command(ProvinceCommand):
    help = (
        "Create the demo province, its Khối Khoa giáo, documents, meetings and tasks, and one user per role."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces",
            type=int,
            default=2,
            help=f"provinces in all, home and Lai Châu included (at most {len(provinces.PROVINCES) + 1})",
        )
        parser.add_argument(
            "--home-only",
            action="store_true",
            help="only the home province, as an installation of one province had it before provinces "
            "(the migration test)",
        )

    def execute(self, *args, **options):
        # The home province is the first one (migration 0008's); the others are this command's.
        if not options.get("province"):
            home = Province.objects.order_by("pk").first()
            options["province"] = home.code if home else ""
        return super().execute(*args, **options)

    def handle(self, *args, **options):
        password = settings.PORTAL_DEMO_PASSWORD
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        with transaction.atomic():
            logins = organizations.seed(password)
            for step in STEPS:
                step.seed(stdout=self.stdout)
            if not options["home_only"]:
                provinces.seed(count=options["provinces"] - 1, password=password, stdout=self.stdout)

        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write("Demo logins (user name / role / organisation):")
        for username, role, org in logins:
            self.stdout.write(f"  {username:<14} {role.value:<9} {org.display_name}")
        self.stdout.write(
            "The admin pages (/quan-tri/, imports) also ask the admin for a code from an authenticator "
            "app; the first visit asks for the set-up code below, then shows the QR code to scan."
        )
        self.write_authenticator_codes(logins)
        if generated:
            self.stdout.write(
                f"Password for new demo users: {password}\n"
                "(shown once; set DEMO_PASSWORD to choose it, or reset it with `manage.py changepassword`)"
            )
        else:
            self.stdout.write("Password: the value of DEMO_PASSWORD.")

    def write_authenticator_codes(self, logins):
        """A set-up code for each demo admin without an authenticator app, so that the demo admin
        gets into the admin (a real one gets the code from another admin, organizations/enrolment.py)."""
        from django.contrib.auth import get_user_model
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from organizations.enrolment import issue_on_console

        for username, role, _org in logins:
            if role != "admin" or TOTPDevice.objects.filter(user__username=username, confirmed=True).exists():
                continue
            self.stdout.write(issue_on_console(get_user_model().objects.get(username=username)))
