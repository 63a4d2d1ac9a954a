"""A leader's own token (acceptance 3, G31): the issued PDF signed outside the portal is accepted
only if intact, covering the file, unchanged afterwards, from a trusted and then-valid certificate,
and put on exactly the issued bytes. Every refusal has its own message and stores nothing."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from signatures import services
from signatures.models import SignedDocument
from tests.signatures.conftest import approved_notice, read
from tests.signatures.pki import LEADER_NAME, sign_as

pytestmark = pytest.mark.django_db


def pdf_upload(data, name="thong-bao-da-ky.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def unsigned_notice(trust_only, issue_notice):
    document = issue_notice()
    assert document.status == SignedDocument.Status.UNSIGNED
    assert document.issued_file
    assert not document.signed_file
    return document


def flip_a_byte_inside(data):
    """Change one byte in the middle of the longest stream (the embedded font): the file still
    parses, but its bytes are no longer the ones signed."""
    starts = [m.end() for m in re.finditer(rb"(?<!end)stream\r?\n", data)]
    ends = [data.index(b"endstream", start) for start in starts]
    start, end = max(zip(starts, ends, strict=True), key=lambda pair: pair[1] - pair[0])
    position = (start + end) // 2
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def add_a_page(data):
    """An incremental update after the signature that adds a page, as an editor would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    content = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (Trang them) Tj ET")
    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject(
                list(map(generic.NumberObject, (0, 0, 595, 842)))
            ),
            generic.NameObject("/Contents"): writer.add_object(content),
            generic.NameObject("/Resources"): generic.DictionaryObject(),
        }
    )
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def state_of(document):
    fresh = SignedDocument.objects.get(pk=document.pk)
    return fresh.status, fresh.signed_file.name, fresh.signed_sha256, fresh.history.count()


def stored_files(private_root):
    return sorted(p.name for p in (private_root / "signatures").rglob("*") if p.is_file())


def test_the_issued_pdf_signed_with_the_leaders_token_is_accepted(unsigned_notice, signing_pki, leader_user):
    signed = sign_as(signing_pki.leader, read(unsigned_notice.issued_file))
    document = services.document_sign_upload(
        document=unsigned_notice, by=leader_user, upload=pdf_upload(signed)
    )
    assert document.status == SignedDocument.Status.SIGNED
    assert document.method == SignedDocument.Method.TOKEN
    assert document.signer_name == LEADER_NAME
    assert document.uploaded_by == leader_user
    assert document.timestamped is False
    assert read(document.signed_file) == signed
    assert document.signed_sha256 == services.sha256_of(signed)
    # The issued file stays as issued, for staff.
    assert services.sha256_of(read(document.issued_file)) == document.issued_sha256


def test_a_timestamped_signature_is_recorded_as_such(unsigned_notice, signing_pki, leader_user):
    signed = sign_as(
        signing_pki.leader, read(unsigned_notice.issued_file), timestamper=signing_pki.timestamper()
    )
    document = services.document_sign_upload(
        document=unsigned_notice, by=leader_user, upload=pdf_upload(signed)
    )
    assert document.timestamped is True


def _refusals(document, pki, other_pdf):
    issued = read(document.issued_file)
    good = sign_as(pki.leader, issued)
    return {
        "tampered": flip_a_byte_inside(good),
        "modified": add_a_page(good),
        "untrusted": sign_as(pki.untrusted, issued),
        "expired": sign_as(pki.expired, issued),
        "not_issued": sign_as(pki.leader, other_pdf),
        "unsigned": issued,
    }


@pytest.fixture
def other_issued_pdf(ban, org_a, org_b, issue_notice):
    """A notice the portal did issue, but another one: a valid signature on it proves nothing here."""
    version = approved_notice(
        ban, org_a, org_b, number="13-TB/BTGDVTU", title="Hội nghị giao ban quý III năm 2026"
    )
    return read(issue_notice(version).issued_file)


def test_each_bad_upload_is_refused_with_its_own_reason_and_nothing_is_stored(
    unsigned_notice, signing_pki, leader_user, other_issued_pdf, private_root
):
    before, files = state_of(unsigned_notice), stored_files(private_root)
    messages = {}
    for expected, data in _refusals(unsigned_notice, signing_pki, other_issued_pdf).items():
        with pytest.raises(ValidationError) as refused:
            services.document_sign_upload(document=unsigned_notice, by=leader_user, upload=pdf_upload(data))
        assert refused.value.code == expected, (expected, refused.value.messages)
        messages[expected] = refused.value.messages[0]
        assert state_of(unsigned_notice) == before, f"{expected}: the document changed"
        assert stored_files(private_root) == files, f"{expected}: a file was stored"
    assert len(set(messages.values())) == len(messages), messages


def test_the_refusals_read_in_vietnamese_on_the_page(
    unsigned_notice, signing_pki, leader_user, other_issued_pdf, login
):
    client = login(leader_user)
    expected = {
        "tampered": "đã bị thay đổi sau khi ký",
        "modified": "được thêm hoặc sửa",
        "untrusted": "không thuộc tổ chức chứng thực",
        "expired": "đã hết hạn hoặc chưa có hiệu lực",
        "not_issued": "không phải là văn bản do Cổng phát hành",
        "unsigned": "chưa có chữ ký số",
    }
    for code, data in _refusals(unsigned_notice, signing_pki, other_issued_pdf).items():
        response = client.post(
            f"/ky-so/{unsigned_notice.pk}/tai-len-ban-ky/", {"file": pdf_upload(data)}, follow=True
        )
        assert response.status_code == 200
        assert expected[code] in response.content.decode(), code
    assert SignedDocument.objects.get(pk=unsigned_notice.pk).status == SignedDocument.Status.UNSIGNED


def test_a_signature_on_a_rewritten_file_is_not_the_issued_document(
    unsigned_notice, signing_pki, leader_user
):
    """Some tools save the whole file anew before signing: the content may look the same, but the
    bytes signed are not those issued."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(read(unsigned_notice.issued_file))))
    rewritten = io.BytesIO()
    writer.write(rewritten)
    with pytest.raises(ValidationError) as refused:
        services.document_sign_upload(
            document=unsigned_notice,
            by=leader_user,
            upload=pdf_upload(sign_as(signing_pki.leader, rewritten.getvalue())),
        )
    assert refused.value.code == "not_issued"


def test_a_document_already_signed_takes_no_second_upload(unsigned_notice, signing_pki, leader_user):
    signed = sign_as(signing_pki.leader, read(unsigned_notice.issued_file))
    services.document_sign_upload(document=unsigned_notice, by=leader_user, upload=pdf_upload(signed))
    with pytest.raises(ValidationError) as refused:
        services.document_sign_upload(document=unsigned_notice, by=leader_user, upload=pdf_upload(signed))
    assert refused.value.code == "signed"


def test_a_file_that_is_not_a_pdf_is_refused(unsigned_notice, leader_user):
    with pytest.raises(ValidationError):
        services.document_sign_upload(
            document=unsigned_notice, by=leader_user, upload=pdf_upload(b"<html>not a pdf</html>", "x.pdf")
        )
    assert SignedDocument.objects.get(pk=unsigned_notice.pk).status == SignedDocument.Status.UNSIGNED


def test_a_page_added_in_the_same_update_as_the_signature_is_not_the_issued_document(
    unsigned_notice, signing_pki, leader_user
):
    """The signature covers it, so pyHanko sees nothing changed after signing; but what was
    signed is the issued notice plus a page."""
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(read(unsigned_notice.issued_file)))
    content = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (Trang them) Tj ET")
    writer.insert_page(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Page"),
                generic.NameObject("/MediaBox"): generic.ArrayObject(
                    list(map(generic.NumberObject, (0, 0, 595, 842)))
                ),
                generic.NameObject("/Contents"): writer.add_object(content),
                generic.NameObject("/Resources"): generic.DictionaryObject(),
            }
        )
    )
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(field_name="ChuKy", subfilter=fields.SigSeedSubFilter.PADES)
    signers.PdfSigner(meta, signer=signing_pki.leader.signer()).sign_pdf(writer, output=out)
    with pytest.raises(ValidationError) as refused:
        services.document_sign_upload(
            document=unsigned_notice, by=leader_user, upload=pdf_upload(out.getvalue())
        )
    assert refused.value.code == "not_issued"
