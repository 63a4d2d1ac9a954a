"""Workbooks in the other formats the import reads (issue 16): .xls written by xlwt (the old
Excel 97-2003 format, as offices still keep it) and .ods built here as LibreOffice writes it (a
zip of a mimetype, a manifest and content.xml, trailing empty rows as one repeated row)."""

import datetime
import zipfile
from xml.sax.saxutils import escape

import xlwt

from tests.directives.sheets import HEADERS, ROWS

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    b' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
    b' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
CONTENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def xls(path, headers=HEADERS, rows=ROWS, sheet="Văn bản"):
    book = xlwt.Workbook(encoding="utf-8")
    out = book.add_sheet(sheet)
    day = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for column, header in enumerate(headers):
        out.write(0, column, header)
    for line, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                out.write(line, column, value, day)
            else:
                out.write(line, column, value)
    book.save(str(path))
    return path


def ods_cell(value):
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if value in (None, ""):
        return "<table:table-cell/>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def ods_rows(headers=HEADERS, rows=ROWS):
    lines = [headers, *rows]
    return "".join(
        f"<table:table-row>{''.join(ods_cell(v) for v in line)}</table:table-row>" for line in lines
    )


def ods(path, headers=HEADERS, rows=ROWS, sheet="Văn bản", body=None, prolog=""):
    # LibreOffice ends a sheet with its empty rows as one row repeated up to row 1,048,576.
    body = (
        body
        if body is not None
        else (
            ods_rows(headers, rows)
            + '<table:table-row table:number-rows-repeated="1048572"><table:table-cell/></table:table-row>'
        )
    )
    content = (
        f'{prolog}{CONTENT_HEAD}<table:table table:name="{escape(sheet)}">{body}</table:table>{CONTENT_TAIL}'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME)  # first and stored, as the format asks
        out.writestr("META-INF/manifest.xml", MANIFEST)
        out.writestr("content.xml", content.encode())
    return path
