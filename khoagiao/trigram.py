"""Trigram indexes for the folded `search_text` columns, on PostgreSQL only.

Search is `search_text LIKE '%term%'` on text folded in Python (khoagiao.text.fold: no
diacritics, lower case), so no unaccent function is needed in the database. Without an index that
is a scan of the whole table; a pg_trgm GIN index answers it from the terms' trigrams, so a
selective search costs about the same among a million rows as among a thousand. SQLite (`make
run`) keeps the plain scan. Migrations call `index_operation`; the model state does not change.
"""

from django.db import migrations


def index_operation(table, name):
    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)"
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
