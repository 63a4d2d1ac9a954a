"""The database moves DataVersion forward on every committed write to the watched tables.

Triggers rather than signals or services, as for the task tallies (assignments.models.TaskTally):
imports, bulk writes, queryset updates, the admin and the database's own triggers all count, and
the version changes in the same transaction as the data, so that a reader who sees the new data
sees the new version too (a cache bumped after the commit would let a page computed from the old
data be stored under the new version in between).

PostgreSQL: a constraint trigger deferred to the commit, once per transaction (a transaction-local
setting remembers it), so that the version row is locked for the commit alone, not for the whole
of a long import. SQLite (`make run`): one writer at a time, a plain trigger per row.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

TRIGGER = "caching_version"
# The data of these apps is what cached pages show; a write anywhere else (sign-ins, sessions,
# notices, the outbox, report jobs) leaves the cache alone.
WATCHED_APPS = ("organizations", "directives", "agreements", "meetings", "assignments")
# Written without changing what a cached page shows, and often: every sign-in writes the user.
UNWATCHED = {
    "directives.DirectiveImport",  # an import job's state and progress, not the register
    "directives.ImportLog",
    "organizations.User",
    "organizations.PasswordLinkRequest",
    "organizations.AuthenticatorEnrolment",
}

_BUMP = """
INSERT INTO caching_dataversion (id, counter, epoch) VALUES (1, 1, {epoch})
ON CONFLICT (id) DO UPDATE SET counter = caching_dataversion.counter + 1
"""
_EPOCH = {"postgresql": "gen_random_uuid()::text", "sqlite": "lower(hex(randomblob(16)))"}

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION caching_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('caching.bumped', true) IS DISTINCT FROM '1' THEN
        PERFORM set_config('caching.bumped', '1', true);
        {_BUMP.format(epoch=_EPOCH["postgresql"])};
    END IF;
    RETURN NULL;
END
$$
"""


def watched_tables():
    """The tables of the watched apps' models, many-to-many tables included; simple_history's
    records are left out (they are written with the row they record, in the same transaction)."""
    tables = []
    for name in WATCHED_APPS:
        for model in apps.get_app_config(name).get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or meta.label in UNWATCHED:
                continue
            if meta.object_name.startswith("Historical") and hasattr(model, "history_id"):
                continue
            tables.append(meta.db_table)
    return sorted(set(tables))


def install(using=DEFAULT_DB_ALIAS, **kwargs):
    """Add the trigger to every watched table that lacks it (after each migrate: idempotent)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if "caching_dataversion" not in existing:
        return  # this app's own migration has not run yet
    tables = [table for table in watched_tables() if table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [TRIGGER])
            have = {row[0].strip('"') for row in cursor.fetchall()}
            for table in tables:
                if table not in have:
                    cursor.execute(
                        f'CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION caching_bump_version()"
                    )
        elif connection.vendor == "sqlite":
            bump = _BUMP.format(epoch=_EPOCH["sqlite"])
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f'CREATE TRIGGER IF NOT EXISTS "{TRIGGER}_{table}_{event.lower()}" '
                        f'AFTER {event} ON "{table}" BEGIN {bump}; END'
                    )


def installed_tables(using=DEFAULT_DB_ALIAS):
    """The tables that have the trigger (for the test that every watched table has it)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [TRIGGER])
            return {row[0].strip('"') for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER}_%"]
        )
        return {row[0] for row in cursor.fetchall()}
