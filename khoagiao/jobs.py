"""The one mechanism behind the worker's jobs (a report's PDF, a document's seal, ...): a row in
the database is the job, the Celery message only says "look at row N" (docs/operations.md, "A
job's life").

- `enqueue` sends the message after the row is committed; with the broker down the row stays
  QUEUED and the sweeper sends it later.
- `claim` takes the row (QUEUED → running, attempts + 1) under a row lock, so a second delivery of
  the same message finds nothing to do; the claim's attempt number is its ticket.
- `Heartbeat` stamps the row while the work runs; `held` gives the row back, locked, only to the
  attempt that still holds it, so an attempt that lost its claim writes nothing.
- Files are written beside their final place, fsynced, and moved in with os.replace by the
  holding attempt (`temp_file_beside`, `close_synced`, `put_in_place`): no partial file ever
  stands at a final path.
- `sweep` re-sends what is stuck or unsent and fails what keeps dying; `retry` queues a failed
  job again. Both are safe to run twice.

A job model has the fields status, attempts, enqueued_at, started_at, heartbeat_at,
finished_at, last_error and created_at; its kind says which statuses mean queued, running and
failed, and which settings (`<PREFIX>_HEARTBEAT_SECONDS`, `_STALE_SECONDS`, `_MAX_ATTEMPTS`,
`_RESEND_AFTER_SECONDS`) pace it.
"""

import contextvars
import datetime
import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from .celery import BROKER_UNREACHABLE

logger = logging.getLogger(__name__)

# Errors worth another try later: the database or the broker went away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, ConnectionError)

# A row queued less than this long ago is left to the on-commit send that made it.
UNSENT_GRACE = datetime.timedelta(seconds=10)


@dataclass(frozen=True)
class JobKind:
    name: str  # in logs: "report 1234: ..."
    model: type
    queued: str
    running: str
    failed: str
    settings_prefix: str
    task: Callable[[], object]  # returns the Celery task (imported late: tasks import services)
    # Called on the locked row as it fails, inside the transaction; returns extra fields to save.
    on_failed: Callable[[object], list] | None = None
    # A job in `queued` that is not ready yet (an import not confirmed) is neither claimed nor sent.
    ready: dict = field(default_factory=dict)
    # Fields set when an attempt claims the row (an import's progress starts again at 0).
    on_claim: dict = field(default_factory=dict)
    # How long a queued row has waited, for "never sent": since it was made, or last changed.
    since_field: str = "created_at"

    def setting(self, name):
        return getattr(settings, f"{self.settings_prefix}_{name}")


def enqueue(kind, pk):
    """Send a queued job to the worker. With the broker down, log and leave it for the sweeper."""
    try:
        province = kind.model._base_manager.filter(pk=pk).values_list("province_id", flat=True).first()
        kind.task().apply_async((str(pk),), {"province": province})
    except BROKER_UNREACHABLE as exc:
        logger.warning(
            "%s %s: the broker is unreachable (%s); the sweeper will send it later", kind.name, pk, exc
        )
        return False
    except Exception:
        # Not the broker: Celery refused the message, or a bug. The job stays queued; the
        # sweeper tries again, and the log says what really went wrong.
        logger.exception("%s %s: could not be sent to the worker", kind.name, pk)
        return False
    kind.model.objects.filter(pk=pk, status=kind.queued).update(enqueued_at=timezone.now())
    return True


def claim(kind, pk, *, select_related=()):
    """The row, now running under a new attempt number; None if another delivery has it."""
    with transaction.atomic():
        job = (
            kind.model.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=pk, status=kind.queued, **kind.ready)
            .select_related(*select_related)
            .first()
        )
        if job is None:
            return None
        now = timezone.now()
        job.status = kind.running
        job.attempts += 1
        job.started_at = job.heartbeat_at = now
        job.finished_at = None
        job.last_error = ""
        job.save(
            update_fields=["status", "attempts", "started_at", "heartbeat_at", "finished_at", "last_error"]
        )
        return job


class Heartbeat(threading.Thread):
    """Stamps heartbeat_at while the work runs, from its own database connection; a job whose
    heartbeat stops (its process was killed) is found by the sweeper. What the work puts in
    `progress` (field: value) is written with it: the page that follows the job reads it, and the
    work's own transaction would hide it until the end."""

    def __init__(self, kind, pk, attempt):
        super().__init__(daemon=True, name=f"{kind.name}-heartbeat-{pk}")
        self.kind, self.pk, self.attempt = kind, pk, attempt
        self.progress = {}
        self.stopped = threading.Event()
        # A thread starts with an empty context: without the caller's, the province scope
        # (khoagiao/scoping.py) is missing and every beat is refused with ScopeError, so the
        # sweeper would take a long job for a dead one and send it again.
        self.context = contextvars.copy_context()

    def run(self):
        self.context.run(self._beat)

    def _beat(self):
        kind = self.kind
        try:
            while not self.stopped.wait(kind.setting("HEARTBEAT_SECONDS")):
                try:
                    kind.model.objects.filter(pk=self.pk, status=kind.running, attempts=self.attempt).update(
                        heartbeat_at=timezone.now(), **dict(self.progress)
                    )
                except TRANSIENT_ERRORS:
                    logger.warning("%s %s: heartbeat not written", kind.name, self.pk)
                    close_old_connections()
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=10)

    @classmethod
    def start_for(cls, kind, job, *, enabled=True):
        """A started heartbeat, or None inside a caller's transaction (tests, a shell), where a
        second connection could not see the row."""
        if not enabled or connection.in_atomic_block:
            return None
        pulse = cls(kind, job.pk, job.attempts)
        pulse.start()
        return pulse


def held(kind, pk, attempt):
    """Inside a transaction: the row, locked, if this attempt still holds its claim, else None."""
    job = kind.model.objects.select_for_update().filter(pk=pk).first()
    if job is None or job.status != kind.running or job.attempts != attempt:
        logger.warning("%s %s: attempt %s lost its claim; its output is discarded", kind.name, pk, attempt)
        return None
    return job


def finish(kind, pk, attempt, **values):
    """Save an attempt's outcome in one UPDATE, only if it still holds the row; returns whether it
    did (inside the work's own transaction, this commits or rolls back with the work)."""
    values.setdefault("finished_at", timezone.now())
    return bool(kind.model.objects.filter(pk=pk, status=kind.running, attempts=attempt).update(**values))


def _mark_failed(kind, job, message, now):
    job.status, job.finished_at, job.last_error = kind.failed, now, message
    extra = kind.on_failed(job) if kind.on_failed else []
    job.save(update_fields=["status", "finished_at", "last_error", *extra])


def fail(kind, pk, attempt, message):
    """FAILED with a message for people, if this attempt still holds the row."""
    with transaction.atomic():
        job = held(kind, pk, attempt)
        if job is not None:
            _mark_failed(kind, job, message, timezone.now())


def release(kind, pk, attempt):
    """Hand a job back to the queue after a transient error, so that the retry can claim it."""
    try:
        kind.model.objects.filter(pk=pk, status=kind.running, attempts=attempt).update(status=kind.queued)
    except TRANSIENT_ERRORS:
        logger.warning("%s %s: could not be handed back; the sweeper will", kind.name, pk)


def sweep(kind, *, now=None, stuck_message, leftovers=None, send=None):
    """Beat, every minute: send again what is stuck or unsent; fail what keeps dying.
    `stuck_message(attempts)` says why in words; `leftovers(job)` removes a dead attempt's files;
    `send(pk)` is the app's enqueue function (default: `enqueue`)."""
    now = now or timezone.now()
    send = send or partial(enqueue, kind)
    stale_before = now - datetime.timedelta(seconds=kind.setting("STALE_SECONDS"))
    requeued, failed = [], []
    stuck = kind.model.objects.filter(status=kind.running, heartbeat_at__lt=stale_before)
    for pk in stuck.values_list("pk", flat=True):
        with transaction.atomic():
            job = stuck.select_for_update(skip_locked=True).filter(pk=pk).first()
            if job is None:
                continue
            if leftovers:
                leftovers(job)
            if job.attempts >= kind.setting("MAX_ATTEMPTS"):
                with translation.override("vi"):
                    _mark_failed(kind, job, stuck_message(job.attempts), now)
                failed.append(job.pk)
            else:
                job.status, job.enqueued_at = kind.queued, None
                job.save(update_fields=["status", "enqueued_at"])
                requeued.append(job.pk)
    # Queued but never sent (broker down at the time), or sent long ago and never picked up.
    resend_before = now - datetime.timedelta(seconds=kind.setting("RESEND_AFTER_SECONDS"))
    unsent = kind.model.objects.filter(status=kind.queued, **kind.ready).filter(
        Q(enqueued_at__isnull=True, **{f"{kind.since_field}__lt": now - UNSENT_GRACE})
        | Q(enqueued_at__lt=resend_before)
        | Q(pk__in=requeued)
    )
    sent = [pk for pk in unsent.values_list("pk", flat=True) if send(pk)]
    return {"requeued": requeued, "failed": failed, "sent": sent}


def retry(kind, job, *, history_user, prepare=None, send=None):
    """Inside a transaction: queue a FAILED job again with a fresh set of attempts; False for
    anything else. `prepare(job)` may set more fields before the save; `send(pk)` after commit."""
    job = kind.model.objects.select_for_update().get(pk=job.pk)
    if job.status != kind.failed:
        return False
    job.status, job.attempts = kind.queued, 0
    job.last_error, job.enqueued_at, job.finished_at = "", None, None
    if prepare:
        prepare(job)
    job._history_user = history_user
    job.save()
    transaction.on_commit(partial(send or partial(enqueue, kind), job.pk), robust=True)
    return True


# --- files ----------------------------------------------------------------------------------


def temp_file_beside(name, pk):
    """An open temporary file next to `name`'s final place in private storage (the same
    filesystem, so that os.replace is atomic), named after the job for `remove_leftovers`."""
    folder = Path(default_storage.path(name)).parent
    folder.mkdir(parents=True, exist_ok=True)
    return tempfile.NamedTemporaryFile(dir=folder, prefix=f".{pk}-", suffix=".part", delete=False)


def close_synced(handle):
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    return Path(handle.name)


def _fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def put_in_place(temp_path, name):
    final = Path(default_storage.path(name))
    os.replace(temp_path, final)
    _fsync_dir(final.parent)
    return final


def remove_leftovers(name, pk):
    """Temporary files of a dead attempt (a killed process cannot clean up after itself)."""
    for leftover in Path(default_storage.path(name)).parent.glob(f".{pk}-*.part"):
        leftover.unlink(missing_ok=True)


def sha256_of_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
