"""Acceptance 5 in Chromium with a real worker: a leader opens the dashboard, follows the overdue
figure to the task list, asks for a report, watches it become ready and downloads it."""

import re

import pytest
from playwright.sync_api import expect

from reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_leader_follows_the_overdue_figure_then_makes_and_downloads_a_report(
    worker_env, scenario, leader_user, browser_login, live_server, screenshot_dir, celery_worker_process
):
    page = browser_login(leader_user)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Tổng quan", level=1)).to_be_visible()
    overdue = page.locator('a.kpi-card[data-figure="overdue"]')
    expect(overdue).to_contain_text("quá hạn")
    figure = int(overdue.locator(".kpi-value").inner_text())
    assert figure > 0
    page.screenshot(path=str(screenshot_dir / "reports-dashboard.png"), full_page=True)

    overdue.click()
    expect(page).to_have_url(re.compile(r"/nhiem-vu/\?.*bucket=overdue"))
    expect(page.get_by_role("heading", name="Nhiệm vụ", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=scenario["tasks"]["a_overdue"].title)).to_be_visible()
    expect(page.get_by_role("link", name=scenario["tasks"]["b_overdue"].title)).to_be_visible()
    expect(page.get_by_role("link", name=scenario["tasks"]["a_on_time"].title)).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "reports-overdue-list.png"), full_page=True)

    page.go_back()
    page.get_by_role("button", name="Tạo báo cáo của Ban").click()
    expect(page.get_by_role("heading", name=re.compile("Báo cáo định kỳ của Ban"), level=1)).to_be_visible()
    expect(page.get_by_text("Đã gửi yêu cầu tạo báo cáo.")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "reports-requested.png"), full_page=True)
    # static/js/reports.js polls the status and reloads the page when it changes.
    expect(page.locator(".report-status")).to_have_text("Đã xong", timeout=90_000)
    expect(page.get_by_text(re.compile(r"Đã xong: \d+ trang\."))).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "reports-ready.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tệp PDF").first.click()
    download = info.value
    assert download.suggested_filename.startswith("Báo cáo khoa giáo năm 2026")
    data = download.path().read_bytes()
    report = Report.objects.get()
    assert report.status == Report.Status.READY
    assert data.startswith(b"%PDF-")
    assert len(data) == report.size


def test_the_dashboard_on_a_phone(scenario, leader_user, browser, live_server, screenshot_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(leader_user.username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator('a.kpi-card[data-figure="overdue"]')).to_be_visible()
    # Nothing is wider than the screen except inside the scrolling tables.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.screenshot(path=str(screenshot_dir / "reports-dashboard-phone.png"), full_page=True)
    context.close()
