import base64
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.sign_in import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_signs_in_through_chromium_and_sees_the_vietnamese_navigation(
    browser_login, staff_user, screenshot_dir
):
    page = browser_login(staff_user)
    expect(page).to_have_url(re.compile(r"/$"))
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    for label in (
        "Tổng quan",
        "Văn bản chỉ đạo",
        "Chương trình phối hợp",
        "Hội nghị giao ban",
        "Nhiệm vụ",
        "Báo cáo",
    ):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(nav.get_by_role("link", name="Quản trị")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "login-staff.png"), full_page=True)


def test_a_wrong_password_gets_a_vietnamese_message(live_server, page, staff_user):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(staff_user.username)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng")).to_be_visible()


def test_the_admin_sees_the_administration_link_on_a_phone(browser, live_server, admin_user, screenshot_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(admin_user.username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    # On a phone the menu is a disclosure (issue 15): the link is one tap away.
    page.locator(".portal-menu > summary").click()
    expect(page.get_by_role("link", name="Quản trị")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "login-admin-phone.png"), full_page=True)
    context.close()


def test_an_admin_sets_up_the_authenticator_app_on_a_phone_and_reaches_the_admin(
    browser, browser_login, live_server, admin_user, ban, screenshot_dir
):
    """G9, G28: another admin issues a set-up code in the admin; the new admin signs in on a phone,
    types the code, then sees the QR code and the key; typing the key into an app (here: computing
    its code) and entering the code opens the admin."""
    new_admin = UserFactory(username="quantri_moi", role="admin", organization=ban, is_staff=True)
    issuer = browser_login(admin_user)
    issuer.goto(f"{live_server.url}/quan-tri/organizations/user/")
    issuer.locator(f"input[name=_selected_action][value='{new_admin.pk}']").check()
    issuer.locator("select[name=action]").select_option("issue_authenticator_code")
    issuer.locator("button[name=index]").click()
    code = issuer.locator("[data-setup-code=quantri_moi]").inner_text()
    issuer.screenshot(path=str(screenshot_dir / "two-factor-issue-code.png"), full_page=True)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill(new_admin.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    expect(page.get_by_role("img", name="Mã QR cho ứng dụng xác thực")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "two-factor-enrolment-phone.png"), full_page=True)
    page.get_by_label("Mã thiết lập do quản trị viên cấp").fill(code)
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("img", name="Mã QR cho ứng dụng xác thực")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "two-factor-setup-phone.png"), full_page=True)

    key = base64.b32decode(page.locator("[data-secret]").inner_text().replace(" ", "")).hex()
    page.get_by_label("Mã trên ứng dụng xác thực").fill("12345")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_text("Vui lòng nhập đủ 6 chữ số")).to_be_visible()

    page.get_by_label("Mã trên ứng dụng xác thực").fill(current_code(key))
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page).to_have_url(re.compile(r"/quan-tri/$"))
    expect(page.get_by_role("link", name="Ứng dụng xác thực")).to_be_visible()
    context.close()
