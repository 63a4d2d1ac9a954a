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
The claim, heartbeat, files, sweeper and retry are the portal's one job mechanism (khoagiao.jobs);
this module says what a report's job does. Views, the management command, beat and the Celery
tasks all call these functions.
"""

import hashlib
import json
import logging
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import (
    IntegrityError,
    transaction,
)
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khoagiao import jobs
from khoagiao.pdf import AssetOnlyFetcher, render_document
from khoagiao.periods import Period
from organizations.access import SYSTEM, service, user_of

from .models import Report

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = jobs.TRANSIENT_ERRORS


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


def _render_task():
    from .tasks import report_render_task

    return report_render_task


JOB = jobs.JobKind(
    name="report",
    model=Report,
    queued=Report.Status.QUEUED,
    running=Report.Status.RENDERING,
    failed=Report.Status.FAILED,
    settings_prefix="REPORTS",
    task=_render_task,
)


def report_enqueue(*, report_id):
    """Send a queued job to the worker. With the broker down, log and leave it for the sweeper."""
    return jobs.enqueue(JOB, report_id)


def final_name(report):
    """Where a report's PDF lives in private storage (served only through the download view)."""
    return f"reports/{report.created_at:%Y/%m}/{report.pk}.pdf"


def _finish(report_id, attempt, temp_path, name, pages):
    """Move the file into place and mark READY, only if this attempt still holds the row."""
    with transaction.atomic():
        report = jobs.held(JOB, report_id, attempt)
        if report is None:
            return False
        sha256, size = jobs.sha256_of_file(temp_path), temp_path.stat().st_size
        jobs.put_in_place(temp_path, name)
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


def report_render(*, report_id, heartbeat=True):
    """Claim and render one job. Returns the report when this call made it READY, else None.

    Not one transaction on purpose: the claim, the render (minutes, no locks held) and the finish
    are separate steps, each safe to repeat."""
    report = jobs.claim(JOB, report_id, select_related=("organization", "directive", "requested_by"))
    if report is None:
        logger.info("report %s: nothing to do (already taken, finished or gone)", report_id)
        return None
    attempt = report.attempts
    pulse = jobs.Heartbeat.start_for(JOB, report, enabled=heartbeat)
    temp_path = None
    try:
        from .content import TEMPLATE, report_context

        with translation.override("vi"), timezone.override(ZoneInfo(settings.TIME_ZONE)):
            document = render_document(
                TEMPLATE, report_context(report, user=SYSTEM), fetcher=AssetOnlyFetcher()
            )
            name = final_name(report)
            handle = jobs.temp_file_beside(name, report.pk)
            temp_path = Path(handle.name)
            with handle:
                document.write_pdf(target=handle)
                jobs.close_synced(handle)
            if _finish(report.pk, attempt, temp_path, name, len(document.pages)):
                temp_path = None
                report.refresh_from_db()
                return report
            return None
    except SoftTimeLimitExceeded:
        minutes = max(1, settings.REPORTS_SOFT_TIME_LIMIT // 60)
        with translation.override("vi"):
            jobs.fail(
                JOB,
                report.pk,
                attempt,
                _(
                    "Preparing the report took longer than the %(minutes)s minutes allowed. Choose a shorter "
                    "period or one unit, or ask the administrator to raise the limit."
                )
                % {"minutes": minutes},
            )
        return None
    except jobs.TRANSIENT_ERRORS:
        jobs.release(JOB, report.pk, attempt)
        raise
    except Exception:
        reference = str(report.pk)[:8]
        logger.exception("report %s: rendering failed (reference %s)", report.pk, reference)
        with translation.override("vi"):
            jobs.fail(
                JOB,
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


def _stuck_message(attempts):
    return _(
        "The report could not be prepared: the process preparing it stopped unexpectedly "
        "%(attempts)s times (too long or out of memory). Try again with a shorter period, or "
        "tell the administrator."
    ) % {"attempts": attempts}


def report_sweep(*, now=None):
    """Beat, every minute: send again what is stuck; fail what keeps dying. Safe to run twice."""
    return jobs.sweep(
        JOB,
        now=now,
        stuck_message=_stuck_message,
        leftovers=lambda report: jobs.remove_leftovers(final_name(report), report.pk),
        send=lambda pk: report_enqueue(report_id=pk),
    )


@service("report.retry", obj="report")
@transaction.atomic
def report_retry(*, report, by):
    """Queue a FAILED job again (a fresh set of attempts). Anything else is left as it is."""
    return jobs.retry(JOB, report, history_user=user_of(by), send=lambda pk: report_enqueue(report_id=pk))


def report_schedule_run(*, schedule_name, today=None, period=None):
    """Beat: the Ban's report for the latest period that has ended (once per schedule and period)."""
    today = today or timezone.localdate()
    period = Period.parse(period) if period else Period.latest_ended(today)
    return report_request(
        by=SYSTEM, kind=Report.Kind.BAN, period=period, schedule_name=schedule_name, as_of=today
    )
