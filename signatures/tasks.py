"""Celery tasks of the signatures app: thin, by id, safe to run twice; routed to their own queue
(settings.SIGNING_QUEUE) by their "signatures." names."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from . import services
from .errors import SigningUnavailable

RETRY = {"retry_backoff": 10, "retry_backoff_max": 300, "retry_jitter": True}


@shared_task(
    name="signatures.process",
    acks_late=True,
    autoretry_for=(SigningUnavailable, *services.TRANSIENT_ERRORS),
    # The job itself fails a document after SIGNING_MAX_ATTEMPTS claims; Celery only spaces them.
    max_retries=settings.SIGNING_MAX_ATTEMPTS + 2,
    soft_time_limit=settings.SIGNING_SOFT_TIME_LIMIT,
    time_limit=settings.SIGNING_TIME_LIMIT,
    **RETRY,
)
def document_process_task(document_id, province):
    services.document_process(document_id=document_id)


@shared_task(name="signatures.sweep", acks_late=True, across_provinces=True)
def sweep_task():
    result = services.document_sweep()
    return {key: [str(pk) for pk in value] for key, value in result.items()}


@shared_task(
    name="signatures.notify_failure",
    acks_late=True,
    autoretry_for=(*services.TRANSIENT_ERRORS, SMTPException, OSError),
    max_retries=5,
    **RETRY,
)
def notify_failure_task(document_id, province):
    return services.document_notify_failure(document_id=document_id)
