"""Writing a valid ImportPlan: bulk inserts and updates in batches, the audit history written in
bulk as well (simple-history's bulk_history_create, plus the snapshot of the fields of each new
history record, which the bulk helper does not write), and one ImportLog. The caller holds the
transaction. The number of queries grows with rows / BATCH_SIZE, not with rows.

On PostgreSQL the new rows (most of a first import) go through copy_writer.py instead: COPY into
the four tables without model instances, which is about five times faster than bulk_create;
SQLite (`make run`) and the updated rows keep the ORM's bulk writes.
"""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..history import write_field_history
from ..models import Directive, ImportLog
from . import copy_writer
from .plan import NEW, SCALAR_KEYS, UNCHANGED, UPDATED

BATCH_SIZE = 5000
# Derived columns bulk writes must carry themselves (Directive.normalize()).
DERIVED = ["number", "sequence", "type_abbreviation", "issuer_symbol", "search_text", "updated_at"]


def _batches(items):
    size = min(BATCH_SIZE, connection.features.max_query_params or BATCH_SIZE)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _model_field(key):
    return "issuing_body_id" if key == "issuing_body" else key


def apply_plan(plan, *, by, sha256, size, progress=None):
    """Write the plan (which must be valid); returns the ImportLog. `progress(fraction)` hears how
    far the writing is (the import job's page shows it)."""
    progress = progress or (lambda fraction: None)
    now = timezone.now()
    new_rows = [row for row in plan.rows if row.status == NEW]
    updated_rows = [row for row in plan.rows if row.status == UPDATED]
    lookups = plan.lookups
    reason = _("Imported from the spreadsheet %(name)s") % {"name": plan.file_name}
    # Rows of the register have their id already: references to them (from any row) read it.
    for row in plan.rows:
        if row.target is not None:
            row.pk = row.target.pk

    created = len(new_rows)
    if new_rows and copy_writer.available():
        copy_writer.insert_new(new_rows, lookups, by=by, now=now, reason=reason, progress=progress)
        new_rows = []  # written: what follows is the ORM's work on the updated rows
    for row in new_rows:
        row.instance = Directive(created_by=by)
        _set_values(row, row.instance, keys=[k for k in SCALAR_KEYS if k in row.values])
        _normalize(row.instance, lookups)
    Directive.objects.bulk_create([row.instance for row in new_rows], batch_size=BATCH_SIZE)
    for row in new_rows:
        row.pk = row.instance.pk
    progress(0.4)

    update_fields = set()
    for row in updated_rows:
        row.instance = row.target
        keys = [key for key in row.changed if key in SCALAR_KEYS]
        _set_values(row, row.instance, keys)
        update_fields.update(_model_field(key) for key in keys)
        row.instance.updated_at = now
        _normalize(row.instance, lookups)

    # References are set once every row has its id (a row may point at another row of the file).
    later = {}
    for row in new_rows + updated_rows:
        for key, found in row.refs.items():
            # A Row of this file has its pk by now, whichever path wrote it.
            target_id = found.pk if found else None
            if getattr(row.instance, f"{key}_id") != target_id:
                setattr(row.instance, f"{key}_id", target_id)
                update_fields.add(f"{key}_id")
                if row.status == NEW:
                    later[row.instance.pk] = row.instance
    if updated_rows or later:
        fields = sorted({name.removesuffix("_id") for name in update_fields} | set(DERIVED))
        to_update = [row.instance for row in updated_rows] + list(later.values())
        for batch in _batches(to_update):
            Directive.objects.bulk_update(batch, fields)

    progress(0.6)
    links = _write_fields(new_rows, updated_rows, lookups)
    progress(0.7)

    history = Directive.history
    records = []
    if new_rows:
        records += history.bulk_history_create(
            [row.instance for row in new_rows],
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=reason,
            default_date=now,
        )
    if updated_rows:
        records += history.bulk_history_create(
            [row.instance for row in updated_rows],
            batch_size=BATCH_SIZE,
            update=True,
            default_user=by,
            default_change_reason=reason,
            default_date=now,
        )
    write_field_history(records, links)
    progress(0.95)

    return ImportLog.objects.create(
        user=by,
        file_name=plan.file_name[:255],
        file_sha256=sha256,
        file_size=size,
        file_format=plan.file_format,
        rows_total=len(plan.rows),
        created_count=created,
        updated_count=len(updated_rows),
        unchanged_count=plan.count(UNCHANGED),
    )


def _normalize(instance, lookups):
    """Directive.normalize() reads the issuing body's province: hand it the organisation the
    lookups hold, or it would cost a query a row (5,000 queries for 5,000 new rows)."""
    body = lookups.orgs.get(instance.issuing_body_id)
    if body is not None:
        instance.issuing_body = body
    instance.normalize()


def _set_values(row, instance, keys):
    number = row.number
    instance.sequence, instance.type_abbreviation, instance.issuer_symbol = (
        number.sequence,
        number.abbreviation,
        number.issuer,
    )
    for key in keys:
        value = row.values[key]
        if key in ("title", "summary", "signer"):
            value = value or ""
        setattr(instance, _model_field(key), value)


def _write_fields(new_rows, updated_rows, lookups):
    """Rewrite the field links that change; return {directive id: [(link id, field id)]} after."""
    through = Directive.fields.through
    links = {}
    to_delete, to_create = [], []
    for row in new_rows:
        for field_id in sorted(row.field_ids or ()):
            to_create.append(through(directive_id=row.instance.pk, field_id=field_id))
        links[row.instance.pk] = []
    for row in updated_rows:
        current = lookups.links.get(row.instance.pk, {})
        wanted = current.keys() if row.field_ids is None else row.field_ids
        links[row.instance.pk] = [
            (link_id, field_id) for field_id, link_id in current.items() if field_id in wanted
        ]
        to_delete += [link_id for field_id, link_id in current.items() if field_id not in wanted]
        for field_id in sorted(set(wanted) - current.keys()):
            to_create.append(through(directive_id=row.instance.pk, field_id=field_id))
    for batch in _batches(to_delete):
        through.objects.filter(id__in=batch).delete()
    for link in through.objects.bulk_create(to_create, batch_size=BATCH_SIZE):
        links[link.directive_id].append((link.pk, link.field_id))
    return links
