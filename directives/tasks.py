"""Celery tasks of the directive import: thin, by id, safe to run twice (imports/jobs.py guards the
state). Routed to the heavy-work queue (settings.HEAVY_QUEUE)."""

from celery import shared_task
from django.conf import settings

from .imports import jobs

RETRY = {"retry_backoff": 5, "retry_backoff_max": 300, "retry_jitter": True, "max_retries": 5}
LIMITS = {
    "soft_time_limit": settings.DIRECTIVE_IMPORT_SOFT_TIME_LIMIT,
    "time_limit": settings.DIRECTIVE_IMPORT_TIME_LIMIT,
}


@shared_task(
    name="directives.import_parse", acks_late=True, autoretry_for=jobs.TRANSIENT_ERRORS, **LIMITS, **RETRY
)
def import_parse_task(job_id, province):
    jobs.parse(job_id)


@shared_task(
    name="directives.import_apply", acks_late=True, autoretry_for=jobs.TRANSIENT_ERRORS, **LIMITS, **RETRY
)
def import_apply_task(job_id, province):
    jobs.apply(job_id)


@shared_task(name="directives.sweep_imports", acks_late=True, across_provinces=True)
def import_sweep_task():
    return {key: [str(pk) for pk in value] for key, value in jobs.sweep().items()}
