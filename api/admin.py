"""API keys in the admin site (admins only, after the second factor): make one, see it once,
revoke it. A key is never edited: a client that needs another scope or date gets a new key."""

import datetime

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from khoagiao.admin import checked_form

from . import services
from .models import ApiKey

# A new key's default lifetime.
DEFAULT_DAYS = 365


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "scope", "prefix", "created_at", "expires_on", "last_used_at", "state")
    list_filter = ("organization",)
    search_fields = ("name", "prefix")
    autocomplete_fields = ("organization",)
    actions = ["revoke"]
    readonly_fields = (
        "name",
        "scope",
        "prefix",
        "expires_on",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "state",
    )

    @admin.display(description=_("reads"))
    def scope(self, key):
        if key.organization_id:
            return _("what the liaison officer of %(unit)s reads") % {"unit": key.organization}
        return _("what the Ban's leaders read")

    @admin.display(description=_("state"))
    def state(self, key):
        return key.state

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "organization", "expires_on")
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_changeform_initial_data(self, request):
        return {"expires_on": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return checked_form(form, services.api_key_check) if obj is None else form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # One button: saving shows the new key, whatever follows.
        context.update(show_save_and_add_another=False, show_save_and_continue=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_delete_permission(self, request, obj=None):
        # A key is revoked, not deleted: who made it and when it was last used stay on record.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        request.api_key_token = services.api_key_create(by=request.user, key=obj)

    def response_add(self, request, obj, post_url_continue=None):
        """The key, once: on this page only, never in a message, a redirect or the database."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "key": obj,
            "token": request.api_key_token,
            "title": _("The new API key"),
        }
        response = TemplateResponse(request, "admin/api/apikey/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for key in queryset:
            services.api_key_revoke(by=request.user, key=key)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)s key was revoked.", "%(count)s keys were revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
