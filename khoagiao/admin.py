from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .permissions import is_verified, safe_next_url, second_factor_redirect


class PortalAdminSite(admin.AdminSite):
    site_header = _("Khoa giáo portal — administration")
    site_title = _("Khoa giáo portal")
    index_title = _("Administration")
    site_url = "/"

    def has_permission(self, request):
        """Only the admin role (or a superuser made at deployment), after the second factor."""
        return _is_admin(request.user) and is_verified(request.user)

    def login(self, request, extra_context=None):
        """One sign-in page for the whole portal (with its lockout), which then brings the admin
        back to the page asked for; signed-in non-admins get 403."""
        next_url = safe_next_url(request, reverse("admin:index", current_app=self.name))
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if not _is_admin(request.user):
            raise PermissionDenied
        return redirect(next_url)

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.user.is_authenticated:
                if not _is_admin(request.user):
                    raise PermissionDenied
                return second_factor_redirect(request) or wrapped(request, *args, **kwargs)
            return wrapped(request, *args, **kwargs)

        return inner


def _is_admin(user):
    return user.is_active and user.is_authenticated and user.is_staff and user.has_role("admin")


class ReadOnlyMixin:
    """Records whose changes must go through the portal's pages and services (version checks,
    timelines, the rules of each app): the admin shows them, and no more."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyHistoryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Read-only, with the record's full history (simple-history) one click away."""
