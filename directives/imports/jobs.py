"""The import as two jobs in the worker (issue 19 item 13; docs/operations.md "Background jobs"),
on the portal's one job mechanism (khoagiao.jobs): a row claimed under a lock, attempts, a
heartbeat from its own connection, and a sweeper that sends again what stopped. The same row is
first a parse job, then, once confirmed, an apply job (PARSE and APPLY below).

- parse: QUEUED → PARSING → PARSED. The file is read once; its rows are kept next to it as
  compressed JSON, and the preview (preview_data) is stored on the job.
- apply: PARSED and confirmed → APPLYING → DONE. The kept rows are planned again against the
  register as it is now and written in one transaction, which also marks the job DONE and links
  its ImportLog: a second delivery, or a re-run after a crash, finds DONE or nothing written.
The heartbeat also writes the progress (rows read, percent) that the page polls.
"""

import datetime
import gzip
import json
import logging
from functools import partial
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khoagiao import jobs
from organizations.access import authorize

from ..models import DirectiveImport
from . import cells
from .apply import apply_plan
from .columns import COLUMNS
from .plan import ERROR, NEW, UNCHANGED, UPDATED, ImportPlan, changes, describe, plan_table
from .reader import FileRejected, Table, read_table

logger = logging.getLogger(__name__)
TRANSIENT_ERRORS = jobs.TRANSIENT_ERRORS
Status = DirectiveImport.Status
PREVIEW_ROWS = 300
PREVIEW_ERRORS = 300
# Shares of the page's progress bar: reading is most of a parse, writing most of an apply.
READ_SHARE, CHECK_SHARE = 90, 20


# --- files -------------------------------------------------------------------------------------


def folder():
    path = Path(settings.PRIVATE_ROOT) / "directive-imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def upload_path(job):
    """The uploaded file, under a name of ours (the job's id), never the client's."""
    return folder() / f"{job.pk}.{job.file_format}"


def rows_path(job):
    return folder() / f"{job.pk}.rows.json.gz"


def files_of(job):
    return [upload_path(job), rows_path(job)]


def remove_files(job_or_paths):
    paths = job_or_paths if isinstance(job_or_paths, list) else files_of(job_or_paths)
    for path in paths:
        path.unlink(missing_ok=True)


def _encode(value):
    if isinstance(value, cells.Formula):
        return {"f": value.text}
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # a time or a duration: text, as the cell parsers would see it


def _decode(value):
    if not isinstance(value, dict):
        return value
    if "f" in value:
        return cells.Formula(value["f"])
    if "dt" in value:
        return datetime.datetime.fromisoformat(value["dt"])
    return datetime.date.fromisoformat(value["d"])


def save_rows(job, table):
    data = {
        "header_line": table.header_line,
        "headers": table.headers,
        "rows": [[line, [_encode(v) for v in values]] for line, values in table.rows],
    }
    temp = rows_path(job).with_suffix(".part")
    with gzip.open(temp, "wt", encoding="utf-8", compresslevel=3) as out:
        json.dump(data, out, ensure_ascii=False)
    temp.chmod(0o600)
    temp.replace(rows_path(job))


def load_rows(job):
    with gzip.open(rows_path(job), "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    rows = [(line, [_decode(v) for v in values]) for line, values in data["rows"]]
    return Table(header_line=data["header_line"], headers=data["headers"], rows=rows)


# --- what the preview page shows ---------------------------------------------------------------


def preview_data(plan):
    """The plan as the page shows it, small enough to keep on the job (JSON)."""
    shown = []
    changing = [row for row in plan.rows if row.status != UNCHANGED]
    for row in changing[:PREVIEW_ROWS]:
        shown.append(
            {
                "line": row.line,
                "status": row.status,
                "number": row.number_text,
                "title": row.title,
                "issued": describe(row, "issued_on", plan.lookups) if "issued_on" in row.values else "",
                "body": describe(row, "issuing_body", plan.lookups) if "issuing_body" in row.values else "",
                "changes": changes(row, plan.lookups) if row.status == UPDATED else [],
                "errors": row.errors,
            }
        )
    errors = plan.error_messages
    return {
        "is_valid": plan.is_valid,
        "counts": plan.counts,
        "rows_total": len(plan.rows),
        "file_errors": plan.file_errors,
        "warnings": plan.warnings,
        "rows": shown,
        "rows_hidden": len(changing) - len(shown),
        "errors": errors[:PREVIEW_ERRORS],
        "errors_hidden": max(0, len(errors) - PREVIEW_ERRORS),
        "columns": [column.header for column in COLUMNS if column.key in plan.keys],
    }


STATUSES = {"new": NEW, "updated": UPDATED, "unchanged": UNCHANGED, "error": ERROR}


# --- sending, claiming, the heartbeat --------------------------------------------------------------


def _parse_task():
    from ..tasks import import_parse_task

    return import_parse_task


def _apply_task():
    from ..tasks import import_apply_task

    return import_apply_task


_COMMON = {
    "name": "import",
    "model": DirectiveImport,
    "failed": Status.FAILED,
    "settings_prefix": "DIRECTIVE_IMPORT",
    "on_claim": {"percent": 0},
    # A confirmed preview was made long ago: "never sent" counts from its last change.
    "since_field": "updated_at",
}
PARSE = jobs.JobKind(queued=Status.QUEUED, running=Status.PARSING, task=_parse_task, **_COMMON)
APPLY = jobs.JobKind(
    queued=Status.PARSED,
    running=Status.APPLYING,
    task=_apply_task,
    ready={"confirmed_at__isnull": False},
    **_COMMON,
)
KINDS = {"parse": PARSE, "apply": APPLY}


def enqueue(job_id, step):
    """Send a job's step ("parse" or "apply") to the worker; with the broker down, leave it to the
    sweeper."""
    return jobs.enqueue(KINDS[step], job_id)


def enqueue_on_commit(job_id, step):
    transaction.on_commit(partial(enqueue, job_id, step), robust=True)


class _Progress:
    """Where the running step stands; the heartbeat writes it (and nothing, without one)."""

    def __init__(self, pulse):
        self.values = pulse.progress if pulse else {}

    def reading(self, read, total):
        share = READ_SHARE * read // total if total else 0
        self.values.update(rows_read=read, rows_total=max(total, read), percent=min(READ_SHARE, share))

    def writing(self, fraction):
        self.values.update(percent=CHECK_SHARE + int((100 - CHECK_SHARE) * fraction))


def _running(kind, job):
    pulse = jobs.Heartbeat.start_for(kind, job)
    return pulse, _Progress(pulse)


def _failure(job, exc):
    if isinstance(exc, SoftTimeLimitExceeded):
        return _(
            "Reading or writing the file took longer than the %(minutes)s minutes allowed. Split the file "
            "into smaller ones, or ask the administrator to raise the limit."
        ) % {"minutes": max(1, settings.DIRECTIVE_IMPORT_SOFT_TIME_LIMIT // 60)}
    return _(
        "The import stopped because of an error in the portal; nothing was written. The error was recorded "
        "for the administrator (reference %(reference)s)."
    ) % {"reference": str(job.pk)[:8]}


# --- the two steps -------------------------------------------------------------------------------


def parse(job_id):
    """Read the file once and store the preview. Returns the job when this call parsed it."""
    job = jobs.claim(PARSE, job_id, select_related=("requested_by",))
    if job is None:
        logger.info("import %s: nothing to parse (taken, finished or gone)", job_id)
        return None
    attempt = job.attempts
    pulse, progress = _running(PARSE, job)
    try:
        with translation.override("vi"):
            try:
                table = read_table(upload_path(job), job.file_format, progress=progress.reading)
            except FileRejected as exc:
                plan = ImportPlan(
                    file_name=job.file_name, file_format=job.file_format, file_errors=[str(exc)]
                )
            else:
                save_rows(job, table)
                plan = plan_table(table, job.file_name, job.file_format)
            preview = preview_data(plan)
        rows = len(plan.rows)
        jobs.finish(
            PARSE,
            job.pk,
            attempt,
            status=Status.PARSED,
            preview=preview,
            percent=100,
            rows_read=rows,
        )
        job.refresh_from_db()
        return job
    except TRANSIENT_ERRORS:
        jobs.release(PARSE, job.pk, attempt)
        raise
    except Exception as exc:
        logger.exception("import %s: parsing failed", job.pk)
        with translation.override("vi"):
            jobs.finish(PARSE, job.pk, attempt, status=Status.FAILED, last_error=_failure(job, exc))
        return None
    finally:
        if pulse:
            pulse.stop()


def apply(job_id):
    """Write a confirmed job's rows. Returns the job when this call finished it (DONE, or back to
    PARSED with a new preview when the register changed so that the rows no longer hold)."""
    job = jobs.claim(APPLY, job_id, select_related=("requested_by",))
    if job is None:
        logger.info("import %s: nothing to apply (taken, finished or gone)", job_id)
        return None
    attempt = job.attempts
    pulse, progress = _running(APPLY, job)
    try:
        # The admin may have lost the role since confirming: the job acts for them, not above them.
        authorize(job.requested_by, "directive.import")
        with translation.override("vi"):
            try:
                with transaction.atomic():
                    # The rows as read are not kept past the plan: they would be held, with it, for
                    # the whole of the writing (issue 16's memory goal).
                    plan = plan_table(load_rows(job), job.file_name, job.file_format)
                    progress.writing(0)
                    if not plan.is_valid:
                        _back_to_preview(job, attempt, plan)
                        job.refresh_from_db()
                        return job
                    log = apply_plan(
                        plan, by=job.requested_by, sha256=job.file_sha256, size=job.file_size,
                        progress=progress.writing,
                    )  # fmt: skip
                    # In the same transaction: DONE is written with the rows, or neither is.
                    if not jobs.finish(APPLY, job.pk, attempt, status=Status.DONE, log=log, percent=100):
                        raise _LostClaim
            except IntegrityError:
                changed = (
                    "The register changed while the file was being imported; nothing was written. Try again."
                )
                plan.file_errors.append(_(changed))
                _back_to_preview(job, attempt, plan)
                job.refresh_from_db()
                return job
        transaction.on_commit(partial(remove_files, job), robust=True)
        job.refresh_from_db()
        return job
    except _LostClaim:
        logger.warning("import %s: attempt %s lost its claim; nothing was written", job.pk, attempt)
        return None
    except TRANSIENT_ERRORS:
        jobs.release(APPLY, job.pk, attempt)
        raise
    except Exception as exc:
        logger.exception("import %s: applying failed", job.pk)
        with translation.override("vi"):
            jobs.finish(APPLY, job.pk, attempt, status=Status.FAILED, last_error=_failure(job, exc))
        return None
    finally:
        if pulse:
            pulse.stop()


class _LostClaim(Exception):
    """The sweeper gave the job to another attempt: roll this one's writes back."""


def _back_to_preview(job, attempt, plan):
    jobs.finish(
        APPLY,
        job.pk,
        attempt,
        status=Status.PARSED,
        confirmed_at=None,
        preview=preview_data(plan),
        percent=100,
        last_error=_(
            "The register changed since the preview, and some rows no longer fit: nothing was written. "
            "Check the rows below and upload a corrected file."
        ),
    )


# --- the sweeper ---------------------------------------------------------------------------------


def _stuck_message(attempts):
    return _(
        "The import stopped unexpectedly %(attempts)s times (too long or out of memory); "
        "nothing was written. Split the file into smaller ones, or tell the administrator."
    ) % {"attempts": attempts}


def sweep(now=None):
    """Beat, every minute: send again what stopped or was never sent; fail what keeps dying;
    forget old files and previews nobody confirmed. Safe to run twice."""
    now = now or timezone.now()
    result = {"requeued": [], "failed": [], "sent": []}
    for step, kind in KINDS.items():
        swept = jobs.sweep(kind, now=now, stuck_message=_stuck_message, send=partial(_send, step=step))
        for key in result:
            result[key] += swept[key]
    # Previews nobody confirmed are forgotten; finished jobs keep their row, not their files.
    keep_after = now - datetime.timedelta(seconds=settings.DIRECTIVE_IMPORT_KEEP_SECONDS)
    expired = DirectiveImport.objects.filter(created_at__lt=keep_after).filter(
        Q(status__in=(Status.DONE, Status.FAILED)) | Q(status=Status.PARSED, confirmed_at__isnull=True)
    )
    forgotten = []
    for job in expired:
        remove_files(job)
        if job.status == Status.PARSED:
            forgotten.append(job.pk)
    DirectiveImport.objects.filter(pk__in=forgotten, status=Status.PARSED, confirmed_at__isnull=True).delete()
    return {**result, "forgotten": forgotten}


def _send(pk, *, step):
    return enqueue(pk, step)
