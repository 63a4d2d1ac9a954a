from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0003_update_kind"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="task",
            name="assignments_due_on_ab0a22_idx",
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["due_on"],
                include=("id", "lead", "field", "directive", "completed_on", "cancelled_on"),
                name="task_due_on_covering",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                condition=models.Q(("cancelled_on__isnull", True), ("completed_on__isnull", True)),
                fields=["due_on"],
                include=("id", "lead"),
                name="task_open_due_on",
            ),
        ),
    ]
