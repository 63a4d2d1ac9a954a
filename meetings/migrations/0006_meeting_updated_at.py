"""updated_at kept by the database on every change (khoagiao/stamps.py), for the API's updated_since=."""

from django.db import migrations, models

from khoagiao import stamps

STAMPED = ["meetings_meeting"]
TOUCHES = [
    # what the API says of a meeting: its invitations, the units' reports, the conclusion
    stamps.Touch("meetings_meeting_invited", "meeting_id", "meetings_meeting"),
    stamps.Touch("meetings_meetingreport", "meeting_id", "meetings_meeting"),
    stamps.Touch("meetings_conclusion", "meeting_id", "meetings_meeting"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last changed"),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["updated_at", "id"], name="meeting_updated_at"),
        ),
        migrations.RunPython(
            stamps.install(stamped=STAMPED, touches=TOUCHES), stamps.remove(stamped=STAMPED, touches=TOUCHES)
        ),
    ]
