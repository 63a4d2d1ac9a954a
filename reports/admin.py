from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from khoagiao.admin import HistoryAdmin, ReadOnlyAdmin, ServiceAdmin
from khoagiao.schedules import describe

from . import services, times
from .models import Dispatch, ProvinceTime, Report, ReportComment


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


@admin.register(ProvinceTime)
class ProvinceTimeAdmin(ServiceAdmin):
    """A province's admins give its Ban's report, reminders or digest a time of their own (the
    installation's times are beat's Periodic tasks, kept by the installation's people)."""

    service_save = times.province_time_save
    service_delete = times.province_time_delete
    service_check = times.province_time_check
    service_object = "time"
    list_display = ("schedule", "runs")
    fields = ("schedule", *times.FIELDS, "runs")
    readonly_fields = ("runs",)

    @admin.display(description=_("runs"))
    def runs(self, time):
        return describe(time.own_task) if time.own_task_id else "—"

    def has_add_permission(self, request):
        # A time is a province's: the installation's own people change beat's rows instead.
        return super().has_add_permission(request) and getattr(request.user, "province_id", None) is not None
