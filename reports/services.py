"""Report jobs: request, render, sweep, retry (docs/operations.md, "Jobs").

- The request is saved first and sent to the worker only after the transaction commits; if the
  broker cannot be reached the job stays QUEUED and the sweeper sends it later.
- The worker claims the row (QUEUED → RENDERING, attempts + 1) under a row lock, so that a second
  delivery of the same message finds nothing to do; a READY job is never rendered again.
- The PDF is written to a temporary file in the final folder, fsynced, and moved into place with
  os.replace only by the claim that still holds the row; READY and the SHA-256 are saved in the
  same transaction. A crash leaves either no file, or a complete file whose row the sweeper
  sends again.
- The sweeper sends again the jobs whose heartbeat stopped and fails them after N attempts.
Views, the management command, beat and the Celery tasks all call these functions.
"""

import datetime
import hashlib
import json
import logging
import os
import tempfile
import threading
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from khoagiao.celery import BROKER_UNREACHABLE
from khoagiao.pdf import AssetOnlyFetcher, render_document
from khoagiao.periods import Period
from organizations.access import SYSTEM, service, user_of

from .models import Report

logger = logging.getLogger(__name__)

# Errors worth another try later: the database or the broker went away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, ConnectionError)


def _params_hash(params):
    return hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@service("report.request")
@transaction.atomic
def report_request(
    *,
    kind,
    period,
    by,
    organization=None,
    directive=None,
    number="",
    signer_name="",
    proposals="",
    schedule_name="",
    as_of=None,
    enqueue=True,
):
    """Save a report request and send it to the worker after commit. Returns (report, created).
    `enqueue=False` is for callers that render it themselves (the management command).

    The same person asking for the same report while it is queued or rendering gets that job;
    a schedule makes at most one report per period. Without a `signer_name`, the one set for the
    Ban's reports (REPORTS_SIGNER_NAME) is printed, whichever way the report was asked for."""
    period = Period.parse(period)
    as_of = as_of or timezone.localdate()
    organization = organization if kind == Report.Kind.UNIT else None
    directive = directive if kind == Report.Kind.DIRECTIVE else None
    params = {
        "kind": kind,
        "period": str(period),
        "organization": organization.pk if organization else None,
        "directive": directive.pk if directive else None,
        "number": (number or "").strip(),
        "signer_name": (signer_name or "").strip() or settings.REPORTS_SIGNER_NAME,
        "proposals": (proposals or "").strip(),
        "as_of": as_of.isoformat(),
    }
    digest = _params_hash(params)
    if schedule_name:
        existing = Report.objects.filter(schedule_name=schedule_name, period=period)
    elif user_of(by) is not None:
        existing = Report.objects.active().filter(requested_by=by, params_hash=digest)
    else:
        existing = Report.objects.none()
    found = existing.first()
    if found:
        return found, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind,
                period=period,
                organization=organization,
                directive=directive,
                as_of=as_of,
                number=params["number"],
                signer_name=params["signer_name"],
                proposals=params["proposals"],
                requested_by=user_of(by),
                schedule_name=schedule_name,
                params_hash=digest,
            )
    except IntegrityError:
        # Two requests raced (a double click, beat firing twice): the other one won.
        found = existing.first()
        if found is None:
            raise
        return found, False
    if enqueue:
        transaction.on_commit(partial(report_enqueue, report_id=report.pk), robust=True)
    return report, True


def report_enqueue(*, report_id):
    """Send a queued job to the worker. With the broker down, log and leave it for the sweeper."""
    from .tasks import report_render_task

    try:
        report_render_task.apply_async((str(report_id),))
    except BROKER_UNREACHABLE as exc:
        logger.warning(
            "report %s: the broker is unreachable (%s); the sweeper will send it later", report_id, exc
        )
        return False
    except Exception:
        # Not the broker: Celery refused the message, or a bug. The job stays queued; the
        # sweeper tries again, and the log says what really went wrong.
        logger.exception("report %s: could not be sent to the worker", report_id)
        return False
    Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(enqueued_at=timezone.now())
    return True


def _claim(report_id):
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=report_id, status=Report.Status.QUEUED)
            .select_related("organization", "directive", "requested_by")
            .first()
        )
        if report is None:
            return None
        now = timezone.now()
        report.status = Report.Status.RENDERING
        report.attempts += 1
        report.started_at = report.heartbeat_at = now
        report.finished_at = None
        report.last_error = ""
        report.save(
            update_fields=["status", "attempts", "started_at", "heartbeat_at", "finished_at", "last_error"]
        )
        return report


class _Heartbeat(threading.Thread):
    """Stamps heartbeat_at while a render runs, from its own database connection; a job whose
    heartbeat stops (the process was killed) is found by the sweeper."""

    def __init__(self, report_id, attempt):
        super().__init__(daemon=True, name=f"report-heartbeat-{report_id}")
        self.report_id, self.attempt = report_id, attempt
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.REPORTS_HEARTBEAT_SECONDS):
                try:
                    Report.objects.filter(
                        pk=self.report_id, status=Report.Status.RENDERING, attempts=self.attempt
                    ).update(heartbeat_at=timezone.now())
                except TRANSIENT_ERRORS:
                    logger.warning("report %s: heartbeat not written", self.report_id)
                    close_old_connections()
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=10)


def final_name(report):
    """Where a report's PDF lives in private storage (served only through the download view)."""
    return f"reports/{report.created_at:%Y/%m}/{report.pk}.pdf"


def _fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _finish(report_id, attempt, temp_path, name, pages):
    """Move the file into place and mark READY, only if this attempt still holds the row."""
    final_path = Path(default_storage.path(name))
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != Report.Status.RENDERING or report.attempts != attempt:
            logger.warning(
                "report %s: attempt %s lost its claim; its output is discarded", report_id, attempt
            )
            return False
        sha256, size = _sha256(temp_path), temp_path.stat().st_size
        os.replace(temp_path, final_path)
        _fsync_dir(final_path.parent)
        report.file.name = name
        report.sha256, report.size, report.pages = sha256, size, pages
        report.status = Report.Status.READY
        report.finished_at = timezone.now()
        report.last_error = ""
        report.save(update_fields=["file", "sha256", "size", "pages", "status", "finished_at", "last_error"])
        # Issued as rendered: the signatures app (above this one) records it and seals it if configured.
        from signatures.services import report_issue

        report_issue(report=report)
        if report.schedule_name:
            from .notifications import notify_ready_enqueue

            transaction.on_commit(partial(notify_ready_enqueue, report_id=report.pk), robust=True)
    return True


def _fail(report_id, attempt, message):
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != Report.Status.RENDERING or report.attempts != attempt:
            return
        report.status = Report.Status.FAILED
        report.finished_at = timezone.now()
        report.last_error = message
        report.save(update_fields=["status", "finished_at", "last_error"])


def _release(report_id, attempt):
    """Hand a job back to the queue after a transient error, so that the retry can claim it."""
    try:
        Report.objects.filter(pk=report_id, status=Report.Status.RENDERING, attempts=attempt).update(
            status=Report.Status.QUEUED
        )
    except TRANSIENT_ERRORS:
        logger.warning("report %s: could not be handed back; the sweeper will", report_id)


def report_render(*, report_id, heartbeat=True):
    """Claim and render one job. Returns the report when this call made it READY, else None.

    Not one transaction on purpose: the claim, the render (minutes, no locks held) and the finish
    are separate steps, each safe to repeat."""
    report = _claim(report_id)
    if report is None:
        logger.info("report %s: nothing to do (already taken, finished or gone)", report_id)
        return None
    attempt = report.attempts
    # Inside a caller's transaction (tests, a shell) a second connection could not see the row.
    pulse = _Heartbeat(report.pk, attempt) if heartbeat and not connection.in_atomic_block else None
    if pulse:
        pulse.start()
    temp_path = None
    try:
        from .content import TEMPLATE, report_context

        with translation.override("vi"), timezone.override(ZoneInfo(settings.TIME_ZONE)):
            document = render_document(
                TEMPLATE, report_context(report, user=SYSTEM), fetcher=AssetOnlyFetcher()
            )
            name = final_name(report)
            folder = Path(default_storage.path(name)).parent
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=folder, prefix=f".{report.pk}-", suffix=".part", delete=False
            ) as tmp:
                temp_path = Path(tmp.name)
                document.write_pdf(target=tmp)
                tmp.flush()
                os.fsync(tmp.fileno())
            if _finish(report.pk, attempt, temp_path, name, len(document.pages)):
                temp_path = None
                report.refresh_from_db()
                return report
            return None
    except SoftTimeLimitExceeded:
        minutes = max(1, settings.REPORTS_SOFT_TIME_LIMIT // 60)
        with translation.override("vi"):
            _fail(
                report.pk,
                attempt,
                _(
                    "Preparing the report took longer than the %(minutes)s minutes allowed. Choose a shorter "
                    "period or one unit, or ask the administrator to raise the limit."
                )
                % {"minutes": minutes},
            )
        return None
    except TRANSIENT_ERRORS:
        _release(report.pk, attempt)
        raise
    except Exception:
        reference = str(report.pk)[:8]
        logger.exception("report %s: rendering failed (reference %s)", report.pk, reference)
        with translation.override("vi"):
            _fail(
                report.pk,
                attempt,
                _(
                    "The report could not be prepared because of an error in the portal. The error was "
                    "recorded for the administrator (reference %(reference)s)."
                )
                % {"reference": reference},
            )
        return None
    finally:
        if pulse:
            pulse.stop()
        if temp_path is not None:
            temp_path.unlink(missing_ok=True)


def _remove_leftovers(report):
    """Temporary files of a dead attempt (a killed process cannot clean up after itself)."""
    folder = Path(default_storage.path(final_name(report))).parent
    for leftover in folder.glob(f".{report.pk}-*.part"):
        leftover.unlink(missing_ok=True)


def report_sweep(*, now=None):
    """Beat, every minute: send again what is stuck; fail what keeps dying. Safe to run twice."""
    now = now or timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.REPORTS_STALE_SECONDS)
    requeued, failed = [], []
    stuck = Report.objects.filter(status=Report.Status.RENDERING, heartbeat_at__lt=stale_before)
    for report_id in stuck.values_list("pk", flat=True):
        with transaction.atomic():
            report = stuck.select_for_update(skip_locked=True).filter(pk=report_id).first()
            if report is None:
                continue
            _remove_leftovers(report)
            if report.attempts >= settings.REPORTS_MAX_ATTEMPTS:
                with translation.override("vi"):
                    report.last_error = _(
                        "The report could not be prepared: the process preparing it stopped unexpectedly "
                        "%(attempts)s times (too long or out of memory). Try again with a shorter period, or "
                        "tell the administrator."
                    ) % {"attempts": report.attempts}
                report.status = Report.Status.FAILED
                report.finished_at = now
                report.save(update_fields=["status", "finished_at", "last_error"])
                failed.append(report.pk)
            else:
                report.status = Report.Status.QUEUED
                report.enqueued_at = None
                report.save(update_fields=["status", "enqueued_at"])
                requeued.append(report.pk)
    # Queued but never sent (broker down at the time), or sent long ago and never picked up.
    resend_before = now - datetime.timedelta(seconds=settings.REPORTS_RESEND_AFTER_SECONDS)
    unsent = Report.objects.filter(status=Report.Status.QUEUED).filter(
        Q(enqueued_at__isnull=True, created_at__lt=now - datetime.timedelta(seconds=10))
        | Q(enqueued_at__lt=resend_before)
        | Q(pk__in=requeued)
    )
    sent = [pk for pk in unsent.values_list("pk", flat=True) if report_enqueue(report_id=pk)]
    return {"requeued": requeued, "failed": failed, "sent": sent}


@service("report.retry", obj="report")
@transaction.atomic
def report_retry(*, report, by):
    """Queue a FAILED job again (a fresh set of attempts). Anything else is left as it is."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.FAILED:
        return False
    report.status = Report.Status.QUEUED
    report.attempts = 0
    report.last_error = ""
    report.enqueued_at = None
    report.finished_at = None
    report._history_user = user_of(by)
    report.save(update_fields=["status", "attempts", "last_error", "enqueued_at", "finished_at"])
    transaction.on_commit(partial(report_enqueue, report_id=report.pk), robust=True)
    return True


def report_schedule_run(*, schedule_name, today=None, period=None):
    """Beat: the Ban's report for the latest period that has ended (once per schedule and period)."""
    today = today or timezone.localdate()
    period = Period.parse(period) if period else Period.latest_ended(today)
    return report_request(
        by=SYSTEM, kind=Report.Kind.BAN, period=period, schedule_name=schedule_name, as_of=today
    )
