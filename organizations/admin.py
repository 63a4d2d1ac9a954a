"""The admin's own pages for the reference data: every save and delete goes through
organizations.services, whose checks also run in the forms (khoagiao.admin.ServiceAdmin)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from khoagiao.admin import HistoryAdmin, ReadOnlyMixin, ServiceAdmin, checked_form
from organizations import enrolment

from . import services
from .models import (
    AuthenticatorDevice,
    Field,
    KhoiMembership,
    LiaisonRequest,
    Organization,
    OrganizationAlias,
    OrganizationChange,
    Province,
    User,
)
from .roles import Role


class PortalUserChangeForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        try:
            services.user_check(
                cleaned.get("groups") or [],
                cleaned.get("organization"),
                cleaned.get("fields_in_charge") or [],
            )
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned


def group_label(group):
    """A role's group, with the role's name: "Quản trị viên (admin)"."""
    return f"{Role(group.name).label} ({group.name})" if group.name in Role.values else group.name


class RoleGroupLabelsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = group_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class PortalGroupAdmin(ReadOnlyMixin, RoleGroupLabelsMixin, GroupAdmin):
    """The groups are the roles (organizations.roles), created by the portal itself: renaming or
    deleting one would silently take every member's rights away. Shown, not changed; a user's
    role is set on the user."""

    list_display = ("name", "role_display")

    @admin.display(description=_("role"))
    def role_display(self, group):
        return Role(group.name).label if group.name in Role.values else "—"


class PortalPasswordChangeForm(AdminPasswordChangeForm):
    # Django appends its warning to the help text as an English literal.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class PortalUserAdmin(RoleGroupLabelsMixin, UserAdmin):
    form = PortalUserChangeForm
    change_password_form = PortalPasswordChangeForm
    list_display = ("username", "full_name", "organization", "role_display", "is_active", "last_login")
    list_filter = ("groups", "is_active", "organization")
    fieldsets = UserAdmin.fieldsets + (
        (_("Organisation"), {"fields": ("organization", "position", "phone", "fields_in_charge")}),
    )
    autocomplete_fields = ("organization",)
    filter_horizontal = (*UserAdmin.filter_horizontal, "fields_in_charge")
    actions = ["issue_authenticator_code", "send_invitation"]

    def get_queryset(self, request):
        # Users are not a scoped model (signing in finds one before any province is known): the
        # admin of a province lists, changes and deletes its province's users only.
        return super().get_queryset(request).filter(pk__in=User.objects.in_scope().values("pk"))

    @admin.action(description=_("Issue a set-up code for the authenticator app"), permissions=["change"])
    def issue_authenticator_code(self, request, queryset):
        """One-time codes with which the chosen admins set up their authenticator app
        (organizations/enrolment.py), shown on this page once and never again."""
        issued = []
        for user in queryset.order_by("username"):
            try:
                issued.append((user, enrolment.issue_code(user=user, by=request.user)))
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)
        if not issued:
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set-up codes for the authenticator app"),
            "opts": self.model._meta,
            "issued": issued,
            "minutes": settings.PORTAL_OTP_ENROLMENT_MINUTES,
            "valid_until": timezone.localtime() + enrolment.validity(),
        }
        return TemplateResponse(request, "admin/organizations/user/authenticator_codes.html", context)

    @admin.action(
        description=_("Send the invitation again (a link to choose a password)"), permissions=["change"]
    )
    def send_invitation(self, request, queryset):
        """The invitation mail again, with a new link, through organizations.services.user_invite
        (the mail goes out through the outbox); an account it refuses is named with the reason."""
        sent = 0
        for user in queryset.order_by("username"):
            try:
                services.user_invite(by=request.user, user=user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)
            else:
                sent += 1
        if sent:
            self.message_user(
                request, _("Invitations queued for sending: %(n)s.") % {"n": sent}, messages.SUCCESS
            )

    @admin.display(description=_("full name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("role"))
    def role_display(self, obj):
        role = obj.role
        return role.label if role else "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.user_save(
            by=request.user,
            user=obj,
            groups=data.get("groups") if "groups" in data else None,
            fields_in_charge=data.get("fields_in_charge") if "fields_in_charge" in data else None,
        )

    def delete_model(self, request, obj):
        services.user_delete(by=request.user, user=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class KhoiMembershipInline(admin.TabularInline):
    model = KhoiMembership
    extra = 0
    filter_horizontal = ("fields",)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = checked_form(self.form, services.membership_check)
        return super().get_formset(request, obj, **kwargs)


class OrganizationAliasInline(admin.StackedInline):
    """Other names the directive import accepts for this organisation (stacked: each name with its
    own label, which a table row of inputs does not give a screen reader)."""

    model = OrganizationAlias
    extra = 1
    fields = ("name",)


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin, HistoryAdmin):
    list_display = ("name", "short_name", "symbol", "kind", "level", "valid_from", "valid_to")
    list_filter = ("kind", "level")
    search_fields = ("name", "short_name", "symbol", "search_text")
    inlines = [KhoiMembershipInline, OrganizationAliasInline]
    autocomplete_fields = ("parent",)
    service_object = "organization"
    service_save = services.organization_save
    service_delete = services.organization_delete
    service_check = services.organization_check

    def save_formset(self, request, form, formset, change):
        if formset.model is OrganizationAlias:
            for alias in formset.save(commit=False):
                services.alias_save(by=request.user, alias=alias)
            for alias in formset.deleted_objects:
                services.alias_delete(by=request.user, alias=alias)
            return
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
class OrganizationChangeAdmin(ServiceAdmin, HistoryAdmin):
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
        # Set up by its owner on the second-factor page, with a set-up code another admin issues
        # (Users, "Issue a set-up code"); the key is shown there once.
        return False

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
        return _moment(device.created_at)

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def used_at(self, device):
        return _moment(device.last_used_at)


def _moment(value):
    # A read-only value from a method is printed as it is: None would read "None".
    return formats.localize(timezone.localtime(value)) if value else "—"


@admin.register(Province)
class ProvinceAdmin(ServiceAdmin):
    """A province's admins keep its record; they see no other province's."""

    service_save = services.province_save
    service_check = services.province_check
    service_object = "province"
    list_display = ("name", "kind", "successor", "merged_on")
    fieldsets = (
        (None, {"fields": ("name", "code", "kind")}),
        (
            _("Documents"),
            {
                "fields": (
                    "signing_authority",
                    "signer_position",
                    "signer_name",
                    "recipients",
                    "recipient_addresses",
                )
            },
        ),
        (
            _("Reminders"),
            {
                "fields": (
                    "reminder_days",
                    "notices_before_days",
                    "notices_head_after_days",
                    "notices_ban_after_days",
                    "notices_stale_days",
                )
            },
        ),
        (_("Merger"), {"fields": ("successor", "merged_on", "merger_basis")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        province = getattr(request.user, "province_id", None)
        return queryset if province is None else queryset.filter(pk=province)

    def get_readonly_fields(self, request, obj=None):
        # The name and code identify the province across the installation: its own admins keep the rest.
        return ("name", "code", "kind") if getattr(request.user, "province_id", None) else ()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and getattr(request.user, "province_id", None) is None

    def has_delete_permission(self, request, obj=None):
        return False


class LiaisonDecisionForm(forms.ModelForm):
    """An admin's decision on a unit head's request: confirm, or refuse with the reason. The
    service's own check runs here too, so what it would refuse shows on the form."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (LiaisonRequest.Status.CONFIRMED, _("Confirm")),
            (LiaisonRequest.Status.REFUSED, _("Refuse")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = LiaisonRequest
        fields = ["refusal_reason"]

    def clean(self):
        cleaned = super().clean()
        try:
            services.decision_check(
                liaison_request=self.instance,
                decision=cleaned.get("decision"),
                reason=cleaned.get("refusal_reason"),
            )
        except ValidationError as exc:
            # A reason about the request's own fields (its e-mail) is the form's, not a field's.
            errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
            for field, messages_ in errors.items():
                self.add_error(field if field in self.fields else None, messages_)
        return cleaned


@admin.register(LiaisonRequest)
class LiaisonRequestAdmin(admin.ModelAdmin):
    """Unit heads' requests to name or withdraw their unit's liaisons. They are sent from the
    unit's page, never added here; a pending one is confirmed or refused (the change form, or the
    action for several), through organizations.services; a decided one is a record."""

    form = LiaisonDecisionForm
    list_display = ("requested_at", "organization", "kind", "person_name", "status", "decided_at")
    list_filter = ("status", "kind")
    search_fields = ("full_name", "email", "organization__name", "person__username")
    list_select_related = ("organization", "person")
    ordering = ("-requested_at",)
    actions = ["confirm_selected"]
    shown = (
        "organization",
        "kind",
        "full_name",
        "position",
        "email",
        "phone",
        "person",
        "note",
        "requested_by",
        "requested_at",
        "status",
        "decided_by",
        "decided_at",
    )

    @admin.display(description=_("person"))
    def person_name(self, obj):
        return obj.person_name

    def _pending(self, obj):
        return obj is not None and obj.status == LiaisonRequest.Status.PENDING

    def get_fields(self, request, obj=None):
        return (
            (*self.shown, "decision", "refusal_reason")
            if self._pending(obj)
            else (*self.shown, "refusal_reason")
        )

    def get_readonly_fields(self, request, obj=None):
        return self.shown if self._pending(obj) else (*self.shown, "refusal_reason")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self._pending(obj))

    def save_model(self, request, obj, form, change):
        if form.cleaned_data["decision"] == LiaisonRequest.Status.CONFIRMED:
            services.liaison_request_confirm(by=request.user, liaison_request=obj)
        else:
            services.liaison_request_refuse(
                by=request.user, liaison_request=obj, reason=form.cleaned_data["refusal_reason"]
            )

    @admin.action(description=_("Confirm the selected requests"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        confirmed = 0
        for item in queryset.filter(status=LiaisonRequest.Status.PENDING).order_by("requested_at"):
            try:
                services.liaison_request_confirm(by=request.user, liaison_request=item)
            except ValidationError as exc:
                self.message_user(request, f"{item}: {' '.join(exc.messages)}", messages.WARNING)
            else:
                confirmed += 1
        if confirmed:
            self.message_user(request, _("%(n)s requests confirmed.") % {"n": confirmed}, messages.SUCCESS)
