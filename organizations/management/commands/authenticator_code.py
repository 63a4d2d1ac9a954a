"""python manage.py authenticator_code USERNAME — a one-time set-up code for an admin's
authenticator app, for when no other admin can issue one in the admin (organizations/enrolment.py)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organizations import enrolment


class Command(BaseCommand):
    help = "Print a one-time code with which an administrator sets up an authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        try:
            self.stdout.write(enrolment.issue_on_console(user))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
