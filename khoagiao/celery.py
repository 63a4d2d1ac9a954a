"""The Celery application, configured from Django settings (CELERY_* names)."""

import os
import socket

from celery import Celery, Task
from kombu.exceptions import OperationalError as BrokerError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoagiao.settings")


class PortalTask(Task):
    """A job runs under the time limits of the worker that runs it.

    Celery copies a task's time_limit and soft_time_limit into every message it sends, and the
    worker obeys the message before its own settings: the limits would be those of whoever sent
    the job (the web for a request, the process running the sweeper for a re-send), and changing
    them on the worker would do nothing. Messages therefore carry no limits unless a caller asks
    for one explicitly; the worker applies the task's limits from its own settings
    (CELERY_TASK_*, REPORTS_* for the report render)."""

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
        return super().apply_async(args, kwargs, task_id, producer, link, link_error, shadow, **options)


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
