"""django-celery-beat's admin pages, with schedules described in Vietnamese
(khoagiao.schedules.describe) where celery-beat shows cron-descriptor's English sentence.

Registered from PortalConfig.ready(), after the admin has loaded celery-beat's own classes.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .schedules import describe


def keeps_the_installation(user):
    """Beat's rows run every province's jobs (and the sweepers): who may change them. The
    installation's own people (an admin of no province, a superuser), and, in an installation of
    one province, its admins, as before there were provinces. A province's admins of a larger
    installation give their province a time of its own instead (reports.ProvinceTime)."""
    from organizations.models import Province

    if user.is_superuser or getattr(user, "province_id", None) is None:
        return True
    return Province.objects.active_on().count() <= 1


# A province's own time (reports.ProvinceTime) keeps a Periodic task and a crontab of its own.
OWN = "own_province_time"


class InstallationRows:
    """Beat's rows in the admin: changed by the installation's people (keeps_the_installation). A
    province's own rows, reached through `own_path`, change only through its ProvinceTime, and
    another province's are not listed."""

    own_path = OWN

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        province = getattr(request.user, "province_id", None)
        if province is None:
            return queryset
        installation = Q(**{f"{self.own_path}__isnull": True})
        own = Q(**{f"{self.own_path}__province_id": province})
        return queryset.filter(installation | own).distinct()

    def _owned(self, obj):
        lookup = {f"{self.own_path}__isnull": False}
        return obj is not None and type(obj).objects.filter(pk=obj.pk, **lookup).exists()

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and keeps_the_installation(request.user)

    def has_change_permission(self, request, obj=None):
        return (
            not self._owned(obj)
            and super().has_change_permission(request, obj)
            and keeps_the_installation(request.user)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            not self._owned(obj)
            and super().has_delete_permission(request, obj)
            and keeps_the_installation(request.user)
        )


class PeriodicTaskAdmin(InstallationRows, beat_admin.PeriodicTaskAdmin):
    list_display = ("name", "enabled", "schedule_description", "start_time", "last_run_at", "one_off")

    def get_fieldsets(self, request, obj=None):
        # "regtask" is the form's list of known tasks, not a column: a page that only shows the
        # row has no form, and would print it as "Regtask: None".
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "regtask"]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("runs"))
    def schedule_description(self, task):
        return describe(task)

    @admin.display(description=_("runs"))
    def crontab_translation(self, task):
        return describe(task.crontab) if task.crontab_id else "—"

    # celery-beat's own form template adds an inline script (refused by the portal's CSP) that
    # writes cron-descriptor's English next to the list; the description field says it instead.
    change_form_template = None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return admin.ModelAdmin.changeform_view(self, request, object_id, form_url, extra_context)


class CrontabScheduleAdmin(InstallationRows, beat_admin.CrontabScheduleAdmin):
    own_path = f"periodictask__{OWN}"
    list_display = (
        "description",
        "minute",
        "hour",
        "day_of_month",
        "month_of_year",
        "day_of_week",
        "timezone",
    )
    fields = ("description", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")
    readonly_fields = ("description",)

    @admin.display(description=_("runs"))
    def description(self, crontab):
        return describe(crontab) if crontab.pk else "—"


def register():
    for model, model_admin in ((PeriodicTask, PeriodicTaskAdmin), (CrontabSchedule, CrontabScheduleAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)
