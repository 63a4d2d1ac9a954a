"""A second factor for the Django admin (docs/operations.md G9, ASVS 6.3.3).

The admin role signs in with its password like everyone else; the admin site then asks, once per
session, for the 6-digit code of an authenticator app (TOTP, django-otp). The first time, this page
asks for the one-time set-up code another admin issued (organizations/enrolment.py), then shows the QR
code to scan. Nothing is stored until the first code from the app is right: the new secret and the
checked set-up code travel in a signed hidden field, so a page that is opened and left writes
nothing, and the set-up code is used up only when the app is saved.
"""

import base64
import logging

import segno
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from organizations import enrolment
from organizations.access import page
from organizations.second_factor import is_verified, safe_next_url

logger = logging.getLogger(__name__)

SETUP_SALT = "khoagiao.two_factor.setup"
SETUP_MAX_AGE = 15 * 60  # seconds a set-up page stays valid

THROTTLED = gettext_lazy("Too many wrong codes. Wait a minute, then enter the code the app shows.")
WRONG_CODE = gettext_lazy("This code is not right, or no longer valid. Enter the one the app shows now.")
EXPIRED = gettext_lazy("This set-up page was open too long. Enter the set-up code again.")
WRONG_ENROLMENT_CODE = gettext_lazy(
    "This set-up code is not right, has expired or was replaced by a newer one. Check it, or ask "
    "for a new one."
)
CODE_GONE = gettext_lazy(
    "The set-up code was used, replaced or cancelled in the meantime. Ask for a new one."
)
WRONG_FIRST_CODE = gettext_lazy(
    "This code is not right. Check the app's clock and enter the code it shows now."
)


class EnrolmentForm(forms.Form):
    enrolment_code = forms.CharField(
        label=gettext_lazy("Set-up code from an administrator"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
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
@page(methods=("GET", "POST"), action="second_factor.verify")
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
    """First time: the set-up code another admin issued (organizations/enrolment.py), then a new
    secret shown as a QR code, saved with the first right code from the app."""
    if request.method == "POST" and "key" in request.POST:
        return _confirm(request, next_url)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        granted = enrolment.check_code(user=request.user, typed=form.cleaned_data["enrolment_code"])
        if granted is not None:
            grant = {"key": random_hex(20), "user": request.user.pk, "enrolment": granted.pk}
            return _qr_page(request, next_url, grant, CodeForm(initial={"key": _sign(grant)}))
        form.add_error("enrolment_code", WRONG_ENROLMENT_CODE)
    return _enrolment_page(request, next_url, form)


def _sign(grant):
    return signing.dumps(grant, salt=SETUP_SALT)


def _confirm(request, next_url):
    """The first code from the app, with the signed grant of the set-up code checked before."""
    try:
        grant = signing.loads(request.POST["key"], salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
        if grant["user"] != request.user.pk:
            raise signing.BadSignature
    except (signing.BadSignature, KeyError, TypeError):
        return _enrolment_page(request, next_url, EnrolmentForm(), error=EXPIRED)
    device = TOTPDevice(user=request.user, name=_("Authenticator app"), key=grant["key"], confirmed=True)
    # A bound form shows its data: the key it carries must be the one on this page's QR code.
    form = CodeForm({**request.POST.dict(), "key": _sign(grant)})
    if form.is_valid():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        if totp.verify(int(form.cleaned_data["code"]), device.tolerance):
            with transaction.atomic():
                if not enrolment.use_up(user=request.user, enrolment_id=grant["enrolment"]):
                    return _enrolment_page(request, next_url, EnrolmentForm(), error=CODE_GONE)
                device.last_t = totp.t()
                device.save()
            otp_login(request, device)
            logger.info("authenticator app set up by %s", request.user.get_username())
            return redirect(next_url)
        form.add_error("code", WRONG_FIRST_CODE)
    return _qr_page(request, next_url, grant, form)


def _qr_page(request, next_url, grant, form):
    device = TOTPDevice(user=request.user, key=grant["key"])
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "setting_up": True,
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#212529"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "registration/two_factor.html", context)


def _enrolment_page(request, next_url, form, error=None):
    context = {
        "form": form,
        "next": next_url,
        "enrolling": True,
        "error": error,
        "has_code": enrolment.live_code(request.user) is not None,
        "minutes": settings.PORTAL_OTP_ENROLMENT_MINUTES,
        "username": request.user.get_username(),
    }
    return render(request, "registration/two_factor.html", context)
