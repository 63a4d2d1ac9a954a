"""The pages of a person who is not signed in, in Chromium, with issue 15's checks (no WCAG 2.0/2.1
A or AA violation at 1366 px and on a 375 × 812 phone; on the phone nothing scrolling sideways and
no tap target under 24 × 24 px). The tours (test_axe_tour.py) start signed in and never reach them:
the sign-in page, "Quên mật khẩu?" and its answer, and the invitation's link, followed as a new
liaison does, from the confirmed request to the first sign-in (organizations/passwords.py)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from notices.services import mail_send_due
from organizations import services
from tests.pages.test_axe_tour import axe_violations
from tests.pages.tour import DESKTOP, OVERFLOW_JS, PHONES, SMALL_TARGETS_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Bien-Xanh-Nha-Trang-2026"


def test_a_new_liaison_follows_the_invitation_chooses_a_password_and_signs_in(
    head_a, admin_user, org_a, browser, live_server, settings
):
    settings.PORTAL_BASE_URL = live_server.url
    request = services.liaison_request_add(
        by=head_a, organization=org_a, full_name="Nguyễn Thị Lan", email="lan@so-gddt.example"
    )
    services.liaison_request_confirm(by=admin_user, liaison_request=request)
    mail_send_due()
    (invitation,) = mail.outbox
    link = re.search(r"http\S+/dat-mat-khau/\S+", invitation.body).group()
    username = re.search(r"Tên đăng nhập của đồng chí: (\S+)", invitation.body).group(1)

    context = browser.new_context(
        viewport=PHONES["375"], locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    problems = []

    def check(name):
        """Every rule at the desktop width, then on the phone with its layout checks."""
        page.set_viewport_size(DESKTOP)
        problems.extend(f"{name} 1366: {line}" for line in axe_violations(page, False))
        page.set_viewport_size(PHONES["375"])
        problems.extend(f"{name} 375: {line}" for line in axe_violations(page, True))
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow["scroll"] > overflow["inner"]:
            problems.append(f"{name} scrolls sideways: {overflow}")
        problems.extend(f"{name} small target {target}" for target in page.evaluate(SMALL_TARGETS_JS))

    page.goto(f"{live_server.url}/dang-nhap/")
    check("sign-in")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    expect(page.get_by_role("heading", name="Quên mật khẩu?")).to_be_visible()
    check("forgot password")
    page.get_by_label("Thư điện tử").fill("khong-co-ai@khoagiao.example")
    page.get_by_role("button", name="Gửi liên kết cho tôi").click()
    expect(page.get_by_role("heading", name="Hãy xem hộp thư")).to_be_visible()
    check("link sent")

    page.goto(link)
    expect(page.get_by_role("heading", name="Chọn mật khẩu")).to_be_visible()
    assert "/dat-mat-khau/" in page.url
    assert link.rstrip("/").rsplit("/", 1)[-1] not in page.url, "the token leaves the address bar"
    check("choose a password")
    page.get_by_label("Mật khẩu mới", exact=True).fill("1234")
    page.get_by_label("Xác nhận mật khẩu mới", exact=True).fill("1234")
    page.get_by_role("button", name="Đặt mật khẩu").click()
    expect(page.get_by_text("Mật khẩu này quá ngắn")).to_be_visible()
    check("choose a password, refused")
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Xác nhận mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đặt mật khẩu").click()
    expect(page.get_by_text("Mật khẩu của bạn đã được đặt")).to_be_visible()
    assert page.url.endswith("/dang-nhap/")
    check("password set")

    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{live_server.url}/")
    # Used once: the same link now says so, and what to do.
    page.goto(link)
    expect(page.get_by_role("heading", name="Liên kết này không còn dùng được")).to_be_visible()
    expect(page.get_by_role("link", name="Xin liên kết mới")).to_be_visible()
    check("link used")
    context.close()
    assert not problems, "\n".join(problems)
