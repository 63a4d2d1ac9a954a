"""TaskTally, and the database triggers that keep it whatever writes the tasks.

PostgreSQL: one trigger per statement with its transition tables, so that a bulk import of 50,000
tasks updates the tallies with one grouped upsert, not 50,000. SQLite (the demo database of `make
run`): one trigger per row. Keys are upserted in order, so that two transactions touching the same
tallies wait for each other instead of deadlocking. An update that changes nothing counted (a
progress %, a title) adds and removes the same task: the grouped delta is zero and nothing is written.
"""

from django.db import migrations, models

TABLE = "assignments_tasktally"
KEY = "lead_pk, field_pk, directive_pk, month"
COUNTS = ("done_on_time", "done_late", "cancelled")
UPSERT = (
    f"ON CONFLICT ({KEY}) DO UPDATE SET "
    + ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in COUNTS)
)
CLOSED = "(completed_on IS NOT NULL OR cancelled_on IS NOT NULL)"
# Each counted bucket, as in assignments.models.bucket_conditions.
BUCKETS = (
    "cancelled_on IS NULL AND completed_on <= due_on",
    "cancelled_on IS NULL AND completed_on > due_on",
    "cancelled_on IS NOT NULL",
)

# --- PostgreSQL --------------------------------------------------------------------------------

PG_ROWS = "SELECT {sign} AS sign, lead_id, field_id, directive_id, due_on, completed_on, cancelled_on FROM {table}"
PG_SOURCES = {
    "insert": (PG_ROWS.format(sign=1, table="new_rows"), "REFERENCING NEW TABLE AS new_rows"),
    "update": (
        PG_ROWS.format(sign=1, table="new_rows") + " UNION ALL " + PG_ROWS.format(sign=-1, table="old_rows"),
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    ),
    "delete": (PG_ROWS.format(sign=-1, table="old_rows"), "REFERENCING OLD TABLE AS old_rows"),
}
PG_SUMS = [f"sum(CASE WHEN {condition} THEN sign ELSE 0 END)" for condition in BUCKETS]
PG_DELTA = f"""
INSERT INTO {TABLE} ({KEY}, {", ".join(COUNTS)})
SELECT lead_id, coalesce(field_id, 0), coalesce(directive_id, 0), date_trunc('month', due_on)::date,
       {", ".join(PG_SUMS)}
FROM ({{rows}}) AS changed
WHERE {CLOSED}
GROUP BY 1, 2, 3, 4
HAVING {" OR ".join(f"{s} <> 0" for s in PG_SUMS)}
ORDER BY 1, 2, 3, 4
{UPSERT}"""


def pg_install():
    statements = []
    for event, (rows, referencing) in PG_SOURCES.items():
        statements += [
            f"""CREATE FUNCTION assignments_task_tally_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{PG_DELTA.format(rows=rows)};
RETURN NULL;
END $$""",
            f"""CREATE TRIGGER task_tally_{event} AFTER {event.upper()} ON assignments_task
{referencing} FOR EACH STATEMENT EXECUTE FUNCTION assignments_task_tally_{event}()""",
        ]
    # TRUNCATE fires no delete trigger: with every task gone, so are the tallies.
    statements += [
        f"""CREATE FUNCTION assignments_task_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
DELETE FROM {TABLE};
RETURN NULL;
END $$""",
        """CREATE TRIGGER task_tally_truncate AFTER TRUNCATE ON assignments_task
FOR EACH STATEMENT EXECUTE FUNCTION assignments_task_tally_truncate()""",
    ]
    return statements


def pg_remove():
    return [
        f"DROP TRIGGER IF EXISTS task_tally_{event} ON assignments_task; "
        f"DROP FUNCTION IF EXISTS assignments_task_tally_{event}()"
        for event in (*PG_SOURCES, "truncate")
    ]


PG_MONTH = "date_trunc('month', due_on)::date"

# --- SQLite ------------------------------------------------------------------------------------


def sqlite_upsert(row, sign):
    counted = ", ".join(
        f"{sign} * coalesce(({_prefixed(condition, row)}), 0)" for condition in BUCKETS
    )
    return (
        f"INSERT INTO {TABLE} ({KEY}, {', '.join(COUNTS)}) VALUES ("
        f"{row}.lead_id, coalesce({row}.field_id, 0), coalesce({row}.directive_id, 0), "
        f"date({row}.due_on, 'start of month'), {counted}) {UPSERT};"
    )


def _prefixed(condition, row):
    for column in ("completed_on", "cancelled_on", "due_on"):
        condition = condition.replace(column, f"{row}.{column}")
    return condition


SQLITE_TRIGGERS = {
    "insert": ("INSERT", "NEW", 1),
    "update_old": ("UPDATE", "OLD", -1),
    "update_new": ("UPDATE", "NEW", 1),
    "delete": ("DELETE", "OLD", -1),
}


def sqlite_install():
    return [
        f"""CREATE TRIGGER task_tally_{name} AFTER {event} ON assignments_task
WHEN {_prefixed(CLOSED, row)}
BEGIN {sqlite_upsert(row, sign)} END"""
        for name, (event, row, sign) in SQLITE_TRIGGERS.items()
    ]


def sqlite_remove():
    return [f"DROP TRIGGER IF EXISTS task_tally_{name}" for name in SQLITE_TRIGGERS]


SQLITE_MONTH = "date(due_on, 'start of month')"


# --- the migration -----------------------------------------------------------------------------


def backfill(month):
    sums = ", ".join(f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)" for condition in BUCKETS)
    return (
        f"INSERT INTO {TABLE} ({KEY}, {', '.join(COUNTS)}) "
        f"SELECT lead_id, coalesce(field_id, 0), coalesce(directive_id, 0), {month}, {sums} "
        f"FROM assignments_task WHERE {CLOSED} GROUP BY 1, 2, 3, 4"
    )


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [*pg_install(), backfill(PG_MONTH)]
    elif vendor == "sqlite":
        statements = [*sqlite_install(), backfill(SQLITE_MONTH)]
    else:
        raise NotImplementedError(f"task tallies need triggers written for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in pg_remove() if vendor == "postgresql" else sqlite_remove():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0004_task_dashboard_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lead_pk", models.BigIntegerField()),
                ("field_pk", models.BigIntegerField()),
                ("directive_pk", models.BigIntegerField()),
                ("month", models.DateField()),
                ("done_on_time", models.IntegerField(default=0)),
                ("done_late", models.IntegerField(default=0)),
                ("cancelled", models.IntegerField(default=0)),
            ],
        ),
        migrations.AddConstraint(
            model_name="tasktally",
            constraint=models.UniqueConstraint(
                fields=("lead_pk", "field_pk", "directive_pk", "month"), name="task_tally_key"
            ),
        ),
        migrations.RemoveIndex(
            model_name="task",
            name="task_open_due_on",
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                condition=models.Q(("cancelled_on__isnull", True), ("completed_on__isnull", True)),
                fields=["due_on"],
                include=("id", "lead", "field", "directive"),
                name="task_open_due_on",
            ),
        ),
        migrations.RunPython(install, remove),
    ]
