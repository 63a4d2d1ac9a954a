from django.contrib import admin

from .models import Escalation, Mail, Notice


class ReadOnly(admin.ModelAdmin):
    """Written by the jobs only; the admin reads them (what was sent, what waits, and why)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ("created_at", "recipient", "kind", "text", "read_at", "mailed_at")
    list_filter = ("kind",)


@admin.register(Escalation)
class EscalationAdmin(ReadOnly):
    list_display = ("fired_on", "task", "step", "deadline", "told")
    list_filter = ("step",)


@admin.register(Mail)
class MailAdmin(ReadOnly):
    list_display = ("created_at", "address", "subject", "sent_at", "attempts", "next_try_at", "last_error")
    search_fields = ("address", "subject")
