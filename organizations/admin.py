"""The admin's own pages for the reference data: every save and delete goes through
organizations.services, whose checks also run in the forms (khoagiao.admin.ServiceAdmin)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from khoagiao.admin import ServiceAdmin, checked_form

from . import services
from .models import AuthenticatorDevice, Field, KhoiMembership, Organization, OrganizationChange, User


class PortalUserChangeForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        try:
            services.user_check(cleaned.get("groups") or [], cleaned.get("organization"))
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    form = PortalUserChangeForm
    list_display = ("username", "get_full_name", "organization", "role_display", "is_active", "last_login")
    list_filter = ("groups", "is_active", "organization")
    fieldsets = UserAdmin.fieldsets + (
        (_("Organisation"), {"fields": ("organization", "position", "phone")}),
    )
    autocomplete_fields = ("organization",)

    @admin.display(description=_("role"))
    def role_display(self, obj):
        role = obj.role
        return role.label if role else "—"

    def save_model(self, request, obj, form, change):
        groups = form.cleaned_data.get("groups") if "groups" in form.cleaned_data else None
        services.user_save(by=request.user, user=obj, groups=groups)

    def delete_model(self, request, obj):
        services.user_delete(by=request.user, user=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


# The groups are the roles (organizations.roles), created by the portal itself: renaming or
# deleting one would silently take every member's rights away. A user's role is set on the user.
admin.site.unregister(Group)


class KhoiMembershipInline(admin.TabularInline):
    model = KhoiMembership
    extra = 0
    filter_horizontal = ("fields",)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = checked_form(self.form, services.membership_check)
        return super().get_formset(request, obj, **kwargs)


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ("name", "short_name", "symbol", "kind", "level", "valid_from", "valid_to")
    list_filter = ("kind", "level")
    search_fields = ("name", "short_name", "symbol", "search_text")
    inlines = [KhoiMembershipInline]
    autocomplete_fields = ("parent",)
    service_object = "organization"
    service_save = services.organization_save
    service_delete = services.organization_delete
    service_check = services.organization_check

    def save_formset(self, request, form, formset, change):
        for membership in formset.save(commit=False):
            services.membership_save(by=request.user, membership=membership)
        for membership in formset.deleted_objects:
            services.membership_delete(by=request.user, membership=membership)
        formset.save_m2m()


class OrganizationChangeForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        try:
            services.change_check(cleaned.get("predecessors") or [], cleaned.get("successors") or [])
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned


@admin.register(OrganizationChange)
class OrganizationChangeAdmin(ServiceAdmin, SimpleHistoryAdmin):
    form = OrganizationChangeForm
    list_display = ("__str__", "kind", "effective_on", "legal_basis")
    filter_horizontal = ("predecessors", "successors")
    service_object = "change"
    service_delete = services.organization_change_delete

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.organization_change_save(
            by=request.user, change=obj, predecessors=data["predecessors"], successors=data["successors"]
        )

    def save_related(self, request, form, formsets, change):
        # The service has set the many-to-many fields; only the inlines (none) are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Field)
class FieldAdmin(ServiceAdmin):
    list_display = ("name", "code", "order", "since_year", "until_year")
    ordering = ("order",)
    service_object = "field"
    service_save = services.field_save
    service_delete = services.field_delete
    service_check = services.field_check


# django-otp's own admin shows its English names and the secret key; admins here only need to see
# whose app is set up and to delete a lost phone's (the next visit sets up a new one).
admin.site.unregister(TOTPDevice)


@admin.register(AuthenticatorDevice)
class AuthenticatorDeviceAdmin(admin.ModelAdmin):
    list_display = ["owner", "device_name", "is_confirmed", "added_at", "used_at"]
    fields = readonly_fields = ["owner", "device_name", "is_confirmed", "added_at", "used_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    ordering = ["user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False  # set up by its owner on the second-factor page, where the key is shown once

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("user"), ordering="user__username")
    def owner(self, device):
        return device.user

    @admin.display(description=_("name"))
    def device_name(self, device):
        return device.name

    @admin.display(description=_("set up"), boolean=True)
    def is_confirmed(self, device):
        return device.confirmed

    @admin.display(description=_("added at"), ordering="created_at")
    def added_at(self, device):
        return device.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def used_at(self, device):
        return device.last_used_at
