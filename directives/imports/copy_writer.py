"""An import's new directives written with PostgreSQL's COPY, without model instances.

A first import of 50,000 rows spent most of its writing time in the ORM: about 250,000 model
instances built, every value prepared by its field and dumped as a parameter of a multi-row
INSERT (README, "Directive import"). Here the ids are taken from the four tables' sequences first,
in one query, so that a directive's references, its field links, its history record and that
record's fields are all known at once; then each table gets one COPY of plain tuples.

The values are those the ORM path (apply.py) writes: the derived columns of
models.derived_values, the fields' own defaults (the province of the scope, status, version...),
and the record simple-history's bulk_history_create makes, with the fields it saw.
tests/directives/test_copy_writer.py imports the same file both ways and compares every column.
The database's triggers run on COPY as on INSERT (updated_at, khoagiao/stamps.py), and so do its
constraints: a directive saved meanwhile by someone else raises IntegrityError as before.
"""

from django.apps import apps
from django.db import connection

from ..models import Directive, derived_values, directive_province
from .rows import SCALAR_KEYS

TEXT_KEYS = ("title", "summary", "signer")


def available():
    return connection.vendor == "postgresql"


def insert_new(rows, lookups, *, by, now, reason, progress):
    """Write the NEW rows of a plan: directives, field links, "+" history records and their
    fields. Sets each row's pk. References to register entries and to rows of the file must
    already have theirs (apply.py gives register entries theirs; these rows get theirs here)."""
    through = Directive.fields.through
    history = Directive.history.model
    history_fields = apps.get_model("directives", "HistoricalDirective_fields")
    links = [(row, field_id) for row in rows for field_id in sorted(row.field_ids or ())]
    directive_ids, link_ids, history_ids, history_field_ids = take_ids(
        [(Directive, len(rows)), (through, len(links)), (history, len(rows)), (history_fields, len(links))]
    )
    for row, pk in zip(rows, directive_ids, strict=True):
        row.pk = pk
    history_of = dict(zip(directive_ids, history_ids, strict=True))

    columns = [field.attname for field in Directive._meta.concrete_fields]
    defaults = _defaults(by, now)

    def directives():
        # Computed as each COPY reads them, twice (the directives, then their history records),
        # rather than held: 50,000 rows of 25 columns at once.
        return (_directive_values(row, lookups, dict(defaults), columns) for row in rows)

    with connection.cursor() as cursor:
        # The links first, the directives they name after them (foreign keys are checked at the
        # commit). The other way round, the links' touch (khoagiao/stamps.py) updated every new
        # directive once more: a second version of each row in every index, the trigram index
        # among them, and 5 of the 14 s that 20,000 rows spent in PostgreSQL under load.
        _copy(
            cursor,
            through,
            ["id", "directive_id", "field_id"],
            ((link_id, row.pk, field_id) for link_id, (row, field_id) in zip(link_ids, links, strict=True)),
        )
        progress(0.3)
        _copy(cursor, Directive, columns, directives())
        progress(0.4)
        extra = {
            "history_date": now,
            "history_change_reason": reason,
            "history_type": "+",
            "history_user_id": getattr(by, "pk", None),
        }
        history_columns = [field.attname for field in history._meta.concrete_fields]
        tracked = {field.attname for field in history.tracked_fields}
        unknown = set(history_columns) - tracked - set(extra) - {"history_id"}
        if unknown:  # a column simple-history would fill that this writer does not know
            raise NotImplementedError(f"history columns not written: {sorted(unknown)}")
        # Each history column is the directive's column of the same name, or one of `extra`.
        where = [columns.index(c) if c in tracked else None for c in history_columns]
        id_index, extras = columns.index("id"), [extra.get(c) for c in history_columns]
        _copy(
            cursor,
            history,
            history_columns,
            (
                [
                    history_of[values[id_index]] if c == "history_id" else (values[i] if i is not None else x)
                    for c, i, x in zip(history_columns, where, extras, strict=True)
                ]
                for values in directives()
            ),
        )
        progress(0.6)
        _copy(
            cursor,
            history_fields,
            ["m2m_history_id", "id", "directive_id", "field_id", "history_id"],
            (
                (pk, link_id, row.pk, field_id, history_of[row.pk])
                for pk, link_id, (row, field_id) in zip(history_field_ids, link_ids, links, strict=True)
            ),
        )
    progress(0.7)


def _defaults(by, now):
    """What a new Directive(created_by=by) holds before the row's values: its fields' defaults
    (the province of the scope among them) and the times bulk_create would stamp."""
    values = {field.attname: field.get_default() for field in Directive._meta.concrete_fields}
    values.update(created_by_id=getattr(by, "pk", None), created_at=now, updated_at=now)
    return values


def _directive_values(row, lookups, values, columns):
    """The directive's columns, as apply.py's _set_values and Directive.normalize() set them."""
    for key in SCALAR_KEYS:
        if key in row.values:
            value = row.values[key]
            values["issuing_body_id" if key == "issuing_body" else key] = (
                (value or "") if key in TEXT_KEYS else value
            )
    number = row.number
    values["sequence"], values["type_abbreviation"], values["issuer_symbol"] = (
        number.sequence,
        number.abbreviation,
        number.issuer,
    )
    values["number"], values["title"], values["summary"], values["signer"], values["search_text"] = (
        derived_values(
            number.sequence,
            number.abbreviation,
            number.issuer,
            values["title"],
            values["summary"],
            values["signer"],
        )
    )
    values["province_id"] = directive_province(lookups.orgs[values["issuing_body_id"]], values["province_id"])
    for key, found in row.refs.items():
        values[f"{key}_id"] = found.pk if found else None
    values["id"] = row.pk
    return [values[column] for column in columns]


def take_ids(wanted):
    """[(model, count)] -> for each, `count` new ids from the sequence of its primary key, in
    ascending order, all in one query."""
    parts, params = [], []
    for model, count in wanted:
        parts.append(
            "ARRAY(SELECT nextval(seq) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) s, "
            "generate_series(1, %s) ORDER BY 1)"
        )
        params += [model._meta.db_table, model._meta.pk.column, count]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [ids or [] for ids in cursor.fetchone()]


def _copy(cursor, model, columns, tuples):
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"

    def run(sql, params, many, context):
        with cursor.copy(sql) as copy:
            for values in tuples:
                copy.write_row(values)

    # Through the connection's execute wrappers, so that a query counter sees the COPY as the
    # statement it is; errors become Django's (IntegrityError for a clash with a concurrent write).
    with connection.wrap_database_errors:
        cursor._execute_with_wrappers(sql, None, False, executor=run)
