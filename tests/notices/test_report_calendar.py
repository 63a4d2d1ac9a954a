"""Issue 14, the units' report calendar: a unit that owes its report to the coming giao ban is
reminded before the due date and on the day (its liaison), and its head is told when it is late;
a unit that has submitted hears nothing; the calendar page lists who still owes, a unit only its own."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Meeting, MeetingReport
from notices.models import Notice
from notices.tasks import daily_run
from tests.notices.conftest import days
from tests.sign_in import sign_in

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def giao_ban(ban, org_a, org_b):
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.GIAO_BAN,
        title="Hội nghị giao ban công tác khoa giáo quý III năm 2026",
        period="2026-Q3",
        starts_at=timezone.make_aware(datetime.datetime(2026, 10, 20, 8, 0)),
        organizer=ban,
        report_due_on=D(2026, 10, 10),
    )
    meeting.invited.set([org_a, org_b])
    return meeting


def test_reminders_before_on_the_day_and_late_to_the_unit_that_owes(
    ladder_settings, at, giao_ban, org_b, liaison_a, liaison_b, head_a, head_b
):
    made = {}
    for day in days(D(2026, 10, 1), D(2026, 10, 20)):
        at(day)
        if day == D(2026, 10, 8):  # unit B sends its report after the first reminder, in time
            MeetingReport.objects.create(
                meeting=giao_ban, organization=org_b, submitted_at=timezone.now(), results="Báo cáo quý III"
            )
        before = set(Notice.objects.values_list("pk", flat=True))
        daily_run()
        daily_run()
        new = sorted(Notice.objects.exclude(pk__in=before).values_list("recipient__username", "kind"))
        if new:
            made[day] = new
    assert made == {
        D(2026, 10, 7): [("liaison_a", "report_due"), ("liaison_b", "report_due")],  # 3 days before
        D(2026, 10, 10): [("liaison_a", "report_due")],  # on the day; B has sent its report
        D(2026, 10, 11): [("head_a", "report_late")],  # late: unit A's head
    }
    (late,) = Notice.objects.filter(kind="report_late")
    assert late.text == "Báo cáo gửi giao ban quá hạn (hạn 10/10/2026): " + giao_ban.title
    assert late.path == f"/hoi-nghi/{giao_ban.pk}/"


def test_the_calendar_page_lists_who_owes(
    ladder_settings, client, at, giao_ban, org_a, staff_user, liaison_b
):
    at(D(2026, 10, 8))
    sign_in(client, staff_user)
    page = client.get("/thong-bao/lich-bao-cao/").content.decode()
    assert "Sở Giáo dục và Đào tạo" in page
    assert "Sở Y tế" in page
    assert "còn 2 ngày" in page
    client.logout()
    sign_in(client, liaison_b)
    page = client.get("/thong-bao/lich-bao-cao/").content.decode()
    assert "Sở Y tế" in page
    assert "Sở Giáo dục và Đào tạo" not in page
