"""Pages cached until the data changes (caching/): the database moves the version on every
committed write, whatever wrote it, and a page is never shared between viewers who see different
rows."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments.models import Task
from caching.pages import cached, data_version
from caching.triggers import installed_tables, watched_tables
from organizations.models import User
from tests.assignments.factories import TaskFactory

pytestmark = pytest.mark.postgres


def _overdue_task(lead, **fields):
    today = timezone.localdate()
    return TaskFactory(
        lead=lead,
        assigned_on=today - datetime.timedelta(days=30),
        due_on=today - datetime.timedelta(days=2),
        **fields,
    )


def _overdue(response):
    return response.context["dashboard"].totals.overdue


@pytest.mark.django_db
def test_every_table_of_the_watched_apps_has_the_trigger():
    """Generated from the app registry: a model added to a watched app is watched, or this fails."""
    tables = watched_tables()
    assert {
        "assignments_task",
        "assignments_task_cooperating",
        "directives_directive",
        "meetings_meeting",
    } <= set(tables)
    assert "organizations_user" not in tables  # every sign-in writes it
    assert not any(table.startswith("notices_") for table in tables)
    assert set(tables) - installed_tables() == set()


@pytest.mark.django_db(transaction=True)
def test_the_version_moves_once_per_transaction_at_its_commit(org_a, staff_user):
    before = data_version()
    with transaction.atomic():
        TaskFactory(lead=org_a)
        TaskFactory(lead=org_a)
        assert data_version() == before  # not before the commit: a reader would cache old data under it
    epoch, counter = data_version()
    assert counter == (before[1] or 0) + 1
    assert epoch

    User.objects.filter(pk=staff_user.pk).update(last_login=timezone.now())  # a sign-in
    assert data_version() == (epoch, counter)

    Task.objects.filter(lead=org_a).update(progress=50)  # a bulk write: no signal, no service
    assert data_version() == (epoch, counter + 1)


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_shows_a_change_at_once_and_is_cached_until_then(login, staff_user, org_a):
    _overdue_task(org_a)
    client = login(staff_user)
    with CaptureQueriesContext(connection) as first:
        assert _overdue(client.get("/bao-cao/tong-quan/")) == 1
    with CaptureQueriesContext(connection) as again:
        assert _overdue(client.get("/bao-cao/tong-quan/")) == 1
    assert len(again) < len(first) - 5  # the figures were not counted again

    Task.objects.filter(lead=org_a).update(completed_on=timezone.localdate())
    response = client.get("/bao-cao/tong-quan/")
    assert _overdue(response) == 0
    assert response.context["dashboard"].totals.done_late == 1


@pytest.mark.django_db(transaction=True)
def test_viewers_who_see_different_rows_never_share_a_page(
    login, staff_user, leader_user, liaison_a, liaison_b, org_a, org_b
):
    _overdue_task(org_a, title="Việc riêng của đơn vị A")
    _overdue_task(org_b, title="Việc riêng của đơn vị B")
    pages = {}
    for user in (staff_user, liaison_a, liaison_b, leader_user, staff_user, liaison_a):
        response = login(user).get("/bao-cao/tong-quan/")
        pages.setdefault(user.username, []).append((response.content.decode(), _overdue(response)))
    assert [overdue for _html, overdue in pages["staff1"]] == [2, 2]
    assert [overdue for _html, overdue in pages["liaison_a"]] == [1, 1]
    assert "Việc riêng của đơn vị B" not in pages["liaison_a"][1][0]
    assert "Việc riêng của đơn vị A" in pages["liaison_a"][1][0]
    assert "Việc riêng của đơn vị A" not in pages["liaison_b"][0][0]
    # The leader's page starts with its queue; staff's, with what needs attention.
    assert "Sắp tới" in pages["leader1"][0][0]
    assert "Cần xử lý" in pages["staff1"][1][0]


@pytest.mark.django_db
def test_inside_a_transaction_a_page_is_built_and_not_kept(staff_user):
    built = []
    for _ in range(2):
        cached("test", staff_user, (), lambda: built.append(1), today=timezone.localdate())
    assert built == [1, 1]  # the test's transaction: its writes are nobody else's yet


@pytest.mark.django_db(transaction=True)
def test_the_task_lists_tiles_follow_a_write_at_once(login, staff_user, org_a):
    _overdue_task(org_a)
    client = login(staff_user)

    def tiles(path="/nhiem-vu/"):
        # The list is kept as rendered: read the tiles in the page's HTML.
        html = client.get(path).content.decode()
        return {bucket: int(n) for bucket, n in re.findall(r'data-count="(\w+)">(\d+)<', html) if int(n)}

    assert tiles() == {"overdue": 1}
    assert tiles() == {"overdue": 1}  # from the cache
    Task.objects.filter(lead=org_a).update(completed_on=timezone.localdate())
    assert tiles() == {"done_late": 1}
    assert tiles("/nhiem-vu/?q=khong+co+viec+nao") == {}  # other filters, other counts


@pytest.mark.django_db(transaction=True)
def test_the_meeting_pages_history_follows_a_change_at_once(login, staff_user):
    from meetings.services import meeting_update
    from tests.meetings.factories import MeetingFactory

    meeting = MeetingFactory()
    client = login(staff_user)

    def history():
        context = client.get(f"/hoi-nghi/{meeting.pk}/").context
        return context["history_recent"] + context["history_older"]

    before = history()
    assert history() == before  # from the cache
    meeting.refresh_from_db()
    meeting_update(meeting=meeting, by=staff_user, version=meeting.version, place="Hội trường Ban Tuyên giáo")
    after = history()
    assert len(after) == len(before) + 1
    assert "Hội trường Ban Tuyên giáo" in str(after[0].changes)


@pytest.mark.django_db(transaction=True)
def test_the_task_pages_history_and_filters_follow_a_write_at_once(login, staff_user, org_a):
    from assignments.services import task_update

    task = TaskFactory(lead=org_a, title="Tổ chức hội thảo chuyển đổi số")
    client = login(staff_user)

    def history():
        return client.get(f"/nhiem-vu/{task.pk}/").context["history"]

    before = history()
    assert history() == before  # from the cache
    task.refresh_from_db()
    task_update(
        by=staff_user, task=task, version=task.version, cooperating=[], title="Tổ chức hội thảo khoa học"
    )
    after = history()
    assert len(after) == len(before) + 1
    assert "Tổ chức hội thảo khoa học" in str(after[0].changes)

    def unit_option(client):
        # The filter bar is kept as rendered ({% keep %}): read it in the page's HTML.
        return f'<option value="{org_a.pk}"' in client.get("/nhiem-vu/").content.decode()

    assert unit_option(client)
    assert unit_option(client)
    Task.objects.filter(pk=task.pk).delete()
    assert not unit_option(client)


@pytest.mark.django_db(transaction=True)
def test_a_kept_filter_bar_is_never_shared_with_another_audience(login, staff_user, liaison_a, org_a, org_b):
    TaskFactory(lead=org_a, title="Việc của đơn vị A")
    TaskFactory(lead=org_b, title="Việc của đơn vị B")
    option_b = f'<option value="{org_b.pk}"'

    def bar(user, path="/nhiem-vu/"):
        return login(user).get(path).content.decode()

    for _ in range(2):  # the second time from the cache, each audience its own
        assert option_b in bar(staff_user)
        assert option_b not in bar(liaison_a)
    # Another query string, another bar: the chosen value is kept in it.
    assert f'<option value="{org_b.pk}" selected>' in bar(staff_user, f"/nhiem-vu/?unit={org_b.pk}")
    assert f'<option value="{org_b.pk}" selected>' not in bar(staff_user)
