# Which province's Ban entered each directive (Directive.recorded_in). A province's own directive:
# its province. A central body's: the province of the user who entered it, else the installation's
# first province (a database from before the provinces has one, which holds all its rows).
# The UPDATE moves the rows' updated_at (khoagiao/stamps.py), so the API's updated_since= returns
# them once more; their history records are untouched. Its own migration: the UPDATE leaves trigger events pending (caching/triggers.py) until the
# transaction ends, and PostgreSQL creates no index on a table that has some.

from django.db import migrations

FILL = """
UPDATE directives_directive SET recorded_in_id = COALESCE(
    province_id,
    (SELECT u.province_id FROM organizations_user u WHERE u.id = directives_directive.created_by_id),
    (SELECT MIN(p.id) FROM organizations_province p)
)
"""


def fill(apps, schema_editor):
    schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [("directives", "0013_directive_recorded_in")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
