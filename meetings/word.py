"""The conclusion notice as an editable Word file, with the same sections as the PDF. The page,
the header block and the closing are the portal's one DOCX mechanism (khoagiao/word.py, also the
issued reports'); this module writes the notice's sections I–III. Staff finish it in Word (the
văn thư's number and date, the signature and seal); tests/meetings/test_notice_layout.py
validates the file.
"""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from khoagiao.word import closing, header_block, items, new_document, para, to_bytes

from .notice import proposal_lines, task_line


def notice_docx_bytes(notice):
    """The Word file of a notice content dict (meetings.notice.notice_content)."""
    document = new_document()
    header, titles = notice["header"], notice["section_titles"]
    header_block(document, header, notice["draft"])
    para(document, notice["opening"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    para(document, titles["assessment"], bold=True, indent=False)
    for key, entries in (
        ("result", notice["results"]),
        ("limitation", notice["limitations"]),
        ("cause", notice["causes"]),
    ):
        if entries:
            para(document, titles[key], bold=True, indent=False)
            items(document, entries)

    para(document, titles["tasks"], bold=True, indent=False)
    for text in filter(None, notice["direction"].split("\n")):
        para(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for number, task in enumerate(notice["tasks"], 1):
        para(document, f"{number}. {task['title']}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        para(document, task_line(task), italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    if notice["proposals"]:
        para(document, titles["proposals"], bold=True, indent=False)
        for number, proposal in enumerate(notice["proposals"], 1):
            para(document, f"{number}. {proposal['content']}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            for line in proposal_lines(proposal):
                para(document, line, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    para(document, notice["closing"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    closing(document, header)
    return to_bytes(document)
