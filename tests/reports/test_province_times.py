"""A province's own times for beat's jobs (issue 13: report schedules on the province's record,
editable by its admin). The installation's Periodic tasks run every other province's jobs; a
province with a time of its own runs from a Periodic task of its own, and a province's admin of a
larger installation cannot change the installation's rows, which would move every province's."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from khoagiao.celery import app
from khoagiao.scoping import everywhere, in_province
from organizations.models import Province
from reports import times
from reports.models import ProvinceTime
from reports.notifications import weekly_digest_day
from reports.tasks import weekly_digest_task
from tests.factories import OrganizationFactory, UserFactory
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db

MONDAY, WEDNESDAY = datetime.date(2026, 12, 7), datetime.date(2026, 12, 9)


@pytest.fixture
def lai_chau():
    province = Province.objects.create(code="lai-chau", name="Lai Châu")
    with in_province(province):
        ban = OrganizationFactory(
            code="btgdvtu-lc", name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lai Châu", kind="party_board"
        )
        admin = UserFactory(username="quantri-lc", role="admin", organization=ban, is_staff=True)
    return province, admin


def job(task):
    return PeriodicTask.objects.get(task=task, own_province_time__isnull=True)


def own_time(province, admin, task, **when):
    with in_province(province):
        return times.province_time_save(by=admin, time=ProvinceTime(schedule=job(task), **when))


def test_a_provinces_own_time_is_a_periodic_task_of_its_own(lai_chau):
    province, admin = lai_chau
    base = job("reports.periodic_report")
    time = own_time(province, admin, "reports.periodic_report", minute="30", hour="8", day_of_month="10")
    own = time.own_task
    assert own.task == base.task
    assert own.name == f"{base.name} — Lai Châu"
    assert json.loads(own.kwargs) == {**json.loads(base.kwargs), "province": province.pk}
    crontab = own.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_month) == ("30", "8", "10")
    assert own.crontab_id != base.crontab_id  # the installation's time stays as it was
    with everywhere():
        schedule_name = json.loads(base.kwargs)["schedule_name"]
        assert times.own_time_provinces(base.task, schedule_name) == {province.pk}
        assert times.own_time_provinces(base.task, "another schedule") == set()
    # Changed again: the same Periodic task, moved; removed: it goes, with its crontab.
    with in_province(province):
        time.hour = "9"
        times.province_time_save(by=admin, time=time)
        assert PeriodicTask.objects.get(pk=own.pk).crontab.hour == "9"
        times.province_time_delete(by=admin, time=time)
    assert not PeriodicTask.objects.filter(pk=own.pk).exists()


def test_the_installations_run_leaves_out_a_province_with_its_own_time(lai_chau, province_scope, monkeypatch):
    province, admin = lai_chau
    own_time(province, admin, "reports.weekly_digest", minute="0", hour="7", day_of_week="3")
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # each province's job runs here, at once
    with everywhere():
        sent = weekly_digest_task.apply().get()
    assert sent["provinces"] == [province_scope.pk]


def test_the_weekly_digest_day_is_the_provinces_own(lai_chau, province_scope):
    province, admin = lai_chau
    own_time(province, admin, "reports.weekly_digest", minute="0", hour="7", day_of_week="3")
    with in_province(province):
        assert weekly_digest_day(WEDNESDAY)
        assert not weekly_digest_day(MONDAY)
    assert weekly_digest_day(MONDAY)  # the home province keeps the installation's Monday
    assert not weekly_digest_day(WEDNESDAY)


def test_a_time_beat_cannot_read_is_refused_with_its_reason(lai_chau):
    province, admin = lai_chau
    with pytest.raises(ValidationError) as refused:
        own_time(province, admin, "reports.daily_reminders", minute="0", hour="25")
    assert "Không đọc được “25”" in str(refused.value)
    with in_province(province):
        assert not ProvinceTime.objects.exists()


def test_a_provinces_admin_changes_its_own_time_not_the_installations(client, lai_chau):
    province, admin = lai_chau
    reminders = job("reports.daily_reminders")
    sign_in(client, admin)
    change = reverse("admin:django_celery_beat_periodictask_change", args=[reminders.pk])
    before = (reminders.crontab_id, reminders.enabled)
    assert client.post(change, {"name": reminders.name, "enabled": ""}).status_code == 403
    reminders.refresh_from_db()
    assert (reminders.crontab_id, reminders.enabled) == before
    added = client.post(
        reverse("admin:reports_provincetime_add"),
        {
            "schedule": reminders.pk,
            "minute": "30",
            "hour": "6",
            "day_of_month": "*",
            "month_of_year": "*",
            "day_of_week": "1-5",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    with in_province(province):
        (time,) = ProvinceTime.objects.all()
    assert time.own_task.crontab.day_of_week == "1-5"
    # The installation's list shows its rows and this province's own, not another province's.
    listed = client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    assert "Lai Châu" in listed
    assert reminders.name in listed
