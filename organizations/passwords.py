"""Links that set a password: a new account's invitation, and "Quên mật khẩu?" (forgot password).

Both are Django's own machinery. A link carries the user's id and a token of
`default_token_generator`, which `PasswordResetConfirmView` checks (khoagiao/views.py): the token
hashes the user's password, last sign-in and e-mail, so it stops working once the password is set
(or the person signs in, or the address changes), and it expires after PASSWORD_RESET_TIMEOUT
(`PORTAL_PASSWORD_LINK_DAYS`, 3 days: one lifetime for every token Django makes, long enough for
an invitation sent on a Friday). No token is kept by the portal; the link is in the mail only.

Every mail goes through the portal's one outbox (notices.services.mail_queue): queued under a unique
key in the caller's transaction, sent by the outbox's job, kept and tried again while the mail
server is down. An invitation made when a liaison request is confirmed has the request's key, so
confirming twice, or two admins at once, queue one mail.

"Quên mật khẩu?" answers every e-mail the same way; only an active account with that address gets a
mail (one that has a password, or that never signed in: an invited person whose link expired). The
requests are counted per e-mail and per client address within the sign-in lockout's cool-off, from
the address django-axes uses (khoagiao/lockout.py has the same shape for failed sign-ins).
"""

import logging
import unicodedata
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from khoagiao.scoping import in_province

from .models import LiaisonRequest, PasswordLinkRequest, User

logger = logging.getLogger("portal.security")

INVITATION, RESET = "invitation", "password-reset"


def lifetime():
    return timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def cool_off():
    return settings.AXES_COOLOFF_TIME


def link_for(user):
    """The absolute link that lets `user` set a password, once, within the lifetime."""
    from notices.services import absolute_url

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


def _queue(user, kind, subject, template, context, key=None):
    """One mail with a new link to `user` through the outbox, in the user's province; `key` is the
    claim (by default the next of the user's mails of this kind). False when nothing was queued."""
    from notices.models import Mail
    from notices.services import _vietnamese, absolute_url, mail_queue

    if not user.email or user.province_id is None:
        # The outbox's mails belong to a province: an account of none (the central Ban's) is
        # given its password by an administrator.
        logger.warning("no password link mailed to %s: no e-mail or no province", user.get_username())
        return False
    with in_province(user.province_id):
        if key is None:
            sent_before = Mail.objects.filter(key__startswith=f"{kind}:{user.pk}:").count()
            key = f"{kind}:{user.pk}:{sent_before + 1}"
        with _vietnamese():
            subject = str(subject())
        return mail_queue(
            recipient=user,
            key=key,
            subject=subject,
            template=template,
            context={
                **context,
                "link": link_for(user),
                "valid_until": timezone.now() + lifetime(),
                "login_url": absolute_url(reverse("login")),
                "forgot_url": absolute_url(reverse("password_reset")),
                "province": user.province.name,
            },
        )


def _who(user):
    """A person as the mail names them: full name, and position when known."""
    if user is None:
        return ""
    name = user.get_full_name() or user.get_username()
    return f"{name} ({user.position})" if getattr(user, "position", "") else name


def invitation_pending(user):
    """Whether an invitation to `user` still waits in the outbox (the mail server away)."""
    from notices.models import Mail

    with in_province(user.province_id):
        return Mail.objects.filter(
            key__startswith=f"{INVITATION}:{user.pk}:", recipient=user, sent_at__isnull=True
        ).exists()


def _invitation(user, unit, head, admin, key=None):
    def subject():
        if unit is None:
            return _("[Khoa giáo portal] Your account on the portal")
        return _("[Khoa giáo portal] Your account at %(unit)s") % {"unit": unit.name}

    context = {"unit": unit.name if unit else "", "head": _who(head), "admin": _who(admin)}
    return _queue(user, INVITATION, subject, "organizations/email/invitation.txt", context, key=key)


def invitation_on_confirm(*, user, by, liaison_request):
    """The invitation of a confirmed addition (organizations.services.liaison_request_confirm),
    under the request's own key: confirming twice, or a retried transaction, queues one mail. Only
    an account without a password of its own is invited (a new one); an existing account the
    request named keeps signing in as before."""
    if user.has_usable_password():
        return False
    return _invitation(
        user,
        liaison_request.organization,
        liaison_request.requested_by,
        by,
        key=f"{INVITATION}:{user.pk}:request-{liaison_request.pk}",
    )


def invitation_queue(*, user, by):
    """The same invitation sent again by an admin (organizations.services.user_invite, which has
    authorized `by`): a new mail with a new link. It names the unit head who asked and the admin
    who confirmed, from the account's latest confirmed addition; an account made by hand names
    its unit and the admin who sends it."""
    with in_province(user.province_id):
        named = (
            LiaisonRequest.objects.filter(
                person=user, kind=LiaisonRequest.Kind.ADD, status=LiaisonRequest.Status.CONFIRMED
            )
            .select_related("requested_by", "decided_by", "organization")
            .order_by("-decided_at", "-pk")
            .first()
        )
    if named is not None:
        return _invitation(user, named.organization, named.requested_by, named.decided_by or by)
    return _invitation(user, user.organization, None, by)


# --- "Quên mật khẩu?" ------------------------------------------------------------------------


def _same_email(a, b):
    # As Django's PasswordResetForm compares: a look-alike address (another script's letters that
    # fold the same under a case-insensitive match) must not receive someone else's link.
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()


def _within_limits(email, address):
    """Record the request unless its e-mail or its address is over its limit within the cool-off."""
    now = timezone.now()
    since = now - cool_off()
    PasswordLinkRequest.objects.filter(asked_at__lt=since).delete()
    recent = PasswordLinkRequest.objects.filter(asked_at__gte=since)
    if recent.filter(email=email).count() >= settings.PORTAL_PASSWORD_RESET_EMAIL_LIMIT or (
        address and recent.filter(address=address).count() >= settings.PORTAL_PASSWORD_RESET_ADDRESS_LIMIT
    ):
        logger.warning("password link refused for %s from %s: over the limit", email, address)
        return False
    PasswordLinkRequest.objects.create(email=email, address=address or "", asked_at=now)
    return True


def client_address(request):
    """The client address the sign-in lockout uses (PORTAL_TRUSTED_PROXY_COUNT decides whether
    X-Forwarded-For is believed)."""
    return get_client_ip_address(request) or ""


def reset_request(*, email, address):
    """A visitor asks for a link for `email`. False when over the limit (the page says wait);
    True otherwise, whether or not a mail went: the page never tells."""
    email = (email or "").strip().lower()
    if not _within_limits(email, address):
        return False
    accounts = User.objects.filter(email__iexact=email, is_active=True).filter(
        # An account whose password was never set may still ask (an invitation that expired); one
        # whose password an admin disabled after use may not.
        ~Q(password__startswith=UNUSABLE_PASSWORD_PREFIX) | Q(last_login__isnull=True)
    )
    for user in accounts.order_by("pk"):
        if not _same_email(email, user.email):
            continue
        _queue(
            user,
            RESET,
            lambda: _("[Khoa giáo portal] Set a new password"),
            "organizations/email/password_reset.txt",
            {},
        )
    return True
