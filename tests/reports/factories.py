import datetime

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from khoagiao.periods import Period
from reports.models import Report


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = Report.Kind.BAN
    period = Period(2026, "H1")
    as_of = datetime.date(2026, 7, 5)
    params_hash = factory.Sequence(lambda n: f"{n:064d}")


def ready_report(**kwargs):
    """A READY report with a small file in private storage (not a real render)."""
    report = ReportFactory(status=Report.Status.READY, **kwargs)
    name = default_storage.save(f"reports/tests/{report.pk}.pdf", ContentFile(b"%PDF-1.7\n%test\n"))
    Report.objects.filter(pk=report.pk).update(file=name, sha256="0" * 64, size=15, pages=1)
    report.refresh_from_db()
    return report


def ready_report_with_docx(**kwargs):
    """A READY report with its Word file beside the PDF, as an issued one has (not a real render)."""
    report = ready_report(**kwargs)
    name = default_storage.save(f"reports/tests/{report.pk}.docx", ContentFile(b"PK\x03\x04test"))
    Report.objects.filter(pk=report.pk).update(docx_file=name, docx_sha256="0" * 64)
    report.refresh_from_db()
    return report
