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


# --- item 11: issuers as provincial lists write them ----------------------------------------------


@pytest.fixture
def central(khoa_giao_fields):
    """The central bodies as the register names them, with the aliases the migration seeds."""
    import datetime

    from organizations.aliases import seed_aliases
    from organizations.models import Organization, OrganizationAlias

    orgs = {
        "btgtw": central_body(),
        "bch-tw": central_body("bch-tw", "Ban Chấp hành Trung ương Đảng", "TW", "party_committee"),
        "bbt": central_body("bbt", "Ban Bí thư Trung ương Đảng", "TW", "party_committee"),
        "bct": central_body("bct", "Bộ Chính trị", "TW", "party_committee"),
        "btgdvtw": central_body("btgdvtw", "Ban Tuyên giáo và Dân vận Trung ương", "BTGDVTW"),
    }
    Organization.objects.filter(code="btgtw").update(valid_to=datetime.date(2025, 2, 2))
    Organization.objects.filter(code="btgdvtw").update(valid_from=datetime.date(2025, 2, 3))
    assert seed_aliases(Organization, OrganizationAlias) > 10
    assert seed_aliases(Organization, OrganizationAlias) == 0  # running it again adds nothing
    return orgs


HEADERS3 = ["Số hiệu", "Ngày ban hành", "Cơ quan ban hành"]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Ban Chấp hành Trung ương", "bch-tw"),
        ("BCH TW", "bch-tw"),
        ("BCHTW", "bch-tw"),
        ("Trung ương", "bch-tw"),
        ("trung ương", "bch-tw"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG", "bch-tw"),
        ("BBT", "bbt"),
        ("Ban Bí thư", "bbt"),
        ("BCT", "bct"),
        ("bộ chính trị", "bct"),
    ],
)
def test_issuers_are_matched_by_their_other_names_whatever_the_case_or_unicode_form(
    central, tmp_path, written, code
):
    import unicodedata

    from organizations.models import Organization

    number = {"bch-tw": "45-NQ/TW", "bbt": "20-CT/TW", "bct": "57-NQ/TW"}[code]
    for form in ("NFC", "NFD"):
        row = [number, "24/11/2023", unicodedata.normalize(form, written)]
        plan = preview(xlsx(tmp_path / f"{form}.xlsx", headers=HEADERS3, rows=[row]))
        assert plan.is_valid, plan.error_messages
        assert plan.rows[0].values["issuing_body"] == Organization.objects.get(code=code).pk


def test_an_older_name_of_a_merged_body_finds_the_body_of_the_issue_date(central, tmp_path):
    rows = [
        ["128-HD/BTGTW", "22/12/2023", "Ban Tuyên giáo Trung ương"],
        ["15-HD/BTGDVTW", "10/06/2025", "Ban Tuyên giáo Trung ương"],
    ]
    plan = preview(xlsx(tmp_path / "cu.xlsx", headers=HEADERS3, rows=rows))
    assert plan.is_valid, plan.error_messages
    assert [central_code(row) for row in plan.rows] == ["btgtw", "btgdvtw"]


def central_code(row):
    from organizations.models import Organization

    return Organization.objects.get(pk=row.values["issuing_body"]).code


def test_an_unknown_issuer_gets_the_closest_names(central, tmp_path):
    rows = [
        ["45-NQ/TW", "24/11/2023", "Ban Chap hanh Trung uong Dang CSVN"],
        ["45-NQ/TW", "24/11/2023", "Hội Nông dân"],
    ]
    plan = preview(xlsx(tmp_path / "la.xlsx", headers=HEADERS3, rows=rows))
    first, second = plan.error_messages
    assert first.startswith("Dòng 2, cột Cơ quan ban hành (C): ")
    assert "không có đơn vị nào có mã hoặc tên “Ban Chap hanh Trung uong Dang CSVN”" in first
    assert "Có phải là “Ban Chấp hành Trung ương Đảng”" in first
    assert "Có phải là" not in second
    assert "quản trị" in second  # what to do instead


def test_admins_edit_the_other_names_on_the_organisation_page(central, login, admin_user):
    from organizations.models import Organization

    client = login(admin_user)
    org = Organization.objects.get(code="bct")
    page = client.get(f"/quan-tri/organizations/organization/{org.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tên gọi khác" in html
    assert 'value="BCT"' in html


def _form_data(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[f"{form.add_prefix(name)}"] = [str(v) for v in value]
        else:
            data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data


def test_an_admin_adds_an_other_name_on_the_organisation_page_and_the_import_finds_it(
    central, login, admin_user, tmp_path
):
    from organizations.models import Organization

    client = login(admin_user)
    org = Organization.objects.get(code="bct")
    url = f"/quan-tri/organizations/organization/{org.pk}/change/"
    page = client.get(url)
    data = _form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
        if formset.model.__name__ == "OrganizationAlias":
            extra = formset.forms[-1]
            data[extra.add_prefix("name")] = "Bộ Chính trị khóa XIII"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert org.aliases.filter(name="Bộ Chính trị khóa XIII").exists()
    rows = [["57-NQ/TW", "22/12/2024", "bộ chính trị khóa xiii"]]
    plan = preview(xlsx(tmp_path / "moi.xlsx", headers=HEADERS3, rows=rows))
    assert plan.is_valid, plan.error_messages
