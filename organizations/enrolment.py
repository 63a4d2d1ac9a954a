"""One-time codes that let an admin set up an authenticator app (ASVS 6.4, authenticator lifecycle).

Without them, whoever first signed in to a new admin account with its password would set up its
second factor. A code is issued by another admin (the admin's user list, "Issue a set-up code")
or on the server (`manage.py authenticator_code USERNAME`), shown once, handed over in person,
and then typed on the two-step page before the QR code appears. Only a hash is stored (Django's
password hasher); a code is valid for PORTAL_OTP_ENROLMENT_MINUTES, is used up when the app is
set up, is replaced by the next one issued, and is void after a few wrong guesses.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import AuthenticatorEnrolment, Role

logger = logging.getLogger("portal.security")

# No 0/O, 1/I/L: read aloud or copied from paper without doubt. 12 characters = 60 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12
MAX_FAILURES = 5


def _format(code):
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(typed):
    """What the person typed, as issued: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def validity():
    return timedelta(minutes=settings.PORTAL_OTP_ENROLMENT_MINUTES)


@transaction.atomic
def issue_code(*, user, by=None):
    """A new set-up code for `user` (an admin), replacing any unused one; returns it as shown to
    the issuer, once. `by` is the issuing admin, None on the server."""
    if not user.has_role(Role.ADMIN):
        raise ValidationError(
            _("%(user)s is not an administrator: only administrators use an authenticator app.")
            % {"user": user.get_username()}
        )
    if by is not None and by.pk == user.pk:
        raise ValidationError(_("Another administrator must issue your set-up code."))
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    AuthenticatorEnrolment.objects.filter(user=user, used_at__isnull=True).delete()
    now = timezone.now()
    AuthenticatorEnrolment.objects.create(
        user=user, code_hash=make_password(code), issued_by=by, created_at=now, expires_at=now + validity()
    )
    logger.warning(
        "authenticator set-up code issued for %s by %s",
        user.get_username(),
        by.get_username() if by else "manage.py",
    )
    return _format(code)


def issue_on_console(user):
    """A new code for `user`, issued on the server, with the lines that hand it over (manage.py
    authenticator_code, reset_second_factor, seed_demo)."""
    code = issue_code(user=user)
    return (
        f"Set-up code for {user.get_username()}'s authenticator app: {code}\n"
        f"(valid for {settings.PORTAL_OTP_ENROLMENT_MINUTES} minutes, usable once, shown only now; "
        "any earlier code is cancelled. The user types it on the two-step page of the admin, then "
        "scans the QR code.)"
    )


def live_code(user):
    """The user's code that may still be used, if any."""
    return (
        AuthenticatorEnrolment.objects.filter(
            user=user, used_at__isnull=True, expires_at__gt=timezone.now(), failures__lt=MAX_FAILURES
        )
        .order_by("-created_at")
        .first()
    )


def check_code(*, user, typed):
    """The live enrolment whose code `typed` is; None (and one more wrong guess counted) if not."""
    enrolment = live_code(user)
    if enrolment is None:
        logger.warning("set-up code tried by %s, who has no valid one", user.get_username())
        return None
    if check_password(normalise(typed), enrolment.code_hash):
        return enrolment
    AuthenticatorEnrolment.objects.filter(pk=enrolment.pk).update(failures=F("failures") + 1)
    logger.warning("wrong set-up code for %s", user.get_username())
    return None


def use_up(*, user, enrolment_id):
    """Mark the code used as the app is saved (call inside the transaction that saves it); False
    if it was used, replaced or voided since it was checked."""
    enrolment = (
        AuthenticatorEnrolment.objects.select_for_update()
        .filter(pk=enrolment_id, user=user, used_at__isnull=True, failures__lt=MAX_FAILURES)
        .first()
    )
    if enrolment is None:
        return False
    enrolment.used_at = timezone.now()
    enrolment.save(update_fields=["used_at"])
    return True
