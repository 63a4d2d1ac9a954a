from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from khoagiao.admin import HistoryAdmin

from . import services
from .models import Report


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
