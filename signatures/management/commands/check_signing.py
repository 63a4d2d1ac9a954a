"""python manage.py check_signing — seal a test PDF with the configured key and validate it,
saying what works and what does not (exit status 1 if anything does not)."""

import io
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone, translation

from khoagiao.commands import ProvinceCommand
from khoagiao.documents import DocumentHeader, date_line
from khoagiao.pdf import render_pdf
from signatures import config
from signatures.errors import SigningError
from signatures.sealing import seal_pdf
from signatures.verification import inspect_pdf


def test_document():
    header = DocumentHeader(
        superior=f"TỈNH ỦY {settings.PORTAL_PROVINCE_NAME.upper()}",
        issuer="BAN TUYÊN GIÁO VÀ DÂN VẬN",
        number="Số 01-TB/KTKS",
        date_line=date_line(settings.PORTAL_PROVINCE_NAME, timezone.localdate()),
        type_name="THÔNG BÁO",
        summary="kiểm tra cấu hình ký số",
        signing_authority="T/L TRƯỞNG BAN",
        signer_position="CHÁNH VĂN PHÒNG",
        signer_name="Văn bản thử",
        recipients=["- Lưu VP."],
    )
    return render_pdf("signatures/pdf/check.html", {"header": header.__dict__})


class Command(ProvinceCommand):
    help = "Seal a test PDF with the configured key, validate it, and report each step."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="also save the sealed test PDF to this path")

    def ok(self, text):
        self.stdout.write(self.style.SUCCESS(f"  ✓ {text}"))

    def bad(self, text):
        self.failures += 1
        self.stdout.write(self.style.ERROR(f"  ✗ {text}"))

    def handle(self, *args, output=None, **options):
        self.failures = 0
        with translation.override("vi"):
            self.run(output)
        if self.failures:
            raise CommandError(f"{self.failures} problem(s) found")
        self.stdout.write(self.style.SUCCESS("Signing works."))

    def run(self, output):
        self.stdout.write(f"Mode: {config.mode()}")
        if not config.seal_configured():
            self.stdout.write(
                "  The Ban's seal is off (SIGNING_MODE=none): documents wait for a leader's token."
            )
        roots = config.trust_roots()
        if roots:
            self.ok(f"{len(roots)} trust root(s): " + "; ".join(r.subject.human_friendly for r in roots))
        else:
            self.bad("no trust root configured (SIGNING_TRUST_ROOTS): no signature can be trusted")
        try:
            font = config.font_path()
            self.ok(f"seal font: {font}")
        except SigningError as exc:
            self.bad(exc.message)
            font = None
        if not config.seal_configured():
            return
        pdf = test_document()
        tsa = config.timestamper()
        self.stdout.write(f"Timestamp server: {settings.SIGNING_TSA_URL or 'none (PAdES B-B)'}")
        target = io.BytesIO()
        started = time.monotonic()
        try:
            with config.open_signer() as signer:
                cert = signer.signing_cert
                self.ok(f"key opened; certificate: {cert.subject.human_friendly}")
                self.stdout.write(f"    issued by {cert.issuer.human_friendly}")
                self.stdout.write(
                    f"    valid {cert.not_valid_before:%d/%m/%Y} – {cert.not_valid_after:%d/%m/%Y}"
                )
                if cert.not_valid_after < timezone.now():
                    self.bad("the certificate has expired")
                sealed = seal_pdf(
                    pdf, target, signer=signer, timestamper=tsa, demo=config.is_demo(), font=font
                )
        except SigningError as exc:
            self.bad(exc.message)
            return
        self.ok(
            f"test PDF sealed in {time.monotonic() - started:.2f} s"
            + (" with a timestamp" if sealed.timestamped else "")
        )
        data = target.getvalue()
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stdout.write(f"    saved to {output}")
        check = inspect_pdf(data)
        if not check.signatures:
            self.bad("the sealed PDF has no signature")
            return
        signature = check.signatures[-1]
        if signature.ok:
            self.ok(f"the seal validates: intact, covers the whole file, trusted ({signature.signer_name})")
        for problem in signature.problems:
            self.bad(problem.message)
