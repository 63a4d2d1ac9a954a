from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0003_update_kind"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                condition=models.Q(("cancelled_on__isnull", True), ("completed_on__isnull", True)),
                fields=["due_on"],
                name="task_open_due_on",
            ),
        ),
    ]
