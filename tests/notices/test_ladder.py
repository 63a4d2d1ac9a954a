"""Issue 14, acceptance 1-3: a month of simulated mornings (time-machine). Each step of a task's
reminder ladder fires once, on its day, to the right people; a changed deadline starts the ladder
again; a completed task stops it; beat firing twice sends nothing twice; a day with nothing due
sends no mail; nobody is told about a task it cannot see."""

import datetime
from collections import defaultdict

import pytest
from django.core import mail

from assignments.models import Task
from notices.models import Escalation, Mail, Notice, Preference
from notices.services import notify
from notices.tasks import daily_run
from tests.notices.conftest import days

pytestmark = pytest.mark.django_db
D = datetime.date


def walk(at, start, end, *, between=None):
    """Run the morning job (twice: beat fired twice) on every day; {day: [(username, kind)]} of
    the notices made that day, and {day: [(address, subject)]} of the mails sent."""
    notices, mails = defaultdict(list), defaultdict(list)
    for day in days(start, end):
        at(day)
        if between:
            between(day)
        before_notices = set(Notice.objects.values_list("pk", flat=True))
        before_mail = len(mail.outbox)
        daily_run()
        daily_run()
        for notice in Notice.objects.exclude(pk__in=before_notices).select_related("recipient"):
            notices[day].append((notice.recipient.username, notice.kind))
        for message in mail.outbox[before_mail:]:
            mails[day].append((message.to[0], message.subject))
    return notices, mails


def test_each_step_fires_once_on_its_day_to_the_right_people(
    ladder_settings,
    at,
    make_task,
    org_a,
    org_b,
    liaison_a,
    liaison_b,
    head_a,
    head_b,
    staff_user,
    leader_user,
):
    task = make_task(org_a, D(2026, 7, 10), cooperating=[org_b])
    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31))
    assert {day: sorted(made) for day, made in notices.items()} == {
        D(2026, 7, 7): [("liaison_a", "due_soon")],  # 3 days before the deadline
        D(2026, 7, 13): [("head_a", "overdue_head")],  # 3 days overdue
        D(2026, 7, 20): [("leader1", "overdue_ban"), ("staff1", "overdue_ban")],  # 10 days overdue
    }
    # The cooperating unit (B) supports the task but the ladder is the lead unit's.
    assert not Notice.objects.filter(recipient__in=[liaison_b, head_b]).exists()
    steps = Escalation.objects.filter(task=task).order_by("fired_on")
    assert [(s.step, s.fired_on) for s in steps] == [
        ("before", D(2026, 7, 7)),
        ("head", D(2026, 7, 13)),
        ("ban", D(2026, 7, 20)),
    ]
    assert steps[0].told == "Người dùng Thử (Sở GD&ĐT)"
    assert steps[1].told == "Trần Văn Hùng (Sở GD&ĐT)"


def test_the_people_and_the_days_exactly(
    ladder_settings, at, make_task, org_a, liaison_a, head_a, staff_user, leader_user
):
    make_task(org_a, D(2026, 7, 10))
    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31))
    assert {day: sorted(made) for day, made in notices.items()} == {
        D(2026, 7, 7): [("liaison_a", "due_soon")],
        D(2026, 7, 13): [("head_a", "overdue_head")],
        D(2026, 7, 20): [("leader1", "overdue_ban"), ("staff1", "overdue_ban")],
    }


def test_a_changed_deadline_starts_the_ladder_again(
    ladder_settings, at, make_task, org_a, liaison_a, head_a, staff_user
):
    task = make_task(org_a, D(2026, 7, 5))

    def move_deadline(day):
        if day == D(2026, 7, 9):  # after the head was told (08/07), staff give until 25/07
            Task.objects.filter(pk=task.pk).update(due_on=D(2026, 7, 25))

    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31), between=move_deadline)
    assert {day: sorted(made) for day, made in notices.items()} == {
        D(2026, 7, 2): [("liaison_a", "due_soon")],
        D(2026, 7, 8): [("head_a", "overdue_head")],
        D(2026, 7, 22): [("liaison_a", "due_soon")],  # the new deadline's ladder
        D(2026, 7, 28): [("head_a", "overdue_head")],
    }
    assert list(
        Escalation.objects.filter(task=task).values_list("deadline", "step").order_by("fired_on")
    ) == [
        (D(2026, 7, 5), "before"),
        (D(2026, 7, 5), "head"),
        (D(2026, 7, 25), "before"),
        (D(2026, 7, 25), "head"),
    ]


def test_a_completed_task_stops_the_ladder(
    ladder_settings, at, make_task, org_a, liaison_a, head_a, staff_user, leader_user
):
    task = make_task(org_a, D(2026, 7, 6))

    def complete(day):
        if day == D(2026, 7, 8):  # overdue, but done before its head would have been told (09/07)
            Task.objects.filter(pk=task.pk).update(completed_on=D(2026, 7, 8), progress=100)

    notices, _mails = walk(at, D(2026, 7, 1), D(2026, 7, 31), between=complete)
    assert {day: sorted(made) for day, made in notices.items()} == {
        D(2026, 7, 3): [("liaison_a", "due_soon")]
    }


def test_no_mail_on_a_day_with_nothing_due_and_every_mail_has_something(
    ladder_settings, at, make_task, org_a, liaison_a, head_a, staff_user, leader_user
):
    Preference.objects.create(user=staff_user, mail=Preference.Mail.EVERY)
    Preference.objects.create(user=head_a, mail=Preference.Mail.ESCALATIONS)
    make_task(org_a, D(2026, 7, 10))
    notices, mails = walk(at, D(2026, 7, 1), D(2026, 7, 31))
    # liaison_a and the leader take the daily digest (the default), the head escalations only,
    # staff every notice: the head, staff and the leader get one mail on the day that made their
    # notice; the liaison's digest also carries the daily reminder's lists, so it comes each day
    # the task is due within 7 days or overdue (from 03/07), one a day; 01/07 and 02/07 send nothing.
    # The leader's digest carries the week on the weekly digest's day (Mondays: 06, 13, 20, 27/07).
    assert {day: sorted(to for to, _subject in sent) for day, sent in mails.items()} == {
        **{day: [liaison_a.email] for day in days(D(2026, 7, 3), D(2026, 7, 31))},
        D(2026, 7, 6): sorted([leader_user.email, liaison_a.email]),
        D(2026, 7, 13): sorted([head_a.email, leader_user.email, liaison_a.email]),
        D(2026, 7, 20): sorted([leader_user.email, liaison_a.email, staff_user.email]),
        D(2026, 7, 27): sorted([leader_user.email, liaison_a.email]),
    }
    subjects = {(day, to): subject for day, sent in mails.items() for to, subject in sent}
    assert subjects[(D(2026, 7, 7), liaison_a.email)] == "Cổng khoa giáo: 1 thông báo mới, 07/07/2026"
    assert subjects[(D(2026, 7, 8), liaison_a.email)] == "Nhắc việc: nhiệm vụ và báo cáo của Sở GD&ĐT"
    assert (
        subjects[(D(2026, 7, 20), leader_user.email)]
        == "Cổng khoa giáo: 1 thông báo mới và tổng hợp tuần, 20/07/2026"
    )
    subjects = {to: subject for (_day, to), subject in subjects.items()}
    assert subjects[head_a.email].startswith("[Cổng khoa giáo] Quá hạn 3 ngày (hạn 10/07/2026), Sở GD&ĐT: ")
    for message in mail.outbox:
        assert "http://127.0.0.1:8000/thong-bao/" in message.body  # absolute links
        assert "quá hạn" in message.body.lower() or "đến hạn" in message.body
    assert Mail.objects.filter(sent_at__isnull=True).count() == 0


def test_nobody_is_told_about_a_task_it_cannot_see(
    ladder_settings, at, make_task, org_a, org_b, liaison_a, liaison_b, head_b
):
    task = make_task(org_a, D(2026, 7, 10))
    assert notify(recipient=liaison_b, kind="due_soon", about=task, text="x", key="probe") is None
    assert notify(recipient=head_b, kind="overdue_head", about=task, text="x", key="probe") is None
    walk(at, D(2026, 7, 1), D(2026, 7, 31))
    for notice in Notice.objects.select_related("recipient"):
        assert Task.objects.visible_to(notice.recipient).filter(pk=task.pk).exists(), notice.recipient
    assert not Notice.objects.filter(recipient__in=[liaison_b, head_b]).exists()
