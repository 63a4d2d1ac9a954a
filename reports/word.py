"""The issued report as an editable Word file, made from the very HTML its PDF was rendered from
(khoagiao.word.html_body): the narrative, the number, the date line and every table of figures
are the PDF's. Only the issued report has one (a preview is a PDF alone)."""

import lxml.html

from khoagiao.word import closing, header_block, html_body, new_document, page_break, to_bytes


def report_docx_bytes(html, header):
    """`html`: the report's rendered template (reports/pdf/progress.html); `header`: the
    DocumentHeader it was rendered with."""
    tree = lxml.html.document_fromstring(html)
    document = new_document()
    header_block(document, header)
    for body in tree.find_class("doc-body"):
        html_body(document, body)
    closing(document, header)
    for appendix in tree.find_class("appendix"):
        page_break(document)
        html_body(document, appendix)
    return to_bytes(document)
