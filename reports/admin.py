from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from khoagiao.admin import HistoryAdmin, ReadOnlyAdmin

from . import services
from .models import Dispatch, Report, ReportComment


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    """Jobs are made by the portal (page, schedule, command); the admin looks and retries."""

    list_display = (
        "__str__",
        "kind",
        "period",
        "organization",
        "status",
        "attempts",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "kind")
    search_fields = ("schedule_name", "number", "organization__name", "directive__number")
    readonly_fields = [f.name for f in Report._meta.fields]
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try the failed reports again"))
    def retry_failed(self, request, queryset):
        retried = sum(services.report_retry(report=report, by=request.user) for report in queryset)
        self.message_user(request, _("%(n)s report(s) queued again.") % {"n": retried}, messages.SUCCESS)


@admin.register(ReportComment)
class ReportCommentAdmin(ReadOnlyAdmin):
    """The record of the way to the register: read here, written only by the services, never
    changed or deleted (the model and a database trigger refuse too)."""

    list_display = ("report", "action", "author", "created_at")
    list_filter = ("action",)


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    """The mail log of issued reports: read-only, as the model and a database trigger keep it."""

    list_display = ("report", "recipient", "address", "status", "sent_at")
    list_filter = ("status",)
