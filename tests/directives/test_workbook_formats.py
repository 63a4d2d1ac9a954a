"""Issue 16: workbooks read by python-calamine. .xls and .ods files import like .xlsx ones, and
hostile workbooks are refused with their message, write nothing and leave the process that read
them alive: the checks before parsing catch what they can, and calamine runs in a child process
under a memory limit for the rest."""

import datetime
import os
import zipfile

import openpyxl
import pytest

from directives.imports import reader
from directives.models import Directive
from tests.directives.sheets import ROWS, xlsx
from tests.directives.test_imports import apply, bodies, preview, snapshot  # noqa: F401 (fixture)
from tests.directives.workbooks import ods, xls

pytestmark = pytest.mark.django_db

TOO_COSTLY = (
    "Đọc tệp này cần nhiều bộ nhớ hoặc thời gian hơn mức một danh mục văn bản có thể cần nên tệp bị từ "
    "chối (ví dụ có ô nằm xa ngoài bảng, hoặc nội dung bị lặp lại rất nhiều lần)."
)
FORBIDDEN = "Tệp chứa cấu trúc XML không được phép (DTD hoặc entity) nên bị từ chối."


def rows_with_cells():
    """The sample rows, the first with a real date cell and the term as a number."""
    rows = [list(row) for row in ROWS]
    rows[0][1] = datetime.date(2023, 12, 22)
    rows[0][3] = 13
    return rows


@pytest.mark.parametrize("write", [xls, ods], ids=["xls", "ods"])
def test_xls_and_ods_files_import_like_xlsx(bodies, admin_user, tmp_path, write):  # noqa: F811
    path = write(tmp_path / f"van-ban.{write.__name__}", rows=rows_with_cells())
    plan = preview(path)
    assert plan.is_valid, plan.error_messages + plan.file_errors
    assert [row.line for row in plan.rows] == [2, 3, 4]
    plan, log = apply(path, admin_user)
    assert log.created_count == 3
    first = Directive.objects.get(number="128-HD/BTGTW")
    assert first.issued_on == datetime.date(2023, 12, 22)
    assert first.term == 13
    assert first.title == "Công tác khoa giáo năm 2024"
    assert first.fields.count() == 2
    # The same file again changes nothing, whatever its format.
    assert apply(path, admin_user)[1].unchanged_count == 3


def test_an_ods_bad_cell_is_named_by_its_row_and_column(bodies, tmp_path):  # noqa: F811
    rows = rows_with_cells()
    rows[1][1] = "32/12/2023"
    plan = preview(ods(tmp_path / "loi.ods", rows=rows))
    assert len(plan.error_messages) == 1
    assert plan.error_messages[0].startswith("Dòng 3, cột Ngày ban hành (B)")


def test_data_on_another_sheet_of_an_xls_gets_the_message(bodies, tmp_path):  # noqa: F811
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("Ghi chú").write(0, 0, "Danh mục văn bản")
    data = book.add_sheet("Danh sách 2024")
    for column, header in enumerate(["Số hiệu", "Ngày ban hành", "Cơ quan ban hành"]):
        data.write(0, column, header)
    path = tmp_path / "hai-trang.xls"
    book.save(str(path))
    (message,) = preview(path).file_errors
    assert message.startswith("Dữ liệu phải nằm ở trang tính đầu tiên")
    assert "“Danh sách 2024”" in message


def _far_apart(path, second="XFD1048576"):
    book = openpyxl.Workbook()
    book.active["A1"] = "Số hiệu"
    book.active[second] = "x"
    book.save(path)
    return path


def _ods_with_prolog(path, prolog):
    return ods(path, prolog=prolog)


HUGE_REPEATS = (
    '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
    'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
    "</table:table-cell></table:table-row>"
)


def hostile_corpus(tmp_path):
    """(file, the message it must get). Each is a few KB at most."""
    good = xlsx(tmp_path / "tot.xlsx").read_bytes()
    (tmp_path / "cat.xlsx").write_bytes(good[: len(good) // 2])
    (tmp_path / "cat.ods").write_bytes(ods(tmp_path / "nguyen.ods").read_bytes()[:300])
    html = b"<html><body><table><tr><td>S\xe1\xbb\x91 hi\xe1\xbb\x87u</td></tr></table></body></html>"
    for name in ("trang-web.xls", "trang-web.ods", "trang-web.xlsx"):
        (tmp_path / name).write_bytes(html)
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    xxe = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return [
        (
            _far_apart(tmp_path / "xa.xlsx"),
            "Trang tính có giá trị ở ô XFD1048576, nằm xa ngoài bảng dữ liệu.",
        ),
        (_far_apart(tmp_path / "xa-2.xlsx", "ZZ200000"), "Trang tính có giá trị ở ô ZZ200000"),
        (ods(tmp_path / "lap.ods", body=HUGE_REPEATS), TOO_COSTLY),
        (_ods_with_prolog(tmp_path / "laughs.ods", laughs), FORBIDDEN),
        (_ods_with_prolog(tmp_path / "xxe.ods", xxe), FORBIDDEN),
        (tmp_path / "cat.xlsx", "Tệp bị hỏng hoặc không phải là bảng tính .xlsx."),
        (tmp_path / "cat.ods", "Tệp bị hỏng hoặc không phải là bảng tính .ods."),
        (tmp_path / "trang-web.xls", "Tệp bị hỏng hoặc không phải là bảng tính .xls."),
        (tmp_path / "trang-web.ods", "Tệp bị hỏng hoặc không phải là bảng tính .ods."),
        (tmp_path / "trang-web.xlsx", "Tệp bị hỏng hoặc không phải là bảng tính .xlsx."),
    ]


def test_every_hostile_workbook_is_refused_writes_nothing_and_the_process_lives(
    bodies,  # noqa: F811
    admin_user,
    tmp_path,
):
    before = snapshot()
    pid = os.getpid()
    for path, message in hostile_corpus(tmp_path):
        assert path.stat().st_size < 64 * 1024, path.name
        plan, log = apply(path, admin_user)
        assert log is None, path.name
        assert len(plan.file_errors) == 1, (path.name, plan.error_messages)
        assert plan.file_errors[0].startswith(message), (path.name, plan.file_errors)
    assert snapshot() == before
    # Still the same process, and it still imports a good file.
    assert os.getpid() == pid
    assert apply(xls(tmp_path / "sau.xls", rows=rows_with_cells()), admin_user)[1].created_count == 3


def test_a_file_that_gets_past_the_checks_and_kills_calamine_kills_only_its_child(
    bodies,  # noqa: F811
    admin_user,
    tmp_path,
    monkeypatch,
    settings,
):
    # With the extent check switched off, calamine meets the far-apart cells: it aborts (SIGABRT,
    # which no `except` catches) in the child; here the file is refused and nothing else happens.
    monkeypatch.setattr(reader, "MAX_COLUMNS", 10**9)
    monkeypatch.setattr(reader, "BLANK_ROWS_MARGIN", 10**9)
    settings.DIRECTIVE_IMPORT_READER_MEMORY_MB = 512
    before = snapshot()
    plan, log = apply(_far_apart(tmp_path / "xa.xlsx", "ZZ200000"), admin_user)
    assert plan.file_errors == [TOO_COSTLY]
    assert log is None
    assert snapshot() == before
    assert apply(ods(tmp_path / "sau.ods", rows=rows_with_cells()), admin_user)[1].created_count == 3


def test_formula_cells_of_an_xlsx_are_found_without_openpyxl(bodies, tmp_path):  # noqa: F811
    # calamine gives only the cached value (none here: openpyxl writes none); the scan of the raw
    # XML finds the formulas, shared ones and ones in a column past the last value included.
    rows = [["128-HD/BTGTW", "=DATE(2023,12,22)", "btgtw", "", "", "", '="Giáo dục" & ""']]
    plan = preview(xlsx(tmp_path / "cong-thuc.xlsx", rows=rows))
    assert len(plan.error_messages) == 2
    assert "Dòng 2, cột Ngày ban hành (B)" in plan.error_messages[0]
    assert '="Giáo dục" &' in plan.error_messages[1]


def test_an_ods_is_a_zip_with_content_or_is_refused(bodies, tmp_path):  # noqa: F811
    path = tmp_path / "rong.ods"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
    assert preview(path).file_errors == ["Tệp bị hỏng hoặc không phải là bảng tính .ods."]
