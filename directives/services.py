"""Operations on the directive register that touch several rows. Views, the admin, the demo data,
management commands and the benchmark all call these functions."""

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .history import record_history
from .imports.apply import apply_plan
from .imports.plan import build_plan
from .imports.reader import file_format
from .models import Directive, DirectiveAttachment

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
    """Classified entries keep register fields only (DOMAIN.md §7); the database checks the text
    fields too, this gives the reason in words and covers the attached files."""
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


@transaction.atomic
def directive_create(*, by, fields=(), **values):
    """A new register entry with its fields, and one "created" history record."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    directive = Directive(created_by=by, **values)
    _check_classified(directive)
    directive.skip_history_when_saving = True
    directive.save()
    directive.fields.set(fields)
    del directive.skip_history_when_saving
    record_history([directive], by=by, created=True)
    return directive


@transaction.atomic
def directive_update(*, directive, by, fields=None, **values):
    """Change a register entry; one history record if anything changed. Returns the directive and
    whether it changed."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    # Lock the row: an upload of a file and a change of the classification must not cross.
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
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
    directive.skip_history_when_saving = True
    directive.save()
    if fields_changed:
        directive.fields.set(fields)
    del directive.skip_history_when_saving
    record_history([directive], by=by, created=False)
    return directive, True


@transaction.atomic
def directive_attachment_add(*, directive, upload, by, description=""):
    """Attach the text of a directive; refused for classified directives."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    if directive.is_classified:
        raise ValidationError(
            _("Files cannot be attached to a classified directive (%(level)s).")
            % {"level": directive.get_classification_display()}
        )
    attachment = DirectiveAttachment(directive=directive, uploaded_by=by, description=description)
    attachment.set_upload(upload)
    attachment.save()
    return attachment


@transaction.atomic
def directive_attachment_remove(*, attachment, by):
    attachment._history_user = by
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    # The file goes only when the deletion is committed.
    transaction.on_commit(lambda: storage.delete(stored))


def _sha256(path):
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def directive_import_preview(*, path, file_name, max_rows=None):
    """Read and check a spreadsheet without writing anything: the ImportPlan the preview shows."""
    return build_plan(path, file_name, file_format(file_name), max_rows=max_rows)


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
