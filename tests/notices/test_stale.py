"""Issue 14, stale tasks: an open task with no progress update for K days reminds its lead unit
(liaison and head) once per window of K days; an update restarts the clock. The task list's
filter "Không có cập nhật trong K ngày" lists the same tasks."""

import datetime

import pytest

from notices.models import Escalation, Notice
from notices.tasks import daily_run
from tests.assignments.factories import TaskUpdateFactory
from tests.notices.conftest import days

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_task_nobody_reports_on_reminds_its_unit_once_per_window(
    ladder_settings, at, make_task, org_a, liaison_a, head_a
):
    ladder_settings.NOTICES_STALE_DAYS = 10
    task = make_task(org_a, D(2026, 12, 31))  # assigned 01/06, far from its deadline
    made = {}
    for day in days(D(2026, 6, 1), D(2026, 7, 10)):
        at(day)
        if day == D(2026, 6, 25):  # the liaison reports: the clock starts again
            TaskUpdateFactory(task=task, organization=org_a, posted_by=liaison_a, reported_on=day)
        before = set(Notice.objects.values_list("pk", flat=True))
        daily_run()
        daily_run()
        new = sorted(Notice.objects.exclude(pk__in=before).values_list("recipient__username", flat=True))
        if new:
            made[day] = new
    assert made == {
        D(2026, 6, 11): ["head_a", "liaison_a"],  # 10 days after the assignment
        D(2026, 6, 21): ["head_a", "liaison_a"],  # the next window
        D(2026, 7, 5): ["head_a", "liaison_a"],  # 10 days after the update of 25/06
    }
    assert Escalation.objects.filter(task=task, step="stale").count() == 3


def test_the_task_list_filters_the_tasks_without_an_update(
    ladder_settings, client, make_task, org_a, liaison_a, staff_user
):
    from tests.sign_in import sign_in

    ladder_settings.NOTICES_STALE_DAYS = 30
    today = datetime.date.today()
    quiet = make_task(org_a, today + datetime.timedelta(days=60), title="Nhiệm vụ im lặng")
    quiet.assigned_on = today - datetime.timedelta(days=45)
    quiet.save()
    busy = make_task(org_a, today + datetime.timedelta(days=60), title="Nhiệm vụ có báo cáo")
    busy.assigned_on = today - datetime.timedelta(days=45)
    busy.save()
    TaskUpdateFactory(task=busy, organization=org_a, posted_by=liaison_a, reported_on=today)
    sign_in(client, staff_user)
    page = client.get("/nhiem-vu/", {"stale": "true"}).content.decode()
    assert "Không có cập nhật trong 30 ngày" in page
    assert "Nhiệm vụ im lặng" in page
    assert "Nhiệm vụ có báo cáo" not in page
    everything = client.get("/nhiem-vu/").content.decode()
    assert "Nhiệm vụ có báo cáo" in everything


def test_the_dashboard_links_to_the_filter(ladder_settings, client, leader_user):
    from tests.sign_in import sign_in

    ladder_settings.NOTICES_STALE_DAYS = 30
    sign_in(client, leader_user)
    page = client.get("/").content.decode()
    assert 'href="/nhiem-vu/?stale=true">Không có cập nhật trong 30 ngày</a>' in page
