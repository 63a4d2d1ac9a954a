"""Signing a test client in as the portal would: an admin's session has also passed the second
factor (khoagiao/two_factor.py), unless a test is about that step."""

import django_otp
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in(client, user, second_factor=True):
    client.force_login(user)
    if second_factor and user.has_role("admin"):
        pass_second_factor(client, user)
    return client


def pass_second_factor(client, user):
    """What the two-factor page leaves behind after a right code: a confirmed device, and the
    session marked with it (django-otp's session key)."""
    device = authenticator(user)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def authenticator(user):
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    return device


def current_code(key_hex):
    """What an authenticator app holding this key shows now (RFC 6238)."""
    return f"{totp(bytes.fromhex(key_hex), t0=0, step=30, digits=6, drift=0):06d}"
