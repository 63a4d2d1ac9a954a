"""The sealing job (acceptance 4, G31): a duplicate job makes one signature; an attempt that lost
its claim keeps nothing; a missing token, a wrong PIN or passphrase fail at once and visibly (the
reason on the page, an e-mail to the staff); a timestamp server that does not answer is tried
again and then fails visibly; the sweeper re-queues a dead job and fails it after the last attempt."""

import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from signatures import sealing, services
from signatures.errors import SigningUnavailable
from signatures.models import SignedDocument
from tests.signatures.conftest import read

pytestmark = pytest.mark.django_db
Status = SignedDocument.Status


def queued_notice(notice_version):
    return services.notice_issue(version=notice_version, number="12-TB/BTGDVTU")


def fresh(document):
    return SignedDocument.objects.get(pk=document.pk)


def signatures_in(data):
    return len(PdfFileReader(io.BytesIO(data)).embedded_signatures)


def leftovers(private_root):
    return sorted(p.name for p in private_root.rglob("*.part"))


def test_the_same_job_run_twice_makes_one_signature(seal_pkcs12, notice_version, private_root):
    document = queued_notice(notice_version)
    assert services.document_process(document_id=document.pk, heartbeat=False) is not None
    assert services.document_process(document_id=document.pk, heartbeat=False) is None
    done = fresh(document)
    assert done.status == Status.SIGNED
    assert done.attempts == 1
    assert signatures_in(read(done.signed_file)) == 1
    assert leftovers(private_root) == []


def test_an_attempt_that_lost_its_claim_keeps_nothing_and_the_next_one_signs_once(
    seal_pkcs12, notice_version, private_root, monkeypatch
):
    document = queued_notice(notice_version)
    real = sealing.seal_pdf

    def meanwhile_the_sweeper_gave_it_to_another_attempt(*args, **kwargs):
        result = real(*args, **kwargs)
        SignedDocument.objects.filter(pk=document.pk).update(status=Status.QUEUED)
        return result

    monkeypatch.setattr(sealing, "seal_pdf", meanwhile_the_sweeper_gave_it_to_another_attempt)
    assert services.document_process(document_id=document.pk, heartbeat=False) is None
    lost = fresh(document)
    assert lost.status == Status.QUEUED
    assert not lost.signed_file
    assert not (private_root / services.signed_name(lost)).exists()
    assert leftovers(private_root) == []
    monkeypatch.setattr(sealing, "seal_pdf", real)
    services.document_process(document_id=document.pk, heartbeat=False)
    done = fresh(document)
    assert (done.status, done.attempts) == (Status.SIGNED, 2)
    assert signatures_in(read(done.signed_file)) == 1
    # The issued file was rendered by the first attempt and kept: the seal signs it, unchanged.
    assert read(done.signed_file).startswith(read(done.issued_file))


def _fails_visibly(document, staff_user, client, words):
    failed = fresh(document)
    assert failed.status == Status.FAILED
    assert failed.signature_state == "failed"
    assert not failed.signed_file
    # The issued file is there for staff, unsigned and intact.
    assert services.sha256_of(read(failed.issued_file)) == failed.issued_sha256
    assert any(word in failed.last_error for word in words), failed.last_error
    # One e-mail to the staff, however often the notification runs.
    mail.outbox.clear()
    assert services.document_notify_failure(document_id=document.pk) == 1
    assert services.document_notify_failure(document_id=document.pk) == 0
    assert len(mail.outbox) == 1
    assert failed.last_error in mail.outbox[0].body
    assert mail.outbox[0].to == [staff_user.email]
    client.force_login(staff_user)
    page = client.get(f"/ky-so/{document.pk}/").content.decode()
    assert failed.last_error in page
    assert "Ký số lỗi" in page
    return failed


def test_a_wrong_passphrase_fails_at_once_with_its_reason(
    seal_pkcs12, settings, signing_pki, notice_version, staff_user, client
):
    settings.SIGNING_PKCS12_PASSPHRASE_FILE = str(signing_pki.wrong_passphrase_file)
    document = queued_notice(notice_version)
    services.document_process(document_id=document.pk, heartbeat=False)
    failed = _fails_visibly(document, staff_user, client, ["PKCS#12"])
    assert failed.attempts == 1


def test_a_wrong_pin_fails_at_once_and_is_never_retried(
    seal_pkcs11, settings, notice_version, staff_user, client
):
    settings.SIGNING_PKCS11_PIN_FILE = str(seal_pkcs11["wrong_pin_file"])
    document = queued_notice(notice_version)
    services.document_process(document_id=document.pk, heartbeat=False)
    failed = _fails_visibly(document, staff_user, client, ["PIN"])
    assert failed.attempts == 1


def test_a_missing_token_fails_with_its_label(seal_pkcs11, settings, notice_version, staff_user, client):
    settings.SIGNING_PKCS11_TOKEN_LABEL = "KhongCoToken"
    document = queued_notice(notice_version)
    services.document_process(document_id=document.pk, heartbeat=False)
    _fails_visibly(document, staff_user, client, ["KhongCoToken"])


def test_a_timestamp_server_that_does_not_answer_is_tried_again_then_fails_visibly(
    seal_pkcs12, settings, notice_version, staff_user, client
):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/tsa"  # the discard port: nobody answers
    settings.SIGNING_TSA_TIMEOUT = 2
    settings.SIGNING_MAX_ATTEMPTS = 2
    document = queued_notice(notice_version)
    with pytest.raises(SigningUnavailable):
        services.document_process(document_id=document.pk, heartbeat=False)
    waiting = fresh(document)
    assert (waiting.status, waiting.attempts) == (Status.QUEUED, 1)
    assert waiting.signature_state == "unsigned"
    services.document_process(document_id=document.pk, heartbeat=False)
    failed = _fails_visibly(document, staff_user, client, ["Máy chủ dấu thời gian không phản hồi"])
    assert failed.attempts == 2
    assert "thử 2 lần" in failed.last_error


def test_a_failed_document_signs_after_the_cause_is_fixed_and_staff_try_again(
    seal_pkcs12, settings, signing_pki, notice_version, staff_user
):
    settings.SIGNING_PKCS12_PASSPHRASE_FILE = str(signing_pki.wrong_passphrase_file)
    document = queued_notice(notice_version)
    services.document_process(document_id=document.pk, heartbeat=False)
    settings.SIGNING_PKCS12_PASSPHRASE_FILE = str(signing_pki.passphrase_file)
    assert services.document_retry(document=fresh(document), by=staff_user) is True
    assert services.document_retry(document=fresh(document), by=staff_user) is False
    services.document_process(document_id=document.pk, heartbeat=False)
    done = fresh(document)
    assert done.status == Status.SIGNED
    assert signatures_in(read(done.signed_file)) == 1


def test_the_sweeper_requeues_a_dead_job_and_fails_it_after_the_last_attempt(
    seal_pkcs12, settings, notice_version, private_root, monkeypatch
):
    sent = []
    monkeypatch.setattr(services, "document_enqueue", lambda *, document_id: sent.append(document_id) or True)
    document = queued_notice(notice_version)
    services.document_process(document_id=document.pk, heartbeat=False)  # renders and signs
    later = timezone.now() + datetime.timedelta(seconds=settings.SIGNING_STALE_SECONDS + 1)
    # A worker that died while sealing: the row says SIGNING, a temporary file is left.
    SignedDocument.objects.filter(pk=document.pk).update(
        status=Status.SIGNING, signed_file="", heartbeat_at=timezone.now(), attempts=1
    )
    leftover = private_root / services.signed_name(document)
    leftover = leftover.with_name(f".{document.pk}-dead.part")
    leftover.write_bytes(b"%PDF-1.7 half")
    swept = services.document_sweep(now=later)
    assert swept["requeued"] == [document.pk]
    assert sent == [document.pk]
    assert not leftover.exists()
    settings.SIGNING_MAX_ATTEMPTS = 1
    SignedDocument.objects.filter(pk=document.pk).update(status=Status.SIGNING, heartbeat_at=timezone.now())
    swept = services.document_sweep(now=later)
    assert swept["failed"] == [document.pk]
    assert fresh(document).status == Status.FAILED
    assert "1" in fresh(document).last_error


def test_without_a_seal_an_issued_notice_waits_for_a_leader(trust_only, notice_version):
    document = queued_notice(notice_version)
    assert document.seal is False
    services.document_process(document_id=document.pk, heartbeat=False)
    issued = fresh(document)
    assert issued.status == Status.UNSIGNED
    assert issued.signature_state == "unsigned"
    assert read(issued.issued_file).startswith(b"%PDF")
    assert not issued.signed_file


def test_a_conclusion_approved_without_a_number_issues_nothing(trust_only, notice_version):
    assert services.notice_issue(version=notice_version, number="") is None
    assert not SignedDocument.objects.exists()
