"""`updated_at` kept by the database, whatever writes the rows.

The API's `updated_since=` lets another system pull only what changed, so a row's `updated_at`
must move on every change: a form's save, but also a queryset `.update()`, a `bulk_update()` of
an import, a change of its many-to-many links (a task's cooperating units), and a change of the
rows it is shown with (a meeting's unit reports, a programme's items). Django's `auto_now` sees
only the first, so triggers do it, installed by each app's migration with `install(...)`:

- `stamp(table)`: the row's own `updated_at` becomes the time of the write on INSERT and UPDATE
  (PostgreSQL's `clock_timestamp()`, not `now()`: the start of a long transaction would date its
  rows long before they can be seen, and a client pulling meanwhile would step over them).
- `Touch(child, key, parent, via=None)`: inserting, updating or deleting rows of `child` moves the
  `updated_at` of the `parent` rows they name in column `key` (or, with `via`, the parent ids a
  query finds from the child's `key` values: `via` is SQL with `{ids}` where those values go).

PostgreSQL runs the touches once per statement over its transition tables (an import of 50,000
links is one UPDATE, not 50,000); SQLite once per row. The functions and triggers are named after
the tables, so that `remove(...)` can drop exactly what `install(...)` made.
"""

from dataclasses import dataclass

STAMP_FUNCTION = "portal_stamp_updated_at"
EVENTS = ("insert", "update", "delete")


@dataclass(frozen=True)
class Touch:
    child: str
    key: str
    parent: str
    via: str = ""

    @property
    def name(self):
        return f"touch_{self.child}"[:50]

    def parent_ids(self, ids):
        return self.via.format(ids=ids) if self.via else ids


# --- PostgreSQL --------------------------------------------------------------------------------

PG_STAMP = f"""CREATE OR REPLACE FUNCTION {STAMP_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
NEW.updated_at := clock_timestamp();
RETURN NEW;
END $$"""

PG_TRANSITIONS = {
    "insert": ("REFERENCING NEW TABLE AS new_rows", ("new_rows",)),
    "update": ("REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows", ("new_rows", "old_rows")),
    "delete": ("REFERENCING OLD TABLE AS old_rows", ("old_rows",)),
}


def _pg_stamp(table):
    return [
        PG_STAMP,
        f"CREATE TRIGGER {table}_stamp BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {STAMP_FUNCTION}()",
    ]


def _pg_touch(touch):
    statements = []
    for event, (referencing, tables) in PG_TRANSITIONS.items():
        ids = " UNION ".join(f"SELECT {touch.key} FROM {t}" for t in tables)
        function = f"{touch.name}_{event}"
        statements += [
            f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
UPDATE {touch.parent} SET updated_at = clock_timestamp() WHERE id IN ({touch.parent_ids(ids)});
RETURN NULL;
END $$""",
            f"CREATE TRIGGER {function} AFTER {event.upper()} ON {touch.child} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def _pg_remove(tables, touches):
    statements = [f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}" for table in tables]
    for touch in touches:
        for event in EVENTS:
            function = f"{touch.name}_{event}"
            statements += [
                f"DROP TRIGGER IF EXISTS {function} ON {touch.child}",
                f"DROP FUNCTION IF EXISTS {function}()",
            ]
    return statements


# --- SQLite ------------------------------------------------------------------------------------

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE_ROWS = {"insert": ("NEW",), "update": ("NEW", "OLD"), "delete": ("OLD",)}


def _sqlite_stamp(table):
    # Triggers do not fire themselves again (recursive_triggers is off): the UPDATE inside is final.
    return [
        f"CREATE TRIGGER {table}_stamp_{event} AFTER {event.upper()} ON {table} FOR EACH ROW "
        f"BEGIN UPDATE {table} SET updated_at = {SQLITE_NOW} WHERE id = NEW.id; END"
        for event in ("insert", "update")
    ]


def _sqlite_touch(touch):
    statements = []
    for event, rows in SQLITE_ROWS.items():
        ids = " UNION ".join(f"SELECT {row}.{touch.key}" for row in rows)
        statements.append(
            f"CREATE TRIGGER {touch.name}_{event} AFTER {event.upper()} ON {touch.child} FOR EACH ROW "
            f"BEGIN UPDATE {touch.parent} SET updated_at = {SQLITE_NOW} "
            f"WHERE id IN ({touch.parent_ids(ids)}); END"
        )
    return statements


def _sqlite_remove(tables, touches):
    statements = [f"DROP TRIGGER IF EXISTS {t}_stamp_{e}" for t in tables for e in ("insert", "update")]
    statements += [f"DROP TRIGGER IF EXISTS {touch.name}_{event}" for touch in touches for event in EVENTS]
    return statements


# --- for migrations ------------------------------------------------------------------------------


def install(*, stamped=(), touches=()):
    """A RunPython forward function: stamp the `stamped` tables and install the touches."""

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            statements = [s for t in stamped for s in _pg_stamp(t)]
            statements += [s for touch in touches for s in _pg_touch(touch)]
        elif vendor == "sqlite":
            statements = [s for t in stamped for s in _sqlite_stamp(t)]
            statements += [s for touch in touches for s in _sqlite_touch(touch)]
        else:
            raise NotImplementedError(f"updated_at triggers need writing for {vendor}")
        for statement in statements:
            schema_editor.execute(statement)

    return forward


def remove(*, stamped=(), touches=()):
    """The RunPython backward function matching install()."""

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            statements = _pg_remove(stamped, touches)
        else:
            statements = _sqlite_remove(stamped, touches)
        for statement in statements:
            schema_editor.execute(statement)

    return backward
