"""The conclusion notice as an editable Word file (python-docx), with the same sections as the PDF
and the Party layout as far as Word allows: A4, margins 20/20/30/15 mm, Times New Roman 14,
page numbers top centre from page 2, the two-column header block, the title, sections I–III,
the recipients and the signature. Staff finish it in Word (the văn thư's number and date, the
signature and seal).

Elements python-docx has no API for are added here by hand, each at its place in the order the
WordprocessingML schema prescribes (Word "repairs" a file whose elements are out of order);
tests/meetings/test_notice_layout.py validates the file.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, Twips

from .notice import proposal_lines, task_line

FONT = "Times New Roman"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
# Its width in Times New Roman bold 15 pt, the size it is printed at: 13.742 em, measured on
# Liberation Serif Bold, which has Times New Roman's metrics.
PARTY_NAME_WIDTH = Pt(13.742 * 15)
# Word's default left and right cell margins (0.19 cm), set on the header table so that the width
# of its cells' text is known.
CELL_MARGIN = Twips(108)
# Successors in the schema's sequences (CT_PPrBase, CT_TblPr) of the elements added by hand.
AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _font(run, size=14, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    # Word looks up the East Asian slot for some Vietnamese letters; set every slot.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    return run


def _para(container, text="", *, size=14, bold=False, italic=False, align=None, indent=True, after=6):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent and align in (None, WD_ALIGN_PARAGRAPH.JUSTIFY):
        fmt.first_line_indent = Cm(1.27)
    if text:
        _font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _rule_below(paragraph, cell):
    """The solid line under "ĐẢNG CỘNG SẢN VIỆT NAM", as long as the words (36-HD/VPTW): a bottom
    border on the paragraph, whose indents leave it the words' width (and half a millimetre more
    on each side, so that the words never wrap)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_PBDR)
    spare = (cell.width - 2 * CELL_MARGIN - PARTY_NAME_WIDTH) // 2 - Mm(0.5)
    if spare > 0:
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Emu(spare)


def _no_borders(table):
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.insert_element_before(borders, *AFTER_TBLBORDERS)


def _cell_margins(table):
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(CELL_MARGIN.twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, *AFTER_TBLCELLMAR)


def _page_numbers(section):
    """Arabic page numbers, top centre, 10 mm from the top edge, from page 2 on: page 1 has a
    header of its own, left empty."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # A PAGE field: begin, the instruction, separate, the last value shown, end.
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = _font(paragraph.add_run(), size=13)
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif text.strip() == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def _drop_styles_with_effects(document):
    """python-docx's template carries Word 2010's second copy of the styles, which keeps the
    template's and not ours; later Word versions neither need nor write it."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)


def _cell_lines(cell, lines):
    cell.paragraphs[0].text = ""
    first = True
    for text, kwargs in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = kwargs.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.space_after = Pt(kwargs.pop("after", 0))
        rule = kwargs.pop("rule", False)
        if text:
            _font(paragraph.add_run(text), **kwargs)
        if rule:
            _rule_below(paragraph, cell)


def _items(document, items, labelled=True):
    for item in items:
        label = item.get("label") if labelled else ""
        paragraph = _para(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        _font(paragraph.add_run("- "))
        if label:
            _font(paragraph.add_run(f"{label}: "), bold=True)
        _font(paragraph.add_run(item["text"]))


def _header(document, header, draft):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # the columns keep their width: the rule's length depends on it
    _no_borders(table)
    _cell_margins(table)
    left, right = table.rows[0].cells
    lines = []
    if header["superior"]:
        lines.append((header["superior"], {}))
    lines += [(header["issuer"], {"bold": True}), ("*", {}), (header["number"], {})]
    if draft:
        lines.append(("DỰ THẢO", {"bold": True}))
    _cell_lines(left, lines)
    _cell_lines(
        right,
        [
            (PARTY_NAME, {"bold": True, "size": 15, "rule": True, "after": 6}),
            (header["date_line"], {"italic": True}),
        ],
    )
    _para(document, after=0, indent=False)
    _para(document, header["type_name"], size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, header["summary"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, after=12)


def _closing(document, header):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    recipients = [
        ("Nơi nhận:", {"bold": True, "italic": True, "underline": True, "align": WD_ALIGN_PARAGRAPH.LEFT})
    ]
    recipients += [(line, {"size": 12, "align": WD_ALIGN_PARAGRAPH.LEFT}) for line in header["recipients"]]
    _cell_lines(left, recipients)
    signature = []
    if header["signing_authority"]:
        signature.append((header["signing_authority"], {"bold": True}))
    signature.append((header["signer_position"], {"bold": True, "after": 60}))
    signature.append((header["signer_name"], {"bold": True}))
    _cell_lines(right, signature)


def notice_docx_bytes(notice):
    """The Word file of a notice content dict (meetings.notice.notice_content)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _drop_styles_with_effects(document)
    _page_numbers(section)

    header, titles = notice["header"], notice["section_titles"]
    _header(document, header, notice["draft"])
    _para(document, notice["opening"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    _para(document, titles["assessment"], bold=True, indent=False)
    for key, items in (
        ("result", notice["results"]),
        ("limitation", notice["limitations"]),
        ("cause", notice["causes"]),
    ):
        if items:
            _para(document, titles[key], bold=True, indent=False)
            _items(document, items)

    _para(document, titles["tasks"], bold=True, indent=False)
    for text in filter(None, notice["direction"].split("\n")):
        _para(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for number, task in enumerate(notice["tasks"], 1):
        _para(document, f"{number}. {task['title']}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        _para(document, task_line(task), italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    if notice["proposals"]:
        _para(document, titles["proposals"], bold=True, indent=False)
        for number, proposal in enumerate(notice["proposals"], 1):
            _para(document, f"{number}. {proposal['content']}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            for line in proposal_lines(proposal):
                _para(document, line, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    _para(document, notice["closing"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _closing(document, header)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
