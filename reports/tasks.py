"""Celery tasks of the reports app: thin, by id, safe to run twice (the services guard the state)."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from khoagiao.celery import for_each_province

from . import notifications, services, times

RETRY = {"retry_backoff": 5, "retry_backoff_max": 300, "retry_jitter": True, "max_retries": 5}


@shared_task(
    name="reports.render",
    acks_late=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_TIME_LIMIT,
    **RETRY,
)
def report_render_task(report_id, province):
    services.report_render(report_id=report_id)


@shared_task(name="reports.sweep", acks_late=True, across_provinces=True)
def sweep_task():
    result = services.report_sweep()
    return {key: [str(pk) for pk in value] for key, value in result.items()}


@shared_task(
    name="reports.periodic_report",
    acks_late=True,
    across_provinces=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    **RETRY,
)
def periodic_report_task(schedule_name, period=None, province=None):
    """Beat sends it without a province: it sends one per province."""
    if province is None:
        skip = times.own_time_provinces(periodic_report_task.name, schedule_name)
        return for_each_province(periodic_report_task, skip=skip, schedule_name=schedule_name, period=period)
    report, created = services.report_schedule_run(schedule_name=schedule_name, period=period)
    return {"report": str(report.pk), "created": created}


@shared_task(
    name="reports.notify_ready",
    acks_late=True,
    autoretry_for=(*services.TRANSIENT_ERRORS, SMTPException, OSError),
    **RETRY,
)
def notify_ready_task(report_id, province):
    return notifications.report_notify_ready(report_id=report_id)


@shared_task(
    name="reports.daily_reminders",
    acks_late=True,
    across_provinces=True,
    autoretry_for=(*services.TRANSIENT_ERRORS, SMTPException, OSError),
    **RETRY,
)
def daily_reminders_task(province=None):
    if province is None:
        skip = times.own_time_provinces(daily_reminders_task.name)
        return for_each_province(daily_reminders_task, skip=skip)
    return notifications.reminders_send_daily()


@shared_task(
    name="reports.weekly_digest",
    acks_late=True,
    across_provinces=True,
    autoretry_for=(*services.TRANSIENT_ERRORS, SMTPException, OSError),
    **RETRY,
)
def weekly_digest_task(province=None):
    if province is None:
        skip = times.own_time_provinces(weekly_digest_task.name)
        return for_each_province(weekly_digest_task, skip=skip)
    return notifications.digest_send_weekly()


@shared_task(
    name="reports.notify_draft",
    acks_late=True,
    autoretry_for=(*services.TRANSIENT_ERRORS, SMTPException, OSError),
    **RETRY,
)
def notify_draft_task(report_id, province):
    return notifications.report_notify_draft(report_id=report_id)


@shared_task(
    name="reports.dispatch",
    acks_late=True,
    # NotYetSealed: the seal is being applied; the mail carries the sealed file once it is there.
    autoretry_for=(*services.TRANSIENT_ERRORS, SMTPException, OSError, notifications.NotYetSealed),
    **RETRY,
)
def dispatch_task(report_id, province):
    return notifications.report_dispatch(report_id=report_id)
