"""python manage.py reset_second_factor USERNAME — for the admin who lost the phone.

Another admin can delete the device in the admin (Authenticator apps) and issue a set-up code
(Users); this is for when there is no other admin. It removes the user's apps and prints a new
set-up code, with which the user sets up a new app at the next visit to the admin.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations import enrolment
from organizations.models import Role


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and print a set-up code, so that they set up a new one "
        "at their next admin visit."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"{username}: {removed} authenticator app(s) removed.")
        if user.has_role(Role.ADMIN):
            self.stdout.write(enrolment.issue_on_console(user))
