"""The Celery application, configured from Django settings (CELERY_* names)."""

import os
import socket

from celery import Celery, Task
from kombu.exceptions import OperationalError as BrokerError

from khoagiao.scoping import ScopeError, current_province_id, everywhere, in_province

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoagiao.settings")


class PortalTask(Task):
    """A job runs in one province's scope, and under the time limits of the worker that runs it.

    Every job takes a `province` keyword (khoagiao/scoping.py): sent from a province's scope, it
    is filled in from the scope; the job runs inside `in_province(province)`, and a job sent
    without one raises before it is queued. Beat's jobs that hand out one job per province (the
    reports of a quarter, the morning's reminders, the sweepers) say `across_provinces=True` and
    run in `everywhere()`.

    Celery copies a task's time_limit and soft_time_limit into every message it sends, and the
    worker obeys the message before its own settings: the limits would be those of whoever sent
    the job (the web for a request, the process running the sweeper for a re-send), and changing
    them on the worker would do nothing. Messages therefore carry no limits unless a caller asks
    for one explicitly; the worker applies the task's limits from its own settings
    (CELERY_TASK_*, REPORTS_* for the report render)."""

    across_provinces = False

    def apply_async(
        self,
        args=None,
        kwargs=None,
        task_id=None,
        producer=None,
        link=None,
        link_error=None,
        shadow=None,
        **options,
    ):
        options.setdefault("time_limit", None)
        options.setdefault("soft_time_limit", None)
        kwargs = dict(kwargs or {})
        if not self.across_provinces:
            if kwargs.get("province") is None:
                kwargs["province"] = current_province_id()
            if kwargs["province"] is None:
                raise ScopeError(f"{self.name}: a job is sent for one province (province=...)")
        return super().apply_async(args, kwargs, task_id, producer, link, link_error, shadow, **options)

    def __call__(self, *args, **kwargs):
        if kwargs.get("province") is not None:
            with in_province(kwargs["province"]):
                return super().__call__(*args, **kwargs)
        if not self.across_provinces:
            raise ScopeError(f"{self.name}: a job runs for one province (province=...)")
        with everywhere():
            return super().__call__(*args, **kwargs)


def for_each_province(task, skip=(), **kwargs):
    """Send `task` once per province in service, each its own message: a failure in one province's
    job (a broken template, its mail server) does not stop the others'. `skip`: provinces that run
    this job at a time of their own (reports/times.py). Returns their ids."""
    from organizations.models import Province

    provinces = list(Province.objects.active_on().exclude(pk__in=skip).values_list("pk", flat=True))
    for province in provinces:
        task.apply_async(kwargs={**kwargs, "province": province})
    return {"provinces": provinces}


app = Celery("khoagiao", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# What sending a message raises when the broker cannot be reached (kombu wraps the transport's
# errors in its OperationalError; a bare socket error can still come through). Anything else is a
# fault of ours, to be logged as itself.
BROKER_UNREACHABLE = (BrokerError, ConnectionError, TimeoutError, socket.gaierror)


def ensure_broker_folders():
    """kombu's filesystem transport fails to send until its folders exist."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "processed_folder"):
            os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)


@app.on_after_configure.connect
def _make_folders(sender, **kwargs):
    ensure_broker_folders()
