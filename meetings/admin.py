"""Meetings in the admin, read-only with their history: a meeting is recorded, approved and
reopened through the portal's pages and meetings.services (which keep the conclusion's versions)."""

from django.contrib import admin

from khoagiao.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin

from .models import Conclusion, ConclusionVersion, Meeting, MeetingAttachment, MeetingReport


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "kind", "period", "starts_at", "status", "organizer")
    list_filter = ("kind", "status")
    date_hierarchy = "starts_at"
    search_fields = ("title",)
    list_select_related = ("organizer",)


@admin.register(MeetingReport)
class MeetingReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ("meeting", "organization", "submitted_at")
    list_filter = ("organization",)
    list_select_related = ("meeting", "organization")


@admin.register(Conclusion)
class ConclusionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("meeting", "number", "approved_at")
    list_select_related = ("meeting",)


@admin.register(ConclusionVersion)
class ConclusionVersionAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "number", "approved_at", "reopened_at")
    list_select_related = ("meeting",)


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "meeting", "size", "uploaded_by")
    list_select_related = ("meeting", "uploaded_by")
