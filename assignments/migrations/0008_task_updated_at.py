"""updated_at kept by the database on every change (khoagiao/stamps.py), for the API's updated_since=."""

import importlib

from django.db import migrations, models

from khoagiao import stamps

STAMPED = ["assignments_task"]
TOUCHES = [
    # the cooperating units (and so who sees the task), and a new progress update (its latest)
    stamps.Touch("assignments_task_cooperating", "task_id", "assignments_task"),
    stamps.Touch("assignments_taskupdate", "task_id", "assignments_task"),
]



def keep_the_tally_triggers(apps, schema_editor):
    """SQLite adds a NOT NULL column by rebuilding the table, which drops its triggers: the task
    tallies' (migration 0005) are installed again. PostgreSQL adds the column in place."""
    if schema_editor.connection.vendor != "sqlite":
        return
    tallies = importlib.import_module("assignments.migrations.0005_task_tally")
    for statement in tallies.sqlite_remove() + tallies.sqlite_install():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0007_verbose_names"),
    ]

    operations = [
        # Going back, RemoveField rebuilds the table too: this runs last then.
        migrations.RunPython(migrations.RunPython.noop, keep_the_tally_triggers),
        migrations.AddField(
            model_name="task",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last changed"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["updated_at", "id"], name="task_updated_at"),
        ),
        migrations.AddIndex(
            model_name="taskupdate",
            index=models.Index(fields=["created_at", "id"], name="task_update_created_at"),
        ),
        migrations.RunPython(keep_the_tally_triggers, migrations.RunPython.noop),
        migrations.RunPython(
            stamps.install(stamped=STAMPED, touches=TOUCHES), stamps.remove(stamped=STAMPED, touches=TOUCHES)
        ),
    ]
