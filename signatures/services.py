"""Issued documents: issue, seal, accept a leader's signed upload, sweep, retry.

Import direction: this app sits above meetings and reports (it reads their models and renders the
notice template). They call it inside their functions, at two points only: the leader's approval
of a conclusion with a number (meetings.services.conclusion_approve → notice_issue) and a report
job ending READY (reports.services → report_issue). Nothing else in the portal handles keys.

The sealing job is one of the portal's jobs (khoagiao.jobs):
- the row is saved in the caller's transaction and sent to the worker after commit (the sweeper
  sends it later if the broker is down);
- the worker claims it (QUEUED → SIGNING, attempts + 1) under a row lock, so a second delivery
  finds nothing to do; a SIGNED row is never signed again, and the seal always signs the issued
  file, never the signed one: a duplicate job cannot make two signatures;
- files are written to a temporary file in the final folder, fsynced and moved into place with
  os.replace only by the claim that still holds the row; the issued file is never written again;
- only a timestamp server that does not answer (and the database or broker gone a moment) is
  tried again, at most SIGNING_MAX_ATTEMPTS times; a missing token, a wrong PIN or passphrase fail
  at once with their reason on the page and an e-mail to the staff.
"""

import logging
import re
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khoagiao import jobs
from khoagiao.text import fold
from organizations.access import service, user_of

from . import config
from .errors import SigningError
from .models import SignedDocument
from .verification import MESSAGES, inspect_pdf, sha256_of, signs_exactly

logger = logging.getLogger(__name__)
Status = SignedDocument.Status
TRANSIENT_ERRORS = jobs.TRANSIENT_ERRORS


# --- issuing --------------------------------------------------------------------------------


def _notice_names(snapshot, meeting_title):
    number = str(snapshot["header"]["number"]).removeprefix("Số").strip()
    title = f"Thông báo kết luận số {number}: {meeting_title}"
    stem = re.sub(r"[^a-z0-9]+", "-", fold(f"thong bao ket luan {number}")).strip("-")
    return title[:400], f"{stem}.pdf"


def notice_issue(*, version, number):
    """The notice of an approved conclusion becomes a document of record when it has a number:
    the job renders it once from the approved version and seals it if the seal applies. Called
    by conclusion_approve, which authorized the leader; None without a number."""
    if not (number or "").strip():
        return None
    existing = SignedDocument.objects.filter(conclusion_version=version).first()
    if existing:
        return existing
    title, name = _notice_names(version.snapshot, version.meeting.title)
    document = SignedDocument.objects.create(
        kind=SignedDocument.Kind.NOTICE,
        conclusion_version=version,
        title=title,
        download_name=name,
        seal=config.seal_applies(SignedDocument.Kind.NOTICE),
        status=Status.QUEUED,
    )
    transaction.on_commit(partial(document_enqueue, document_id=document.pk), robust=True)
    return document


def report_issue(*, report):
    """A READY report is issued as it was rendered (its file and SHA-256); sealed if the seal
    applies to reports. Called by the report job in the transaction that marks it READY."""
    existing = SignedDocument.objects.filter(report=report).first()
    if existing:
        return existing
    seal = config.seal_applies(SignedDocument.Kind.REPORT)
    document = SignedDocument.objects.create(
        kind=SignedDocument.Kind.REPORT,
        report=report,
        title=report.download_name().removesuffix(".pdf")[:400],
        download_name=report.download_name(),
        issued_file=report.file.name,
        issued_sha256=report.sha256,
        issued_size=report.size,
        issued_at=timezone.now(),
        seal=seal,
        status=Status.QUEUED if seal else Status.UNSIGNED,
    )
    if seal:
        transaction.on_commit(partial(document_enqueue, document_id=document.pk), robust=True)
    return document


def _process_task():
    from .tasks import document_process_task

    return document_process_task


def _on_failed(document):
    """A failure is told to the staff once (document_notify_failure claims failure_notified_at)."""
    document.failure_notified_at = None
    transaction.on_commit(partial(_notify_enqueue, document_id=document.pk), robust=True)
    return ["failure_notified_at"]


JOB = jobs.JobKind(
    name="document",
    model=SignedDocument,
    queued=Status.QUEUED,
    running=Status.SIGNING,
    failed=Status.FAILED,
    settings_prefix="SIGNING",
    task=_process_task,
    on_failed=_on_failed,
)


def document_enqueue(*, document_id):
    """Send a queued document to the worker; with the broker down, leave it for the sweeper."""
    return jobs.enqueue(JOB, document_id)


# --- files ----------------------------------------------------------------------------------


def issued_name(document):
    return f"signatures/{document.created_at:%Y/%m}/{document.pk}.pdf"


def signed_name(document):
    return f"signatures/{document.created_at:%Y/%m}/{document.pk}-ky-so.pdf"


def _remove_leftovers(document):
    jobs.remove_leftovers(issued_name(document), document.pk)


# --- the job --------------------------------------------------------------------------------


def _held(document_id, attempt):
    return jobs.held(JOB, document_id, attempt)


def _render_notice(document, target):
    from khoagiao.pdf import render_pdf
    from meetings.notice import for_template

    content = document.conclusion_version.snapshot
    # The same template and context as the notice's download (meetings.views.documents).
    render_pdf(
        "meetings/pdf/notice.html",
        {"header": content["header"], "notice": for_template(content)},
        target=target,
    )


def _issue_file(document, attempt):
    """Render the notice once and record the issued file; a later attempt finds it done."""
    name = issued_name(document)
    handle = jobs.temp_file_beside(name, document.pk)
    temp_path = Path(handle.name)
    try:
        _render_notice(document, handle)
        temp_path = jobs.close_synced(handle)
        with transaction.atomic():
            held = _held(document.pk, attempt)
            if held is None:
                return None
            sha256, size = sha256_of(temp_path.read_bytes()), temp_path.stat().st_size
            jobs.put_in_place(temp_path, name)
            held.issued_file.name = name
            held.issued_sha256, held.issued_size, held.issued_at = sha256, size, timezone.now()
            held.save(update_fields=["issued_file", "issued_sha256", "issued_size", "issued_at"])
            return held
    finally:
        handle.close()
        temp_path.unlink(missing_ok=True)


def _seal(document, attempt):
    """Sign the issued file with the Ban's key into the signed file; SIGNED when it is in place."""
    from .sealing import seal_pdf

    with default_storage.open(document.issued_file.name, "rb") as issued:
        data = issued.read()
    if sha256_of(data) != document.issued_sha256:
        raise SigningError(_("The issued file no longer matches its SHA-256 on record; it was not sealed."))
    name = signed_name(document)
    handle = jobs.temp_file_beside(name, document.pk)
    temp_path = Path(handle.name)
    try:
        with config.open_signer() as signer:
            sealed = seal_pdf(
                data, handle, signer=signer, timestamper=config.timestamper(), demo=config.is_demo()
            )
        temp_path = jobs.close_synced(handle)
        signed = temp_path.read_bytes()
        check = inspect_pdf(signed)
        own = [sig for sig in check.signatures if sig.revision == max(s.revision for s in check.signatures)]
        if not own or {"tampered", "bad_signature", "coverage", "modified"} & set(own[0].codes()):
            raise SigningError(_("The sealed file did not pass its own check; it was not kept."))
        with transaction.atomic():
            held = _held(document.pk, attempt)
            if held is None:
                return None
            jobs.put_in_place(temp_path, name)
            held.signed_file.name = name
            held.signed_sha256, held.signed_size = sha256_of(signed), len(signed)
            held.method = SignedDocument.Method.SEAL
            held.signer_name, held.signer_organization = sealed.signer_name, sealed.signer_organization
            held.signed_at = own[0].signing_time or sealed.signed_at
            held.timestamped = sealed.timestamped
            held.uploaded_by = None
            held.status, held.finished_at, held.last_error = Status.SIGNED, timezone.now(), ""
            held.save()
            return held
    finally:
        handle.close()
        temp_path.unlink(missing_ok=True)


def _finish_unsigned(document_id, attempt):
    with transaction.atomic():
        held = _held(document_id, attempt)
        if held is None:
            return None
        held.status, held.finished_at, held.last_error = Status.UNSIGNED, timezone.now(), ""
        held.save(update_fields=["status", "finished_at", "last_error"])
        return held


def _fail(document_id, attempt, message):
    jobs.fail(JOB, document_id, attempt, message)


def _release(document_id, attempt):
    jobs.release(JOB, document_id, attempt)


def document_process(*, document_id, heartbeat=True):
    """The job: make the issued file if it is missing, then apply the seal if it applies. Returns
    the document when this call finished it, else None. Safe to run twice."""
    document = jobs.claim(JOB, document_id)
    if document is None:
        logger.info("document %s: nothing to do (already taken, finished or gone)", document_id)
        return None
    attempt = document.attempts
    pulse = jobs.Heartbeat.start_for(JOB, document, enabled=heartbeat)
    try:
        with translation.override("vi"), timezone.override(ZoneInfo(settings.TIME_ZONE)):
            try:
                if not document.issued_file:
                    document = _issue_file(document, attempt)
                    if document is None:
                        return None
                if document.seal and config.seal_configured():
                    return _seal(document, attempt)
                return _finish_unsigned(document.pk, attempt)
            except SigningError as exc:
                if exc.transient and attempt < settings.SIGNING_MAX_ATTEMPTS:
                    _release(document.pk, attempt)
                    raise
                message = exc.message
                if exc.transient:
                    message += " " + _(
                        "It was tried %(attempts)s times; try again once the service answers."
                    ) % {"attempts": attempt}
                _fail(document.pk, attempt, message)
                return None
            except SoftTimeLimitExceeded:
                _fail(document.pk, attempt, _("Signing took longer than the time allowed; try again later."))
                return None
            except TRANSIENT_ERRORS:
                _release(document.pk, attempt)
                raise
            except Exception:
                reference = str(document.pk)[:8]
                logger.exception("document %s: signing failed (reference %s)", document.pk, reference)
                _fail(
                    document.pk,
                    attempt,
                    _(
                        "The document could not be signed because of an error in the portal. The error was "
                        "recorded for the administrator (reference %(reference)s)."
                    )
                    % {"reference": reference},
                )
                return None
    finally:
        if pulse:
            pulse.stop()


def _stuck_message(attempts):
    return _(
        "The document could not be signed: the signing process stopped unexpectedly "
        "%(attempts)s times. Tell the administrator."
    ) % {"attempts": attempts}


def document_sweep(*, now=None):
    """Beat, every minute: send again what is stuck or unsent; fail what keeps dying."""
    return jobs.sweep(
        JOB,
        now=now,
        stuck_message=_stuck_message,
        leftovers=_remove_leftovers,
        send=lambda pk: document_enqueue(document_id=pk),
    )


@service("document.retry", obj="document")
@transaction.atomic
def document_retry(*, document, by):
    """Queue a document whose signing failed again, with a fresh set of attempts."""

    def reseal(fresh):
        fresh.seal = fresh.seal or config.seal_applies(fresh.kind)

    return jobs.retry(
        JOB,
        document,
        history_user=user_of(by),
        prepare=reseal,
        send=lambda pk: document_enqueue(document_id=pk),
    )


# --- a leader's own token -------------------------------------------------------------------


def _refuse(code):
    raise ValidationError(str(MESSAGES[code]), code=code)


def verify_signed_upload(*, document, data):
    """The signature a leader put on `document`'s issued file, checked; raises ValidationError
    with the first reason it fails (in the order: readable, signed, intact, coverage, changed
    afterwards, trusted, valid in time, on the issued document)."""
    check = inspect_pdf(data)
    if not check.readable:
        _refuse("not_pdf")
    if not check.signatures:
        _refuse("unsigned")
    # The signature put directly on the issued bytes, if there is one; else the first.
    primary = next(
        (sig for sig in check.signatures if sig.base_length == document.issued_size), check.signatures[0]
    )
    if primary.problems:
        raise ValidationError(primary.problems[0].message, code=primary.problems[0].code)
    if not signs_exactly(
        data, primary, sha256=document.issued_sha256, size=document.issued_size, reader=check.reader
    ):
        _refuse("not_issued")
    return primary


@service("document.sign_upload", obj="document")
def document_sign_upload(*, document, by, upload):
    """Accept the issued file signed with a leader's own token: verified first, stored only if
    every check passes (temporary file, then os.replace), never over an existing signature."""
    from khoagiao.files import validate_upload
    from khoagiao.uploads import check_client_name

    check_client_name(upload.name)
    _name, mime = validate_upload(upload)
    if mime != "application/pdf":
        _refuse("not_pdf")
    upload.seek(0)
    data = upload.read()
    if not document.issued_file or not document.issued_sha256:
        raise ValidationError(
            _("The document has not been issued yet; try again in a moment."), code="not_ready"
        )
    signature = verify_signed_upload(document=document, data=data)
    name = signed_name(document)
    with transaction.atomic():
        fresh = SignedDocument.objects.select_for_update().get(pk=document.pk)
        if fresh.status == Status.SIGNED:
            raise ValidationError(_("This document is already digitally signed."), code="signed")
        if fresh.status in (Status.QUEUED, Status.SIGNING):
            raise ValidationError(
                _("The Ban's seal is being applied to this document; it cannot be signed at the same time."),
                code="sealing",
            )
        handle = jobs.temp_file_beside(name, fresh.pk)
        temp_path = Path(handle.name)
        try:
            handle.write(data)
            temp_path = jobs.close_synced(handle)
            jobs.put_in_place(temp_path, name)
        finally:
            handle.close()
            temp_path.unlink(missing_ok=True)
        fresh.signed_file.name = name
        fresh.signed_sha256, fresh.signed_size = sha256_of(data), len(data)
        fresh.method = SignedDocument.Method.TOKEN
        fresh.signer_name, fresh.signer_organization = signature.signer_name, signature.signer_organization
        fresh.signed_at = signature.signing_time or timezone.now()
        fresh.timestamped = signature.timestamped
        fresh.uploaded_by = by
        fresh.status, fresh.last_error, fresh.finished_at = Status.SIGNED, "", timezone.now()
        fresh._history_user = user_of(by)
        fresh.save()
    return fresh


# --- telling the staff ----------------------------------------------------------------------


def _notify_enqueue(*, document_id):
    from .tasks import notify_failure_task

    try:
        notify_failure_task.apply_async((str(document_id),))
    except Exception:
        logger.warning("document %s: failed, and the e-mail to the staff could not be queued", document_id)


def document_notify_failure(*, document_id):
    """One e-mail to the staff per failure (claimed on the row, given back if sending fails)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from organizations.models import Role, User

    claimed = SignedDocument.objects.filter(
        pk=document_id, status=Status.FAILED, failure_notified_at__isnull=True
    ).update(failure_notified_at=timezone.now())
    if not claimed:
        return 0
    document = SignedDocument.objects.get(pk=document_id)
    recipients = list(
        User.objects.with_role(Role.STAFF.value)
        .filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("signatures:detail", kwargs={"pk": document.pk})
    try:
        with translation.override("vi"), timezone.override(ZoneInfo(settings.TIME_ZONE)):
            subject = _("Digital signing failed: %(title)s") % {"title": document.title[:120]}
            body = render_to_string("signatures/email/failed.txt", {"document": document, "url": url})
            send_mail(subject, body, None, recipients)
    except Exception:
        SignedDocument.objects.filter(pk=document_id).update(failure_notified_at=None)
        raise
    return len(recipients)


# --- reading --------------------------------------------------------------------------------


def notice_document(meeting, viewer, *, version_number=None):
    """The issued document of a meeting's notice the viewer may see: of version N, or of the
    current approved version; None while there is none."""
    from meetings.models import ConclusionVersion

    versions = ConclusionVersion.objects.filter(meeting=meeting)
    if version_number is not None:
        versions = versions.filter(number=version_number)
    else:
        conclusion = getattr(meeting, "conclusion", None)
        if conclusion is None or not conclusion.is_approved:
            return None
        versions = versions.order_by("-number")[:1]
    return (
        SignedDocument.objects.visible_to(viewer)
        .filter(conclusion_version__in=versions.values("id"))
        .select_related("uploaded_by")
        .first()
    )
