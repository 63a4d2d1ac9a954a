"""Issue #18: the reports page says what the Ban's schedule now does — it makes a draft the staff
are told of, which a leader approves before it is numbered and issued — not that the leaders get a
mail when the report is done; and the stored description of the schedule says the same."""

import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db
SCHEDULES = importlib.import_module("reports.migrations.0002_schedules")
WORDING = importlib.import_module("reports.migrations.0007_draft_schedule_description")
OLD_PROMISE = "lãnh đạo Ban nhận thư có đường dẫn khi báo cáo xong"


def test_the_reports_page_describes_the_schedule_as_a_draft_for_the_staff(staff_user, client, login):
    SCHEDULES.add_schedules(apps, None)
    # Even a row still holding the old text: the page tells what the code does.
    PeriodicTask.objects.filter(name=SCHEDULES.BAN_REPORT).update(description=WORDING.OLD)
    login(staff_user)
    html = client.get("/bao-cao/").content.decode()
    assert OLD_PROMISE not in html
    assert (
        "Lập dự thảo báo cáo tiến độ công tác khoa giáo của Ban cho kỳ vừa kết thúc (quý I, 6 tháng, "
        "9 tháng, năm) và gửi thư có đường dẫn đến chuyên viên; chuyên viên hoàn thiện dự thảo, trình "
        "lãnh đạo Ban; báo cáo chỉ được cấp số, ban hành và gửi đi sau khi lãnh đạo Ban phê duyệt."
    ) in html
    assert (
        "Nhắc cán bộ đầu mối các nhiệm vụ sắp đến hạn, quá hạn và báo cáo giao ban chưa nộp (người chọn "
        "nhận thư tổng hợp hằng ngày thấy nội dung này trong thư tổng hợp)."
    ) in html


def test_the_stored_description_is_rewritten_unless_an_admin_changed_it():
    SCHEDULES.add_schedules(apps, None)
    rows = PeriodicTask.objects.filter(name=SCHEDULES.BAN_REPORT)
    rows.update(description=WORDING.OLD)
    WORDING._replace(WORDING.OLD, WORDING.NEW)(apps, None)
    assert rows.get().description == WORDING.NEW
    assert OLD_PROMISE not in rows.get().description
    rows.update(description="Mô tả do quản trị viên tự viết.")
    WORDING._replace(WORDING.OLD, WORDING.NEW)(apps, None)
    assert rows.get().description == "Mô tả do quản trị viên tự viết."
