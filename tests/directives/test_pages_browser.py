"""The register's pages with the demo data, on a desktop and on a phone: screenshots to look at,
and the things a reader must notice (overdue milestones, the classified banner)."""

import pytest
from playwright.sync_api import expect

from demo import directives as directives_demo
from demo import organizations as organizations_demo
from directives.models import Directive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_register(khoa_giao_fields):
    organizations_demo.seed("mat-khau-thu-nghiem-2026")
    return directives_demo.seed()


def test_list_detail_and_form_on_a_desktop(
    browser_login, live_server, demo_register, staff_user, screenshot_dir
):
    page = browser_login(staff_user)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/van-ban/")
    expect(page.get_by_role("link", name="128-HD/BTGTW")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "directives-list.png"), full_page=True)

    page.get_by_label("Năm").select_option("2023")
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="45-NQ/TW")).to_be_visible()
    expect(page.get_by_role("link", name="57-NQ/TW")).to_have_count(0)

    d57 = Directive.objects.get(number="57-NQ/TW")
    page.goto(f"{live_server.url}/van-ban/{d57.pk}/")
    expect(page.locator(".milestone-overdue")).to_have_count(1)
    expect(page.locator(".milestone-done")).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "directives-detail-57.png"), full_page=True)

    page.get_by_role("link", name="Sửa", exact=True).first.click()
    page.get_by_label("Độ mật").select_option("mat")
    expect(page.locator("[data-classified-warning]")).to_be_visible()
    page.get_by_label("Tóm tắt").fill("Nội dung không được lưu")
    page.get_by_role("button", name="Lưu").click()
    expect(
        page.get_by_text("Văn bản mật (Mật, Tối mật, Tuyệt mật) chỉ lưu thông tin đăng ký")
    ).to_be_visible()
    expect(page.get_by_label("Tóm tắt")).to_have_value("Nội dung không được lưu")  # nothing typed is lost
    expect(page.get_by_label("Ngày ban hành")).to_have_value("22/12/2024")
    page.screenshot(path=str(screenshot_dir / "directives-form-classified-error.png"), full_page=True)

    page.get_by_label("Tóm tắt").fill("")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu các thay đổi.")).to_be_visible()
    expect(page.locator(".classified-banner")).to_contain_text("Văn bản mật: cổng chỉ lưu thông tin đăng ký")
    expect(page.get_by_text("Không được đính kèm tệp cho văn bản mật.")).to_be_visible()
    expect(page.locator("#history")).to_contain_text("Độ mật")
    page.screenshot(path=str(screenshot_dir / "directives-detail-classified.png"), full_page=True)
    d57.refresh_from_db()
    assert d57.classification == "mat"
    assert d57.issued_on.isoformat() == "2024-12-22"


def test_list_and_detail_on_a_phone(browser, live_server, demo_register, staff_user, screenshot_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(staff_user.username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/van-ban/?q=khoa+giao")
    expect(page.get_by_role("link", name="128-HD/BTGTW")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "directives-list-phone.png"), full_page=True)
    d45 = Directive.objects.get(number="45-NQ/TW")
    page.goto(f"{live_server.url}/van-ban/{d45.pk}/")
    expect(page.get_by_text("20-KH/TW")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "directives-detail-phone.png"), full_page=True)
    context.close()
