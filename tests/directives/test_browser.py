"""The register in Chromium (acceptance 3): an admin downloads the import template, fills it with
openpyxl, imports it through the preview, and a staff member then finds a row by typing its title
without diacritics. Screenshots go to var/screenshots/ (desktop and phone)."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from directives.models import Directive, ImportLog
from tests.directives.factories import central_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
IMPORTS = pytest.mark.redis  # the import runs in a real worker

TITLE_45 = (
    "Về tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển "
    "đất nước nhanh và bền vững trong giai đoạn mới"
)


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


@IMPORTS
def test_admin_imports_the_filled_template_and_staff_finds_a_row_without_diacritics(
    browser_login,
    live_server,
    admin_user,
    staff_user,
    khoa_giao_fields,
    screenshot_dir,
    tmp_path,
    import_worker,
):
    central_body()
    central_body(code="bch-tw", name="Ban Chấp hành Trung ương Đảng", symbol="TW", kind="party_committee")
    central_body(code="bct", name="Bộ Chính trị", symbol="TW", kind="party_committee")

    page = browser_login(admin_user)
    page.goto(f"{live_server.url}/van-ban/")
    page.get_by_role("link", name="Nhập từ bảng tính").click()
    expect(page.get_by_role("heading", name="Nhập văn bản chỉ đạo từ bảng tính")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(template)
    assert template.name == "mau-nhap-van-ban-chi-dao.xlsx"

    book = openpyxl.load_workbook(template)
    sheet = book["Văn bản"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Số hiệu *", "Ngày ban hành *", "Cơ quan ban hành *"]
    assert sheet["A2"].value == "128-HD/BTGTW"
    column = {header.rstrip(" *"): index + 1 for index, header in enumerate(headers)}
    for row, values in (
        (
            3,
            {
                "Số hiệu": "45-NQ/TW",
                "Ngày ban hành": "24/11/2023",
                "Cơ quan ban hành": "bch-tw",
                "Khóa": "XIII",
                "Loại văn bản": "Nghị quyết",
                "Trích yếu": TITLE_45,
                "Lĩnh vực": "Khoa học và công nghệ; Giáo dục và đào tạo",
            },
        ),
        (
            4,
            {
                "Số hiệu": "20-KH/TW",
                "Ngày ban hành": "28/11/2023",
                "Cơ quan ban hành": "Bộ Chính trị",
                "Khóa": "XIII",
                "Trích yếu": "Thực hiện Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XIII",
                "Văn bản thực hiện": "45-NQ/TW",
            },
        ),
    ):
        for header, value in values.items():
            sheet.cell(row=row, column=column[header], value=value)
    filled = tmp_path / "van-ban-da-dien.xlsx"
    book.save(filled)

    page.get_by_label("Bảng tính (.xlsx, .xls, .ods hoặc .csv)").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    # The worker reads the file; the page follows its progress and then shows the preview.
    expect(page.get_by_role("heading", name="Xem trước khi nhập")).to_be_visible(timeout=60_000)
    expect(page.locator("[data-count=new]")).to_have_text("3")
    expect(page.locator("[data-count=error]")).to_have_text("0")
    assert Directive.objects.count() == 0  # the preview writes nothing
    page.screenshot(path=str(screenshot_dir / "directives-import-preview.png"), full_page=True)
    page.get_by_role("button", name=re.compile(r"Xác nhận nhập \(3 mới, 0 cập nhật\)")).click()
    expect(page.get_by_text("3 văn bản mới, 0 cập nhật, 0 không đổi")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "directives-import-done.png"), full_page=True)
    assert Directive.objects.count() == 3
    assert Directive.objects.get(number="20-KH/TW").implements.number == "45-NQ/TW"
    assert ImportLog.objects.get().user == admin_user

    _sign_out(page)
    page = browser_login(staff_user)
    page.goto(f"{live_server.url}/van-ban/")
    page.get_by_label("Tìm kiếm").fill("doi ngu tri thuc dap ung yeu cau")
    page.get_by_label("Tìm kiếm").press("Enter")
    page.wait_for_load_state()
    rows = page.locator("table.directive-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name="45-NQ/TW")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "directives-search-staff.png"), full_page=True)
    rows.first.get_by_role("link", name="45-NQ/TW").click()
    expect(page.get_by_role("heading", name="Nghị quyết 45-NQ/TW")).to_be_visible()
    expect(page.get_by_text("20-KH/TW")).to_be_visible()  # the plan implementing it
    page.screenshot(path=str(screenshot_dir / "directives-detail-imported.png"), full_page=True)


@IMPORTS
def test_an_import_with_a_bad_row_shows_the_row_and_writes_nothing(
    browser_login, live_server, admin_user, khoa_giao_fields, screenshot_dir, tmp_path, import_worker
):
    central_body()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Trích yếu", "Số hiệu", "Cơ quan ban hành", "Ngày ban hành"])
    sheet.append(["Công tác khoa giáo năm 2024", "128-HD/BTGTW", "btgtw", "22/12/2023"])
    sheet.append(["Công tác khoa giáo năm 2022", "31-HD/BTGTW", "btgtw", "31/02/2021"])
    path = tmp_path / "loi.xlsx"
    book.save(path)

    page = browser_login(admin_user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/van-ban/nhap/")
    page.get_by_label("Bảng tính (.xlsx, .xls, .ods hoặc .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.get_by_role("alert").filter(has_text="Dòng 3, cột Ngày ban hành (D)")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_role("button", name=re.compile("Xác nhận nhập"))).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "directives-import-errors-phone.png"), full_page=True)
    assert Directive.objects.count() == 0


def test_the_import_page_moves_its_progress_bar_as_the_job_reports_and_then_shows_the_preview(
    browser_login, live_server, admin_user, khoa_giao_fields, screenshot_dir, tmp_path
):
    from directives.models import DirectiveImport

    central_body()
    book = openpyxl.Workbook()
    book.active.append(["Số hiệu", "Ngày ban hành", "Cơ quan ban hành"])
    book.active.append(["128-HD/BTGTW", "22/12/2023", "btgtw"])
    path = tmp_path / "mot.xlsx"
    book.save(path)

    page = browser_login(admin_user)
    page.goto(f"{live_server.url}/van-ban/nhap/")
    page.get_by_label("Bảng tính (.xlsx, .xls, .ods hoặc .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    # No worker here: the test plays its part, as its heartbeat would write it.
    job = DirectiveImport.objects.get()
    DirectiveImport.objects.filter(pk=job.pk).update(
        status="parsing", percent=45, rows_read=450, rows_total=1000
    )
    expect(page.get_by_text("Đang đọc tệp…")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "45", timeout=15_000)
    page.screenshot(path=str(screenshot_dir / "directives-import-progress.png"), full_page=True)
    DirectiveImport.objects.filter(pk=job.pk).update(
        status="parsed",
        percent=100,
        preview={
            "is_valid": True,
            "counts": {"new": 1, "updated": 0, "unchanged": 0, "error": 0},
            "rows": [],
        },
    )
    expect(page.get_by_role("heading", name="Xem trước khi nhập")).to_be_visible(timeout=15_000)
    expect(page.locator("[data-count=new]")).to_have_text("1")
