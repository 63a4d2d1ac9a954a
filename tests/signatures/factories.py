"""Issued documents without a render: a notice of a meeting of one unit, or a report."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from meetings.models import Conclusion, ConclusionVersion
from signatures.models import SignedDocument
from tests.meetings.factories import MeetingFactory
from tests.reports.factories import ready_report

PDF = b"%PDF-1.7\n%issued\n"


def signed_document(*, unit=None, report=False, status="unsigned", issued=True):
    """A notice of a meeting `unit` was invited to (or a report), with a small issued file."""
    if report:
        source = {"kind": "report", "report": ready_report(kind="ban")}
    else:
        meeting = MeetingFactory(invited=[unit] if unit else [], status="concluded")
        Conclusion.objects.create(meeting=meeting, status="approved", number="9-TB/BTGDVTU", text="Kết luận")
        version = ConclusionVersion.objects.create(
            meeting=meeting, number=1, snapshot={}, approved_at=timezone.now()
        )
        source = {"kind": "notice", "conclusion_version": version}
    document = SignedDocument.objects.create(
        title="Thông báo kết luận số 9-TB/BTGDVTU", download_name="thong-bao.pdf", status=status, **source
    )
    if issued:
        name = default_storage.save(f"signatures/tests/{document.pk}.pdf", ContentFile(PDF))
        SignedDocument.objects.filter(pk=document.pk).update(
            issued_file=name, issued_sha256="1" * 64, issued_size=len(PDF), issued_at=timezone.now()
        )
        document.refresh_from_db()
    return document
