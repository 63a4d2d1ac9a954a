"""Tasks in the admin, read-only: every change goes through the portal's pages and
assignments.services (row lock, version check, timeline entry). The admin shows the rows and
their full history (simple-history) for the IT officer."""

from django.contrib import admin

from khoagiao.admin import ReadOnlyHistoryAdmin

from .models import Task, TaskAttachment, TaskUpdate


@admin.register(Task)
class TaskAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "lead", "due_on", "completed_on", "cancelled_on", "progress")
    list_filter = ("lead", "field")
    date_hierarchy = "due_on"
    search_fields = ("search_text",)
    list_select_related = ("lead",)

    def get_search_results(self, request, queryset, search_term):
        # The same accent-insensitive search as the portal's list.
        return (queryset.search(search_term), False) if search_term else (queryset, False)


@admin.register(TaskUpdate)
class TaskUpdateAdmin(ReadOnlyHistoryAdmin):
    list_display = ("task", "organization", "posted_by", "reported_on", "kind", "progress", "marks_done")
    list_filter = ("kind", "organization")
    list_select_related = ("task", "organization", "posted_by")


@admin.register(TaskAttachment)
class TaskAttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "task", "size", "uploaded_by", "uploaded_at")
    list_select_related = ("task", "uploaded_by")
    exclude = ("file",)  # the admin would link to a public URL; downloads go through the portal

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
