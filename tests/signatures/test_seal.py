"""The Ban's seal (acceptance 2): a sealed notice and a sealed report validate with pyHanko as
intact, trusted and covering the whole file; the seal reads in Vietnamese (pdftotext), its font is
embedded (pdffonts), and the page rendered to an image shows its text inside its box at normal
spacing. From a PKCS#12 file, with and without a timestamp server, and from a SoftHSMv2 token."""

import io
import re
import subprocess
import unicodedata

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from organizations.access import SYSTEM
from reports import services as report_services
from signatures import appearance, services
from signatures.models import SignedDocument
from signatures.pki import to_asn1
from signatures.sealing import FIELD_NAME
from tests.signatures.conftest import read
from tests.signatures.pki import SEAL_NAME
from tests.signatures.render import picture, seal_field, seal_text

pytestmark = [pytest.mark.pdftools, pytest.mark.django_db]


def validate(data, pki):
    """pyHanko's own judgment, with the test root as the only trust anchor."""
    reader = PdfFileReader(io.BytesIO(data))
    assert len(reader.embedded_signatures) == 1
    context = ValidationContext(trust_roots=[to_asn1(pki.root)], allow_fetching=False)
    return validate_pdf_signature(reader.embedded_signatures[0], context, context)


def text(path):
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFC", out.stdout)


def fonts(path):
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def assert_sealed(document, pki, tmp_path, *, timestamped):
    assert document.status == SignedDocument.Status.SIGNED, document.last_error
    assert document.method == SignedDocument.Method.SEAL
    assert document.signer_name == SEAL_NAME
    assert document.timestamped is timestamped
    data = read(document.signed_file)
    issued = read(document.issued_file)
    # The seal is an incremental update of the issued file, which is kept as it was.
    assert data.startswith(issued)
    assert services.sha256_of(issued) == document.issued_sha256
    status = validate(data, pki)
    assert status.bottom_line
    assert status.intact
    assert status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert (status.timestamp_validity is not None) is timestamped
    if timestamped:
        assert status.timestamp_validity.trusted
    path = tmp_path / "sealed.pdf"
    path.write_bytes(data)
    lines = seal_text(path, FIELD_NAME)
    assert lines[:2] == ["Ký bởi:", SEAL_NAME]
    assert re.fullmatch(r"Thời gian ký: \d\d/\d\d/20\d\d \d\d:\d\d:\d\d \+0700", lines[2]), lines
    assert len(lines) == 3, "a real key's seal has no demo note"
    seal_fonts = [
        line for line in fonts(path).splitlines() if "LiberationSerif" in line and "CID TrueType" in line
    ]
    assert seal_fonts, fonts(path)
    assert all(" yes " in line for line in seal_fonts), "the seal's font is not embedded"
    seen = picture(path, FIELD_NAME, tmp_path)
    assert seen.ink_inside > 500, "no text in the seal's box"
    assert seen.ink_right_of_box == 0, "the seal's text runs out of its box"
    assert seen.normal_spacing, f"the seal's letters are spread apart: {seen.lines}"
    return data, path


def test_a_notice_sealed_with_a_timestamp_is_pades_b_t_and_reads_in_vietnamese(
    seal_with_tsa, issue_notice, signing_pki, tmp_path
):
    document = issue_notice()
    assert document.seal
    _data, path = assert_sealed(document, signing_pki, tmp_path, timestamped=True)
    assert seal_with_tsa.requests >= 1
    # The seal sits in the notice's signature place: between the signer's position and name.
    layout = text(path)
    assert layout.index("PHÓ TRƯỞNG BAN") < layout.index("Ký bởi:") < layout.index("Nguyễn Văn Thành")
    # The notice itself was rendered once, as approved, with its number.
    assert "Số 12-TB/BTGDVTU" in layout


def test_a_report_sealed_without_a_timestamp_server_is_pades_b_b(
    seal_pkcs12, ban, signing_pki, tmp_path, private_root
):
    report, _ = report_services.report_request(by=SYSTEM, kind="ban", period="2026-H1", enqueue=False)
    report_services.report_render(report_id=report.pk, heartbeat=False)
    document = SignedDocument.objects.get(report=report)
    # The report job issued the report as rendered and queued the seal.
    assert document.issued_file.name == report.__class__.objects.get(pk=report.pk).file.name
    assert document.status == SignedDocument.Status.QUEUED
    services.document_process(document_id=document.pk, heartbeat=False)
    document.refresh_from_db()
    assert_sealed(document, signing_pki, tmp_path, timestamped=False)


def test_the_seal_from_a_pkcs11_token(seal_pkcs11, issue_notice, signing_pki, tmp_path):
    document = issue_notice()
    assert_sealed(document, signing_pki, tmp_path, timestamped=False)


def test_the_rendered_check_catches_pyhankos_glyph_width_trap(
    seal_pkcs12, issue_notice, signing_pki, tmp_path, monkeypatch
):
    """Without VietnameseFont's fix the text still reads exactly, but the picture is wrong."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    monkeypatch.setattr(appearance, "VietnameseFont", GlyphAccumulatorFactory)
    document = issue_notice()
    path = tmp_path / "trap.pdf"
    path.write_bytes(read(document.signed_file))
    assert SEAL_NAME in text(path)
    assert not picture(path, FIELD_NAME, tmp_path).normal_spacing


def test_without_a_signature_place_the_seal_goes_to_the_last_page(seal_pkcs12, tmp_path):
    from weasyprint import HTML

    from signatures import config
    from signatures.sealing import seal_pdf

    pdf = HTML(string="<p>Trang một</p><p style='break-before: page'>Trang hai</p>").write_pdf()
    out = io.BytesIO()
    with config.open_signer() as signer:
        seal_pdf(pdf, out, signer=signer)
    page, _rect, _height = seal_field(out.getvalue(), FIELD_NAME)
    assert page == 1
