"""The programme form in Chromium: JavaScript adds item rows beyond the two empty ones; the programme
page then shows the items, their tasks and progress. Screenshots on desktop and phone."""

import datetime

import pytest
from playwright.sync_api import expect

from agreements.models import CoordinationAgreement
from tests.agreements.factories import AgreementFactory, AgreementItemFactory, basis_238
from tests.assignments.factories import TaskFactory
from tests.assignments.test_browser import PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_add_item_rows_with_javascript_and_save_a_programme(
    browser, live_server, staff_user, ban, org_a, org_b, khoa_giao_fields, screenshot_dir
):
    basis_238()
    context, page = sign_in(browser, live_server, staff_user)
    page.goto(f"{live_server.url}/chuong-trinh-phoi-hop/them/")
    page.get_by_label("Tiêu đề").fill("Chương trình phối hợp công tác khoa giáo giai đoạn 2026 – 2030")
    page.get_by_label("Căn cứ").select_option(
        label="238-QĐ/TW — Quy chế phối hợp giữa ban tuyên giáo các cấp với cơ quan nhà nước cùng cấp"
    )
    page.get_by_label("Ban", exact=True).select_option(label=ban.display_name)
    page.get_by_label(org_a.name).check()
    page.get_by_label(org_b.name).check()
    page.get_by_label("Từ ngày").fill("01/01/2026")
    page.get_by_label("Đến ngày").fill("31/12/2030")
    rows = page.locator("#item-rows fieldset")
    expect(rows).to_have_count(2)
    page.get_by_role("button", name="Thêm dòng").click()
    expect(rows).to_have_count(3)
    for n, (content, lead) in enumerate(
        [
            ("Tuyên truyền Nghị quyết 71-NQ/TW", org_a),
            ("Tuyên truyền Nghị quyết 72-NQ/TW", org_b),
            ("Nắm bắt dư luận xã hội hằng quý", org_a),
        ]
    ):
        row = rows.nth(n)
        row.get_by_label("STT").fill(str(n + 1))
        row.get_by_label("Nội dung", exact=True).fill(content)
        row.get_by_label("Đơn vị chủ trì").select_option(label=lead.display_name)
    page.screenshot(path=str(screenshot_dir / "agreements-form.png"), full_page=True)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu chương trình phối hợp.")).to_be_visible()
    agreement = CoordinationAgreement.objects.get()
    assert agreement.items.count() == 3
    context.close()


def test_the_programme_page_on_desktop_and_phone(
    browser, live_server, liaison_a, org_a, org_b, screenshot_dir
):
    agreement = AgreementFactory(
        title="Chương trình phối hợp giữa Ban Tuyên giáo Tỉnh ủy với các sở giai đoạn 2022 – 2025",
        partners=[org_a, org_b],
    )
    item = AgreementItemFactory(
        agreement=agreement,
        lead=org_a,
        cooperating=[org_b],
        content="Thông tin về tuyển sinh lớp 10",
        order=1,
    )
    TaskFactory(
        title="Báo cáo kết quả tuyển sinh lớp 10",
        lead=org_a,
        directive=None,
        agreement_item=item,
        assigned_on=datetime.date(2026, 1, 5),
        progress=40,
    )
    for viewport, name in ((None, "agreements-detail.png"), (PHONE, "agreements-detail-phone.png")):
        context, page = sign_in(browser, live_server, liaison_a, *([viewport] if viewport else []))
        page.goto(f"{live_server.url}/chuong-trinh-phoi-hop/{agreement.pk}/")
        expect(page.get_by_text("Thông tin về tuyển sinh lớp 10")).to_be_visible()
        expect(page.get_by_role("link", name="Báo cáo kết quả tuyển sinh lớp 10")).to_be_visible()
        page.screenshot(path=str(screenshot_dir / name), full_page=True)
        context.close()
