from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0005_task_tally"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                models.Case(
                    models.When(cancelled_on__isnull=False, then=models.Value(4)),
                    models.When(completed_on__isnull=True, then=models.Value(0)),
                    models.When(completed_on__gt=models.F("due_on"), then=models.Value(2)),
                    default=models.Value(3),
                    output_field=models.IntegerField(),
                ),
                models.F("due_on"),
                models.F("id"),
                name="task_attention",
            ),
        ),
    ]
