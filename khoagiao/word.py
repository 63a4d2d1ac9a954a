"""Documents in the Party's layout as editable Word files (python-docx): the one DOCX mechanism.

A4, margins 20/20/30/15 mm, Times New Roman 14, page numbers top centre from page 2, the
two-column header block (issuer, number | party name with its rule, date line), the title and
trích yếu, and the closing (Nơi nhận | signature), all from the same `DocumentHeader` (or its
dict) the PDF prints. The body is written either by the caller with `para`/`items` (the
conclusion notice, meetings/word.py) or from the very HTML the PDF was rendered from
(`html_body`, the reports): the two files of one document then hold the same text and figures.

Elements python-docx has no API for are added here by hand, each at its place in the order the
WordprocessingML schema prescribes (Word "repairs" a file whose elements are out of order);
tests/meetings/test_notice_layout.py validates the file.
"""

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, Twips

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
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def font(run, size=14, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    # Word looks up the East Asian slot for some Vietnamese letters; set every slot.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    return run


def para(container, text="", *, size=14, bold=False, italic=False, align=None, indent=True, after=6):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent and align in (None, WD_ALIGN_PARAGRAPH.JUSTIFY):
        fmt.first_line_indent = Cm(1.27)
    if text:
        font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def items(document, entries, labelled=True):
    """Bullets "- label: text", each entry a dict with "text" and an optional "label" (bold)."""
    for item in entries:
        label = item.get("label") if labelled else ""
        paragraph = para(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        font(paragraph.add_run("- "))
        if label:
            font(paragraph.add_run(f"{label}: "), bold=True)
        font(paragraph.add_run(item["text"]))


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


def _borders(table, value):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *AFTER_TBLBORDERS)


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
        run = font(paragraph.add_run(), size=13)
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
            font(paragraph.add_run(text), **kwargs)
        if rule:
            _rule_below(paragraph, cell)


def _fields(header):
    return header if isinstance(header, dict) else header.__dict__


def new_document():
    """An empty A4 document with the Party layout's page, font and page numbers."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _drop_styles_with_effects(document)
    _page_numbers(section)
    return document


def header_block(document, header, draft=False):
    """The header table, the type name ("BÁO CÁO", "THÔNG BÁO"), the trích yếu and its rule."""
    header = _fields(header)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # the columns keep their width: the rule's length depends on it
    _borders(table, "nil")
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
    para(document, after=0, indent=False)
    para(document, header["type_name"], size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(document, header["summary"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER, after=12)


def closing(document, header):
    """Nơi nhận on the left, the signature block on the right."""
    header = _fields(header)
    table = document.add_table(rows=1, cols=2)
    _borders(table, "nil")
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


def to_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- a body from the PDF's own HTML ----------------------------------------------------------

_SPACE = re.compile(r"\s+")
# Block classes of the PDF templates and how Word prints them (centred, bold, italic, size).
_CENTRED = {
    "appendix-title": {"bold": True},
    "appendix-heading": {"bold": True},
    "appendix-sub": {"italic": True},
    "table-caption": {"italic": True, "size": 13},
}


def _text(element):
    return _SPACE.sub(" ", "".join(element.itertext())).strip()


def _runs(paragraph, element, size=14, bold=False):
    """The element's text as runs: <strong>/<b> bold, the rest plain; spaces folded as HTML does."""
    pieces = []

    def walk(node, strong):
        if node.text:
            pieces.append((node.text, strong))
        for child in node:
            walk(child, strong or child.tag in ("strong", "b"))
            if child.tail:
                pieces.append((child.tail, strong))

    walk(element, bold)
    started = False
    for text, strong in pieces:
        text = _SPACE.sub(" ", text)
        if not started:
            text = text.lstrip()
        if text:
            started = True
            font(paragraph.add_run(text), size=size, bold=strong)
    if paragraph.runs:
        last = paragraph.runs[-1]
        last.text = last.text.rstrip()


def _table(document, element):
    rows = list(element.iter("tr"))
    if not rows:
        return
    width = max(len(row.findall("th") + row.findall("td")) for row in rows)
    table = document.add_table(rows=0, cols=width)
    _borders(table, "single")
    for row in rows:
        cells = [cell for cell in row if cell.tag in ("th", "td")]
        out = table.add_row().cells
        bold = row.getparent().tag == "thead" or "total" in row.get("class", "")
        for index, cell in enumerate(cells):
            target = out[index]
            span = int(cell.get("colspan", "1"))
            if span > 1 and index + span <= width:
                target = target.merge(out[index + span - 1])
            paragraph = target.paragraphs[0]
            numeric = "num" in cell.get("class", "")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            # A row's title under its label (the PDF prints it as a block of its own).
            titles = [span for span in cell if "row-title" in span.get("class", "")]
            for span in titles:
                cell.remove(span)  # the tail stays with the cell's text
            font(paragraph.add_run(_text(cell)), size=12, bold=bold or cell.tag == "th")
            for span in titles:
                extra = target.add_paragraph()
                font(extra.add_run(_text(span)), size=11, italic=True)
    para(document, after=6, indent=False)


def html_body(document, element):
    """Write the children of an HTML element (lxml) into `document`: h2/h3 as bold headings,
    p as justified paragraphs, li as bullet lines, tables as bordered tables, the templates'
    captions centred. Charts (SVG) are left out: Word needs a raster copy of them, and their
    figures are the tables' figures."""
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        classes = set(child.get("class", "").split())
        if tag in ("h1", "h2", "h3", "h4"):
            para(document, _text(child), bold=True, indent=False)
        elif tag == "p":
            paragraph = para(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            _runs(paragraph, child, size=13 if "note" in classes else 14)
            if "note" in classes:
                for run in paragraph.runs:
                    run.italic = True
        elif tag in ("ul", "ol"):
            for item in child.iter("li"):
                _runs(para(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY), item)
        elif tag == "table":
            _table(document, child)
        elif tag == "div" and "figure" in classes:
            continue
        elif tag == "div" and classes & set(_CENTRED):
            style = next(_CENTRED[name] for name in _CENTRED if name in classes)
            para(document, _text(child), align=WD_ALIGN_PARAGRAPH.CENTER, **style)
        elif tag == "div":
            html_body(document, child)


def page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
