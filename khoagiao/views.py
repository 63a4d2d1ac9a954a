"""Project-wide pages: home, health check, sign-in, and the friendly error pages."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from organizations.access import page

from .celery import app as celery_app
from .forms import PortalAuthenticationForm
from .request_id import current_request_id

logger = logging.getLogger(__name__)


@page()
def home(request):
    """Tổng quan: the dashboard for staff and leaders, the unit's own page for a liaison."""
    from reports.views import dashboard, unit_home

    if request.user.is_liaison:
        return unit_home(request)
    return dashboard(request)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def _broker_ok():
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)
        return True
    except Exception:
        logger.exception("health check: broker unreachable")
        return False


@login_not_required
@never_cache
@page(action=None)
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    body = {name: "ok" if ok else "error" for name, ok in checks.items()}
    body["status"] = "ok" if all(checks.values()) else "error"
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


class PortalLoginView(auth_views.LoginView):
    form_class = PortalAuthenticationForm
    redirect_authenticated_user = True


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password keeps this session and ends every other one (ASVS 7.4.3)."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        user = form.save()
        current = self.request.session.session_key
        for session in Session.objects.exclude(session_key=current).iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed. Other sessions were signed out."))
        return redirect(self.success_url)


# --- a password chosen from a mailed link (organizations/passwords.py) -------------------------


class SignedOutOnly:
    """A page for someone who cannot sign in: whoever is signed in changes the password on the
    change page instead."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("password_change")
        return super().dispatch(request, *args, **kwargs)


class PortalPasswordResetView(SignedOutOnly, auth_views.PasswordResetView):
    """ "Quên mật khẩu?": whatever the e-mail, the same next page (no account is revealed); the
    mail itself goes through the outbox, only to an active account with that address."""

    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        from organizations import passwords

        address = passwords.client_address(self.request)
        if not passwords.reset_request(email=form.cleaned_data["email"], address=address):
            minutes = int(passwords.cool_off().total_seconds() // 60)
            context = {"minutes": minutes}
            return render(self.request, "registration/password_reset_limited.html", context, status=429)
        return redirect(self.success_url)


class PortalPasswordResetDoneView(SignedOutOnly, auth_views.PasswordResetDoneView):
    pass


class PortalPasswordSetView(auth_views.PasswordResetConfirmView):
    """The page of the mailed link (an invitation or a reset): Django checks the token, takes it
    out of the address bar, and sets the password with SetPasswordForm and the validators. The
    person then signs in as always (an admin's second step included): nobody is signed in here."""

    # Where the form lives once Django has moved the token into the session (not a password).
    reset_url_token = "mat-khau-moi"  # noqa: S105
    success_url = reverse_lazy("login")

    def get_context_data(self, **kwargs):
        from organizations import passwords

        context = super().get_context_data(**kwargs)
        context["link_days"] = passwords.lifetime().days
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your password is set. Sign in with your user name %(username)s and the new password.")
            % {"username": form.user.get_username()},
        )
        return response


def _error_page(request, template, status):
    # No RequestContext: an error page must render even when the database is gone.
    body = loader.get_template(template).render({"request_id": current_request_id()})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _error_page(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _error_page(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error_page(request, "errors/404.html", 404)


def server_error(request):
    return _error_page(request, "errors/500.html", 500)
