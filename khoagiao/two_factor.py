"""A second factor for the Django admin (RELIABILITY.md G9, ASVS 6.3.3).

The admin role signs in with its password like everyone else; the admin site then asks, once per
session, for the 6-digit code of an authenticator app (TOTP, django-otp). The first time, this page
shows the QR code to scan. Nothing is stored until the first code is right: the new secret travels
in a signed hidden field, so a page that is opened and left writes nothing.
"""

import base64
import logging

import segno
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from organizations.models import Role

from .permissions import is_verified, role_required, safe_next_url

logger = logging.getLogger(__name__)

SETUP_SALT = "khoagiao.two_factor.setup"
SETUP_MAX_AGE = 15 * 60  # seconds a set-up page stays valid

THROTTLED = gettext_lazy("Too many wrong codes. Wait a minute, then enter the code the app shows.")
WRONG_CODE = gettext_lazy("This code is not right, or no longer valid. Enter the one the app shows now.")
EXPIRED = gettext_lazy("This set-up page was open too long. Scan the new code below, then enter a code.")
WRONG_FIRST_CODE = gettext_lazy(
    "This code is not right. Check the app's clock and enter the code it shows now."
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("Enter the 6 digits that the app shows."))
        return code


@never_cache
@role_required(Role.ADMIN)
def verify(request):
    next_url = safe_next_url(request, reverse("admin:index"))
    if is_verified(request.user):
        return redirect(next_url)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk").first()
    if device is None:
        return _set_up(request, next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", THROTTLED)
        elif device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            logger.info("second factor passed by %s", request.user.get_username())
            return redirect(next_url)
        else:
            logger.warning("wrong second-factor code for %s", request.user.get_username())
            form.add_error("code", WRONG_CODE)
    return render(request, "registration/two_factor.html", {"form": form, "next": next_url})


def _set_up(request, next_url):
    """First time: a new secret, shown as a QR code; saved with the first right code."""
    key, expired = random_hex(20), False
    if request.method == "POST":
        try:
            key = signing.loads(request.POST.get("key", ""), salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
        except signing.BadSignature:
            key, expired = random_hex(20), True
    device = TOTPDevice(user=request.user, name=_("Authenticator app"), key=key, confirmed=True)
    signed = signing.dumps(key, salt=SETUP_SALT)
    # A bound form shows its data: the key it carries must be the one on this page's QR code.
    data = {**request.POST.dict(), "key": signed} if request.method == "POST" else None
    form = CodeForm(data, initial={"key": signed})
    if expired:
        form.is_valid()  # add_error() needs a cleaned form
        form.add_error(None, EXPIRED)
    elif data is not None and form.is_valid():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        if totp.verify(int(form.cleaned_data["code"]), device.tolerance):
            device.last_t = totp.t()
            device.save()
            otp_login(request, device)
            logger.info("authenticator app set up by %s", request.user.get_username())
            return redirect(next_url)
        form.add_error("code", WRONG_FIRST_CODE)
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "setting_up": True,
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#212529"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "registration/two_factor.html", context)
