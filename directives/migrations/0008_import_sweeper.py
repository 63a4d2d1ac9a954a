"""The import jobs' sweeper as a beat schedule admins can see (Administration → Periodic tasks),
as the reports' and the seals' (reports/migrations/0002, signatures/migrations/0002)."""

from django.db import migrations
from django.utils import timezone

NAME = "Kiểm tra công việc nhập văn bản bị treo"


def add(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.create(
        name=NAME,
        task="directives.sweep_imports",
        interval=every_minute,
        kwargs="{}",
        expire_seconds=55,
        description=(
            "Gửi lại các lượt nhập bảng tính chưa được xử lý hoặc bị dừng; đánh dấu lỗi sau số lần thử tối đa; "
            "xóa tệp của các lượt nhập đã xong hoặc quá hạn xác nhận."
        ),
        enabled=True,
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0007_import_jobs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add, remove)]
