"""Celery jobs of the notices app, run from beat; each is safe to run twice (the claims are unique
keys in the database)."""

from celery import shared_task
from django.db import OperationalError

from khoagiao.celery import for_each_province

from . import ladder, report_calendar, services


@shared_task(name="notices.send_mail", acks_late=True, across_provinces=True)
def send_mail_task():
    """Send the outbox's pending mails (every minute, and right after a mail is queued)."""
    sent, failed = services.mail_send_due()
    return {"sent": sent, "failed": failed}


@shared_task(
    name="notices.daily",
    acks_late=True,
    across_provinces=True,
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def daily_task(province=None):
    """The morning's run, one job per province: the reminder ladder, the stale tasks, the reports
    owed to the giao ban, then the digests of what they made, then the outbox."""
    if province is None:
        return for_each_province(daily_task)
    return daily_run()


def daily_run(today=None):
    result = {
        "ladder": ladder.ladder_run(today=today),
        "stale": ladder.stale_run(today=today),
        "reports_owed": report_calendar.calendar_run(today=today),
        "digests": services.digest_send_daily(today=today),
    }
    result["sent"], result["failed"] = services.mail_send_due()
    return result
