"""Field findings on the directive import (issue 19, items 11, 12, 14): issuers written as they are
said, hostile workbooks refused with their own message, messages that quote the template's
headers as the template names them."""

import zipfile

import pytest

from directives.imports.columns import COLUMNS
from directives.services import directive_import_preview
from tests.directives.factories import central_body
from tests.directives.sheets import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(khoa_giao_fields):
    return {"btgtw": central_body()}


def preview(path):
    return directive_import_preview(path=path, file_name=path.name)


# --- item 14: the template's asterisk is not part of the column's name ---------------------------


def test_messages_name_the_template_column_without_its_asterisk(bodies, tmp_path):
    headers = [column.header + (" *" if column.required else "") for column in COLUMNS[:3]]
    assert headers[0] == "Số hiệu *"  # as the downloadable template writes it
    path = xlsx(tmp_path / "mau.xlsx", headers=headers, rows=[["128-HD/BTGTW", "32/12/2023", "btgtw"]])
    plan = preview(path)
    assert len(plan.error_messages) == 1, plan.error_messages
    assert plan.error_messages[0].startswith("Dòng 2, cột Ngày ban hành (B): ")
    assert "*" not in plan.error_messages[0]


# --- item 12: entities and DTDs get their own message --------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
)
DTD_ONLY = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd">'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


@pytest.mark.parametrize(
    ("member", "payload"),
    [
        ("xl/worksheets/sheet1.xml", LAUGHS),
        ("xl/worksheets/sheet1.xml", XXE),
        ("xl/worksheets/sheet1.xml", DTD_ONLY),
        ("xl/workbook.xml", XXE),
        ("xl/sharedStrings.xml", LAUGHS),
    ],
)
def test_a_workbook_with_entities_or_a_dtd_gets_the_intended_message(bodies, tmp_path, member, payload):
    good = xlsx(tmp_path / "tot.xlsx")
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(evil, "w") as out:
        names = source.namelist()
        for item in source.infolist():
            out.writestr(item, payload if item.filename == member else source.read(item))
        if member not in names:
            out.writestr(member, payload)
    plan = preview(evil)
    assert plan.file_errors == ["Tệp chứa cấu trúc XML không được phép (DTD hoặc entity) nên bị từ chối."]


def test_the_cause_is_found_however_deep_the_wrapping(bodies):
    from defusedxml.common import EntitiesForbidden

    from directives.imports.reader import _forbidden_xml

    def wrapped():
        try:
            try:
                raise EntitiesForbidden("lol", None, None, None, None, None)
            except EntitiesForbidden as inner:
                raise ValueError("could not read worksheets") from inner
        except ValueError:
            raise KeyError("while reading") from None

    with pytest.raises(KeyError) as info:
        wrapped()
    # "from None" hides the cause from tracebacks but keeps the context: still found.
    assert _forbidden_xml(info.value)
    assert not _forbidden_xml(ValueError("truncated"))
