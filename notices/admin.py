from django.contrib import admin

from khoagiao.admin import ReadOnlyAdmin

from .models import Escalation, Mail, Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "text", "read_at", "mailed_at")
    list_filter = ("kind",)


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("fired_on", "task", "step", "deadline", "told")
    list_filter = ("step",)


@admin.register(Mail)
class MailAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "address", "subject", "sent_at", "attempts", "next_try_at", "last_error")
    search_fields = ("address", "subject")
