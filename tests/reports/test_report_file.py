"""The report's PDF is written beside its final place and moved there only by the attempt that still
holds the job: an attempt that lost it, or failed half-way, never touches a ready file, and no
half-written file ever stands where the download view looks."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.utils import timezone

from reports import services
from reports.models import Report

pytestmark = [pytest.mark.pdftools, pytest.mark.django_db]


@pytest.fixture
def sent(monkeypatch):
    """The sweeper's re-send goes nowhere: the test plays the second worker itself."""
    calls = []
    monkeypatch.setattr(services, "report_enqueue", lambda *, report_id: calls.append(report_id) or True)
    return calls


def request(by):
    report, _created = services.report_request(
        by=by, kind=Report.Kind.BAN, period="2026-H1", as_of=datetime.date(2026, 7, 5), enqueue=False
    )
    return report


class HalfWayWatcher:
    """Stands in for the laid-out document of an attempt: writes half its PDF, notes what stands at
    the final path at that moment, then writes the rest or fails like a full disk."""

    def __init__(self, final_path, *, fail):
        self.final_path, self.fail = final_path, fail
        self.pages = [None]
        self.seen_half_way = "not written"

    def write_pdf(self, target):
        target.write(b"%PDF-1.7\n% an attempt's own output, half of it\n" * 200)
        target.flush()
        path = Path(self.final_path)
        self.seen_half_way = path.read_bytes() if path.exists() else None
        if self.fail:
            raise OSError(28, "No space left on device")
        target.write(b"% and the other half\n%%EOF\n")


@pytest.mark.parametrize("fail", [False, True], ids=["finishes", "fails half-way"])
def test_a_stale_attempt_leaves_the_ready_file_byte_for_byte(
    private_root, staff_user, scenario, monkeypatch, fail, sent
):
    report = request(staff_user)
    real = services.render_document
    state = {}

    def first_attempt_outlived_by_a_second(*args, **kwargs):
        if state:
            return real(*args, **kwargs)
        # This attempt's heartbeat went quiet (a long pause): the sweeper hands the job back and
        # another worker renders it to the end while this one is still at work.
        state["stale"] = True
        Report.objects.filter(pk=report.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
        assert services.report_sweep()["requeued"] == [report.pk]
        ready = services.report_render(report_id=report.pk, heartbeat=False)
        assert ready.status == Report.Status.READY
        final_path = private_root / ready.file.name
        state["ready"] = final_path.read_bytes()
        state["watcher"] = HalfWayWatcher(final_path, fail=fail)
        return state["watcher"]

    monkeypatch.setattr(services, "render_document", first_attempt_outlived_by_a_second)
    assert services.report_render(report_id=report.pk, heartbeat=False) is None

    final = Report.objects.get(pk=report.pk)
    assert (final.status, final.attempts) == (Report.Status.READY, 2)
    path = private_root / final.file.name
    assert path.read_bytes() == state["ready"]
    assert hashlib.sha256(state["ready"]).hexdigest() == final.sha256
    assert state["watcher"].seen_half_way == state["ready"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_render_that_fails_half_way_leaves_nothing_at_the_final_path(private_root, staff_user, monkeypatch):
    report = request(staff_user)
    final_path = private_root / services.final_name(report)
    watcher = HalfWayWatcher(final_path, fail=True)
    monkeypatch.setattr(services, "render_document", lambda *args, **kwargs: watcher)
    assert services.report_render(report_id=report.pk, heartbeat=False) is None

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert not report.file
    assert watcher.seen_half_way is None
    assert not [p for p in private_root.rglob("*") if p.is_file()]


def test_while_a_first_render_is_written_the_final_path_is_empty(private_root, staff_user, monkeypatch):
    report = request(staff_user)
    final_path = private_root / services.final_name(report)
    watcher = HalfWayWatcher(final_path, fail=False)
    monkeypatch.setattr(services, "render_document", lambda *args, **kwargs: watcher)
    done = services.report_render(report_id=report.pk, heartbeat=False)

    assert done.status == Report.Status.READY
    assert watcher.seen_half_way is None
    assert final_path.read_bytes().endswith(b"%%EOF\n")
    assert [p.name for p in final_path.parent.iterdir()] == [final_path.name]
