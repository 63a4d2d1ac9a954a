"""The Celery application, configured from Django settings (CELERY_* names)."""

import os
import socket

from celery import Celery
from kombu.exceptions import OperationalError as BrokerError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khoagiao.settings")

app = Celery("khoagiao")
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
