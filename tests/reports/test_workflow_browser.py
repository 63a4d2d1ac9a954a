"""Issue #18, acceptance 1 in Chromium with a real Celery worker: the scheduled job makes a draft
for a period with a giao ban; a staff member writes the limitations; a leader returns it with a
comment; the staff member writes again; the leader approves; the issued PDF (pdftotext) holds the
edited text, the number "1-BC/…" and the approval day, and its figures are the dashboard's."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import Report
from reports.tasks import periodic_report_task
from tests.directives.factories import DirectiveFactory
from tests.reports.conftest import flat, task, text_of, wait_for
from tests.reports.drafting import PERIOD, giao_ban_scene
from tests.reports.test_pdf import _row

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]
SCHEDULE = "Báo cáo định kỳ của Ban (sau mỗi kỳ)"


def _sign_out(page, live_server):
    page.context.clear_cookies()


def test_a_scheduled_draft_is_written_returned_approved_numbered_and_issued(
    worker_env,
    province_ban,
    org_a,
    org_b,
    khoa_giao_fields,
    staff_user,
    leader_user,
    browser_login,
    live_server,
    screenshot_dir,
    celery_worker_process,
):
    giao_ban_scene(province_ban, org_a, org_b, khoa_giao_fields)
    directive = DirectiveFactory(sequence=128, title="Hướng dẫn công tác khoa giáo năm 2026")
    d = datetime.date
    task(org_a, d(2026, 3, 31), directive=directive, done=d(2026, 3, 30))
    task(org_a, d(2026, 4, 30), directive=directive, done=d(2026, 5, 10))
    task(org_a, d(2026, 6, 15), directive=directive)
    task(org_b, d(2026, 2, 28), directive=directive)

    # The scheduled job, in the worker: a draft, and its first preview.
    periodic_report_task.delay(SCHEDULE, PERIOD)
    report = wait_for(lambda: Report.objects.filter(schedule_name=SCHEDULE).first(), what="the draft")
    wait_for(
        lambda: Report.objects.filter(pk=report.pk, status=Report.Status.READY).exists(),
        what="the draft's preview",
    )
    report.refresh_from_db()
    assert report.stage == Report.Stage.DRAFT
    assert report.number == ""

    page = browser_login(staff_user)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    expect(page.locator(".report-stage")).to_have_text("Dự thảo")
    expect(page.get_by_text("Sở Giáo dục và Đào tạo: Thiếu giáo viên ở vùng sâu.")).to_be_visible()
    page.get_by_role("link", name="Soạn nội dung").click()
    page.get_by_label("Hạn chế và nguyên nhân").fill(
        "- Sở Giáo dục và Đào tạo: thiếu giáo viên ở vùng sâu, vùng xa.\n- Kinh phí tuyên truyền còn hạn chế."
    )
    page.get_by_role("button", name="Lưu các phần nội dung").click()
    expect(page.get_by_text("Đã lưu các phần nội dung.")).to_be_visible()
    page.get_by_role("button", name="Trình lãnh đạo").click()
    expect(page.locator(".report-stage")).to_have_text("Đã trình lãnh đạo")
    page.screenshot(path=str(screenshot_dir / "report-draft-submitted.png"), full_page=True)

    _sign_out(page, live_server)
    page = browser_login(leader_user)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    page.get_by_label("Ý kiến").fill("Nêu rõ nguyên nhân của hạn chế về kinh phí.")
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.locator(".report-stage")).to_have_text("Trả lại để sửa")
    expect(page.locator(".report-comments")).to_contain_text("Nêu rõ nguyên nhân của hạn chế về kinh phí.")

    _sign_out(page, live_server)
    page = browser_login(staff_user)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    expect(page.locator(".report-comments")).to_contain_text("Nêu rõ nguyên nhân")
    page.get_by_role("link", name="Soạn nội dung").click()
    limitations = page.get_by_label("Hạn chế và nguyên nhân")
    limitations.fill(
        limitations.input_value()
        + "\nNguyên nhân: dự toán năm 2026 được giao chậm, chưa bố trí kinh phí cho tuyên truyền."
    )
    page.get_by_role("button", name="Lưu các phần nội dung").click()
    page.get_by_role("button", name="Trình lãnh đạo").click()
    expect(page.locator(".report-stage")).to_have_text("Đã trình lãnh đạo")

    _sign_out(page, live_server)
    page = browser_login(leader_user)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    page.get_by_role("button", name="Phê duyệt và ban hành").click()
    expect(page.get_by_text("Đã phê duyệt báo cáo")).to_be_visible()
    approval_day = timezone.localdate()
    # static/js/reports.js reloads the page when the final PDF is ready.
    expect(page.locator(".report-stage")).to_have_text("Đã ban hành", timeout=90_000)
    expect(page.locator(".register-number")).to_contain_text("1-BC/BTGDVTU")
    page.screenshot(path=str(screenshot_dir / "report-issued.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tệp PDF").first.click()
    pdf_path = info.value.path()
    text = flat(text_of(pdf_path, "-raw"))
    assert "Số 1-BC/BTGDVTU" in text
    month = f"{approval_day.month:02d}" if approval_day.month < 3 else str(approval_day.month)
    assert f"Khánh Hòa, ngày {approval_day.day:02d} tháng {month} năm {approval_day.year}" in text
    assert "Sở Giáo dục và Đào tạo: thiếu giáo viên ở vùng sâu, vùng xa." in text
    assert "Nguyên nhân: dự toán năm 2026 được giao chậm" in text
    assert (
        "Sở Giáo dục và Đào tạo: Thiếu giáo viên ở vùng sâu." not in text
    )  # the pre-filled text was replaced

    # The figures are the dashboard's for the same period.
    page.goto(f"{live_server.url}/bao-cao/tong-quan/?year=2026&period=H1")
    shown = {
        name: page.locator(f'a.kpi-card[data-figure="{name}"] .kpi-value').inner_text()
        for name in ("total", "done_on_time", "done_late", "open", "overdue")
    }
    layout = text_of(pdf_path, "-layout")
    totals = _row(layout.split("Phụ lục 1")[1], "Tổng số")
    assert totals[:5] == [
        shown["total"],
        shown["done_on_time"],
        shown["done_late"],
        shown["open"],
        shown["overdue"],
    ]
    assert f"Trong kỳ có {shown['total']} nhiệm vụ đến hạn" in text
    assert shown["total"] == "4"

    # The register page lists it, for staff and leaders.
    page.goto(f"{live_server.url}/bao-cao/so-van-ban-di/")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("1-BC/BTGDVTU")
    expect(row).to_contain_text(approval_day.strftime("%d/%m/%Y"))
    expect(row).to_contain_text(re.compile("Báo cáo kết quả công tác khoa giáo 6 tháng đầu năm 2026"))
    page.screenshot(path=str(screenshot_dir / "register.png"), full_page=True)
