"""Acceptance 2 (docs/operations.md G12, G13): the spreadsheet import on real files made by openpyxl
and as CSV text. Every refused file leaves the database exactly as it was."""

import datetime
import hashlib
import unicodedata
import zipfile

import openpyxl
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from directives.models import Directive, DirectiveAttachment, ImportLog
from directives.services import directive_import_apply, directive_import_preview
from tests.directives.factories import DirectiveFactory, central_body
from tests.directives.sheets import HEADERS, ROWS, csv_file, xlsx

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def bodies(khoa_giao_fields):
    return {
        "btgtw": central_body(),
        "bch-tw": central_body("bch-tw", "Ban Chấp hành Trung ương Đảng", "TW", "party_committee"),
        "bbt": central_body("bbt", "Ban Bí thư Trung ương Đảng", "TW", "party_committee"),
        "bct": central_body("bct", "Bộ Chính trị", "TW", "party_committee"),
    }


def snapshot():
    """Everything the import may write, as one comparable value."""
    models = [
        Directive,
        Directive.history.model,
        Directive.fields.through,
        apps.get_model("directives", "HistoricalDirective_fields"),
        ImportLog,
    ]
    return {m._meta.label: sorted(map(str, m.objects.values_list())) for m in models}


def preview(path):
    return directive_import_preview(path=path, file_name=path.name)


def apply(path, user):
    return directive_import_apply(path=path, file_name=path.name, by=user)


# --- a good file --------------------------------------------------------------------------------


def test_a_good_xlsx_is_previewed_without_writing_then_imported(bodies, admin_user, tmp_path):
    path = xlsx(tmp_path / "van-ban.xlsx")
    before = snapshot()
    plan = preview(path)
    assert plan.is_valid, plan.error_messages
    assert plan.counts == {"new": 3, "updated": 0, "unchanged": 0, "error": 0}
    assert snapshot() == before

    plan, log = apply(path, admin_user)
    assert log is not None
    d128 = Directive.objects.get(number="128-HD/BTGTW")
    assert (d128.issued_on, d128.term, d128.doc_type, d128.issuing_body.code) == (
        D(2023, 12, 22),
        13,
        "huong_dan",
        "btgtw",
    )
    assert {f.code for f in d128.fields.all()} == {"giao_duc_dao_tao", "y_te"}
    assert Directive.objects.get(number="238-QĐ/TW").issuing_body.code == "bbt"
    assert (log.created_count, log.updated_count, log.unchanged_count, log.rows_total) == (3, 0, 0, 3)
    assert log.user == admin_user
    assert log.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    # The audit sees the bulk writes: one "created" record each, by the admin, with the fields.
    record = d128.history.get()
    assert (record.history_type, record.history_user) == ("+", admin_user)
    assert "van-ban.xlsx" in record.history_change_reason
    assert {row.field.code for row in record.fields.all()} == {"giao_duc_dao_tao", "y_te"}


def test_a_good_csv_with_and_without_byte_order_mark_and_with_semicolons(bodies, admin_user, tmp_path):
    for name, kwargs in (("bom.csv", {}), ("no-bom.csv", {"bom": False}), ("semi.csv", {"delimiter": ";"})):
        plan = preview(csv_file(tmp_path / name, **kwargs))
        assert plan.is_valid, (name, plan.error_messages)
        assert plan.counts["new"] == 3
    apply(tmp_path / "semi.csv", admin_user)
    assert Directive.objects.count() == 3
    assert Directive.objects.get(number="45-NQ/TW").title == "Về tiếp tục xây dựng đội ngũ trí thức"


def test_a_csv_that_is_not_utf8_is_refused_with_what_to_do(bodies, tmp_path):
    # A legacy Windows code page: "Ngày ban hành", "Cơ quan" are in cp1258, and not UTF-8.
    path = csv_file(
        tmp_path / "cp1258.csv",
        headers=["So hieu", "Ngày ban hành", "Cơ quan"],
        rows=[["238-QD/TW", "30/09/2020", "bbt"]],
        bom=False,
        encoding="cp1258",
    )
    plan = preview(path)
    assert not plan.is_valid
    assert plan.file_errors == [
        "Tệp CSV không mã hóa UTF-8. Trong Excel hãy chọn Lưu thành → “CSV UTF-8 (Comma delimited)”."
    ]


def test_excel_unicode_text_utf16_is_read(bodies, tmp_path):
    path = csv_file(tmp_path / "unicode.csv", bom=False, delimiter="\t", encoding="utf-16")
    plan = preview(path)
    assert plan.is_valid, plan.file_errors + plan.error_messages
    assert plan.counts["new"] == 3


# --- one bad row --------------------------------------------------------------------------------


def test_one_bad_row_writes_nothing_and_names_the_row_and_column(bodies, admin_user, tmp_path):
    rows = [
        *ROWS,
        ["31-HD/BTGTW", "31/02/2021", "btgtw", "XIII", "Hướng dẫn", "Công tác khoa giáo năm 2022", ""],
    ]
    path = xlsx(tmp_path / "mot-dong-loi.xlsx", rows=rows)
    before = snapshot()
    plan, log = apply(path, admin_user)
    assert log is None
    assert snapshot() == before
    assert plan.counts["error"] == 1
    assert plan.error_messages == [
        "Dòng 5, cột Ngày ban hành (B): “31/02/2021” không phải là ngày. "
        "Hãy ghi theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 22/12/2023."
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["128/HD-BTGTW", "22/12/2023", "btgtw"], "Số hiệu (A)", "không phải là số hiệu văn bản của Đảng"),
        (["128-HD/BTGTW", "", "btgtw"], "Ngày ban hành (B)", "không được để trống"),
        (["128-HD/BTGTW", "22/12/2023", "bo-lao-dong"], "Cơ quan ban hành (C)", "không có đơn vị nào"),
        (["128-HD/TW", "22/12/2023", "btgtw"], "Số hiệu (A)", "không khớp với Ban Tuyên giáo Trung ương"),
        (["238-QĐ/TW", "30/09/2020", "bbt"], "Loại văn bản (E)", "dùng cho Quyết định / Quy định"),
        (["128-HD/BTGTW", "22/12/2023", "btgtw", "XXXXX"], "Khóa (D)", "không phải là khóa"),
        (
            ["128-HD/BTGTW", "22/12/2023", "btgtw", "", "Nghị quyết"],
            "Loại văn bản (E)",
            "không khớp với ký hiệu HD",
        ),
        (
            ["128-HD/BTGTW", "22/12/2023", "btgtw", "", "", "", "Bóng đá"],
            "Lĩnh vực (G)",
            "không phải là lĩnh vực",
        ),
        (["128-HD/BTGTW", "22/12/1890", "btgtw"], "Ngày ban hành (B)", "không nằm trong khoảng 1930–2100"),
    ],
)
def test_each_kind_of_bad_cell_gets_a_vietnamese_message(bodies, tmp_path, row, column, message):
    path = xlsx(tmp_path / "loi.xlsx", rows=[row])
    plan = preview(path)
    assert not plan.is_valid
    assert len(plan.error_messages) == 1, plan.error_messages
    assert plan.error_messages[0].startswith(f"Dòng 2, cột {column}: ")
    assert message in plan.error_messages[0]


def test_a_missing_required_column_is_a_file_error(bodies, tmp_path):
    path = xlsx(
        tmp_path / "thieu-cot.xlsx",
        headers=["Số hiệu", "Trích yếu", "Khóa"],
        rows=[["128-HD/BTGTW", "x", ""]],
    )
    plan = preview(path)
    assert plan.file_errors == ["Thiếu cột bắt buộc: Ngày ban hành, Cơ quan ban hành."]


def test_two_rows_for_the_same_directive_are_refused(bodies, tmp_path):
    path = xlsx(tmp_path / "trung.xlsx", rows=[ROWS[0], ROWS[1], ROWS[0]])
    plan = preview(path)
    assert plan.error_messages == [
        "Dòng 4: trùng văn bản ở dòng 2 (cùng số hiệu, cơ quan ban hành và khóa hoặc ngày ban hành)."
    ]


# --- the same file twice, and an edited file ----------------------------------------------------


def test_the_same_file_twice_changes_nothing(bodies, admin_user, tmp_path):
    path = xlsx(tmp_path / "van-ban.xlsx")
    apply(path, admin_user)
    before = {k: v for k, v in snapshot().items() if k != "directives.ImportLog"}
    plan, log = apply(path, admin_user)
    assert plan.counts == {"new": 0, "updated": 0, "unchanged": 3, "error": 0}
    assert (log.created_count, log.updated_count, log.unchanged_count) == (0, 0, 3)
    after = {k: v for k, v in snapshot().items() if k != "directives.ImportLog"}
    assert after == before  # no row, no history record, no field link touched
    assert ImportLog.objects.count() == 2  # but the attempt is on record


def test_an_edited_file_updates_the_matching_rows_instead_of_duplicating(bodies, admin_user, tmp_path):
    apply(xlsx(tmp_path / "v1.xlsx"), admin_user)
    ids = dict(Directive.objects.values_list("number", "id"))
    rows = [list(row) for row in ROWS]
    rows[0][5] = "Công tác khoa giáo năm 2024 (đã sửa)"
    rows[0][6] = "Giáo dục và đào tạo"
    rows[1][1] = "24/11/2023"  # unchanged row
    plan, log = apply(xlsx(tmp_path / "v2.xlsx", rows=rows), admin_user)
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 2, "error": 0}
    assert dict(Directive.objects.values_list("number", "id")) == ids
    d128 = Directive.objects.get(number="128-HD/BTGTW")
    assert d128.title == "Công tác khoa giáo năm 2024 (đã sửa)"
    assert [f.code for f in d128.fields.all()] == ["giao_duc_dao_tao"]
    latest = d128.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert [row.field.code for row in latest.fields.all()] == ["giao_duc_dao_tao"]
    delta = latest.diff_against(latest.prev_record)
    assert set(delta.changed_fields) == {"title", "fields"}


def test_a_column_missing_from_the_file_keeps_the_register_value(bodies, admin_user, tmp_path):
    directive = DirectiveFactory(
        sequence=128, issuing_body=bodies["btgtw"], summary="Tóm tắt đã có", signer="Vũ Thanh Mai"
    )
    path = xlsx(
        tmp_path / "it-cot.xlsx",
        headers=["Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu"],
        rows=[["128-HD/BTGTW", "22/12/2023", "btgtw", "Công tác khoa giáo năm 2024"]],
    )
    plan, _log = apply(path, admin_user)
    assert plan.counts["updated"] == 1
    directive.refresh_from_db()
    assert (directive.summary, directive.signer) == ("Tóm tắt đã có", "Vũ Thanh Mai")


# --- Unicode, dates, header order ---------------------------------------------------------------


def test_nfd_text_is_stored_nfc_and_found_by_search(bodies, admin_user, tmp_path):
    rows = [[unicodedata.normalize("NFD", str(value)) for value in ROWS[1]]]
    path = xlsx(tmp_path / "nfd.xlsx", headers=[unicodedata.normalize("NFD", h) for h in HEADERS], rows=rows)
    plan, log = apply(path, admin_user)
    assert log is not None, plan.error_messages
    directive = Directive.objects.get()
    assert directive.title == "Về tiếp tục xây dựng đội ngũ trí thức"
    assert unicodedata.is_normalized("NFC", directive.title)
    assert list(Directive.objects.search("doi ngu tri thuc")) == [directive]
    assert list(Directive.objects.search(unicodedata.normalize("NFD", "đội ngũ"))) == [directive]


def test_dates_as_text_as_date_cells_and_as_excel_serials(bodies, admin_user, tmp_path):
    rows = [
        ["128-HD/BTGTW", "22/12/2023", "btgtw"],
        ["31-HD/BTGTW", datetime.datetime(2021, 11, 24), "btgtw"],
        ["20-KH/TW", 45258, "bct"],  # Excel serial of 28/11/2023
        ["45-NQ/TW", "45254", "bch-tw"],  # a serial that arrived as text
        ["25-CT/TW", D(2023, 10, 25), "bbt"],
        ["96-HD/BTGTW", "2023-02-22", "btgtw"],
    ]
    path = xlsx(tmp_path / "ngay.xlsx", headers=HEADERS[:3], rows=rows)
    plan, log = apply(path, admin_user)
    assert log is not None, plan.error_messages
    assert dict(Directive.objects.values_list("number", "issued_on")) == {
        "128-HD/BTGTW": D(2023, 12, 22),
        "31-HD/BTGTW": D(2021, 11, 24),
        "20-KH/TW": D(2023, 11, 28),
        "45-NQ/TW": D(2023, 11, 24),
        "25-CT/TW": D(2023, 10, 25),
        "96-HD/BTGTW": D(2023, 2, 22),
    }


def test_month_first_dates_are_refused_not_guessed(bodies, tmp_path):
    plan = preview(
        xlsx(tmp_path / "my.xlsx", headers=HEADERS[:3], rows=[["128-HD/BTGTW", "12/22/2023", "btgtw"]])
    )
    assert "“12/22/2023” không phải là ngày" in plan.error_messages[0]


def test_headers_in_another_order_with_notes_a_title_row_and_an_unknown_column(bodies, admin_user, tmp_path):
    headers = ["Ghi chú", "Trích yếu", "Cơ quan ban hành *", "KHÓA", "so hieu", "Ngày ban hành (dd/mm/yyyy)"]
    rows = [["xem sau", "Công tác khoa giáo năm 2024", "btgtw", "13", "128-hd/btgtw", "22/12/2023"]]
    path = xlsx(tmp_path / "thu-tu.xlsx", headers=headers, rows=rows, title_rows=[["DANH MỤC VĂN BẢN"], []])
    plan, log = apply(path, admin_user)
    assert log is not None, plan.error_messages
    assert plan.warnings == ["Cột “Ghi chú” không được nhận diện nên bị bỏ qua."]
    directive = Directive.objects.get()
    assert (directive.number, directive.term, directive.title) == (
        "128-HD/BTGTW",
        13,
        "Công tác khoa giáo năm 2024",
    )
    assert plan.rows[0].line == 4  # the row number the user sees in Excel


def test_formula_cells_are_refused_clearly(bodies, tmp_path):
    rows = [["128-HD/BTGTW", "=DATE(2023,12,22)", "btgtw", "", "", '=CONCAT("Công tác ", "khoa giáo")']]
    plan = preview(xlsx(tmp_path / "cong-thuc.xlsx", rows=rows))
    assert len(plan.error_messages) == 2
    assert all("ô chứa công thức" in message for message in plan.error_messages)
    assert "Dòng 2, cột Ngày ban hành (B)" in plan.error_messages[0]


# --- refused files ------------------------------------------------------------------------------


def test_an_empty_file_is_refused(bodies, tmp_path):
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    assert preview(empty).file_errors == ["Tệp rỗng."]
    blank = tmp_path / "trang.xlsx"
    openpyxl.Workbook().save(blank)
    assert "Không tìm thấy dòng tiêu đề" in preview(blank).file_errors[0]
    headers_only = xlsx(tmp_path / "chi-tieu-de.xlsx", rows=[])
    assert preview(headers_only).file_errors == ["Tệp không có dòng dữ liệu nào."]
    empty_csv = tmp_path / "rong.csv"
    empty_csv.write_bytes(b"\xef\xbb\xbf")
    assert "Không tìm thấy dòng tiêu đề" in preview(empty_csv).file_errors[0]


def test_a_file_over_the_size_limit_is_refused(bodies, admin_user, tmp_path, settings):
    settings.DIRECTIVE_IMPORT_MAX_BYTES = 4096
    path = xlsx(tmp_path / "lon.xlsx", rows=ROWS * 20)
    assert path.stat().st_size > 4096
    before = snapshot()
    plan, log = apply(path, admin_user)
    assert log is None
    assert plan.file_errors[0].startswith("Tệp có dung lượng")
    assert "vượt giới hạn" in plan.file_errors[0]
    assert snapshot() == before


def test_the_upload_form_refuses_a_file_over_the_limit_before_storing_it(
    bodies, login, admin_user, settings, tmp_path
):
    settings.DIRECTIVE_IMPORT_MAX_BYTES = 4096
    path = xlsx(tmp_path / "lon.xlsx", rows=ROWS * 20)
    client = login(admin_user)
    with path.open("rb") as handle:
        response = client.post("/van-ban/nhap/", {"file": handle})
    assert response.status_code == 200
    assert "vượt giới hạn" in response.content.decode()
    assert "directives_import" not in client.session


def test_too_many_rows_are_refused(bodies, tmp_path, settings):
    settings.DIRECTIVE_IMPORT_MAX_ROWS = 2
    plan = preview(xlsx(tmp_path / "nhieu.xlsx"))
    assert plan.file_errors == ["Tệp có hơn 2 dòng dữ liệu; hãy chia thành nhiều tệp."]


def test_wrong_formats_truncated_zips_and_zip_bombs_are_refused(bodies, tmp_path, settings):
    good = xlsx(tmp_path / "tot.xlsx").read_bytes()
    cases = {
        "cu.xls": (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "Tệp bị hỏng hoặc không phải là bảng tính .xls."),
        "macro.xlsm": (good, "Không đọc được tệp .xlsm"),
        "van-ban.pdf": (b"%PDF-1.4\n", "Chỉ nhập được tệp .xlsx, .xls, .ods hoặc .csv."),
        "gia.xlsx": ("Số hiệu,Ngày ban hành\n".encode(), "Tệp bị hỏng hoặc không phải là bảng tính .xlsx."),
        "cut.xlsx": (good[: len(good) // 2], "Tệp bị hỏng hoặc không phải là bảng tính .xlsx."),
        "nhi-phan.csv": (b"\x00\x01\x02binary", "Tệp không phải là tệp văn bản CSV."),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        if name.endswith((".xlsm", ".pdf")):
            with pytest.raises(ValueError, match=message):
                preview(path)
        else:
            assert preview(path).file_errors == [message], name

    # A member that expands far beyond the limit (a zip bomb) is refused before parsing.
    settings.DIRECTIVE_IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    bomb = tmp_path / "bom.xlsx"
    with (
        zipfile.ZipFile(tmp_path / "tot.xlsx") as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr("xl/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    assert bomb.stat().st_size < 64 * 1024
    assert preview(bomb).file_errors == ["Tệp giải nén ra hơn 1 MB nên bị từ chối."]


def test_an_xml_entity_expansion_is_refused(bodies, tmp_path):
    good = xlsx(tmp_path / "tot.xlsx")
    evil = tmp_path / "laughs.xlsx"
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(evil, "w") as out:
        for item in source.infolist():
            out.writestr(item, laughs if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    plan = preview(evil)
    assert not plan.is_valid
    assert plan.file_errors == ["Tệp chứa cấu trúc XML không được phép (DTD hoặc entity) nên bị từ chối."]


# --- the register's own rules -------------------------------------------------------------------


def test_the_20_nq_tw_collision_gives_two_directives_and_references_need_the_date(
    bodies, admin_user, tmp_path
):
    headers = ["Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Khóa", "Trích yếu", "Văn bản thực hiện"]
    rows = [
        ["20-NQ/TW", "01/11/2012", "bch-tw", "XI", "Về phát triển khoa học và công nghệ", ""],
        ["20-NQ/TW", "25/10/2017", "bch-tw", "XII", "Về bảo vệ, chăm sóc sức khỏe nhân dân", ""],
        ["99-KH/TW", "01/12/2017", "bct", "XII", "Kế hoạch thực hiện", "20-NQ/TW"],
    ]
    plan = preview(xlsx(tmp_path / "trung-so.xlsx", headers=headers, rows=rows))
    assert plan.error_messages == [
        "Dòng 4, cột Văn bản thực hiện (F): có nhiều văn bản cùng số hiệu 20-NQ/TW (01/11/2012, 25/10/2017); "
        "hãy ghi thêm ngày, ví dụ “20-NQ/TW ngày 25/10/2017”."
    ]
    rows[2][5] = "20-NQ/TW ngày 25/10/2017"
    path = xlsx(tmp_path / "trung-so-2.xlsx", headers=headers, rows=rows)
    plan, log = apply(path, admin_user)
    assert log is not None, plan.error_messages
    assert Directive.objects.filter(number="20-NQ/TW").count() == 2
    assert Directive.objects.get(number="99-KH/TW").implements.issued_on == D(2017, 10, 25)
    # and importing it again matches each 20-NQ/TW to its own term
    assert apply(path, admin_user)[0].counts["unchanged"] == 3


def test_classified_rows_keep_register_fields_only(bodies, admin_user, tmp_path):
    headers = ["Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Độ mật", "Trích yếu", "Tóm tắt"]
    rows = [
        ["12-CT/TW", "01/02/2024", "bbt", "Mật", "Trích yếu được giữ", "Nội dung mật"],
        ["13-CT/TW", "02/02/2024", "bbt", "Tuyệt mật", "Trích yếu tuyệt mật", ""],
        ["14-CT/TW", "03/02/2024", "bbt", "Tối mật", "Trích yếu được giữ", ""],
    ]
    plan = preview(xlsx(tmp_path / "mat.xlsx", headers=headers, rows=rows))
    assert plan.error_messages == [
        "Dòng 2, cột Tóm tắt (F): văn bản Mật chỉ lưu thông tin đăng ký: để trống cột Tóm tắt.",
        "Dòng 3, cột Trích yếu (E): văn bản Tuyệt mật không lưu trích yếu: để trống ô này.",
    ]
    rows[0][5] = rows[1][4] = ""
    plan, log = apply(xlsx(tmp_path / "mat-2.xlsx", headers=headers, rows=rows), admin_user)
    assert log is not None, plan.error_messages
    assert set(Directive.objects.values_list("classification", flat=True)) == {"mat", "tuyet_mat", "toi_mat"}


def test_classifying_a_directive_that_has_files_or_a_summary_is_refused(
    bodies, admin_user, tmp_path, staff_user
):
    with_file = DirectiveFactory(sequence=1, issuing_body=bodies["btgtw"], issued_on=D(2024, 1, 1))
    DirectiveAttachment.objects.create(
        directive=with_file,
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=staff_user,
    )
    DirectiveFactory(sequence=2, issuing_body=bodies["btgtw"], issued_on=D(2024, 1, 2), summary="Tóm tắt")
    headers = ["Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Độ mật"]
    rows = [["01-HD/BTGTW", "01/01/2024", "btgtw", "Mật"], ["02-HD/BTGTW", "02/01/2024", "btgtw", "Mật"]]
    plan = preview(xlsx(tmp_path / "dat-mat.xlsx", headers=headers, rows=rows))
    assert plan.error_messages == [
        "Dòng 2: văn bản đang có tệp đính kèm; hãy xóa tệp trên cổng trước khi đặt độ mật.",
        "Dòng 3: sổ đang lưu tóm tắt của văn bản này; "
        "văn bản mật không được lưu tóm tắt (thêm cột Tóm tắt để trống).",
    ]


def test_references_resolve_to_the_register_or_to_rows_of_the_same_file(bodies, admin_user, tmp_path):
    DirectiveFactory(
        sequence=221,
        type_abbreviation="QĐ",
        issuer_symbol="TW",
        doc_type="quyet_dinh",
        issuing_body=bodies["bbt"],
        issued_on=D(2009, 4, 27),
    )
    headers = [
        "Số hiệu",
        "Ngày ban hành",
        "Cơ quan ban hành",
        "Loại văn bản",
        "Văn bản thực hiện",
        "Trạng thái",
        "Thay thế bởi",
    ]
    rows = [
        ["20-KH/TW", "28/11/2023", "bct", "", "45-NQ/TW", "", ""],
        ["45-NQ/TW", "24/11/2023", "bch-tw", "", "", "", ""],
        ["221-QĐ/TW", "27/04/2009", "bbt", "Quyết định", "", "Đã được thay thế", "238-QĐ/TW"],
        ["238-QĐ/TW", "30/09/2020", "bbt", "Quyết định", "", "", ""],
        ["46-NQ/TW", "24/11/2023", "bch-tw", "", "99-NQ/TW", "", ""],
    ]
    plan = preview(xlsx(tmp_path / "lien-ket.xlsx", headers=headers, rows=rows))
    assert plan.error_messages == [
        "Dòng 6, cột Văn bản thực hiện (E): không có văn bản 99-NQ/TW trong sổ hoặc trong tệp này."
    ]
    plan, log = apply(xlsx(tmp_path / "lien-ket-2.xlsx", headers=headers, rows=rows[:4]), admin_user)
    assert log is not None, plan.error_messages
    assert (log.created_count, log.updated_count) == (3, 1)
    d221 = Directive.objects.get(number="221-QĐ/TW")
    assert (d221.status, d221.replaced_by.number) == ("replaced", "238-QĐ/TW")
    assert Directive.objects.get(number="20-KH/TW").implements.number == "45-NQ/TW"


# --- G12: whatever the cells hold, an answer and never a crash ----------------------------------


cell = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=25),
    st.integers(-10, 100_000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(D(1800, 1, 1), D(2300, 1, 1)),
    st.sampled_from(
        ["128-HD/BTGTW", "22/12/2023", "btgtw", "XIII", "Mật", "45-NQ/TW ngày 24/11/2023", "=1+1"]
    ),
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell, min_size=3, max_size=7), min_size=1, max_size=4))
def test_arbitrary_cells_give_a_plan_and_write_nothing_unless_valid(bodies, tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    plan = preview(path)
    assert plan.is_valid or plan.error_messages
    for message in plan.error_messages:
        assert message.startswith(("Dòng ", "Tệp ", "Thiếu ", "Không ")), message
