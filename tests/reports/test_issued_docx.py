"""Issue #18: the issued report's Word file. It is rendered with the final PDF from the same HTML,
archived beside it with its SHA-256, and served through the same check as the PDF, from the report
page and the register; read back with python-docx it holds the edited narrative, the number, the
approval day's date line and the PDF's figures (pdftotext)."""

import datetime
import hashlib
import io
import re

import docx
import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from reports import services
from reports.models import Report
from tests.directives.factories import DirectiveFactory
from tests.reports.conftest import flat, task, text_of
from tests.reports.drafting import PERIOD, at, giao_ban_scene
from tests.reports.test_pdf import _row

pytestmark = pytest.mark.django_db
APPROVED_AT = at(datetime.date(2026, 7, 20), 9)
EDITED = "Hạn chế đã sửa: thiếu kinh phí cho tuyến xã."


@pytest.fixture
def issued(ban, org_a, org_b, khoa_giao_fields, staff_user, leader_user):
    giao_ban_scene(ban, org_a, org_b, khoa_giao_fields)
    directive = DirectiveFactory(sequence=128, title="Hướng dẫn công tác khoa giáo năm 2026")
    education, health = khoa_giao_fields["giao_duc_dao_tao"], khoa_giao_fields["y_te"]
    d = datetime.date
    task(org_a, d(2026, 3, 31), directive=directive, done=d(2026, 3, 30), field=education)
    task(org_a, d(2026, 4, 30), directive=directive, done=d(2026, 5, 10), field=education)
    task(org_a, d(2026, 6, 15), directive=directive, field=education)
    task(org_b, d(2026, 2, 28), directive=directive, field=health)
    task(org_b, d(2026, 5, 31), directive=directive, done=d(2026, 5, 2), field=health)
    report, _ = services.report_schedule_run(
        schedule_name="Báo cáo định kỳ", period=PERIOD, today=d(2026, 7, 15)
    )
    report = services.report_edit(
        report=report, by=staff_user, version=report.version, limitations_text=f"- {EDITED}"
    )
    services.report_submit(report=report, by=staff_user)
    report = services.report_approve(report=report, by=leader_user, at=APPROVED_AT)
    # A preview is a PDF alone: the Word file is the issued document's.
    assert not report.docx_file
    done = services.report_render(report_id=report.pk, heartbeat=False)
    assert done is not None
    assert done.stage == Report.Stage.ISSUED
    return done


def _lines(document):
    """Every paragraph of the Word file, in order, tables' cells included (one line per row)."""
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            table = docx.table.Table(child, document)
            for row in table.rows:
                cells, seen = [], set()
                for cell in row.cells:  # a merged cell comes once per grid column
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(" ".join(p.text for p in cell.paragraphs))
                lines.append(" | ".join(cells))
    return [flat(line) for line in lines if line.strip()]


def _counts(line):
    return re.findall(r"(?<![\w/])(\d+|–)(?![\w/])", line.split("|", 1)[1]) if "|" in line else []


def test_the_issued_docx_holds_the_pdfs_text_number_date_and_figures(issued):
    path = issued.docx_file.path
    assert issued.docx_file.name == issued.file.name.removesuffix(".pdf") + ".docx"
    with open(path, "rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == issued.docx_sha256
    # A file Word opens without "repairing" it (the schema's order of elements).
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0).validate(path)
    assert result.is_valid, "\n".join(f"{e.part_uri} {e.path}: {e.description}" for e in result.errors)
    lines = _lines(docx.Document(io.BytesIO(data)))
    text = " ".join(lines)
    pdf = flat(text_of(issued.file.path))

    assert "Số 1-BC/BTGDVTU" in text
    assert "Khánh Hòa, ngày 20 tháng 7 năm 2026" in text
    assert f"- {EDITED}" in lines
    assert EDITED in pdf
    # The pre-filled passages staff kept, naming the unit in full, as in the PDF.
    assert "Sở Giáo dục và Đào tạo: Tổ chức kỳ thi tốt nghiệp trung học phổ thông an toàn." in text
    assert "Sở Giáo dục và Đào tạo: Tổ chức kỳ thi" in pdf
    assert "DỰ THẢO" not in text

    # The overall sentence, word for word in both.
    (overall,) = [line for line in lines if line.startswith("Trong kỳ có ")]
    assert overall.split(".")[0] in pdf
    assert "Trong kỳ có 5 nhiệm vụ đến hạn" in overall

    # Every row of every table of figures: the same numbers as the PDF's row with that label.
    layout = text_of(issued.file.path, "-layout")
    appendix = layout.split("Phụ lục 1")[1]
    rows = [line for line in lines if len(_counts(line)) >= 7]
    # By field (2), by unit (2), by directive (1), appendix 1 (2 units and the total).
    assert len(rows) >= 8, rows
    for line in rows:
        label = line.split(" | ")[0]
        source = appendix if label == "Tổng số" else layout
        assert _counts(line)[:7] == _row(source, label[:12].strip()), line
    (total,) = [line for line in rows if line.startswith("Tổng số")]
    assert _counts(total)[0] == "5"


def test_the_docx_is_downloaded_through_the_pdfs_check(
    issued, staff_user, leader_user, liaison_a, client, login
):
    for person in (staff_user, leader_user):
        login(person)
        page = client.get(f"/bao-cao/{issued.pk}/").content.decode()
        assert f"/bao-cao/{issued.pk}/tai-ve.docx" in page
        response = client.get(f"/bao-cao/{issued.pk}/tai-ve.docx")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        with open(issued.docx_file.path, "rb") as handle:
            assert b"".join(response.streaming_content) == handle.read()
        register = client.get("/bao-cao/so-van-ban-di/").content.decode()
        assert f"/bao-cao/{issued.pk}/tai-ve.docx" in register
        assert f"/bao-cao/{issued.pk}/tai-ve/" in register
    # A unit's liaison sees neither the report nor its files: the same 404 as the PDF.
    login(liaison_a)
    for url in (f"/bao-cao/{issued.pk}/tai-ve/", f"/bao-cao/{issued.pk}/tai-ve.docx"):
        assert client.get(url).status_code == 404


def test_a_preview_has_no_docx(ban, org_a, org_b, khoa_giao_fields, staff_user, client, login):
    giao_ban_scene(ban, org_a, org_b, khoa_giao_fields)
    report, _ = services.report_schedule_run(
        schedule_name="Báo cáo định kỳ", period=PERIOD, today=datetime.date(2026, 7, 15)
    )
    report = services.report_render(report_id=report.pk, heartbeat=False)
    assert report.stage == Report.Stage.DRAFT
    assert report.file
    assert not report.docx_file
    login(staff_user)
    assert client.get(f"/bao-cao/{report.pk}/tai-ve.docx").status_code == 404
