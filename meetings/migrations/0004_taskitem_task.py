# A task row of a conclusion notice now points at the task it became with a real foreign key,
# instead of a bare number (task_ref): the ids are carried over, and a number whose task no longer
# exists is dropped rather than kept dangling.

import django.db.models.deletion
from django.db import migrations, models


def carry_over(apps, schema_editor):
    TaskItem = apps.get_model("meetings", "TaskItem")
    HistoricalTaskItem = apps.get_model("meetings", "HistoricalTaskItem")
    Task = apps.get_model("assignments", "Task")
    for model in (TaskItem, HistoricalTaskItem):
        rows = model.objects.filter(task_ref__isnull=False)
        existing = set(Task.objects.filter(pk__in=rows.values("task_ref")).values_list("pk", flat=True))
        for pk, ref in rows.values_list("pk", "task_ref"):
            model.objects.filter(pk=pk).update(task_id=ref if ref in existing else None)


def carry_back(apps, schema_editor):
    for name in ("TaskItem", "HistoricalTaskItem"):
        model = apps.get_model("meetings", name)
        for pk, task_id in model.objects.filter(task__isnull=False).values_list("pk", "task_id"):
            model.objects.filter(pk=pk).update(task_ref=task_id)


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0006_task_attention_index"),
        ("meetings", "0003_outcome"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltaskitem",
            name="task",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="assignments.task",
                verbose_name="task",
            ),
        ),
        migrations.AddField(
            model_name="taskitem",
            name="task",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="outcome_item",
                to="assignments.task",
                verbose_name="task",
            ),
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField(model_name="historicaltaskitem", name="task_ref"),
        migrations.RemoveField(model_name="taskitem", name="task_ref"),
    ]
