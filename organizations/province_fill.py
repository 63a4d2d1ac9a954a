"""Migrations' step from one province to many: the rows an installation has belong to its province.

Kept apart from the models, because migrations import it: it must not change with them. Each app's
`00xx_province` migration adds its `province` column empty, fills it with `fill(...)`, and the
next migration makes it required, so that no single transaction both writes the rows and changes
the table (PostgreSQL refuses ALTER TABLE with pending trigger events).
"""

from django.db import migrations


def home_province(apps):
    """The installation's province, made by organizations' migration 0008 from PORTAL_PROVINCE_NAME."""
    return apps.get_model("organizations", "Province").objects.order_by("pk").first()


def check_now(schema_editor):
    """Check the foreign keys of the rows just written now, not at the commit: their deferred
    checks are pending trigger events, and the schema editor's deferred statements (the new
    column's index, at the end of the migration) are refused while any is pending."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def fill(app_label, *model_names, central=None):
    """A RunPython operation that gives each model's rows without a province the home province.
    `central`: {model name: lookup} for rows shared by every province, which keep none."""

    def forwards(apps, schema_editor):
        home = home_province(apps)
        if home is None:
            return
        for name in model_names:
            rows = apps.get_model(app_label, name)._base_manager.filter(province__isnull=True)
            if central and name in central:
                rows = rows.exclude(**central[name])
            rows.update(province=home)
        check_now(schema_editor)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


class OnPostgreSQL(migrations.SeparateDatabaseAndState):
    """Operations whose table changes only PostgreSQL makes. SQLite (only `make run`'s embedded
    database, one province) would rebuild the table, and a rebuild breaks the updated_at triggers
    of other tables that name it (khoagiao/stamps.py); there the column stays nullable and the
    old uniqueness stays, which one province never notices."""

    def __init__(self, *operations):
        super().__init__(database_operations=list(operations), state_operations=list(operations))

    def deconstruct(self):
        return (self.__class__.__qualname__, self.database_operations, {})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
