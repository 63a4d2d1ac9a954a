from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class PortalAdminSite(admin.AdminSite):
    site_header = _("Khoa giáo portal — administration")
    site_title = _("Khoa giáo portal")
    index_title = _("Administration")
    site_url = "/"

    def has_permission(self, request):
        """Only the admin role (or a superuser made at deployment) may use the admin."""
        user = request.user
        return user.is_active and user.is_authenticated and user.is_staff and user.has_role("admin")

    def login(self, request, extra_context=None):
        """One sign-in page for the whole portal (with its lockout); signed-in non-admins get 403."""
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return wrapped(request, *args, **kwargs)

        return inner


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
