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


class InstallationRows:
    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and keeps_the_installation(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and keeps_the_installation(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and keeps_the_installation(request.user)


# A province's own time (reports.ProvinceTime) keeps a Periodic task and a crontab of its own: they
# change through it, and another province's are not shown.
OWN = "own_province_time"


class PeriodicTaskAdmin(InstallationRows, beat_admin.PeriodicTaskAdmin):
    list_display = ("name", "enabled", "schedule_description", "start_time", "last_run_at", "one_off")

    def get_queryset(self, request):
        return _installation_or_own(super().get_queryset(request), request, OWN)

    def has_change_permission(self, request, obj=None):
        owned = obj is not None and type(obj).objects.filter(pk=obj.pk, **{f"{OWN}__isnull": False}).exists()
        return not owned and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)

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

    def get_queryset(self, request):
        return _installation_or_own(super().get_queryset(request), request, f"periodictask__{OWN}")

    def has_change_permission(self, request, obj=None):
        lookup = {f"periodictask__{OWN}__isnull": False}
        owned = obj is not None and type(obj).objects.filter(pk=obj.pk, **lookup).exists()
        return not owned and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)


def _installation_or_own(queryset, request, path):
    province = getattr(request.user, "province_id", None)
    if province is None:
        return queryset
    installation, own = Q(**{f"{path}__isnull": True}), Q(**{f"{path}__province_id": province})
    return queryset.filter(installation | own).distinct()


def register():
    for model, model_admin in ((PeriodicTask, PeriodicTaskAdmin), (CrontabSchedule, CrontabScheduleAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)
