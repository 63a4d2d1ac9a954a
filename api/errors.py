"""The API's errors, in Vietnamese, always as {"detail": ...} (and the fields at fault for 400)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _default_message(exc):
    """Our words for DRF's own English defaults; a message a view chose is kept."""
    messages = {
        exceptions.NotAuthenticated: lambda: _(
            "Sign in, or give an API key as “Authorization: Bearer <key>”."
        ),
        exceptions.NotFound: lambda: _("Not found, or not visible to this key or user."),
        exceptions.MethodNotAllowed: lambda: _("This API only reads: use GET."),
        exceptions.PermissionDenied: lambda: _("This key or user may not read this."),
        exceptions.NotAcceptable: lambda: _("This address answers in JSON (or PDF for a report's file)."),
    }
    for cls, message in messages.items():
        if isinstance(exc, cls):
            return message()
    return None


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        exc.detail = ngettext(
            "Too many requests from this client. Try again in %(seconds)s second.",
            "Too many requests from this client. Try again in %(seconds)s seconds.",
            wait,
        ) % {"seconds": wait}
    elif isinstance(exc, exceptions.APIException) and not isinstance(exc.detail, dict | list):
        default = str(type(exc).default_detail)
        # MethodNotAllowed's default names the method, so it never equals default_detail.
        is_default = str(exc.detail) == default or isinstance(exc, exceptions.MethodNotAllowed)
        message = _default_message(exc) if is_default else None
        if message:
            exc.detail = message
    response = drf_exception_handler(exc, context)
    if response is not None:
        response["Cache-Control"] = "no-store"
    return response
