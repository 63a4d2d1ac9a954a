"""Beat schedules described the way people say them (khoagiao.schedules.describe), in the admin
and on the reports page, for the schedules the portal creates and for the usual cron shapes."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask

from khoagiao.schedules import describe

MIGRATION = importlib.import_module("reports.migrations.0002_schedules")


def crontab(spec, zone="Asia/Ho_Chi_Minh"):
    minute, hour, day_of_month, month_of_year, day_of_week = spec.split()
    return CrontabSchedule(
        minute=minute,
        hour=hour,
        day_of_month=day_of_month,
        month_of_year=month_of_year,
        day_of_week=day_of_week,
        timezone=zone,
    )


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("0 6 5 1,4,7,10 *", "ngày 5 tháng đầu mỗi quý, 06:00"),
        ("0 7 * * *", "hằng ngày, 07:00"),
        ("0 7 * * 1", "thứ Hai hằng tuần, 07:00"),
        ("0 7 * * 0", "Chủ nhật hằng tuần, 07:00"),
        ("30 8,17 * * 1-5", "thứ Hai đến thứ Sáu hằng tuần, 08:30 và 17:30"),
        ("*/5 * * * *", "5 phút một lần"),
        ("* * * * *", "mỗi phút"),
        ("0 * * * *", "đầu mỗi giờ"),
        ("15 * * * *", "phút 15 mỗi giờ"),
        ("0 9 1,15 * *", "ngày 1 và 15 hằng tháng, 09:00"),
        ("0 0 31 12 *", "ngày 31 tháng 12 hằng năm, 00:00"),
        ("0 6 5 1,7 *", "ngày 5 tháng 1 và 7 hằng năm, 06:00"),
        ("0 7 * 3,6,9,12 *", "hằng ngày trong tháng cuối mỗi quý, 07:00"),
        ("0 7 1-7 * 1", "ngày 1 đến 7 hằng tháng, nếu là thứ Hai, 07:00"),
        ("0 8-17 * * *", "hằng ngày, phút 0 các giờ 8 đến 17"),
    ],
)
def test_crontab_shapes(spec, expected):
    assert describe(crontab(spec)) == expected


def test_another_time_zone_is_named_and_a_broken_spec_is_shown_as_typed():
    assert describe(crontab("0 6 * * *", "UTC")) == "hằng ngày, 06:00 (múi giờ UTC)"
    assert describe(crontab("0 6 * * 9")) == "0 6 * * 9"


def test_intervals_and_one_off_times():
    assert describe(IntervalSchedule(every=1, period="minutes")) == "mỗi phút"
    assert describe(IntervalSchedule(every=10, period="seconds")) == "10 giây một lần"
    assert describe(IntervalSchedule(every=2, period="days")) == "2 ngày một lần"
    when = timezone.make_aware(timezone.datetime(2026, 7, 5, 6, 30))
    assert describe(ClockedSchedule(clocked_time=when)) == "một lần, lúc 06:30 05/07/2026"


@pytest.mark.django_db
def test_the_portal_schedules_read_as_people_say_them(settings):
    MIGRATION.add_schedules(apps, None)
    described = {
        task.name: describe(task) for task in PeriodicTask.objects.filter(name__in=MIGRATION.schedules())
    }
    assert described == {
        MIGRATION.BAN_REPORT: "ngày 5 tháng đầu mỗi quý, 06:00",
        MIGRATION.SWEEPER: "mỗi phút",
        MIGRATION.REMINDERS: "hằng ngày, 07:00",
        MIGRATION.DIGEST: "thứ Hai hằng tuần, 07:00",
    }


@pytest.mark.django_db
def test_the_admin_says_when_schedules_run(login, admin_user):
    MIGRATION.add_schedules(apps, None)
    client = login(admin_user)
    tasks = client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    assert "ngày 5 tháng đầu mỗi quý, 06:00" in tasks
    ban_report = PeriodicTask.objects.get(name=MIGRATION.BAN_REPORT)
    page = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[ban_report.pk]))
    html = page.content.decode()
    assert "ngày 5 tháng đầu mỗi quý, 06:00" in html  # the description and the list's options
    assert "(m/h/dM/MY/d)" not in html
    assert "At 06:00 AM" not in html
    crontabs = client.get(reverse("admin:django_celery_beat_crontabschedule_changelist")).content.decode()
    assert "thứ Hai hằng tuần, 07:00" in crontabs
