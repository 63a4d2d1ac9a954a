"""The pages: "Kiểm tra văn bản" for any signed-in user, the document's page, the notice and report
downloads serving the document of record, the state on the meeting page and in the archive; the
demo seal of `make run` and `manage.py check_signing`."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from reports.models import Report
from signatures import config, services
from signatures.demo import DEMO_NOTE
from signatures.models import SignedDocument
from signatures.sealing import FIELD_NAME
from tests.signatures.conftest import read
from tests.signatures.pki import LEADER_NAME, SEAL_NAME, sign_as
from tests.signatures.render import seal_text
from tests.signatures.test_upload import add_a_page, flip_a_byte_inside

pytestmark = pytest.mark.django_db


def check(client, data, name="van-ban.pdf"):
    response = client.post("/ky-so/kiem-tra/", {"file": SimpleUploadedFile(name, data, "application/pdf")})
    assert response.status_code == 200
    return response.content.decode()


def test_a_liaison_checks_a_sealed_notice_of_its_unit(seal_pkcs12, issue_notice, liaison_b, liaison_a, login):
    document = issue_notice()
    page = check(login(liaison_b), read(document.signed_file))
    assert 'data-verdict="valid"' in page
    assert "Hợp lệ." in page
    assert SEAL_NAME in page
    assert document.title in page  # its unit was invited: the document is named
    assert "Đây đúng là bản đã ký số chính thức." in page
    # Another unit holding the file learns that it is genuine, not which document of the Ban it is.
    page = check(login(liaison_a), read(document.signed_file))
    assert 'data-verdict="valid"' in page
    assert document.title not in page


def test_the_check_says_what_is_wrong(seal_pkcs12, issue_notice, signing_pki, staff_user, login):
    document = issue_notice()
    client = login(staff_user)
    sealed = read(document.signed_file)

    page = check(client, flip_a_byte_inside(sealed))
    assert 'data-verdict="invalid"' in page
    assert "tệp đã bị thay đổi sau khi ký" in page

    page = check(client, add_a_page(sealed))
    assert 'data-verdict="invalid"' in page
    assert "được thêm hoặc sửa" in page
    assert "Bị thay đổi sau khi ký" in page

    from weasyprint import HTML

    foreign = sign_as(signing_pki.untrusted, HTML(string="<p>Văn bản khác</p>").write_pdf())
    page = check(client, foreign)
    assert 'data-verdict="invalid"' in page
    assert "không thuộc tổ chức chứng thực" in page
    assert "không phải văn bản do Cổng phát hành" in page

    page = check(client, read(document.issued_file))
    assert 'data-verdict="unsigned"' in page
    assert "Đây đúng là tệp phát hành, trước khi ký." in page

    page = check(client, b"%PDF-1.7 broken")
    assert 'data-verdict="unreadable"' in page or "không phải là tệp PDF" in page


def test_a_leaders_signature_on_top_of_the_seal_is_read_too(
    seal_pkcs12, issue_notice, signing_pki, leader_user, login
):
    document = issue_notice()
    both = sign_as(signing_pki.leader, read(document.signed_file))
    page = check(login(leader_user), both)
    assert page.count("signature-finding") == 2
    assert LEADER_NAME in page
    assert SEAL_NAME in page


def test_the_notice_download_serves_the_signed_file_and_staff_keep_the_unsigned_one(
    seal_pkcs12, issue_notice, notice_version, staff_user, liaison_b, liaison_a, login, client
):
    document = issue_notice()
    meeting = notice_version.meeting
    client = login(liaison_b)
    response = client.get(f"/hoi-nghi/{meeting.pk}/thong-bao.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == read(document.signed_file)
    assert client.get(f"/ky-so/{document.pk}/ban-phat-hanh/").status_code == 403
    page = client.get(f"/hoi-nghi/{meeting.pk}/").content.decode()
    assert "Đã ký số" in page
    assert "bằng dấu của Ban" in page
    client = login(staff_user)
    response = client.get(f"/ky-so/{document.pk}/ban-phat-hanh/")
    assert b"".join(response.streaming_content) == read(document.issued_file)
    client = login(liaison_a)  # not invited: the document does not exist for it
    assert client.get(f"/ky-so/{document.pk}/").status_code == 404
    assert client.get(f"/hoi-nghi/{meeting.pk}/thong-bao.pdf").status_code == 404


def test_the_report_download_serves_the_signed_file(seal_pkcs12, ban, staff_user, login, private_root):
    from organizations.access import SYSTEM
    from reports import services as report_services

    report, _ = report_services.report_request(by=SYSTEM, kind="ban", period="2026-H1", enqueue=False)
    report_services.report_render(report_id=report.pk, heartbeat=False)
    document = SignedDocument.objects.get(report=report)
    client = login(staff_user)
    before = b"".join(client.get(f"/bao-cao/{report.pk}/tai-ve/").streaming_content)
    assert before == read(Report.objects.get(pk=report.pk).file)
    archive = client.get("/bao-cao/").content.decode()
    assert "Chưa ký số" in archive
    services.document_process(document_id=document.pk, heartbeat=False)
    after = b"".join(client.get(f"/bao-cao/{report.pk}/tai-ve/").streaming_content)
    assert after == read(SignedDocument.objects.get(pk=document.pk).signed_file)
    assert after.startswith(before)
    assert "Đã ký số" in client.get("/bao-cao/").content.decode()
    assert "Đã ký số" in client.get(f"/bao-cao/{report.pk}/").content.decode()


def test_the_demo_seal_is_made_once_and_says_it_has_no_legal_value(settings, tmp_path, issue_notice):
    settings.SIGNING_MODE = "demo"
    settings.VAR_DIR = tmp_path / "var"
    document = issue_notice()
    assert document.status == SignedDocument.Status.SIGNED, document.last_error
    path = tmp_path / "demo.pdf"
    path.write_bytes(read(document.signed_file))
    assert seal_text(path, FIELD_NAME)[-1] == DEMO_NOTE == "DEMO – không có giá trị pháp lý"
    key = (tmp_path / "var" / "signing-demo" / "seal.p12").read_bytes()
    with config.open_signer():
        pass
    assert (tmp_path / "var" / "signing-demo" / "seal.p12").read_bytes() == key
    # The demo root is trusted in demo mode, so the portal's own check reads the seal as valid.
    assert services.verify_signed_upload is not None
    from signatures.verification import inspect_pdf

    assert inspect_pdf(read(document.signed_file)).all_valid


def test_check_signing_says_what_works(seal_with_tsa, capsys):
    out = io.StringIO()
    call_command("check_signing", stdout=out)
    text = out.getvalue()
    assert "✓ key opened" in text
    assert "with a timestamp" in text
    assert "✓ the seal validates" in text


def test_check_signing_says_what_does_not(seal_pkcs11, settings):
    settings.SIGNING_PKCS11_PIN_FILE = str(seal_pkcs11["wrong_pin_file"])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_signing", stdout=out)
    assert "mã PIN" in out.getvalue()


def test_a_wrong_signing_mode_stops_the_start_up(tmp_path):
    from tests.core.test_settings import run_settings

    result = run_settings(DJANGO_SECRET_KEY="x" * 60, PORTAL_VAR_DIR=str(tmp_path), SIGNING_MODE="hsm")
    assert result.returncode != 0
    assert "SIGNING_MODE='hsm'" in result.stderr
