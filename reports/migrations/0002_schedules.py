"""The beat schedules of the reports app, as rows admins can edit (Administration → Periodic tasks).

Exactly one beat process reads them (docker-compose `beat`, `make run`); each job is also safe to
run twice. The Ban's report runs a few days after each period ends (quý I, 6 tháng, 9 tháng, năm):
the task reports on the latest period that has ended on the day it runs.
"""

import json

from django.conf import settings
from django.db import migrations

TIMEZONE = "Asia/Ho_Chi_Minh"
BAN_REPORT = "Báo cáo định kỳ của Ban (sau mỗi kỳ)"
SWEEPER = "Kiểm tra công việc tạo báo cáo bị treo"
REMINDERS = "Nhắc việc hằng ngày cho cán bộ đầu mối"
DIGEST = "Tổng hợp hằng tuần gửi lãnh đạo Ban"


def schedules():
    day = getattr(settings, "REPORTS_SCHEDULE_DAY", 5)
    hour = getattr(settings, "REPORTS_SCHEDULE_HOUR", 6)
    weekday = getattr(settings, "REPORTS_DIGEST_WEEKDAY", 1)
    # name: (task, schedule, kwargs, expire_seconds, description)
    return {
        BAN_REPORT: (
            "reports.periodic_report",
            # crontab.guru: "0 6 5 1,4,7,10 *" = 06:00 on the 5th of January, April, July, October
            {"crontab": {"minute": "0", "hour": str(hour), "day_of_month": str(day), "month_of_year": "1,4,7,10"}},
            {"schedule_name": BAN_REPORT},
            12 * 3600,
            "Báo cáo tiến độ công tác khoa giáo của Ban cho kỳ vừa kết thúc (quý I, 6 tháng, 9 tháng, năm); "
            "lãnh đạo Ban nhận thư có đường dẫn khi báo cáo xong.",
        ),
        SWEEPER: (
            "reports.sweep",
            {"interval": {"every": 1, "period": "minutes"}},
            {},
            55,
            "Gửi lại các yêu cầu báo cáo chưa được xử lý; đánh dấu lỗi sau số lần thử tối đa.",
        ),
        REMINDERS: (
            "reports.daily_reminders",
            # "0 7 * * *" = 07:00 every day
            {"crontab": {"minute": "0", "hour": "7", "day_of_month": "*", "month_of_year": "*"}},
            {},
            6 * 3600,
            "Nhắc cán bộ đầu mối các nhiệm vụ sắp đến hạn, quá hạn và báo cáo giao ban chưa nộp.",
        ),
        DIGEST: (
            "reports.weekly_digest",
            # "0 7 * * 1" = 07:00 every Monday
            {
                "crontab": {
                    "minute": "0",
                    "hour": "7",
                    "day_of_month": "*",
                    "month_of_year": "*",
                    "day_of_week": str(weekday),
                }
            },
            {},
            12 * 3600,
            "Tổng hợp tình hình thực hiện nhiệm vụ trong tuần gửi lãnh đạo Ban.",
        ),
    }


def add_schedules(apps, schema_editor):
    """Create the schedules that do not exist yet; an admin's edits to existing ones are kept."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    from django.utils import timezone

    for name, (task, when, kwargs, expire_seconds, description) in schedules().items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        schedule = {}
        if "crontab" in when:
            spec = {"day_of_week": "*", **when["crontab"]}
            schedule["crontab"], _ = CrontabSchedule.objects.get_or_create(timezone=TIMEZONE, **spec)
        else:
            schedule["interval"], _ = IntervalSchedule.objects.get_or_create(**when["interval"])
        PeriodicTask.objects.create(
            name=name,
            task=task,
            kwargs=json.dumps(kwargs, ensure_ascii=False),
            expire_seconds=expire_seconds,
            description=description,
            enabled=True,
            **schedule,
        )
    # Tell a running DatabaseScheduler that the schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=list(schedules())).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
