"""YearTally: TaskTally's counts by province and year, kept by triggers of their own.

The same rules as migration 0005's triggers (its BUCKETS, read from it, not restated): on
PostgreSQL one trigger per statement with its transition tables, on SQLite (the demo database)
one per row; keys upserted in order; a TRUNCATE of the tasks empties the table. The province is
the task's own. The tallies of the tasks already there are counted in the migration.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

rules = importlib.import_module("assignments.migrations.0005_task_tally")

TABLE = "assignments_yeartally"
KEY = "year, province_id, field_pk, directive_pk"
COUNTS = rules.COUNTS
UPSERT = f"ON CONFLICT ({KEY}) DO UPDATE SET " + ", ".join(
    f"{c} = {TABLE}.{c} + excluded.{c}" for c in COUNTS
)

# --- PostgreSQL --------------------------------------------------------------------------------

PG_ROWS = "SELECT {sign} AS sign, province_id, field_id, directive_id, due_on, completed_on, cancelled_on FROM {table}"
PG_SOURCES = {
    "insert": (PG_ROWS.format(sign=1, table="new_rows"), "REFERENCING NEW TABLE AS new_rows"),
    "update": (
        PG_ROWS.format(sign=1, table="new_rows") + " UNION ALL " + PG_ROWS.format(sign=-1, table="old_rows"),
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    ),
    "delete": (PG_ROWS.format(sign=-1, table="old_rows"), "REFERENCING OLD TABLE AS old_rows"),
}
PG_SUMS = [f"sum(CASE WHEN {condition} THEN sign ELSE 0 END)" for condition in rules.BUCKETS]
PG_YEAR = "extract(year FROM due_on)::integer"
PG_DELTA = f"""
INSERT INTO {TABLE} ({KEY}, {", ".join(COUNTS)})
SELECT {PG_YEAR}, province_id, coalesce(field_id, 0), coalesce(directive_id, 0), {", ".join(PG_SUMS)}
FROM ({{rows}}) AS changed
WHERE {rules.CLOSED}
GROUP BY 1, 2, 3, 4
HAVING {" OR ".join(f"{s} <> 0" for s in PG_SUMS)}
ORDER BY 1, 2, 3, 4
{UPSERT}"""


def pg_install():
    statements = []
    for event, (rows, referencing) in PG_SOURCES.items():
        statements += [
            f"""CREATE FUNCTION assignments_year_tally_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{PG_DELTA.format(rows=rows)};
RETURN NULL;
END $$""",
            f"""CREATE TRIGGER year_tally_{event} AFTER {event.upper()} ON assignments_task
{referencing} FOR EACH STATEMENT EXECUTE FUNCTION assignments_year_tally_{event}()""",
        ]
    statements += [
        f"""CREATE FUNCTION assignments_year_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
DELETE FROM {TABLE};
RETURN NULL;
END $$""",
        """CREATE TRIGGER year_tally_truncate AFTER TRUNCATE ON assignments_task
FOR EACH STATEMENT EXECUTE FUNCTION assignments_year_tally_truncate()""",
    ]
    return statements


def pg_remove():
    return [
        f"DROP TRIGGER IF EXISTS year_tally_{event} ON assignments_task; "
        f"DROP FUNCTION IF EXISTS assignments_year_tally_{event}()"
        for event in (*PG_SOURCES, "truncate")
    ]


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_upsert(row, sign):
    counted = ", ".join(
        f"{sign} * coalesce(({rules._prefixed(condition, row)}), 0)" for condition in rules.BUCKETS
    )
    return (
        f"INSERT INTO {TABLE} ({KEY}, {', '.join(COUNTS)}) VALUES ("
        f"CAST(strftime('%Y', {row}.due_on) AS INTEGER), {row}.province_id, "
        f"coalesce({row}.field_id, 0), coalesce({row}.directive_id, 0), {counted}) {UPSERT};"
    )


def sqlite_install():
    return [
        f"""CREATE TRIGGER year_tally_{name} AFTER {event} ON assignments_task
WHEN {rules._prefixed(rules.CLOSED, row)}
BEGIN {sqlite_upsert(row, sign)} END"""
        for name, (event, row, sign) in rules.SQLITE_TRIGGERS.items()
    ]


def sqlite_remove():
    return [f"DROP TRIGGER IF EXISTS year_tally_{name}" for name in rules.SQLITE_TRIGGERS]


# --- the migration -----------------------------------------------------------------------------


def backfill(year):
    sums = ", ".join(f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)" for condition in rules.BUCKETS)
    return (
        f"INSERT INTO {TABLE} ({KEY}, {', '.join(COUNTS)}) "
        f"SELECT {year}, province_id, coalesce(field_id, 0), coalesce(directive_id, 0), {sums} "
        f"FROM assignments_task WHERE {rules.CLOSED} GROUP BY 1, 2, 3, 4"
    )


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [*pg_install(), backfill(PG_YEAR)]
    elif vendor == "sqlite":
        statements = [*sqlite_install(), backfill("CAST(strftime('%Y', due_on) AS INTEGER)")]
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
        ("assignments", "0012_task_province_indexes"),
        ("organizations", "0012_password_link_request"),
    ]

    operations = [
        migrations.CreateModel(
            name="YearTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("field_pk", models.BigIntegerField(verbose_name="field (number)")),
                ("directive_pk", models.BigIntegerField(verbose_name="directive (number)")),
                ("year", models.IntegerField(verbose_name="year due")),
                ("done_on_time", models.IntegerField(default=0, verbose_name="done on time")),
                ("done_late", models.IntegerField(default=0, verbose_name="done late")),
                ("cancelled", models.IntegerField(default=0, verbose_name="cancelled")),
                (
                    "province",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="organizations.province",
                        verbose_name="province",
                    ),
                ),
            ],
            options={
                "verbose_name": "yearly task tally",
                "verbose_name_plural": "yearly task tallies",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "province", "field_pk", "directive_pk"), name="year_tally_key"
                    )
                ],
            },
        ),
        migrations.RunPython(install, remove),
    ]
