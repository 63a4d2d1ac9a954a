"""Programmes in the admin, read-only with their history: edits go through the portal's form and
agreements.services (version check, item rules)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgreementItem, AgreementReview, CoordinationAgreement


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(admin.TabularInline):
    model = AgreementItem
    fields = ("order", "content", "lead", "timeline")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CoordinationAgreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "ban", "starts_on", "ends_on", "status")
    list_filter = ("status",)
    inlines = [ItemInline]


@admin.register(AgreementReview)
class AgreementReviewAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "period", "reviewed_on")
