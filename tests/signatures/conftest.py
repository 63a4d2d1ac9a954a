"""Fixtures of the signing tests: the PKI, a local timestamp authority, the Ban's key as a
PKCS#12 file or on a SoftHSMv2 token, and issued documents (a notice, a report)."""

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from meetings.models import Conclusion, ConclusionVersion
from meetings.notice import notice_content
from signatures.models import SignedDocument
from tests.meetings.factories import MeetingFactory
from tests.reports.factories import ready_report
from tests.signatures.pki import SigningPki, TimestampServer

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL = "BanSealTest"
PIN = "246813"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def signing_pki(tmp_path_factory):
    return SigningPki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def tsa(signing_pki):
    server = TimestampServer(signing_pki)
    yield server
    server.close()


def _trust(settings, signing_pki):
    settings.SIGNING_TRUST_ROOTS = [str(signing_pki.root_pem)]


@pytest.fixture
def seal_pkcs12(settings, signing_pki):
    """The Ban's seal from a PKCS#12 file, no timestamp server (PAdES B-B)."""
    settings.SIGNING_MODE = "pkcs12"
    settings.SIGNING_PKCS12_PATH = str(signing_pki.seal_p12)
    settings.SIGNING_PKCS12_PASSPHRASE_FILE = str(signing_pki.passphrase_file)
    settings.SIGNING_TSA_URL = ""
    _trust(settings, signing_pki)
    return signing_pki


@pytest.fixture
def seal_with_tsa(seal_pkcs12, settings, tsa):
    """The same key with the local timestamp server (PAdES B-T)."""
    settings.SIGNING_TSA_URL = tsa.url
    settings.SIGNING_TSA_TIMEOUT = 5
    return tsa


@pytest.fixture
def trust_only(settings, signing_pki):
    """No seal: documents wait for a leader's token; uploads are checked against the test root."""
    settings.SIGNING_MODE = "none"
    _trust(settings, signing_pki)
    return signing_pki


@pytest.fixture(scope="session")
def softhsm_token(signing_pki, tmp_path_factory):
    """A SoftHSMv2 token holding the seal's key and certificate. SOFTHSM2_CONF is set for the
    whole test process before the library is first loaded (it reads it once)."""
    if not (shutil.which("softhsm2-util") and Path(SOFTHSM_MODULE).exists()):
        if IN_CI:
            pytest.fail("CI=true and the PKCS#11 tests need softhsm2 (Debian package)")
        pytest.skip("needs softhsm2 (apt-get install softhsm2)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = dict(os.environ)
    run = {"check": True, "capture_output": True, "env": env}
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN_LABEL,
            "--so-pin",
            "13572468",
            "--pin",
            PIN,
        ],
        **run,
    )
    # softhsm2-util 2.6 imports keys but not certificates: the certificate goes in through PKCS#11.
    subprocess.run(
        ["softhsm2-util", "--import", str(signing_pki.seal_key_pem), "--token", TOKEN_LABEL]
        + ["--label", "seal", "--id", "01", "--pin", PIN],
        **run,
    )
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    from signatures.pki import to_asn1

    cert = to_asn1(signing_pki.seal.cert)
    with pkcs11.lib(SOFTHSM_MODULE).get_token(token_label=TOKEN_LABEL).open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "seal",
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: cert.subject.dump(),
                Attribute.VALUE: cert.dump(),
            }
        )
    pin_file = folder / "pin"
    pin_file.write_text(PIN)
    wrong_pin = folder / "wrong-pin"
    wrong_pin.write_text("000000")
    return {"pin_file": pin_file, "wrong_pin_file": wrong_pin, "conf": conf}


@pytest.fixture
def seal_pkcs11(settings, signing_pki, softhsm_token):
    settings.SIGNING_MODE = "pkcs11"
    settings.SIGNING_PKCS11_MODULE = SOFTHSM_MODULE
    settings.SIGNING_PKCS11_TOKEN_LABEL = TOKEN_LABEL
    settings.SIGNING_PKCS11_KEY_LABEL = "seal"
    settings.SIGNING_PKCS11_CERT_LABEL = ""
    settings.SIGNING_PKCS11_CERT_FILE = ""
    settings.SIGNING_PKCS11_PIN_FILE = str(softhsm_token["pin_file"])
    settings.SIGNING_CHAIN_FILE = str(signing_pki.chain_pem)
    settings.SIGNING_TSA_URL = ""
    _trust(settings, signing_pki)
    return softhsm_token


# --- issued documents ----------------------------------------------------------------------


def approved_notice(ban, org_a, org_b, *, number="12-TB/BTGDVTU", title=None):
    """A giao ban meeting to which unit B (not A) was invited, its conclusion approved with a
    number, and its frozen version: what conclusion_approve leaves behind."""
    meeting = MeetingFactory(
        organizer=ban,
        invited=[org_b],
        status="concluded",
        title=title or "Hội nghị giao ban công tác khoa giáo 6 tháng đầu năm 2026",
    )
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        status=Conclusion.Status.APPROVED,
        number=number,
        issued_on=datetime.date(2026, 7, 3),
        text="Các đơn vị tiếp tục triển khai Nghị quyết 71-NQ/TW và Nghị quyết 72-NQ/TW.",
        signing_authority="K/T TRƯỞNG BAN",
        signer_position="PHÓ TRƯỞNG BAN",
        signer_name="Nguyễn Văn Thành",
        approved_at=timezone.now(),
    )
    meeting.conclusion = conclusion
    return ConclusionVersion.objects.create(
        meeting=meeting, number=1, snapshot=notice_content(meeting), approved_at=timezone.now()
    )


@pytest.fixture
def notice_version(ban, org_a, org_b):
    return approved_notice(ban, org_a, org_b)


@pytest.fixture
def issue_notice(notice_version, django_capture_on_commit_callbacks):
    """issue_notice() -> the notice's document, its job run in this process (no broker)."""
    from signatures import services

    def _issue(version=notice_version):
        document = services.notice_issue(version=version, number=version.meeting.conclusion.number)
        services.document_process(document_id=document.pk, heartbeat=False)
        return SignedDocument.objects.get(pk=document.pk)

    return _issue


@pytest.fixture
def report_document(scenario_report):
    from signatures import services

    document = services.report_issue(report=scenario_report)
    if document.status == SignedDocument.Status.QUEUED:
        services.document_process(document_id=document.pk, heartbeat=False)
    return SignedDocument.objects.get(pk=document.pk)


@pytest.fixture
def scenario_report(db, ban, private_root):
    return ready_report(kind="ban")


def read(fieldfile):
    with fieldfile.open("rb") as handle:
        return handle.read()
