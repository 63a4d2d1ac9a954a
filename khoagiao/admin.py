from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
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


def checked_form(form_class, check):
    """`form_class` whose instance also passes `check` (a service's own check), so that a save the
    service would refuse shows its reason on the form instead of failing later."""

    class CheckedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            try:
                check(self.instance)
            except ValidationError as exc:
                self._update_errors(exc)

    return CheckedForm


class ServiceAdmin(admin.ModelAdmin):
    """An editable admin whose saves and deletes are its app's services (the same checks and the
    same access rule as every other entry point). Subclasses name them: `service_save`,
    `service_delete` (keyword-only, `by=` and the object under `service_object`) and `service_check`."""

    service_object = "obj"
    service_save = None
    service_delete = None
    service_check = None

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        check = type(self).service_check
        return checked_form(form, check) if check else form

    def save_model(self, request, obj, form, change):
        type(self).service_save(by=request.user, **{self.service_object: obj})

    def delete_model(self, request, obj):
        type(self).service_delete(by=request.user, **{self.service_object: obj})

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
