"""Issue 15: leaders and staff get different dashboards from the same figures.

A leader's page starts with what waits for their decision (reports and conclusions awaiting
approval), then the overdue tasks by unit with the liaisons who were reminded, then the figures.
Staff keep their working view and get no approval queue; the overdue counts per unit are the
dashboard's own (build_dashboard's by_unit), not a second count."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from lxml import html as lxml_html

from khoagiao.periods import Period
from meetings.models import Meeting
from notices.models import Mail
from reports.dashboard import Filters, build_dashboard
from reports.models import Report, ReportComment
from tests.assignments.factories import TaskFactory
from tests.factories import UserFactory
from tests.meetings.factories import ConclusionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(ban, org_a, org_b, liaison_a):
    """A submitted report, a conclusion to approve, overdue tasks of two units; unit A's liaison
    was reminded yesterday, unit B has no liaison at all."""
    today = timezone.localdate()
    due = today - datetime.timedelta(days=1)
    for _n in range(3):
        TaskFactory(lead=org_a, assigned_on=due - datetime.timedelta(days=30), due_on=due)
    TaskFactory(lead=org_b, assigned_on=due - datetime.timedelta(days=30), due_on=due)
    TaskFactory(
        lead=org_b, assigned_on=due - datetime.timedelta(days=30), due_on=today + datetime.timedelta(9)
    )
    report = Report.objects.create(
        kind=Report.Kind.BAN, period=Period(due.year, "Y"), as_of=today, stage=Report.Stage.SUBMITTED
    )
    # Submitted three days ago (a comment is never changed afterwards: it is written then).
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3), tick=False):
        ReportComment.objects.create(report=report, action=ReportComment.Action.SUBMIT)
    meeting = MeetingFactory(
        title="Hội nghị giao ban chờ kết luận", status=Meeting.Status.HELD, organizer=ban, invited=[org_a]
    )
    ConclusionFactory(meeting=meeting)
    liaison_a.email = "lienlac@so-a.example"
    liaison_a.first_name, liaison_a.last_name = "Thị Lan", "Nguyễn"
    liaison_a.save()
    # Yesterday's daily reminder, sent (the outbox's row as reports.notifications queues it).
    Mail.objects.create(
        key=f"daily_reminder:{liaison_a.pk}:{(today - datetime.timedelta(1)).isoformat()}",
        recipient=liaison_a,
        address=liaison_a.email,
        subject="Nhắc việc",
        body="…",
        sent_at=timezone.now() - datetime.timedelta(days=1),
    )
    # A liaison without an e-mail address is never reminded: not listed as told.
    UserFactory(username="liaison_a2", role="liaison", organization=org_a, email="")
    return {"report": report, "meeting": meeting, "year": due.year, "today": today}


def headings(content):
    tree = lxml_html.fromstring(content)
    return [h.get("id") for h in tree.xpath("//h2[@id]|//h3[@id]")], tree


def test_a_leader_starts_with_the_approval_queue_then_overdue_by_unit_then_the_figures(
    login, leader_user, org_a, org_b, waiting
):
    response = login(leader_user).get(f"/?year={waiting['year']}")
    assert response.status_code == 200
    ids, tree = headings(response.content)
    order = [ids.index(h) for h in ("queue-heading", "overdue-units-heading", "kpi-heading")]
    assert order == sorted(order), ids
    assert ids[0] == "queue-heading", ids
    assert "reports-approval-heading" in ids
    assert "approval-heading" in ids
    assert tree.xpath(f'//a[@href="/bao-cao/{waiting["report"].pk}/"]'), "the submitted report is not listed"
    assert tree.xpath(f'//a[@href="/hoi-nghi/{waiting["meeting"].pk}/#approval"]')
    submitted = (timezone.localtime() - datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    line = " ".join(tree.xpath('string(//section[@aria-labelledby="reports-approval-heading"]//li)').split())
    assert line.endswith(f"trình ngày {submitted}"), line
    # The per-task list is the staff's; the leader has the same tasks counted by unit.
    assert "overdue-heading" not in ids

    rows = tree.xpath('//section[contains(@class,"overdue-units")]//tbody/tr')
    units = [row.xpath("string(th)").strip() for row in rows]
    assert units == [org_a.display_name, org_b.display_name]
    figures = [int(row.xpath('string(.//a[@data-figure="overdue-unit"])')) for row in rows]
    d = build_dashboard(leader_user, Filters(year=waiting["year"]), today=waiting["today"])
    by_unit = {row.key: row.counts.overdue for row in d.by_unit}
    assert figures == [by_unit[org_a.pk], by_unit[org_b.pk]] == [3, 1]
    told_a = " ".join(rows[0].xpath("string(td[2])").split())
    yesterday = (waiting["today"] - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert told_a == f"Nguyễn Thị Lan: nhắc lần cuối {yesterday}", told_a
    assert "liaison_a2" not in told_a
    assert "không có cán bộ đầu mối" in rows[1].xpath("string(td[2])")
    # Each overdue figure opens the task list of that unit's overdue tasks.
    link = rows[0].xpath('.//a[@data-figure="overdue-unit"]/@href')[0]
    assert f"unit={org_a.pk}" in link
    assert "bucket=overdue" in link


def test_staff_keep_the_working_view_without_the_approval_queue(login, staff_user, waiting):
    response = login(staff_user).get(f"/?year={waiting['year']}")
    assert response.status_code == 200
    ids, tree = headings(response.content)
    assert ids[0] == "kpi-heading", ids
    for leader_only in (
        "queue-heading",
        "reports-approval-heading",
        "approval-heading",
        "overdue-units-heading",
    ):
        assert leader_only not in ids
    assert not tree.xpath(f'//a[@href="/bao-cao/{waiting["report"].pk}/"]')
    assert not tree.xpath(f'//a[@href="/hoi-nghi/{waiting["meeting"].pk}/#approval"]')
    assert "overdue-heading" in ids
    assert len(tree.xpath('//section[@aria-labelledby="overdue-heading"]//li')) == 4


def test_nobody_else_gets_the_queue(login, admin_user, liaison_a, waiting):
    for user in (admin_user, liaison_a):
        response = login(user).get(f"/bao-cao/tong-quan/?year={waiting['year']}")
        assert response.status_code == 200
        ids, tree = headings(response.content)
        assert "queue-heading" not in ids, user
        assert "approval-heading" not in ids, user
        assert not tree.xpath(f'//a[@href="/bao-cao/{waiting["report"].pk}/"]')
