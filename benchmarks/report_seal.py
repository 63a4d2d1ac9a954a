"""The Ban's seal on a report: the time sealing adds to a report of about 10 and 100 pages.

The report is rendered the way the worker renders it (reports.services.report_render, in this
process), then the sealing job runs on it as the worker runs it (signatures.services.
document_process: read the issued file, open the key, seal with the visible stamp, check the result,
write it, record it), with a PKCS#12 key (the demo key, made in a scratch folder). A seal with an
RFC 3161 timestamp is timed too, against an in-process timestamp authority (no network: a real
server adds its own round trips, two per seal). The process has sealed once before measuring, as a
worker that has been running. Goals: ≤ 0.5 s on the 10-page report, ≤ 10 % of the render time on
the 100-page one.
"""

import datetime
import io
import os
import tempfile
import time
from pathlib import Path

from benchmarks.report_pdf import PERIOD, TARGETS, _fill, _setup, _tasks

RUNS = int(os.environ.get("BENCH_SEAL_RUNS", "3"))


def _timestamper(folder):
    from pyhanko.sign.timestamps import DummyTimeStamper

    from signatures import pki

    root_key = pki.new_key()
    root = pki.issue(pki.name("Bench TSA root"), root_key, ca=True, path_length=0)
    tsa_key = pki.new_key()
    tsa = pki.issue(pki.name("Bench TSA"), tsa_key, issuer=root, issuer_key=root_key, time_stamping=True)
    return DummyTimeStamper(tsa_cert=pki.to_asn1(tsa), tsa_key=pki.key_to_asn1(tsa_key))


def _render(count, units, fields, directive):
    from organizations.access import SYSTEM
    from reports.models import Report
    from reports.services import report_render, report_request

    _fill(count, units, fields, directive)
    Report.objects.filter(period=PERIOD, number="bench-seal").delete()
    report, _ = report_request(
        by=SYSTEM,
        kind=Report.Kind.BAN,
        period=PERIOD,
        number="bench-seal",
        as_of=datetime.date(2020, 1, 15),
        enqueue=False,
    )
    started = time.perf_counter()
    report = report_render(report_id=report.pk, heartbeat=False)
    return report, time.perf_counter() - started


def _seal_job(report):
    """The sealing job on the issued report, timed; the document is reset between runs."""
    from signatures import services
    from signatures.models import SignedDocument

    document = SignedDocument.objects.get(report=report)
    times = []
    for _ in range(RUNS):
        if document.signed_file:
            document.signed_file.storage.delete(document.signed_file.name)
        SignedDocument.objects.filter(pk=document.pk).update(
            status=SignedDocument.Status.QUEUED, seal=True, signed_file="", attempts=0
        )
        started = time.perf_counter()
        done = services.document_process(document_id=document.pk, heartbeat=False)
        times.append(time.perf_counter() - started)
        if done is None or done.status != SignedDocument.Status.SIGNED:
            raise RuntimeError(f"the seal failed: {SignedDocument.objects.get(pk=document.pk).last_error}")
        document.refresh_from_db()
    return min(times), document


def _seal_with_timestamp(data, timestamper):
    from signatures import config
    from signatures.sealing import seal_pdf

    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        with config.open_signer() as signer:
            seal_pdf(data, io.BytesIO(), signer=signer, timestamper=timestamper, demo=True)
        times.append(time.perf_counter() - started)
    return min(times)


def _cleanup(report, document):
    from django.core.files.storage import default_storage

    for name in (document.signed_file.name, report.file.name):
        if name:
            default_storage.delete(name)
    document.delete()
    report.delete()


def run(out):
    from django.conf import settings

    from khoagiao.pdf import render_pdf  # noqa: F401 (WeasyPrint loaded before timing)
    from signatures import config
    from signatures.sealing import seal_pdf

    scratch = Path(tempfile.mkdtemp(prefix="bench-seal-"))
    previous = settings.SIGNING_MODE, settings.VAR_DIR, settings.SIGNING_TSA_URL
    _ban, units, fields, directive = _setup()
    timestamper = _timestamper(scratch)
    out.line(f"the Ban's report for {PERIOD}, sealed by the job with a PKCS#12 key; best of {RUNS} seals")
    try:
        # The reports are issued unsealed (no broker here); the seal is switched on for the job.
        settings.SIGNING_MODE = "none"
        small, _ = _render(50, units, fields, directive)
        settings.SIGNING_MODE, settings.VAR_DIR, settings.SIGNING_TSA_URL = "demo", scratch, ""
        with config.open_signer() as signer:  # warm up: fonts, HarfBuzz, the key
            seal_pdf(small.file.open("rb").read(), io.BytesIO(), signer=signer, demo=True)
        from signatures.models import SignedDocument

        _cleanup(small, SignedDocument.objects.get(report=small))
        # Tasks per page, as report_pdf measures it, from two probes.
        settings.SIGNING_MODE = "none"
        probes = {}
        for count in (200, 1000):
            report, _ = _render(count, units, fields, directive)
            probes[count] = report.pages
            _cleanup(report, SignedDocument.objects.get(report=report))
        per_task = (probes[1000] - probes[200]) / 800
        fixed = probes[200] - 200 * per_task
        out.line(
            f"{'pages':>6} {'render':>9} {'seal (job)':>11} {'share':>7} "
            f"{'seal + timestamp':>17} {'size +':>8}"
        )
        for target in TARGETS:
            settings.SIGNING_MODE = "none"
            report, render_seconds = _render(
                max(1, round((target - fixed) / per_task)), units, fields, directive
            )
            settings.SIGNING_MODE = "demo"
            seal_seconds, document = _seal_job(report)
            with_ts = _seal_with_timestamp(document.issued_file.open("rb").read(), timestamper)
            grown = (document.signed_size - document.issued_size) / 1024
            share = 100 * seal_seconds / render_seconds
            out.line(
                f"{report.pages:>6} {render_seconds:>7.2f} s {seal_seconds:>9.3f} s {share:>6.1f}% "
                f"{with_ts:>15.3f} s {grown:>5.0f} KB"
            )
            _cleanup(report, document)
        out.line("goals: ≤ 0.5 s on about 10 pages; ≤ 10 % of the render time on about 100 pages")
    finally:
        settings.SIGNING_MODE, settings.VAR_DIR, settings.SIGNING_TSA_URL = previous
        tasks = _tasks()
        tasks._raw_delete(tasks.db)
