"""django-celery-beat's admin pages, with schedules described in Vietnamese
(khoagiao.schedules.describe) where celery-beat shows cron-descriptor's English sentence.

Registered from PortalConfig.ready(), after the admin has loaded celery-beat's own classes.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .schedules import describe


class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    list_display = ("name", "enabled", "schedule_description", "start_time", "last_run_at", "one_off")

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


class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
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
