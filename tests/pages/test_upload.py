"""Issue 15: an upload shows its progress. A liaison on a slow connection (1 Mbit/s up, set through
Chromium's network emulation) sends a 1.5 MB file with a progress report: the form shows the bytes
sent while it goes, then the task page with the report and the file, as a normal submit would."""

import pytest
from playwright.sync_api import expect

from assignments.models import TaskAttachment
from tests.pages.tour import PHONES, browser_context, pages_of, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A valid PDF made large by a comment line after its header.
BIG_PDF = (
    b"%PDF-1.4\n%"
    + b"x" * 1_500_000
    + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    + b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_an_upload_shows_the_bytes_sent(khoa_giao_fields, settings, browser, live_server, tmp_path):
    seed_demo(settings)
    _user, client, _pages = pages_of("liaison")
    context = browser_context(browser, live_server, client, PHONES["375"], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator(".home-task a").first.click()
    page.get_by_role("link", name="Báo cáo tiến độ").click()
    page.get_by_label("Nội dung báo cáo").fill("Đã gửi kế hoạch chi tiết (bản quét).")
    path = tmp_path / "ke-hoach-chi-tiet.pdf"
    path.write_bytes(BIG_PDF)
    page.get_by_label("Tệp đính kèm").set_input_files(str(path))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 125_000},
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    progress = page.locator(".upload-progress")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text("Đang gửi:", timeout=10_000)
    expect(progress).to_contain_text("/ 1,4 MB")
    expect(page.get_by_text("Đã gửi kế hoạch chi tiết (bản quét).")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("link", name="ke-hoach-chi-tiet.pdf")).to_be_visible()
    assert TaskAttachment.objects.filter(original_name="ke-hoach-chi-tiet.pdf").exists()
    context.close()
