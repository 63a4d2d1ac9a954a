"""The notices app's beat schedules, as rows admins can edit (Administration → Periodic tasks)."""

from django.db import migrations

TIMEZONE = "Asia/Ho_Chi_Minh"
DAILY = "Thông báo nhắc việc, nhắc lên cấp trên và thư tổng hợp hằng ngày"
SENDER = "Gửi thư đang chờ trong hộp thư đi"


def add_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    from django.utils import timezone

    if not PeriodicTask.objects.filter(name=DAILY).exists():
        # "30 6 * * *" = 06:30 every day: the notices are there when people start work
        crontab, _ = CrontabSchedule.objects.get_or_create(
            timezone=TIMEZONE, minute="30", hour="6", day_of_month="*", month_of_year="*", day_of_week="*"
        )
        PeriodicTask.objects.create(
            name=DAILY,
            task="notices.daily",
            crontab=crontab,
            kwargs="{}",
            expire_seconds=6 * 3600,
            description="Nhắc cán bộ đầu mối trước hạn, nhắc lãnh đạo đơn vị và Ban khi quá hạn, nhắc "
            "nhiệm vụ lâu không cập nhật; rồi gửi thư tổng hợp cho người chọn nhận hằng ngày.",
            enabled=True,
        )
    if not PeriodicTask.objects.filter(name=SENDER).exists():
        interval, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
        PeriodicTask.objects.create(
            name=SENDER,
            task="notices.send_mail",
            interval=interval,
            kwargs="{}",
            expire_seconds=55,
            description="Gửi các thư chưa gửi được (máy chủ thư từ chối hoặc không liên lạc được) khi đến lượt thử lại.",
            enabled=True,
        )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[DAILY, SENDER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
