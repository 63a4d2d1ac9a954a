"""Which giao ban belongs to which period: the period it reviews (Meeting.period), never the day it
is held. A giao ban is usually held after its period has ended (quý I on 1 April, 9 months in
October); the report, the dashboard, a liaison's home page and the reminders all follow that rule
(Meeting.objects.reviewing / giao_ban_of)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from khoagiao.periods import Period
from meetings.models import Meeting, MeetingReport
from notices.models import Preference
from reports import notifications
from reports.dashboard import Filters, build_dashboard
from reports.models import Report
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory
from tests.reports.conftest import flat, render, text_of

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 8, 0))


def giao_ban(ban, period, held_on, *, title=None, status=Meeting.Status.HELD, invited=(), due=None):
    return MeetingFactory(
        organizer=ban,
        title=title or f"Hội nghị giao ban {Period.parse(period).name}",
        period=period,
        starts_at=at(*held_on),
        status=status,
        invited=list(invited),
        report_due_on=due,
    )


def reported(meeting, unit, results="Đã triển khai đầy đủ các nhiệm vụ."):
    return MeetingReport.objects.create(
        meeting=meeting, organization=unit, results=results, submitted_at=timezone.now()
    )


def test_a_meeting_reviews_the_periods_that_end_within_the_one_asked_for(ban):
    """The decision written in MeetingQuerySet.reviewing: a 6-month report takes the quý I and
    quý II meetings, a year report the 9-month one, a quarter the longer review ending with it."""
    q1 = giao_ban(ban, "2026-Q1", (2026, 4, 1))
    q2 = giao_ban(ban, "2026-Q2", (2026, 7, 2))
    h1 = giao_ban(ban, "2026-H1", (2026, 7, 3))
    m9 = giao_ban(ban, "2026-9M", (2026, 10, 12))
    year = giao_ban(ban, "2026-Y", (2026, 12, 18))
    giao_ban(ban, "2025-Y", (2026, 1, 8))  # last year's review, held this January
    MeetingFactory(organizer=ban, kind=Meeting.Kind.THEMATIC, period=None, starts_at=at(2026, 2, 1))

    def reviewing(period):
        return set(Meeting.objects.reviewing(period))

    assert reviewing("2026-Q1") == {q1}
    assert reviewing("2026-Q2") == {q2, h1}
    assert reviewing("2026-H1") == {q1, q2, h1}
    assert reviewing("2026-Q3") == {m9}
    assert reviewing("2026-9M") == {q1, q2, h1, m9}
    assert reviewing("2026-Y") == {q1, q2, h1, m9, year}
    # The one that stands for a period: its own meeting, else the one reviewing its latest part.
    assert Meeting.objects.giao_ban_of("2026-H1") == h1
    assert Meeting.objects.giao_ban_of("2026-Q2") == q2
    assert Meeting.objects.giao_ban_of("2026-Q3") == m9
    assert Meeting.objects.giao_ban_of("2026-Y") == year
    h1.delete()
    assert Meeting.objects.giao_ban_of("2026-H1") == q2
    assert Meeting.objects.giao_ban_of("2027-Q1") is None


def test_of_two_giao_ban_on_one_period_the_later_one_stands_for_it(ban):
    first = giao_ban(ban, "2026-H1", (2026, 6, 26))
    second = giao_ban(ban, "2026-H1", (2026, 7, 3))
    assert Meeting.objects.giao_ban_of("2026-H1") == second
    assert Meeting.objects.giao_ban_of("2026-Y") == second
    assert set(Meeting.objects.reviewing("2026-H1")) == {first, second}


@pytest.mark.pdftools
def test_a_quarter_report_shows_the_giao_ban_held_after_the_quarter(province_ban, org_a, org_b, staff_user):
    """Failed before: "Trong kỳ không tổ chức hội nghị giao ban" and then the units missing from
    that very meeting, and none of the units' reports."""
    meeting = giao_ban(
        province_ban,
        "2026-Q1",
        (2026, 4, 1),
        title="Hội nghị giao ban quý I",
        invited=[org_a, org_b],
    )
    reported(meeting, org_a, "Đã tổ chức 12 lớp bồi dưỡng chuyên môn.")
    report = render(by=staff_user, kind=Report.Kind.BAN, period="2026-Q1", as_of=datetime.date(2026, 4, 10))
    text = flat(text_of(report.file.path, "-raw"))
    assert "không tổ chức hội nghị giao ban" not in text
    assert "Hội nghị giao ban quý I, tổ chức ngày 01/04/2026: 1/2 đơn vị được mời gửi báo cáo." in text
    assert "Sở Giáo dục và Đào tạo: Đã tổ chức 12 lớp bồi dưỡng chuyên môn." in text
    assert "Đơn vị chưa gửi báo cáo tới Hội nghị giao ban quý I (ngày 01/04/2026): Sở Y tế." in text


@pytest.mark.pdftools
def test_with_two_giao_ban_on_a_period_the_report_names_the_one_its_figures_are_for(
    province_ban, org_a, org_b, staff_user
):
    """Failed before: the report showed the meeting held in June (to which unit A reported) and
    named unit A as missing, from the July meeting it did not show."""
    june = giao_ban(
        province_ban, "2026-H1", (2026, 6, 26), title="Hội nghị giao ban lần thứ nhất", invited=[org_a, org_b]
    )
    july = giao_ban(
        province_ban, "2026-H1", (2026, 7, 3), title="Hội nghị giao ban lần thứ hai", invited=[org_a, org_b]
    )
    reported(june, org_a, "Báo cáo gửi hội nghị lần thứ nhất.")
    reported(july, org_b, "Báo cáo gửi hội nghị lần thứ hai.")
    report = render(by=staff_user, kind=Report.Kind.BAN, period="2026-H1", as_of=datetime.date(2026, 7, 10))
    text = flat(text_of(report.file.path, "-raw"))
    assert "Hội nghị giao ban lần thứ nhất, tổ chức ngày 26/06/2026: 1/2 đơn vị" in text
    assert "Hội nghị giao ban lần thứ hai, tổ chức ngày 03/07/2026: 1/2 đơn vị" in text
    assert (
        "Đơn vị chưa gửi báo cáo tới Hội nghị giao ban lần thứ hai (ngày 03/07/2026): Sở Giáo dục và Đào tạo."
        in text
    )
    # The units' reports printed are those to the same meeting.
    assert "Kết quả các đơn vị báo cáo tới Hội nghị giao ban lần thứ hai (ngày 03/07/2026):" in text
    assert "Sở Y tế: Báo cáo gửi hội nghị lần thứ hai." in text
    assert "Báo cáo gửi hội nghị lần thứ nhất" not in text


def test_the_dashboard_lists_a_periods_giao_ban_by_the_period_it_reviews(ban, org_a, staff_user):
    """Failed before: the quý I meeting held on 1 April was listed under quý II and not quý I."""
    q1 = giao_ban(ban, "2026-Q1", (2026, 4, 1), invited=[org_a])
    today = datetime.date(2026, 5, 4)
    first = build_dashboard(staff_user, Filters(year=2026, kind="Q1"), today=today)
    assert [m.pk for m in first.meetings] == [q1.pk]
    assert first.reporting.meeting == q1
    second = build_dashboard(staff_user, Filters(year=2026, kind="Q2"), today=today)
    assert second.meetings == []
    assert second.reporting.meeting is None


def test_on_the_day_of_the_quarter_meeting_a_unit_is_told_it_owes_that_report(
    ban, org_a, liaison_a, login, monkeypatch
):
    """Failed before: on 1 April the home page looked at the 6-month period, which has no meeting
    yet, and said nothing of the quý I report the daily reminder asked for."""
    meeting = giao_ban(
        ban,
        "2026-Q1",
        (2026, 4, 1),
        title="Hội nghị giao ban quý I năm 2026",
        status=Meeting.Status.PLANNED,
        invited=[org_a],
        due=datetime.date(2026, 3, 28),
    )
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 4, 1))
    html = login(liaison_a).get("/").content.decode()
    assert "Đơn vị chưa gửi báo cáo cho “Hội nghị giao ban quý I năm 2026”" in html
    assert f'href="/hoi-nghi/{meeting.pk}/bao-cao/{org_a.pk}/"' in html
    # Once it is held, the page moves on to the period in progress.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    html = login(liaison_a).get("/").content.decode()
    assert "Đơn vị chưa gửi báo cáo cho" not in html


def test_a_unit_is_reminded_of_the_giao_ban_its_home_page_shows_and_no_other(
    ban, org_a, liaison_a, login, monkeypatch
):
    """Failed before: with a meeting moved to a new date by entering it again, the unit was
    reminded of both, the old one included."""
    old = giao_ban(
        ban,
        "2026-Q1",
        (2026, 4, 1),
        title="Hội nghị giao ban quý I (lịch cũ)",
        status=Meeting.Status.PLANNED,
        invited=[org_a],
        due=datetime.date(2026, 3, 28),
    )
    new = giao_ban(
        ban,
        "2026-Q1",
        (2026, 4, 8),
        title="Hội nghị giao ban quý I (lịch mới)",
        status=Meeting.Status.PLANNED,
        invited=[org_a],
        due=datetime.date(2026, 4, 3),
    )
    today = datetime.date(2026, 3, 30)
    Preference.objects.create(user=liaison_a, mail=Preference.Mail.EVERY)  # the reminder's own mail
    assert notifications.reminders_send_daily(today=today) == 1
    (message,) = mail.outbox
    assert "Hội nghị giao ban quý I (lịch mới) — hạn nộp 03/04/2026" in message.body
    assert old.title not in message.body
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    html = login(liaison_a).get("/").content.decode()
    assert f"/hoi-nghi/{new.pk}/bao-cao/{org_a.pk}/" in html
    assert f"/hoi-nghi/{old.pk}/bao-cao/" not in html


def test_the_weekly_digest_names_the_units_missing_from_the_meeting_after_the_period(ban, org_a, org_b):
    """Failed before: on 1 April the digest looked at the 6-month period and named nobody."""
    leader = UserFactory(username="leader-digest", role="leader", organization=ban)
    Preference.objects.create(user=leader, mail=Preference.Mail.EVERY)  # the digest as its own mail
    meeting = giao_ban(
        ban,
        "2026-Q1",
        (2026, 4, 1),
        status=Meeting.Status.PLANNED,
        invited=[org_a, org_b],
        due=datetime.date(2026, 3, 28),
    )
    reported(meeting, org_a)
    assert notifications.digest_send_weekly(today=datetime.date(2026, 4, 1)) == 1
    assert mail.outbox[0].to == [leader.email]
    assert "Đơn vị chưa gửi báo cáo quý I năm 2026: Sở Y tế" in mail.outbox[0].body
