"""Request ids, session lifetime and caching rules that apply to every page."""

import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from .request_id import reset_request_id, set_request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

SESSION_AUTH_AT = "portal_auth_at"
SESSION_SEEN_AT = "portal_seen_at"
# Writing the session on every request would be a database write per click; a minute of
# slack on the idle timer is harmless.
_SEEN_RESOLUTION_SECONDS = 60


class RequestIdMiddleware:
    """Give each request an id, shown on error pages and written on every log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        # Only accept an id from a proxy we trust; anything else could inject into logs.
        if not (settings.AXES_IPWARE_PROXY_COUNT and _SAFE_ID.match(incoming)):
            incoming = uuid.uuid4().hex[:16]
        request.request_id = incoming
        token = set_request_id(incoming)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = incoming
        return response


@receiver(user_logged_in)
def _stamp_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[SESSION_AUTH_AT] = now
        request.session[SESSION_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """End a session after SESSION_IDLE_TIMEOUT without requests or SESSION_ABSOLUTE_TIMEOUT in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            auth_at = request.session.get(SESSION_AUTH_AT, 0)
            seen_at = request.session.get(SESSION_SEEN_AT, 0)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - seen_at > idle or now - auth_at > absolute:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - seen_at >= _SEEN_RESOLUTION_SECONDS:
                request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages behind the login must not stay in a shared or back-button cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
