"""updated_at kept by the database on every change (khoagiao/stamps.py), for the API's updated_since=."""

from django.db import migrations, models

from khoagiao import stamps

# The job's own steps move its status with queryset updates (claim, release, heartbeat).
STAMPED = ["reports_report"]
TOUCHES = []


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_verbose_names"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["updated_at", "id"], name="report_updated_at"),
        ),
        migrations.RunPython(
            stamps.install(stamped=STAMPED, touches=TOUCHES), stamps.remove(stamped=STAMPED, touches=TOUCHES)
        ),
    ]
