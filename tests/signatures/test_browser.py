"""Acceptance 5 in Chromium: a leader downloads an issued notice, signs it with the leader's own
key outside the portal (as the leader's tool would), uploads it and sees "Đã ký số" with the
leader's name; a staff member then checks the file on "Kiểm tra văn bản" and sees it valid."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from signatures.models import SignedDocument
from tests.factories import PASSWORD
from tests.signatures.pki import LEADER_NAME, sign_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, user):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        accept_downloads=True,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return page


def test_a_leader_signs_a_notice_with_a_personal_token_and_staff_check_it(
    browser,
    live_server,
    trust_only,
    issue_notice,
    notice_version,
    leader_user,
    staff_user,
    signing_pki,
    tmp_path,
    screenshot_dir,
):
    document = issue_notice()
    assert document.status == SignedDocument.Status.UNSIGNED

    page = sign_in(browser, live_server, leader_user)
    page.goto(f"{live_server.url}/hoi-nghi/{notice_version.meeting.pk}/")
    notice = page.locator(".issued-notice")
    expect(notice).to_contain_text("Chưa ký số")
    notice.get_by_role("link", name="Chi tiết").click()
    expect(page.get_by_text("Ký bằng thiết bị ký số cá nhân", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản PDF chưa ký").click()
    unsigned = tmp_path / "thong-bao.pdf"
    download.value.save_as(unsigned)

    # The leader's own tool, on the leader's computer (in a thread of its own: pyHanko runs an event
    # loop, and Playwright's is running in this one).
    signed = tmp_path / "thong-bao-da-ky.pdf"
    with ThreadPoolExecutor(1) as tool:
        signed.write_bytes(tool.submit(sign_as, signing_pki.leader, unsigned.read_bytes()).result())

    page.get_by_label("Tệp PDF").set_input_files(str(signed))
    page.get_by_role("button", name="Tải lên tệp đã ký").click()
    expect(page.get_by_text("Tệp đã ký đã được kiểm tra và trở thành văn bản chính thức.")).to_be_visible()
    expect(page.locator(".signature-state .badge")).to_have_text("Đã ký số")
    expect(page.locator(".signature-state")).to_contain_text(f"{LEADER_NAME}, bằng thiết bị ký số cá nhân")
    page.screenshot(path=str(screenshot_dir / "signatures-leader-signed.png"), full_page=True)
    page.goto(f"{live_server.url}/hoi-nghi/{notice_version.meeting.pk}/")
    expect(page.locator(".issued-notice")).to_contain_text("Đã ký số")
    page.screenshot(path=str(screenshot_dir / "signatures-meeting.png"))
    page.context.close()

    page = sign_in(browser, live_server, staff_user)
    page.get_by_role("link", name="Kiểm tra văn bản").click()
    page.get_by_label("Tệp PDF").set_input_files(str(signed))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    result = page.locator("#verify-result")
    expect(result).to_have_attribute("data-verdict", "valid")
    expect(result).to_contain_text("Hợp lệ.")
    expect(result).to_contain_text(LEADER_NAME)
    expect(result).to_contain_text(document.title)
    page.screenshot(path=str(screenshot_dir / "signatures-check.png"), full_page=True)
    page.context.close()
