"""Scheduled reports and reminders run per province (issue 13, acceptance 3): beat's one message
becomes one job per province (khoagiao.celery.for_each_province), and a province whose job fails
stops no other's.

How a province's job is made to fail, without a mock: a PostgreSQL trigger refuses every row the
job would write for that province (its notices, its report), as a broken template or a broken row
of that province would make its job raise. The jobs run in a real Celery worker on Redis.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from assignments.models import Task
from khoagiao.scoping import everywhere, in_province
from notices.models import Notice
from notices.tasks import daily_task
from organizations.models import Province
from reports.models import Report
from reports.tasks import periodic_report_task
from tests.assignments.factories import TaskFactory
from tests.factories import OrganizationFactory, UserFactory
from tests.reports.conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BROKEN = "the data of this province is broken"


def a_province(code, name, *, kind=Province.Kind.PROVINCE):
    """A province with its Ban, a unit, a staff member, the unit's liaison and a task due in two
    days (the reminder ladder tells the liaison)."""
    province = Province.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]
    with in_province(province):
        ban = OrganizationFactory(
            code=f"{code}.btgdv", name=f"Ban Tuyên giáo và Dân vận Tỉnh ủy {name}", kind="party_board"
        )
        unit = OrganizationFactory(code=f"{code}.so-gddt", name=f"Sở Giáo dục và Đào tạo {name}")
        staff = UserFactory(username=f"{code}.chuyenvien", role="staff", organization=ban)
        liaison = UserFactory(username=f"{code}.lienlac", role="liaison", organization=unit)
        today = timezone.localdate()
        TaskFactory(
            lead=unit,
            due_on=today + datetime.timedelta(days=2),
            assigned_on=today,
            created_by=staff,
            title=f"Tổ chức hội thi giáo viên giỏi ({name})",
        )
    return province, liaison


def refuse_rows_of(province, table):
    """Every row `table` would get for `province` raises in the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION test_broken_province() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{BROKEN}'; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER test_broken_province BEFORE INSERT ON {table} FOR EACH ROW "
            f"WHEN (NEW.province_id = {int(province.pk)}) EXECUTE FUNCTION test_broken_province()"
        )


def repair(*tables):
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TRIGGER IF EXISTS test_broken_province ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS test_broken_province()")


@pytest.fixture
def two_provinces():
    home, home_liaison = a_province("khanh-hoa", "Khánh Hòa")
    other, other_liaison = a_province("lai-chau", "Lai Châu")
    with everywhere():
        assert Task.objects.count() == 2
    return {home: home_liaison, other: other_liaison}


def test_beat_sends_one_job_per_province(two_provinces, celery_worker_process):
    # Beat's message, run here as the worker runs it: it only hands out one job per province.
    sent = daily_task.apply().get()
    assert sorted(sent["provinces"]) == sorted(province.pk for province in two_provinces)
    with everywhere():
        wait_for(lambda: Notice.objects.count() == 2, what="a notice in each province")
        for province, liaison in two_provinces.items():
            (notice,) = Notice.objects.filter(recipient=liaison)
            assert notice.province_id == province.pk


def test_a_failing_province_stops_no_other_province(two_provinces, celery_worker_process):
    home, other = list(two_provinces)
    # Khánh Hòa's jobs are sent first (provinces by name) and fail; Lai Châu's run all the same.
    refuse_rows_of(home, "notices_notice")
    refuse_rows_of(home, "reports_report")
    try:
        daily_task.apply_async()
        periodic_report_task.apply_async(kwargs={"schedule_name": "ban-quarterly"})
        with everywhere():
            wait_for(
                lambda: Notice.objects.filter(recipient=two_provinces[other]).exists(), what="the notice"
            )
            report = wait_for(lambda: Report.objects.filter(province=other).first(), what="the report")
            assert report.schedule_name == "ban-quarterly"
            wait_for(lambda: celery_worker_process.log().count(BROKEN) >= 2, what="both failures logged")
            assert not Notice.objects.filter(province=home).exists()
            assert not Report.objects.filter(province=home).exists()
    finally:
        repair("notices_notice", "reports_report")
