"""A province's own times for beat's jobs (reports.models.ProvinceTime; issue 13).

Beat reads Periodic tasks (django-celery-beat). The installation's rows (reports migration 0002)
send each job once per province (khoagiao.celery.for_each_province). A province's own time is a
Periodic task of its own, made and kept here from the ProvinceTime its admin edits: the same
job and arguments, the province added to them, its own crontab. The installation's job leaves
out the provinces that have their own (`own_time_provinces`), so each province's job runs once.
"""

import json

from celery.schedules import ParseException
from celery.schedules import crontab as celery_crontab
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from khoagiao.scoping import current_province_id
from organizations.access import service

from .models import ProvinceTime

TIMEZONE = "Asia/Ho_Chi_Minh"
FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")


def _arguments(task):
    try:
        return json.loads(task.kwargs or "{}")
    except ValueError:
        return {}


def province_time_check(time):
    """What the admin's form shows on its fields: a job this may apply to, and a time beat reads."""
    if time.schedule_id is not None:
        schedule = time.schedule
        if schedule.task not in ProvinceTime.JOBS or "province" in _arguments(schedule):
            raise ValidationError(
                {"schedule": _("Choose one of the installation's report, reminder or digest jobs.")}
            )
        taken = ProvinceTime.objects.filter(province_id=time.province_id, schedule=schedule)
        if taken.exclude(pk=time.pk).exists():
            raise ValidationError(
                {"schedule": _("This job already has a time of this province's own: change that one.")}
            )
    errors = {}
    for name in FIELDS:
        value = (getattr(time, name) or "").strip().replace(" ", "")
        setattr(time, name, value or "*")
        try:
            celery_crontab(**{name: value or "*"})
        except (ValueError, ParseException):
            errors[name] = _(
                "Beat cannot read “%(value)s”: write it as in a crontab, e.g. 0, 7, 1-5, 1,4,7,10 or *."
            ) % {"value": value}
    if errors:
        raise ValidationError(errors)


@service("province.manage", obj="time")
@transaction.atomic
def province_time_save(*, by, time):
    """Keep a province's own time and its Periodic task (beat sees the change at once)."""
    province_time_check(time)
    time.save()
    base = time.schedule
    own = time.own_task or PeriodicTask()
    # A crontab of its own: beat's rows share theirs, and a change to the installation's time must
    # not move this province's (nor this one theirs).
    crontab = own.crontab if own.pk and own.crontab_id else CrontabSchedule(timezone=TIMEZONE)
    for name in FIELDS:
        setattr(crontab, name, getattr(time, name))
    crontab.save()
    own.name = f"{base.name} — {time.province.name}"[:200]
    own.task = base.task
    own.kwargs = json.dumps({**_arguments(base), "province": time.province_id}, ensure_ascii=False)
    own.crontab, own.interval, own.clocked, own.solar = crontab, None, None, None
    own.enabled = base.enabled
    own.expire_seconds = base.expire_seconds
    own.description = base.description
    own.save()  # PeriodicTask.save() tells a running DatabaseScheduler (PeriodicTasks.last_update)
    if time.own_task_id != own.pk:
        time.own_task = own
        time.save(update_fields=["own_task"])
    return time


@service("province.manage", obj="time")
@transaction.atomic
def province_time_delete(*, by, time):
    """Back to the installation's time: the province's Periodic task goes with it."""
    own = time.own_task
    time.delete()
    if own is not None:
        crontab = own.crontab
        own.delete()
        if crontab is not None:
            crontab.delete()


def own_time_provinces(task_name, schedule_name=None):
    """The provinces whose own time replaces the installation's for this job (and, for the Ban's
    report, this schedule): the installation's run leaves them out."""
    provinces = set()
    for time in ProvinceTime.objects.filter(schedule__task=task_name).select_related("schedule"):
        if schedule_name is None or _arguments(time.schedule).get("schedule_name") == schedule_name:
            provinces.add(time.province_id)
    return provinces


def schedules_of_this_province(tasks):
    """Of Periodic tasks, what applies to the current province: the installation's rows it has no
    time of its own for, and its own rows (not other provinces')."""
    province = current_province_id()
    replaced = set(ProvinceTime.objects.values_list("schedule_id", flat=True)) if province else set()
    own = Q(own_province_time__isnull=True) | Q(own_province_time__province_id=province)
    return [task for task in tasks.filter(own) if task.pk not in replaced]
