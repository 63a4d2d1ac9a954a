"""The sealing job in a real Celery worker on the real Redis (acceptance 4, G31): the same job
delivered twice leaves one signature; a worker killed half-way through a seal leaves the issued
document intact, no signed file, the state visible, and the sweeper gets it signed once."""

import io
import os
import signal
import time

import psutil
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from signatures import services
from signatures.models import SignedDocument
from signatures.tasks import document_process_task
from tests.reports.conftest import wait_for
from tests.signatures.conftest import read

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
Status = SignedDocument.Status


@pytest.fixture
def signing_worker_env(monkeypatch, settings, private_root, signing_pki, tsa):
    """The seal from a PKCS#12 file with the local timestamp server, for this process and for a
    worker started after it (request it before celery_worker_process)."""
    values = {
        "PORTAL_PRIVATE_ROOT": str(private_root),
        "SIGNING_MODE": "pkcs12",
        "SIGNING_PKCS12_PATH": str(signing_pki.seal_p12),
        "SIGNING_PKCS12_PASSPHRASE_FILE": str(signing_pki.passphrase_file),
        "SIGNING_TRUST_ROOTS": str(signing_pki.root_pem),
        "SIGNING_TSA_URL": tsa.url,
        "SIGNING_TSA_TIMEOUT": "60",
        "SIGNING_HEARTBEAT_SECONDS": "1",
        "SIGNING_STALE_SECONDS": "4",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings.SIGNING_MODE = "pkcs12"
    settings.SIGNING_PKCS12_PATH = values["SIGNING_PKCS12_PATH"]
    settings.SIGNING_PKCS12_PASSPHRASE_FILE = values["SIGNING_PKCS12_PASSPHRASE_FILE"]
    settings.SIGNING_TRUST_ROOTS = [values["SIGNING_TRUST_ROOTS"]]
    settings.SIGNING_TSA_URL = tsa.url
    settings.SIGNING_STALE_SECONDS = 4
    return tsa


def status_of(document):
    return SignedDocument.objects.get(pk=document.pk)


def signatures_in(data):
    return len(PdfFileReader(io.BytesIO(data)).embedded_signatures)


def issued(notice_version):
    """The approval's step: the job is sent to the worker once the row is committed."""
    return services.notice_issue(version=notice_version, number="12-TB/BTGDVTU")


def test_the_same_job_delivered_twice_leaves_one_signature(
    signing_worker_env, notice_version, celery_worker_process
):
    document = issued(notice_version)
    document_process_task.apply_async((str(document.pk),))  # and once more: delivered twice
    done = wait_for(
        lambda: status_of(document).status == Status.SIGNED and status_of(document), what="SIGNED"
    )
    wait_for(lambda: celery_worker_process.log().count("succeeded") >= 2, what="the second delivery")
    final = status_of(document)
    assert final.attempts == 1
    assert final.timestamped is True
    assert signatures_in(read(final.signed_file)) == 1
    assert final.signed_sha256 == done.signed_sha256


def test_a_worker_killed_half_way_leaves_the_issued_document_intact_and_signs_it_once_later(
    signing_worker_env, notice_version, celery_worker_process, private_root
):
    tsa = signing_worker_env
    tsa.delay = 120  # the timestamp server holds the seal half-way until released
    document = issued(notice_version)
    wait_for(lambda: tsa.requests >= 1, what="the seal asking for its timestamp")
    sealing = status_of(document)
    assert sealing.status == Status.SIGNING
    issued_bytes = read(sealing.issued_file)
    assert list(private_root.rglob("*.part")), "the seal's temporary file"
    children = psutil.Process(celery_worker_process.proc.pid).children(recursive=True)
    assert children, "no pool process to kill"
    for child in children:
        os.kill(child.pid, signal.SIGKILL)

    killed = status_of(document)
    assert killed.status == Status.SIGNING
    assert killed.signature_state == "unsigned"
    assert not killed.signed_file
    assert not (private_root / services.signed_name(killed)).exists()
    assert read(killed.issued_file) == issued_bytes
    assert services.sha256_of(issued_bytes) == killed.issued_sha256

    # The heartbeat stops; once it is stale the sweeper (beat, every minute) sends the job again.
    tsa.delay = 0
    tsa.release.set()
    time.sleep(5)
    swept = services.document_sweep()
    assert swept["requeued"] == [document.pk]
    assert not list(private_root.rglob("*.part")), "the dead attempt's temporary file was left"
    final = wait_for(
        lambda: status_of(document).status == Status.SIGNED and status_of(document),
        timeout=120,
        what="SIGNED",
    )
    assert final.attempts == 2
    signed = read(final.signed_file)
    assert signed.startswith(issued_bytes)
    assert signatures_in(signed) == 1
    assert "exited with 'signal 9 (SIGKILL)'" in celery_worker_process.log()
