"""Audit history written by the directive services themselves, one record per change.

simple-history writes a record on every save() and another on every many-to-many change, so an
edit of the title and the fields would show as three entries. The services save without history
and then call `record_history` once with the final state; the import does the same in bulk.
The page reads the records back through khoagiao.audit.history_entries.
"""

from django.apps import apps

from .models import Directive

BATCH_SIZE = 5000


def write_field_history(records, links):
    """The fields each new history record saw, as simple-history's m2m tracking stores them.
    `links` maps a directive id to its [(link row id, field id)]."""
    model = apps.get_model("directives", "HistoricalDirective_fields")
    rows = [
        model(history_id=record.history_id, id=link_id, directive_id=record.id, field_id=field_id)
        for record in records
        for link_id, field_id in links.get(record.id, [])
    ]
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def record_history(directives, *, by, created, reason=""):
    """One history record per directive with its current values and fields."""
    directives = list(directives)
    records = Directive.history.bulk_history_create(
        directives, update=not created, default_user=by, default_change_reason=reason
    )
    through = Directive.fields.through
    links = {}
    for link_id, directive_id, field_id in through.objects.filter(
        directive_id__in=[d.pk for d in directives]
    ).values_list("id", "directive_id", "field_id"):
        links.setdefault(directive_id, []).append((link_id, field_id))
    write_field_history(records, links)
    return records
