"""Operations on the directive register that touch several rows. Views, the demo data, management
commands and the benchmark all call these functions; each authorizes its `by` itself."""

import hashlib
from functools import partial
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khoagiao.locking import bump, lock
from khoagiao.text import nfc
from khoagiao.uploads import save_attachments
from organizations.access import service, user_of

from .history import record_history
from .imports import jobs
from .imports.apply import apply_plan
from .imports.plan import build_plan
from .imports.reader import check_size, file_format
from .models import Directive, DirectiveAttachment, DirectiveImport, ReviewMilestone

# What a directive's form or a service call may set.
EDITABLE = (
    "sequence",
    "type_abbreviation",
    "issuer_symbol",
    "doc_type",
    "issuing_body",
    "term",
    "issued_on",
    "effective_on",
    "signer",
    "title",
    "summary",
    "implements",
    "status",
    "replaced_by",
    "classification",
)


def _check_classified(directive):
    """Classified entries keep register fields only (docs/domain.md, "Classified documents"); the
    database checks the text fields too, this gives the reason in words and covers the attached files."""
    if not directive.is_classified:
        return
    if directive.summary:
        raise ValidationError(_("A classified directive keeps its register fields only: no summary."))
    if directive.is_top_secret and directive.title:
        raise ValidationError(_("A Tuyệt mật directive keeps no trích yếu."))
    if directive.pk and directive.attachments.exists():
        raise ValidationError(
            _("This directive has attached files. Remove them before marking it as classified.")
        )


@service("directive.create")
@transaction.atomic
def directive_create(*, by, fields=(), **values):
    """A new register entry with its fields, and one "created" history record."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    directive = Directive(created_by=user_of(by), **values)
    _check_classified(directive)
    directive.skip_history_when_saving = True
    directive.save()
    directive.fields.set(fields)
    del directive.skip_history_when_saving
    record_history([directive], by=user_of(by), created=True)
    return directive


@service("directive.update", obj="directive")
@transaction.atomic
def directive_update(*, directive, by, version, fields=None, **values):
    """Change a register entry edited from `version` (khoagiao.locking.Conflict if it moved on);
    one history record if anything changed. Returns the directive and whether it changed."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    # The row lock also keeps an upload of a file and a change of the classification apart.
    directive = lock(Directive, directive.pk, version=version)
    before = {name: getattr(directive, name) for name in values}
    for name, value in values.items():
        setattr(directive, name, value)
    directive.normalize()
    changed = any(getattr(directive, name) != before[name] for name in values)
    current_fields = set(directive.fields.values_list("pk", flat=True))
    new_fields = None if fields is None else {f.pk for f in fields}
    fields_changed = new_fields is not None and new_fields != current_fields
    if not (changed or fields_changed):
        return directive, False
    _check_classified(directive)
    bump(directive)
    directive.skip_history_when_saving = True
    directive.save()
    if fields_changed:
        directive.fields.set(fields)
    del directive.skip_history_when_saving
    record_history([directive], by=user_of(by), created=False)
    return directive, True


@service("directive.attach", obj="directive")
@transaction.atomic
def directive_attach(*, directive, by, files, description=""):
    """Attach the text of a directive; refused for classified directives."""
    directive = lock(Directive, directive.pk)
    if directive.is_classified:
        raise ValidationError(
            _("Files cannot be attached to a classified directive (%(level)s).")
            % {"level": directive.get_classification_display()}
        )
    return save_attachments(
        DirectiveAttachment, files, by=by, directive=directive, description=nfc(description) or ""
    )


@service("directive.attachment_delete", obj="attachment")
@transaction.atomic
def directive_attachment_delete(*, attachment, by):
    attachment._history_user = user_of(by)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    # The file goes only when the deletion is committed.
    transaction.on_commit(lambda: storage.delete(stored))


MILESTONE_FIELDS = (
    "kind",
    "title",
    "covers_from",
    "covers_to",
    "due_on",
    "done_on",
    "result_document",
    "result_note",
)


def _milestone_save(milestone, by, values):
    unknown = set(values) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in values.items():
        setattr(milestone, name, nfc(value) or "" if name in ("title", "result_note") else value)
    if milestone.covers_from and milestone.covers_to and milestone.covers_to < milestone.covers_from:
        raise ValidationError(_("The period ends before it starts."))
    milestone._history_user = user_of(by)
    milestone.save()
    return milestone


@service("milestone.create", obj="directive")
@transaction.atomic
def milestone_create(*, directive, by, **values):
    """A sơ kết or tổng kết milestone of a directive."""
    lock(Directive, directive.pk)
    return _milestone_save(ReviewMilestone(directive=directive), by, values)


@service("milestone.update", obj="milestone")
@transaction.atomic
def milestone_update(*, milestone, by, **values):
    lock(Directive, milestone.directive_id)
    return _milestone_save(ReviewMilestone.objects.get(pk=milestone.pk), by, values)


@service("milestone.delete", obj="milestone")
@transaction.atomic
def milestone_delete(*, milestone, by):
    lock(Directive, milestone.directive_id)
    milestone._history_user = user_of(by)
    milestone.delete()


def _sha256(path):
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def directive_import_preview(*, path, file_name, max_rows=None):
    """Read and check a spreadsheet without writing anything: the ImportPlan the preview shows."""
    return build_plan(path, file_name, file_format(file_name), max_rows=max_rows)


@service("directive.import")
def directive_import_apply(*, path, file_name, by, max_rows=None):
    """Check the file again (the register may have changed since the preview) and, only if every
    row is valid, write it all in one transaction. Returns (plan, ImportLog or None)."""
    fmt = file_format(file_name)
    try:
        with transaction.atomic():
            plan = build_plan(path, file_name, fmt, max_rows=max_rows)
            if not plan.is_valid:
                return plan, None
            log = apply_plan(plan, by=by, sha256=_sha256(path), size=Path(path).stat().st_size)
    except IntegrityError:
        # Someone saved the same directive while the file was being written: nothing was kept.
        plan.file_errors.append(
            _("The register changed while the file was being imported; nothing was written. Try again.")
        )
        return plan, None
    return plan, log


# --- the import as jobs in the worker (imports/jobs.py) ----------------------------------------


@service("directive.import")
@transaction.atomic
def directive_import_start(*, by, upload):
    """Keep an uploaded spreadsheet under a name of ours and send it to be read. Raises
    FileRejected (before anything is stored) for a file of the wrong type or over the size limit."""
    fmt = file_format(upload.name)
    check_size(upload.size)
    job = DirectiveImport.objects.create(
        requested_by=by, file_name=nfc(upload.name)[:255], file_format=fmt, file_sha256="", file_size=0
    )
    digest, size = hashlib.sha256(), 0
    with jobs.upload_path(job).open("xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    jobs.upload_path(job).chmod(0o600)
    job.file_sha256, job.file_size = digest.hexdigest(), size
    job.save(update_fields=["file_sha256", "file_size"])
    jobs.enqueue_on_commit(job.pk, "parse")
    return job


def _own_job(job, by):
    """An import is its uploader's: another admin can neither confirm nor cancel it."""
    job = DirectiveImport.objects.select_for_update().filter(pk=job.pk).first()
    if job is None or job.requested_by_id != getattr(by, "pk", None):
        raise PermissionDenied
    return job


@service("directive.import", obj="job")
@transaction.atomic
def directive_import_confirm(*, by, job):
    """Send a previewed, valid import to be written. False when it is not waiting for that."""
    job = _own_job(job, by)
    if job.status != DirectiveImport.Status.PARSED or job.confirmed_at or not job.preview.get("is_valid"):
        return False
    job.confirmed_at = timezone.now()
    job.attempts, job.enqueued_at, job.percent, job.last_error = 0, None, 0, ""
    job.save(update_fields=["confirmed_at", "attempts", "enqueued_at", "percent", "last_error"])
    jobs.enqueue_on_commit(job.pk, "apply")
    return True


@service("directive.import", obj="job")
@transaction.atomic
def directive_import_cancel(*, by, job):
    """Forget an import that is waiting for confirmation (or failed): its files and its job."""
    job = _own_job(job, by)
    waiting = job.status == DirectiveImport.Status.PARSED and not job.confirmed_at
    if not (waiting or job.status == DirectiveImport.Status.FAILED):
        return False
    transaction.on_commit(partial(jobs.remove_files, jobs.files_of(job)), robust=True)
    job.delete()
    return True
