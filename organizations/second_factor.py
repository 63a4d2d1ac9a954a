"""The admin role's second factor, as the admin site, the import pages and the two-step page use
it. Who may see and do what is decided in organizations/access.py; this module only adds the
second factor on top of the admin role (RELIABILITY G9 in docs/operations.md)."""

from functools import wraps

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def is_verified(user):
    """True once this session has passed the admin's second factor (django-otp's middleware)."""
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def second_factor_redirect(request):
    """The way to the two-step page (khoagiao/two_factor.py, the page) and back, for a session that has not
    passed the second factor yet; None once it has."""
    if is_verified(request.user):
        return None
    return redirect_to_login(request.get_full_path(), reverse("two_factor"))


def safe_next_url(request, default):
    """The `next` address of the request if it stays on this site, else `default`."""
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return default


def second_factor_required(view):
    """The admin's pages outside the admin site (imports): after page() has applied the rule,
    the session must also have passed the second factor."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return second_factor_redirect(request) or view(request, *args, **kwargs)

    return wrapped


__all__ = ["is_verified", "safe_next_url", "second_factor_redirect", "second_factor_required"]
