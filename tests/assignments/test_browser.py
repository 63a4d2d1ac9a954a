"""Acceptance 4, in Chromium: a liaison signs in, sees only its unit's tasks, posts a progress report
with an attachment, and the Ban's staff member sees it on the task's timeline. Screenshots of each
step (desktop and phone) go to var/screenshots/."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.assignments.factories import PDF_BYTES, TaskFactory
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def sign_in(browser, live_server, user, viewport=DESKTOP):
    context = browser.new_context(
        viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", is_mobile=viewport is PHONE
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return context, page


@pytest.fixture
def world(org_a, org_b, khoa_giao_fields):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)
    return {
        "own": TaskFactory(
            title="Tuyên truyền Nghị quyết 71-NQ/TW trong trường học",
            lead=org_a,
            assigned_on=start,
            due_on=today + datetime.timedelta(days=10),
            field=khoa_giao_fields["giao_duc_dao_tao"],
        ),
        "late": TaskFactory(
            title="Báo cáo kết quả tuyển sinh lớp 10",
            lead=org_a,
            assigned_on=start,
            due_on=today - datetime.timedelta(days=3),
        ),
        "supported": TaskFactory(
            title="Sơ kết Nghị quyết 57-NQ/TW về chuyển đổi số",
            lead=org_b,
            cooperating=[org_a],
            assigned_on=start,
            due_on=today + datetime.timedelta(days=40),
        ),
        "other": TaskFactory(
            title="Kế hoạch củng cố y tế cơ sở của Sở Y tế",
            lead=org_b,
            assigned_on=start,
            due_on=today + datetime.timedelta(days=20),
        ),
    }


def test_a_liaison_reports_progress_with_a_file_and_staff_see_it_on_the_timeline(
    browser, live_server, world, liaison_a, staff_user, private_root, screenshot_dir, tmp_path
):
    report = tmp_path / "Báo cáo tiến độ tháng 11.pdf"
    report.write_bytes(PDF_BYTES)

    # The liaison's home page: only its unit's tasks, overdue first.
    context, page = sign_in(browser, live_server, liaison_a)
    expect(page.get_by_role("heading", name="Nhiệm vụ của Sở GD&ĐT")).to_be_visible()
    expect(page.locator("[data-task-id]").first).to_contain_text("Báo cáo kết quả tuyển sinh lớp 10")
    expect(page.get_by_text("Kế hoạch củng cố y tế cơ sở của Sở Y tế")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "tasks-liaison-home.png"), full_page=True)

    # The task list: its own two tasks and the one it cooperates on, nothing of Sở Y tế alone.
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Nhiệm vụ").click()
    rows = page.locator("tr[data-task-id]")
    expect(rows).to_have_count(3)
    expect(page.get_by_text("Kế hoạch củng cố y tế cơ sở của Sở Y tế")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "tasks-liaison-list.png"), full_page=True)

    # Report progress with a file, from the task's page.
    page.get_by_role("link", name=world["own"].title).click()
    page.get_by_label("Nội dung báo cáo").fill("Đã tổ chức 12 buổi tuyên truyền tại các trường THPT.")
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Tệp đính kèm").set_input_files(str(report))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo tiến độ.")).to_be_visible()
    timeline = page.locator("#timeline").locator("xpath=..")
    expect(timeline).to_contain_text("Đã tổ chức 12 buổi tuyên truyền")
    expect(timeline.get_by_role("link", name="Báo cáo tiến độ tháng 11.pdf")).to_be_visible()
    expect(page.locator(".work-progress-figure").first).to_have_text("60 %")
    page.screenshot(path=str(screenshot_dir / "tasks-liaison-reported.png"), full_page=True)
    context.close()

    # The same liaison on a phone: the home page and the task page stay usable.
    context, page = sign_in(browser, live_server, liaison_a, PHONE)
    page.screenshot(path=str(screenshot_dir / "tasks-liaison-home-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/nhiem-vu/")
    page.screenshot(path=str(screenshot_dir / "tasks-liaison-list-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/nhiem-vu/{world['own'].pk}/")
    page.screenshot(path=str(screenshot_dir / "tasks-liaison-detail-phone.png"), full_page=True)
    context.close()

    # The Ban's staff member finds the report and its file on the timeline, and downloads it.
    context, page = sign_in(browser, live_server, staff_user)
    page.goto(f"{live_server.url}/nhiem-vu/{world['own'].pk}/")
    timeline = page.locator("#timeline").locator("xpath=..")
    expect(timeline).to_contain_text("Đã tổ chức 12 buổi tuyên truyền tại các trường THPT.")
    expect(timeline).to_contain_text("Sở GD&ĐT")
    expect(timeline).to_contain_text("Tiến độ: 60 %")
    with page.expect_download() as download:
        timeline.get_by_role("link", name="Báo cáo tiến độ tháng 11.pdf").click()
    assert download.value.suggested_filename == "Báo cáo tiến độ tháng 11.pdf"
    assert open(download.value.path(), "rb").read() == PDF_BYTES  # noqa: SIM115
    expect(page.get_by_text(re.compile("Lịch sử thay đổi"))).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "tasks-staff-timeline.png"), full_page=True)
    context.close()
