"""Programmes in the admin, read-only with their history: edits go through the portal's form and
agreements.services (version check, item rules)."""

from django.contrib import admin

from khoagiao.admin import ReadOnlyHistoryAdmin, ReadOnlyMixin

from .models import AgreementItem, AgreementReview, CoordinationAgreement


class ItemInline(ReadOnlyMixin, admin.TabularInline):
    model = AgreementItem
    fields = ("order", "content", "lead", "timeline")
    extra = 0


@admin.register(CoordinationAgreement)
class AgreementAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "number", "ban", "starts_on", "ends_on", "status")
    list_filter = ("status",)
    inlines = [ItemInline]


@admin.register(AgreementReview)
class AgreementReviewAdmin(ReadOnlyHistoryAdmin):
    list_display = ("agreement", "period", "reviewed_on")
