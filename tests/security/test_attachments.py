"""Acceptance 3, docs/operations.md G10/G11: attachments are private files.

Another unit's file answers 404; a download is an attachment with a safe name, nosniff and a
sandbox CSP, sent by nginx when X-Accel-Redirect is configured; an `.html` renamed `.pdf`, an
oversized file, a `../` name and a zip bomb are refused with a message and leave no file behind."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments.models import TaskAttachment, TaskUpdate
from assignments.services import task_attach, task_report_progress
from khoagiao.uploads import check_uploads
from tests.agreements.factories import AgreementAttachmentFactory, AgreementFactory
from tests.assignments.factories import PDF_BYTES, TaskAttachmentFactory, TaskFactory
from tests.assignments.helpers import html_as_pdf, pdf, stored_files
from tests.directives.factories import DirectiveAttachmentFactory, DirectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def b_task(org_b, org_a):
    import datetime

    return TaskFactory(lead=org_b, assigned_on=datetime.date(2026, 1, 5))


def post_report(client, task, *files, text="Báo cáo kèm tệp"):
    return client.post(reverse("assignments:update", args=[task.pk]), {"text": text, "files": list(files)})


# --- downloads ---------------------------------------------------------------------------------


def test_another_units_files_answer_404(client, liaison_a, liaison_b, org_b, private_root):
    task_file = TaskAttachmentFactory(task=TaskFactory(lead=org_b))
    programme_file = AgreementAttachmentFactory(agreement=AgreementFactory(partners=[org_b]))
    urls = [
        reverse("assignments:attachment", args=[task_file.pk]),
        reverse("agreements:attachment", args=[programme_file.pk]),
    ]
    client.force_login(liaison_a)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    # The same answer as for a file that does not exist at all.
    assert client.get(reverse("assignments:attachment", args=[999999])).status_code == 404
    client.force_login(liaison_b)
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_a_reassigned_task_takes_its_files_away_from_the_old_unit(
    client, liaison_b, org_a, org_b, staff_user
):
    from assignments.services import task_update

    task = TaskFactory(lead=org_b)
    task_file = TaskAttachmentFactory(task=task)
    task_update(task=task, by=staff_user, version=1, cooperating=[], lead=org_a)
    client.force_login(liaison_b)
    assert client.get(reverse("assignments:attachment", args=[task_file.pk])).status_code == 404


def test_a_download_is_an_attachment_with_a_safe_vietnamese_name(client, liaison_b, org_b, private_root):
    item = TaskAttachmentFactory(task=TaskFactory(lead=org_b), original_name='Báo cáo "quý I".pdf')
    client.force_login(liaison_b)
    response = client.get(reverse("assignments:attachment", args=[item.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20%22qu%C3%BD%20I%22.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_nginx_sends_the_bytes_when_x_accel_redirect_is_configured(
    client, liaison_b, org_b, settings, private_root
):
    settings.PORTAL_X_ACCEL_REDIRECT_PREFIX = "/internal/"
    item = TaskAttachmentFactory(task=TaskFactory(lead=org_b))
    client.force_login(liaison_b)
    response = client.get(reverse("assignments:attachment", args=[item.pk]))
    assert response["X-Accel-Redirect"] == f"/internal/{item.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_record_whose_file_is_gone_answers_404_not_an_error(client, staff_user, org_b, private_root):
    """A restore from an older backup can leave rows without their files: every download path
    says "not found" instead of failing."""
    task_file = TaskAttachmentFactory(task=TaskFactory(lead=org_b))
    programme_file = AgreementAttachmentFactory(agreement=AgreementFactory(partners=[org_b]))
    directive_file = DirectiveAttachmentFactory(uploaded_by=staff_user)
    urls = [
        reverse("assignments:attachment", args=[task_file.pk]),
        reverse("agreements:attachment", args=[programme_file.pk]),
        reverse("directives:attachment_download", args=[directive_file.pk]),
    ]
    for item in (task_file, programme_file, directive_file):
        item.file.storage.delete(item.file.name)
    client.force_login(staff_user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy" in response.content.decode()


def test_files_are_not_under_any_public_url(client, liaison_b, org_b, private_root):
    item = TaskAttachmentFactory(task=TaskFactory(lead=org_b))
    client.force_login(liaison_b)
    for path in (f"/media/{item.file.name}", f"/private/{item.file.name}", f"/internal/{item.file.name}"):
        assert client.get(path).status_code == 404


# --- refused uploads ----------------------------------------------------------------------------


def test_html_renamed_pdf_is_refused_with_a_message_and_leaves_nothing(
    client, liaison_b, b_task, private_root
):
    client.force_login(liaison_b)
    response = post_report(client, b_task, html_as_pdf("bao-cao.pdf"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "không phải là tệp .pdf" in body or "is not a .pdf file" in body
    assert "Báo cáo kèm tệp" in body  # what was typed is kept
    assert not TaskUpdate.objects.exists()
    assert stored_files(private_root) == []


def test_an_oversized_file_is_refused_with_a_message_and_leaves_nothing(
    client, liaison_b, b_task, private_root, settings
):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(liaison_b)
    response = post_report(client, b_task, pdf("lon.pdf", size=1024 * 1024 + 200_000))
    body = response.content.decode()
    assert response.status_code == 200
    assert "MB" in body
    assert not TaskAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_a_name_with_a_folder_path_is_refused_by_every_caller(liaison_b, b_task, private_root):
    """Django's UploadedFile keeps only the base name of what it is given; a file that reaches a
    service some other way (an import, a job) keeps its name, and is refused."""
    for name in ("../../etc/passwd.pdf", "..\\..\\boot.pdf", ".hidden.pdf", "bao-cao\u202efdp.pdf"):
        upload = File(io.BytesIO(PDF_BYTES), name=name)
        with pytest.raises(ValidationError, match="đường dẫn thư mục hoặc ký tự ẩn"):
            check_uploads([upload])
        with pytest.raises(ValidationError):
            task_report_progress(task=b_task, by=liaison_b, text="x", files=[upload])
    assert not TaskUpdate.objects.exists()
    assert stored_files(private_root) == []


def multipart(boundary, fields, filename, content):
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def test_a_dot_dot_name_over_http_never_reaches_outside_the_private_folder(
    client, liaison_b, b_task, private_root, tmp_path
):
    """Over HTTP, Django's multipart parser strips the folders before any view sees the name, so
    a `../` name arrives as a bare name: its content is still checked, and it is stored under a
    random name inside the private folder only."""
    client.force_login(liaison_b)
    url = reverse("assignments:update", args=[b_task.pk])
    hostile = b"<html><script>alert(1)</script></html>"
    body = multipart("xXx", {"text": "Tệp đặt tên lạ"}, "../../../x-escape.pdf", hostile)
    response = client.generic("POST", url, body, content_type="multipart/form-data; boundary=xXx")
    assert response.status_code == 200
    assert stored_files(private_root) == []
    body = multipart("xXx", {"text": "Tệp đặt tên lạ"}, "../../../x-escape.pdf", PDF_BYTES)
    response = client.generic("POST", url, body, content_type="multipart/form-data; boundary=xXx")
    assert response.status_code == 302
    stored = TaskAttachment.objects.get()
    assert stored.original_name == "x-escape.pdf"
    assert ".." not in stored.file.name
    assert [p.name for p in tmp_path.rglob("x-escape.pdf")] == []
    assert len(stored_files(private_root)) == 1


def test_a_zip_bomb_disguised_as_docx_is_refused(client, liaison_b, b_task, private_root, monkeypatch):
    monkeypatch.setattr("khoagiao.files.MAX_UNZIPPED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (3 * 1024 * 1024))
    bomb = SimpleUploadedFile("bao-cao.docx", buffer.getvalue())
    assert len(buffer.getvalue()) < 100_000
    client.force_login(liaison_b)
    response = post_report(client, b_task, bomb)
    assert "200 MB" in response.content.decode() or "MB" in response.content.decode()
    assert not TaskAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_one_bad_file_among_good_ones_keeps_all_of_them_out(client, liaison_b, b_task, private_root):
    client.force_login(liaison_b)
    response = post_report(client, b_task, pdf("mot.pdf"), pdf("hai.pdf"), html_as_pdf("ba.pdf"))
    assert response.status_code == 200
    assert not TaskAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_classified_sources_refuse_attachments(client, staff_user, liaison_b, org_b, private_root):
    task = TaskFactory(lead=org_b, directive=DirectiveFactory(classification="toi_mat", title=""))
    client.force_login(liaison_b)
    form = client.get(reverse("assignments:update", args=[task.pk])).context["form"]
    assert "files" not in form.fields
    response = post_report(client, task, pdf())
    assert response.status_code == 302  # the report is posted; the file is not read at all
    assert not TaskAttachment.objects.exists()
    with pytest.raises(ValidationError, match="văn bản mật"):
        task_attach(task=task, by=staff_user, files=[pdf()])
    assert stored_files(private_root) == []


def test_refused_programme_uploads_leave_nothing(client, staff_user, org_a, private_root):
    agreement = AgreementFactory(partners=[org_a])
    client.force_login(staff_user)
    response = client.post(reverse("agreements:attach", args=[agreement.pk]), {"files": [html_as_pdf()]})
    assert response.status_code == 200
    assert (
        "không phải là tệp .pdf" in response.content.decode() or "is not a .pdf" in response.content.decode()
    )
    assert stored_files(private_root) == []
