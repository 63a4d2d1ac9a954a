from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Field, KhoiMembership, Organization, OrganizationChange, Role, User


class PortalUserChangeForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        roles = {group.name for group in cleaned.get("groups") or []}
        known = roles & set(Role.values)
        if len(known) > 1:
            raise forms.ValidationError(_("A user has exactly one role; choose one of the groups."))
        if Role.LIAISON in known and not cleaned.get("organization"):
            self.add_error("organization", _("A liaison officer must belong to an organisation."))
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


class KhoiMembershipInline(admin.TabularInline):
    model = KhoiMembership
    extra = 0
    filter_horizontal = ("fields",)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "symbol", "kind", "level", "valid_from", "valid_to")
    list_filter = ("kind", "level")
    search_fields = ("name", "short_name", "symbol", "search_text")
    inlines = [KhoiMembershipInline]
    autocomplete_fields = ("parent",)


@admin.register(OrganizationChange)
class OrganizationChangeAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "kind", "effective_on", "legal_basis")
    filter_horizontal = ("predecessors", "successors")


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "since_year", "until_year")
    ordering = ("order",)
