"""Issue 14: "e-mail follows the user's preference (every notice, a daily digest, or none except
escalations)". What a user who takes the daily digest ("Một thư tổng hợp mỗi ngày") receives, day
by day, over a month of simulated mornings with tasks reaching every step of the ladder, a stale
task and a giao ban report owed (before, on the day, late)."""

import datetime
import importlib
from collections import defaultdict

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from meetings.models import Meeting
from notices.models import Mail, Notice, Preference
from notices.services import digest_send_daily, mail_send_due
from notices.tasks import daily_run
from reports import notifications
from tests.factories import UserFactory
from tests.notices.conftest import days

pytestmark = pytest.mark.django_db
D = datetime.date
JULY = (D(2026, 7, 1), D(2026, 7, 31))


@pytest.fixture
def month(ladder_settings, make_task, ban, org_a, liaison_a, head_a, staff_user, leader_user):
    """Every step reached in July 2026 (everyone takes the digest, the default): a task due 10/07
    (liaison 07/07, head 13/07, the Ban 20/07, a Monday), one due 24/07 (liaison 21/07, head
    27/07), stale reminders every 14 days from the assignment (01/06), and unit A's report to the
    quý II giao ban due 15/07 (liaison 12/07 and 15/07, head 16/07)."""
    ladder_settings.NOTICES_STALE_DAYS = 14
    make_task(org_a, D(2026, 7, 10))
    make_task(org_a, D(2026, 7, 24), assigned_on=D(2026, 7, 2))
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.GIAO_BAN,
        title="Hội nghị giao ban công tác khoa giáo quý II năm 2026",
        period="2026-Q2",
        starts_at=timezone.make_aware(datetime.datetime(2026, 7, 25, 8, 0)),
        organizer=ban,
        report_due_on=D(2026, 7, 15),
    )
    meeting.invited.set([org_a])
    return {"liaison": liaison_a, "head": head_a, "staff": staff_user, "leader": leader_user}


def mornings(at, *, whole_morning=False, between=None):
    """{(day, address): [subjects]} of the mails sent each morning of July: the notices' job
    (06:30); with `whole_morning`, also beat's other morning mails (the liaisons' reminder at 07:00
    and, on Mondays, the leaders' weekly digest)."""
    sent = defaultdict(list)
    for day in days(*JULY):
        at(day)
        if between:
            between(day)
        before = len(mail.outbox)
        daily_run()
        daily_run()  # beat fired twice
        if whole_morning:
            notifications.reminders_send_daily()
            if day.weekday() == 0:
                notifications.digest_send_weekly()
        for message in mail.outbox[before:]:
            sent[(day, message.to[0])].append(message.subject)
    return sent


def per_person(sent):
    by_person = defaultdict(list)
    for (day, address), subjects in sorted(sent.items()):
        by_person[address.split("@")[0]].extend([day.day] * len(subjects))
    return dict(by_person)


def test_a_digest_user_gets_one_mail_on_each_day_with_something_and_none_otherwise(at, month):
    """The whole morning: the notices' job, the liaisons' reminder, the weekly digest. The liaison's
    daily reminder rides in its digest (reports.notifications.reminder_of): before, the reminder at
    07:00 came as a second mail on each day the digest had a notice (07/07, 12/07, 13/07, ...)."""
    sent = mornings(at, whole_morning=True)
    people = per_person(sent)
    # The liaison: a stale task on 01/07, then each day from 03/07 (the first task due within 7
    # days, then overdue); one mail each day, whether it holds notices, the reminder or both.
    assert people["liaison_a"] == [1, *range(3, 32)]
    # The head: stale (01/07, 13/07, 16/07, 27/07, 30/07), overdue (13/07, 27/07), the report late (16/07).
    assert people["head_a"] == [1, 13, 16, 27, 30]
    assert people["staff1"] == [20]  # who assigned it: the Ban's step
    # The leader: each Monday, one mail: the week rides in the digest, with the Ban's step on 20/07.
    assert people["leader1"] == [6, 13, 20, 27]
    digest = {(day.day, subject) for (day, address), subjects in sent.items() for subject in subjects}
    assert (7, "Cổng khoa giáo: 1 thông báo mới, 07/07/2026") in digest
    assert (8, "Nhắc việc: nhiệm vụ và báo cáo của Sở GD&ĐT") in digest
    assert Notice.objects.filter(mailed_at__isnull=True).count() == 0


def test_the_digest_holds_the_notices_and_the_reminders_lists(at, month):
    at(D(2026, 7, 12))
    daily_run()
    (message,) = [m for m in mail.outbox if m.to == [month["liaison"].email]]
    assert message.subject == "Cổng khoa giáo: 2 thông báo mới, 12/07/2026"  # the report, a stale task
    body = message.body
    assert "Báo cáo gửi giao ban hạn ngày 15/07/2026" in body  # the notice
    assert "Nhiệm vụ chưa hoàn thành, quá hạn:" in body  # the reminder's lists
    assert "Hội nghị giao ban công tác khoa giáo quý II năm 2026 — hạn nộp 15/07/2026" in body
    assert "&amp;" not in body


@pytest.mark.parametrize("choice", ["every", "escalations"])
def test_the_other_preferences(at, month, choice):
    """Every notice: each notice its own mail, and the reminder's own mail each day. Escalations
    only: no reminder and no digest; a liaison is told of nothing that is an escalation."""
    Preference.objects.create(user=month["liaison"], mail=choice)
    sent = mornings(at, whole_morning=True)
    liaison = [
        day for (day, address), subjects in sent.items() for _ in subjects if address.startswith("liaison_a")
    ]
    if choice == "escalations":
        assert liaison == []
    else:
        reminders = [
            day
            for (day, address), subjects in sent.items()
            for subject in subjects
            if address.startswith("liaison_a") and subject.startswith("Nhắc việc")
        ]
        assert sorted(day.day for day in reminders) == list(range(3, 32))
        assert len(liaison) == len(reminders) + Notice.objects.filter(recipient=month["liaison"]).count()


def test_the_mail_server_down_does_not_make_two_digests_on_the_day_it_is_back(at, month, settings):
    """The liaison's digest of 12/07 cannot be sent (the server is down until 13/07 noon); its
    notice of 13/07 does not make a second digest that would arrive with it: it goes in 14/07's."""

    def server(day):
        down = day == D(2026, 7, 12) or day == D(2026, 7, 13)
        settings.EMAIL_BACKEND = (
            "django.core.mail.backends.smtp.EmailBackend"
            if down
            else "django.core.mail.backends.locmem.EmailBackend"
        )
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there

    received = defaultdict(list)
    for day in days(D(2026, 7, 11), D(2026, 7, 16)):
        at(day)
        server(day)
        before = len(mail.outbox)
        daily_run()
        if day == D(2026, 7, 13):  # noon: the server is back, the sender's minute job runs
            settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
            Mail.objects.update(next_try_at=timezone.now())
            mail_send_due()
        for message in mail.outbox[before:]:
            received[(day, message.to[0])].append(message.subject)
    liaison = month["liaison"].email
    liaison, head = month["liaison"], month["head"]
    # 13/07: the liaison's digest of 12/07 goes out at noon, alone; the head's of 13/07 likewise.
    assert received[(D(2026, 7, 13), liaison.email)] == ["Cổng khoa giáo: 1 thông báo mới, 12/07/2026"]
    assert received[(D(2026, 7, 13), head.email)] == ["Cổng khoa giáo: 2 thông báo mới, 13/07/2026"]
    # The liaison's notice of 13/07 waited for the next morning's digest.
    waited = Notice.objects.get(recipient=liaison, created_at__date=D(2026, 7, 13))
    assert timezone.localdate(waited.mailed_at) == D(2026, 7, 14)
    assert received[(D(2026, 7, 14), liaison.email)] == ["Cổng khoa giáo: 1 thông báo mới, 14/07/2026"]
    assert all(len(subjects) == 1 for subjects in received.values())
    assert digest_send_daily() == 0  # nothing left unmailed
    assert Mail.objects.filter(sent_at__isnull=True).count() == 0


def test_the_whole_morning_sends_a_digest_user_one_mail_a_day(at, month):
    sent = mornings(at, whole_morning=True)
    twice = {key: subjects for key, subjects in sent.items() if len(subjects) > 1}
    assert twice == {}


# --- the weekly digest's day (issue 14) --------------------------------------------------------

WEEK_OF_13 = "Tổng hợp tình hình nhiệm vụ công tác khoa giáo tuần từ 13/07/2026"


@pytest.fixture
def leaders(month, ban):
    """Three leaders, one per choice: the month's (the daily digest, the default), one who takes
    every notice, one who asked for escalations only."""
    every = UserFactory(username="leader_every", role="leader", organization=ban)
    quiet = UserFactory(username="leader_quiet", role="leader", organization=ban)
    Preference.objects.create(user=every, mail=Preference.Mail.EVERY)
    Preference.objects.create(user=quiet, mail=Preference.Mail.ESCALATIONS)
    return {"digest": month["leader"], "every": every, "quiet": quiet}


def received(jobs):
    """{username: [messages]} of the mails the jobs sent, in their order."""
    before = len(mail.outbox)
    for job in jobs:
        job()
    by_user = defaultdict(list)
    for message in mail.outbox[before:]:
        by_user[message.to[0].split("@")[0]].append(message)
    return by_user


def week_in(body):
    """The week's part of a mail, as a leader reads it: from the figures to the dashboard's link."""
    start = body.index("Nhiệm vụ công tác khoa giáo đến hạn trong năm 2026")
    return body[start : body.index("http://127.0.0.1:8000/\n", start)]


def test_the_weekly_digests_day_whatever_the_order_of_the_jobs_and_twice(at, leaders):
    """Monday 13/07, nothing new for the leaders but a week to tell; the weekly job first (beat's
    order reversed), then each job again. The digest leader gets one mail, the week's; the one who
    takes every notice gets the weekly digest as its own mail, the same week; escalations only,
    none."""
    at(D(2026, 7, 13))
    weekly = notifications.digest_send_weekly
    sent = received([weekly, daily_run, weekly, daily_run])
    (digest,) = sent["leader1"]
    (own,) = sent["leader_every"]
    assert "leader_quiet" not in sent
    assert digest.subject == own.subject == WEEK_OF_13
    week = week_in(digest.body)
    assert "số liệu đến ngày 13/07/2026:\n- Tổng số: 2\n" in week
    assert "- Chưa hoàn thành, quá hạn: 1\n" in week
    assert "— Sở GD&ĐT, hạn 10/07/2026\n" in week  # the overdue task
    assert "Đơn vị chưa gửi báo cáo 6 tháng đầu năm 2026: Sở GD&ĐT" in week
    assert week == week_in(own.body)  # one renderer
    # Monday 20/07, beat's order: the Ban's step tells the leaders of the task due 10/07; the
    # digest leader's one mail holds that notice and the week.
    at(D(2026, 7, 20))
    sent = received([daily_run, daily_run, weekly, weekly])
    (digest,) = sent["leader1"]
    assert digest.subject == "Cổng khoa giáo: 1 thông báo mới và tổng hợp tuần, 20/07/2026"
    assert "- Quá hạn 10 ngày (hạn 10/07/2026), Sở GD&ĐT: Nhiệm vụ tuyên truyền số" in digest.body
    assert "số liệu đến ngày 20/07/2026:\n- Tổng số: 2\n" in week_in(digest.body)
    weeks = [m for m in sent["leader_every"] if m.subject.startswith("Tổng hợp tình hình")]
    assert len(weeks) == 1  # and the notice's own mail beside it: every notice
    assert sent["leader_quiet"]  # the escalation, alone
    assert not [m for m in sent["leader_quiet"] if "Tổng hợp tình hình" in m.subject + m.body]


def test_a_monday_with_nothing_to_say_sends_no_mail(at, ladder_settings, leader_user):
    at(D(2026, 7, 13))
    assert received([daily_run, notifications.digest_send_weekly]) == {}


def test_the_week_rides_on_the_day_the_admins_set_for_the_weekly_digest(at, month):
    """Periodic tasks: the weekly digest moved to Tuesday. The digest leader's Monday has nothing;
    its Tuesday mail holds the week."""
    schedules = importlib.import_module("reports.migrations.0002_schedules")
    schedules.add_schedules(apps, None)
    crontab = PeriodicTask.objects.get(task="reports.weekly_digest").crontab
    crontab.day_of_week = "2"
    crontab.save()
    at(D(2026, 7, 13))
    assert received([daily_run]).get("leader1") is None
    at(D(2026, 7, 14))
    (tuesday,) = received([daily_run])["leader1"]
    assert tuesday.subject == WEEK_OF_13
