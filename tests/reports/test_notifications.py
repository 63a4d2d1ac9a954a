"""E-mails from beat: reminders, the weekly digest and 'report ready' — each sent once even when
beat fires twice, and sent later if the mail server failed (the notices app's outbox)."""

import datetime
import importlib
import json

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from khoagiao.periods import Period
from meetings.models import Meeting
from notices.models import Mail, Notice, Preference
from notices.services import digest_send_daily, mail_send_due
from reports import notifications, services, tasks
from reports.models import Report
from tests.factories import UserFactory
from tests.reports.conftest import TODAY
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder_scene(scenario, ban, liaison_a):
    """Unit A's reminder day: 15/07/2026, one task due in 5 days, one overdue, one report not sent
    (to the quý II giao ban, held after the quarter: the one giao ban on quý II)."""
    planned = Meeting.objects.create(
        kind=Meeting.Kind.GIAO_BAN,
        title="Hội nghị giao ban công tác khoa giáo quý II năm 2026",
        period="2026-Q2",
        starts_at=timezone.make_aware(datetime.datetime(2026, 7, 30, 8, 0)),
        organizer=ban,
        report_due_on=datetime.date(2026, 7, 20),
    )
    planned.invited.set([scenario["tasks"]["a_soon"].lead])
    # The reminder's own mail goes to liaisons who take every notice by e-mail; the others find
    # its lists in their daily digest (tests/notices/test_one_mail_a_day.py).
    Preference.objects.create(user=liaison_a, mail=Preference.Mail.EVERY)
    return scenario


def test_a_liaison_gets_one_reminder_a_day_with_its_own_tasks(reminder_scene, liaison_a, liaison_b):
    Preference.objects.create(user=liaison_b, mail=Preference.Mail.EVERY)
    assert notifications.reminders_send_daily(today=TODAY) == 2
    assert notifications.reminders_send_daily(today=TODAY) == 0  # beat fired twice: nothing more
    assert len(mail.outbox) == 2
    to_a = next(m for m in mail.outbox if m.to == [liaison_a.email])
    assert to_a.subject == "Nhắc việc: nhiệm vụ và báo cáo của Sở GD&ĐT"
    body = to_a.body
    assert "Nhiệm vụ chưa hoàn thành, quá hạn:" in body
    assert "Nhiệm vụ của Sở GD&ĐT hạn 30/06/2026" in body
    assert "Nhiệm vụ sắp đến hạn:" in body
    assert "Nhiệm vụ của Sở GD&ĐT hạn 20/07/2026" in body
    # Unit B's own overdue task is not A's business; last year's open task of A is.
    assert "hạn 28/02/2026" not in body
    assert "Nhiệm vụ của Sở GD&ĐT hạn 01/12/2025" in body
    assert "Hội nghị giao ban công tác khoa giáo quý II năm 2026 — hạn nộp 20/07/2026" in body
    assert "&amp;" not in body  # plain text, not HTML-escaped
    assert Mail.objects.filter(key__startswith="daily_reminder:", key__endswith=":2026-07-15").count() == 2
    # The next day is another reminder.
    assert notifications.reminders_send_daily(today=TODAY + datetime.timedelta(days=1)) == 2


def test_no_reminder_when_there_is_nothing_to_remind(scenario, liaison_a):
    far_future = datetime.date(2020, 1, 1)
    assert notifications.reminders_send_daily(today=far_future) == 0
    assert mail.outbox == []


def test_a_failed_send_stays_in_the_outbox_and_goes_out_once_later(reminder_scene, liaison_a, settings):
    """The mail server down: the reminder is queued, not lost; beat firing again queues nothing
    more; once the server is back the outbox's sender sends it, once."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    assert notifications.reminders_send_daily(today=TODAY) == 1
    assert notifications.reminders_send_daily(today=TODAY) == 0
    (pending,) = Mail.objects.filter(sent_at__isnull=True)
    assert pending.attempts == 1
    assert pending.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Mail.objects.update(next_try_at=timezone.now())
    assert mail_send_due() == (1, 0)
    assert mail_send_due() == (0, 0)
    assert [m.to for m in mail.outbox] == [[liaison_a.email]]


def test_leaders_who_take_every_notice_get_the_weekly_digest_once_a_week(scenario, leader_user, org_b):
    """Issue 14: the weekly digest is a mail of its own for a leader who takes every notice; one who
    asked for escalations only gets none; one who takes the daily digest (the default) finds the
    week in that morning's digest (tests/notices/test_one_mail_a_day.py)."""
    second = UserFactory(username="leader2", role="leader", organization=leader_user.organization)
    quiet = UserFactory(username="leader3", role="leader", organization=leader_user.organization)
    UserFactory(username="leader4", role="leader", organization=leader_user.organization)  # the digest
    for user, choice in ((leader_user, "every"), (second, "every"), (quiet, "escalations")):
        Preference.objects.create(user=user, mail=choice)
    assert notifications.digest_send_weekly(today=TODAY) == 2
    wednesday = TODAY + datetime.timedelta(days=2)
    assert notifications.digest_send_weekly(today=wednesday) == 0  # same week
    assert {m.to[0] for m in mail.outbox} == {leader_user.email, second.email}
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Tổng hợp tình hình nhiệm vụ công tác khoa giáo tuần từ 13/07/2026"
    assert "- Chưa hoàn thành, quá hạn: 2" in body
    assert "Đơn vị chưa gửi báo cáo 9 tháng đầu năm 2026: Sở Y tế" in body
    assert "http://127.0.0.1:8000/" in body


def test_leaders_hear_when_a_scheduled_report_is_ready_as_each_chose(leader_user, settings):
    """Every leader finds it on the bell; the mail follows each one's choice (issue 14): at once
    for every notice, in the next morning's digest for the digest (the default), never for
    escalations only."""
    settings.PORTAL_BASE_URL = "https://khoagiao.example.vn"
    every = UserFactory(role="leader", organization=leader_user.organization, email="every@example.vn")
    quiet = UserFactory(role="leader", organization=leader_user.organization, email="quiet@example.vn")
    Preference.objects.create(user=every, mail=Preference.Mail.EVERY)
    Preference.objects.create(user=quiet, mail=Preference.Mail.ESCALATIONS)
    report = ReportFactory(status=Report.Status.READY, schedule_name="Báo cáo định kỳ của Ban (sau mỗi kỳ)")
    assert notifications.report_notify_ready(report_id=report.pk) == 3
    assert notifications.report_notify_ready(report_id=report.pk) == 0
    for leader in (leader_user, every, quiet):
        notice = Notice.objects.get(recipient=leader, kind="report_ready")
        assert notice.text == "Báo cáo đã xong: Báo cáo khoa giáo 6 tháng đầu năm 2026"
        assert notice.path == f"/bao-cao/{report.pk}/"
    mail_send_due()
    (message,) = mail.outbox
    assert message.to == [every.email]
    assert message.subject == "[Cổng khoa giáo] Báo cáo đã xong: Báo cáo khoa giáo 6 tháng đầu năm 2026"
    assert "https://khoagiao.example.vn/thong-bao/" in message.body
    digest_send_daily(today=TODAY)
    mail_send_due()
    assert [m.to for m in mail.outbox[1:]] == [[leader_user.email]]
    assert "Báo cáo đã xong: Báo cáo khoa giáo 6 tháng đầu năm 2026" in mail.outbox[1].body


def test_a_scheduled_draft_tells_the_staff_and_its_issue_tells_the_leaders(
    private_files, staff_user, leader_user, scenario, monkeypatch, django_capture_on_commit_callbacks
):
    """The schedule makes a draft (#18): its first preview queues the staff's notice; only the
    approved report, when it is issued, queues the leaders' "ready" notice and the mailing."""
    drafts, ready, mailed = [], [], []
    monkeypatch.setattr(tasks.notify_draft_task, "apply_async", lambda args: drafts.append(args))
    monkeypatch.setattr(tasks.notify_ready_task, "apply_async", lambda args: ready.append(args))
    monkeypatch.setattr(tasks.dispatch_task, "apply_async", lambda args: mailed.append(args))
    report, _ = services.report_schedule_run(schedule_name="Báo cáo định kỳ", today=datetime.date(2026, 7, 5))
    with django_capture_on_commit_callbacks(execute=True):
        services.report_render(report_id=report.pk, heartbeat=False)
    assert drafts == [(str(report.pk),)]
    assert ready == []
    services.report_submit(report=report, by=staff_user)
    services.report_approve(report=report, by=leader_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_render(report_id=report.pk, heartbeat=False)
    assert ready == [(str(report.pk),)]
    assert mailed == [(str(report.pk),)]
    assert drafts == [(str(report.pk),)]


# --- the schedules --------------------------------------------------------------------------


def test_the_data_migration_creates_the_schedules_admins_edit(db):
    migration = importlib.import_module("reports.migrations.0002_schedules")
    migration.add_schedules(apps, None)
    migration.add_schedules(apps, None)  # again: nothing doubles
    rows = {t.name: t for t in PeriodicTask.objects.filter(task__startswith="reports.")}
    assert set(rows) == {migration.BAN_REPORT, migration.SWEEPER, migration.REMINDERS, migration.DIGEST}
    ban_report = rows[migration.BAN_REPORT]
    assert ban_report.task == "reports.periodic_report"
    assert (ban_report.crontab.day_of_month, ban_report.crontab.month_of_year) == ("5", "1,4,7,10")
    assert str(ban_report.crontab.timezone) == "Asia/Ho_Chi_Minh"
    assert json.loads(ban_report.kwargs) == {"schedule_name": migration.BAN_REPORT}
    assert rows[migration.SWEEPER].interval.every == 1
    assert rows[migration.DIGEST].crontab.day_of_week == "1"
    # An admin's change survives the next migrate / seed_demo.
    PeriodicTask.objects.filter(pk=ban_report.pk).update(enabled=False)
    migration.add_schedules(apps, None)
    assert not PeriodicTask.objects.get(pk=ban_report.pk).enabled


@pytest.mark.parametrize(
    ("run_on", "period"),
    [
        (datetime.date(2026, 4, 5), "2026-Q1"),
        (datetime.date(2026, 7, 5), "2026-H1"),
        (datetime.date(2026, 10, 5), "2026-9M"),
        (datetime.date(2027, 1, 5), "2026-Y"),
    ],
)
def test_the_bans_report_covers_the_period_that_just_ended(db, run_on, period):
    report, created = services.report_schedule_run(schedule_name="Báo cáo định kỳ", today=run_on)
    assert created
    assert report.period == Period.parse(period)
    assert report.kind == Report.Kind.BAN


@pytest.fixture
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path
