from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from organizations.second_factor import is_verified, safe_next_url, second_factor_redirect


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


class _ShortDiff(ObjDiffDisplay):
    def shortened_str(self, prefix, num_skipped_chars, suffix):
        return gettext("%(start)s … (%(count)s more characters) … %(end)s") % {
            "start": prefix,
            "count": num_skipped_chars,
            "end": suffix,
        }


class _HistoryValues(HistoricalRecordContextHelper):
    """A change in the admin's history as people read it: a choice's label, not its code
    ("đã họp", not "held"), yes/no, and "—" for nothing."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        if value is None or value == "":
            return "—"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return gettext("yes") if value else gettext("no")
        return value

    def get_obj_diff_display(self):
        return _ShortDiff(max_length=self.max_displayed_delta_change_chars)


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with the changes in a record's history in people's words."""

    # simple-history's own version page names the app by its code ("organizations").
    object_history_form_template = "admin/portal_history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return _HistoryValues(self.model, historical_record)

    def render_history_view(self, request, template, context, **kwargs):
        for record in context.get("page_obj") or ():
            if record.history_change_reason is None:  # the list would print "None"
                record.history_change_reason = "—"
        return super().render_history_view(request, template, context, **kwargs)


class ExportForm(SelectableFieldsExportForm):
    """django-import-export's export page, naming each column as the file does ("Số hiệu")
    rather than after the Python attribute ("Number (Số hiệu)")."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return (
            field.column_name
            if field and field.column_name
            else super()._get_field_label(resource, field_name)
        )


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


class ReadOnlyHistoryAdmin(ReadOnlyMixin, HistoryAdmin):
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
