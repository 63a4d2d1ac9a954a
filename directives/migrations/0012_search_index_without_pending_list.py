from django.db import migrations


def without_pending_list(apps, schema_editor):
    # An import adds thousands of directives at once. With GIN's fast update those rows wait in
    # the index's pending list, which every search reads in full until a vacuum merges it: under
    # a 20,000-row import the directive search's p95 went from about 1 s to 3 s. Without the
    # list the import's COPY pays for the index entries (in the low-priority worker) and the
    # search stays an index lookup.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER INDEX IF EXISTS directive_search_trgm SET (fastupdate = off)")
    schema_editor.execute(
        "SELECT gin_clean_pending_list('directive_search_trgm'::regclass)"
        " WHERE to_regclass('directive_search_trgm') IS NOT NULL"
    )


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS directive_search_trgm RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("directives", "0011_province_required")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list, elidable=False)]
