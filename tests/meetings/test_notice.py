"""Acceptance 2 and 3: the conclusion notice as a PDF in the Party layout (read back with poppler,
page 1 rendered to an image) and as a Word file (read back with python-docx), with the same
sections; user text with HTML in it is printed literally and nothing outside the portal's own
assets is fetched."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse

from khoagiao.pdf import AssetOnlyFetcher, render_pdf
from meetings import services
from meetings.models import Meeting
from meetings.notice import for_template, notice_content
from tests.meetings.conftest import HOSTILE_IMG, HOSTILE_LINK
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

SECTIONS = [
    "I. KẾT QUẢ ĐẠT ĐƯỢC, HẠN CHẾ VÀ NGUYÊN NHÂN",
    "1. Kết quả đạt được",
    "2. Hạn chế, khó khăn",
    "3. Nguyên nhân",
    "II. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2026",
    "III. KIẾN NGHỊ, ĐỀ XUẤT",
]


def pdftotext(pdf):
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def nospace(text):
    return re.sub(r"\s+", "", text)


def collapse(text):
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.mark.pdftools
def test_the_pdf_reads_back_with_the_party_header_sections_and_signature(
    concluded, login, staff_user, screenshot_dir, tmp_path
):
    response = login(staff_user).get(reverse("meetings:notice_pdf", kwargs={"pk": concluded.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="thong-bao-ket-luan-12-tb-btgdvtu.pdf"'
    )
    pdf = response.content
    lines = [line.strip() for line in pdftotext(pdf).splitlines()]
    for expected in [
        "TỈNH ỦY KHÁNH HÒA",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "*",
        "Số 12-TB/BTGDVTU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Khánh Hòa, ngày 30 tháng 6 năm 2026",
        "THÔNG BÁO",
        *SECTIONS,
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c),",
        "- Lưu VP.",
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Trần Văn Hùng",
    ]:
        assert expected in lines, f"{expected!r} not a line of the PDF text"
    date_lines = [line for line in lines if re.fullmatch(r".+, ngày \d{2} tháng \d{1,2} năm \d{4}", line)]
    assert date_lines == ["Khánh Hòa, ngày 30 tháng 6 năm 2026"]
    text = collapse(pdftotext(pdf))
    assert (
        "kết luận của đồng chí Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy tại Hội nghị giao ban công tác "
        "khoa giáo 6 tháng đầu năm 2026" in text
    )
    assert (
        "Ngày 25/06/2026, tại Hội trường Tỉnh ủy, Ban Tuyên giáo và Dân vận Tỉnh ủy Khánh Hòa tổ chức" in text
    )
    assert "Đơn vị chủ trì: Sở Giáo dục và Đào tạo. Đơn vị phối hợp: Sở Y tế. Thời hạn: 31/12/2026." in text
    assert "Trả lời: Đã chuyển Sở Tài chính xem xét." in text
    # user text is text: the markup is printed, not obeyed (compared without the line breaks
    # pdftotext puts where a long URL wrapped)
    assert nospace(HOSTILE_IMG) in nospace(text)
    assert nospace(HOSTILE_LINK) in nospace(text)
    assert "DỰ THẢO" not in text

    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    rows = [row.split() for row in fonts.splitlines()[2:] if row.strip()]
    assert rows, fonts
    assert all(row[-5] == "yes" for row in rows), f"a font is not embedded:\n{fonts}"
    assert any("Serif" in row[0] for row in rows), fonts

    (tmp_path / "notice.pdf").write_bytes(pdf)
    target = screenshot_dir / "meetings-notice-page1"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(tmp_path / "notice.pdf"),
            str(target),
        ],
        check=True,
    )
    assert target.with_suffix(".png").stat().st_size > 20_000


@pytest.mark.pdftools
def test_rendering_hostile_text_fetches_nothing_outside_the_portals_assets(concluded):
    fetcher = AssetOnlyFetcher()
    content = notice_content(Meeting.objects.get(pk=concluded.pk))
    pdf = render_pdf(
        "meetings/pdf/notice.html",
        {"header": content["header"], "notice": for_template(content)},
        fetcher=fetcher,
    )
    assert fetcher.refused == []
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdfdetach"):
        listing = subprocess.run(["pdfdetach", "-list", "-"], input=pdf, capture_output=True).stdout.decode()
        assert "0 embedded files" in listing or listing.strip() == ""


@pytest.mark.pdftools
def test_a_draft_is_marked_and_leaves_the_number_and_day_blank(province_ban, staff_user, login, org_a):
    meeting = MeetingFactory(organizer=province_ban, invited=[org_a])
    services.meeting_outcome_save(
        meeting=meeting, by=staff_user, version=meeting.version, conclusion={"text": "Dự thảo"}
    )
    pdf = login(staff_user).get(reverse("meetings:notice_pdf", kwargs={"pk": meeting.pk})).content
    lines = [collapse(line).strip() for line in pdftotext(pdf).splitlines()]
    assert "DỰ THẢO" in lines
    assert "Số -TB/BTGDVTU" in lines
    assert any(re.fullmatch(r"Khánh Hòa, ngày tháng năm \d{4}", line) for line in lines), lines[:12]


def docx_text(data):
    document = docx.Document(io.BytesIO(data))
    cells = [
        paragraph.text
        for table in document.tables
        for cell in table.rows[0].cells
        for paragraph in cell.paragraphs
    ]
    return document, [p.text for p in document.paragraphs], cells


@pytest.mark.pdftools
def test_the_docx_holds_the_same_sections_as_the_pdf(concluded, login, staff_user):
    client = login(staff_user)
    response = client.get(reverse("meetings:notice_docx", kwargs={"pk": concluded.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document, paragraphs, cells = docx_text(response.content)
    for expected in [
        "TỈNH ỦY KHÁNH HÒA",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "Số 12-TB/BTGDVTU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Khánh Hòa, ngày 30 tháng 6 năm 2026",
        "Nơi nhận:",
        "- Lưu VP.",
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Trần Văn Hùng",
    ]:
        assert expected in cells
    assert "THÔNG BÁO" in paragraphs
    headings = [p for p in paragraphs if p in SECTIONS]
    assert headings == SECTIONS
    pdf_lines = [
        line.strip()
        for line in pdftotext(
            client.get(reverse("meetings:notice_pdf", kwargs={"pk": concluded.pk})).content
        ).splitlines()
    ]
    assert [line for line in pdf_lines if line in SECTIONS] == headings
    body = "\n".join(paragraphs)
    assert "1. Tuyên truyền Nghị quyết 71-NQ/TW về giáo dục" in body
    assert "Đơn vị chủ trì: Sở Giáo dục và Đào tạo. Đơn vị phối hợp: Sở Y tế. Thời hạn: 31/12/2026." in body
    assert HOSTILE_IMG in body
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)


@pytest.mark.pdftools
def test_an_earlier_approved_version_can_still_be_downloaded(
    concluded, login, staff_user, leader_user, liaison_b
):
    services.meeting_reopen(meeting=concluded, by=staff_user, reason="Sửa định hướng")
    fresh = Meeting.objects.get(pk=concluded.pk)
    services.meeting_outcome_save(
        meeting=fresh, by=staff_user, version=fresh.version, conclusion={"text": "Định hướng mới."}
    )
    services.conclusion_approve(meeting=fresh, by=leader_user)
    url = reverse("meetings:notice_pdf", kwargs={"pk": concluded.pk})
    client = login(liaison_b)
    old = collapse(pdftotext(client.get(url, {"phien-ban": 1}).content))
    new = collapse(pdftotext(client.get(url).content))
    assert "tập trung thực hiện tốt các nhiệm vụ sau" in old
    assert "Định hướng mới." not in old
    assert "Định hướng mới." in new
    assert client.get(url, {"phien-ban": 9}).status_code == 404
