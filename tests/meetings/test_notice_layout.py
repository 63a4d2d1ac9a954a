"""The notice's layout details that a reader of the printed page notices: the Word file is valid
WordprocessingML (Word opens it without repairing it), its pages are numbered from the second,
top centre, as the PDF's are, and the rule under "ĐẢNG CỘNG SẢN VIỆT NAM" is as long as the
words, in the Word file and in the PDF (36-HD/VPTW: "có độ dài bằng độ dài của dòng chữ")."""

import io
import re
import subprocess

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn
from docx.shared import Emu, Twips
from openxml_audit import FileFormat, OpenXmlValidator
from PIL import Image, ImageFont

pytestmark = pytest.mark.django_db

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
# Liberation Serif has the metrics of Times New Roman, the documents' font.
SERIF_BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"
TOLERANCE_MM = 1.5


def text_width_mm(text, size_pt, font=SERIF_BOLD):
    return ImageFont.truetype(font, 1000).getlength(text) / 1000 * size_pt * 25.4 / 72


def word_file(client, meeting):
    response = client.get(reverse("meetings:notice_docx", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    return response.content


def test_the_word_file_is_valid_wordprocessingml(concluded, login, staff_user, tmp_path):
    path = tmp_path / "thong-bao.docx"
    path.write_bytes(word_file(login(staff_user), concluded))
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0).validate(path)
    assert result.is_valid, "\n".join(f"{e.part_uri} {e.path}: {e.description}" for e in result.errors)


def field_codes(element):
    return "".join(node.text or "" for node in element.iter(qn("w:instrText"))) + "".join(
        node.get(qn("w:instr")) or "" for node in element.iter(qn("w:fldSimple"))
    )


def test_the_word_files_pages_are_numbered_from_the_second_top_centre(concluded, login, staff_user):
    document = docx.Document(io.BytesIO(word_file(login(staff_user), concluded)))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert "PAGE" not in field_codes(first._element)
    assert all(not p.text.strip() for p in first.paragraphs)
    numbered = [p for p in section.header.paragraphs if "PAGE" in field_codes(p._p)]
    assert len(numbered) == 1
    assert numbered[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert round(section.header_distance.mm) == 10


def test_the_rule_under_the_party_name_is_as_long_as_the_name_in_the_word_file(concluded, login, staff_user):
    document = docx.Document(io.BytesIO(word_file(login(staff_user), concluded)))
    table = document.tables[0]
    cell = table.rows[0].cells[1]
    paragraph = next(p for p in cell.paragraphs if p.text == PARTY_NAME)
    borders = paragraph._p.pPr.find(qn("w:pBdr"))
    assert borders is not None, "no rule under the name"
    assert borders.find(qn("w:bottom")) is not None, "no rule under the name"
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    side = {
        edge: Twips(int(margins.find(qn(f"w:{edge}")).get(qn("w:w")))) if margins is not None else Twips(108)
        for edge in ("left", "right")
    }
    fmt = paragraph.paragraph_format
    rule = Emu(cell.width - side["left"] - side["right"] - (fmt.left_indent or 0) - (fmt.right_indent or 0))
    name = text_width_mm(PARTY_NAME, 15)
    assert abs(rule.mm - name) <= TOLERANCE_MM, f"the rule is {rule.mm:.1f} mm, the name {name:.1f} mm"


@pytest.mark.pdftools
def test_the_rule_under_the_party_name_is_as_long_as_the_name_in_the_pdf(
    concluded, login, staff_user, tmp_path
):
    pdf = tmp_path / "thong-bao.pdf"
    pdf.write_bytes(
        login(staff_user).get(reverse("meetings:notice_pdf", kwargs={"pk": concluded.pk})).content
    )
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', boxes
    )
    line = next(i for i in range(len(words)) if [w[4] for w in words[i : i + 5]] == PARTY_NAME.split())
    x0, x1 = float(words[line][0]), float(words[line + 4][2])
    bottom = max(float(w[3]) for w in words[line : line + 5])
    dpi = 300
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(pdf),
            str(tmp_path / "p1"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "p1.png").convert("L")
    to_px = dpi / 72
    # The longest dark horizontal run in the 8 mm under the words, across the right column.
    longest = 0
    for y in range(int(bottom * to_px), int((bottom + 8 / 25.4 * 72) * to_px)):
        run = 0
        for x in range(image.width // 2, image.width):
            run = run + 1 if image.getpixel((x, y)) < 128 else 0
            longest = max(longest, run)
    rule = longest / dpi * 25.4
    name = (x1 - x0) / 72 * 25.4
    assert abs(rule - name) <= TOLERANCE_MM, f"the rule is {rule:.1f} mm, the name {name:.1f} mm"
