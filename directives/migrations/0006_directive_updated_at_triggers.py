"""updated_at kept by the database on every change (khoagiao/stamps.py), for the API's updated_since=."""

from django.db import migrations, models

from khoagiao import stamps

STAMPED = ["directives_directive"]
TOUCHES = [
    stamps.Touch("directives_directive_fields", "directive_id", "directives_directive"),
    stamps.Touch("directives_reviewmilestone", "directive_id", "directives_directive"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0005_verbose_names"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="directive",
            index=models.Index(fields=["updated_at", "id"], name="directive_updated_at"),
        ),
        migrations.RunPython(
            stamps.install(stamped=STAMPED, touches=TOUCHES), stamps.remove(stamped=STAMPED, touches=TOUCHES)
        ),
    ]
