"""The report job's state machine in one process (docs/operations.md, "A job's life"): idempotent
requests, the claim, the atomic file, errors, the sweeper and retries. The real worker is in
test_worker.py."""

import datetime
import hashlib
import logging

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError
from django.utils import timezone

from khoagiao.periods import Period
from reports import services
from reports.models import Report
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """Records what would go to the broker instead of sending it."""
    calls = []
    monkeypatch.setattr(services, "report_enqueue", lambda *, report_id: calls.append(report_id) or True)
    return calls


def request(by, **kwargs):
    defaults = {"kind": Report.Kind.BAN, "period": "2026-H1", "as_of": datetime.date(2026, 7, 5)}
    return services.report_request(by=by, enqueue=False, **{**defaults, **kwargs})


def test_asking_twice_while_it_runs_gives_the_same_job(staff_user, leader_user):
    first, created = request(staff_user)
    again, created_again = request(staff_user)
    assert created
    assert not created_again
    assert again == first
    other, created_other = request(leader_user)
    assert created_other
    assert other != first
    Report.objects.filter(pk=first.pk).update(status=Report.Status.READY)
    fresh, created_fresh = request(staff_user)
    assert created_fresh
    assert fresh != first


def test_a_schedule_makes_one_report_per_period_however_often_beat_fires(db):
    today = datetime.date(2026, 7, 5)
    reports = [
        services.report_schedule_run(schedule_name="Báo cáo định kỳ", today=today)[0] for _ in range(3)
    ]
    assert {r.pk for r in reports} == {reports[0].pk}
    assert reports[0].period == Period(2026, "H1")
    assert reports[0].requested_by is None
    assert Report.objects.count() == 1


def test_a_render_writes_a_complete_file_and_a_second_run_does_nothing(private_root, staff_user, scenario):
    report, _ = request(staff_user)
    done = services.report_render(report_id=report.pk, heartbeat=False)
    assert done.status == Report.Status.READY
    assert done.attempts == 1
    path = private_root / done.file.name
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert hashlib.sha256(data).hexdigest() == done.sha256
    assert done.size == len(data)
    assert not list(path.parent.glob("*.part"))
    mtime = path.stat().st_mtime_ns

    assert services.report_render(report_id=report.pk, heartbeat=False) is None
    again = Report.objects.get(pk=report.pk)
    assert (again.status, again.attempts, again.sha256) == (Report.Status.READY, 1, done.sha256)
    assert path.stat().st_mtime_ns == mtime


def test_a_job_another_worker_holds_is_left_alone(staff_user):
    report, _ = request(staff_user)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RENDERING, attempts=1)
    assert services.report_render(report_id=report.pk, heartbeat=False) is None
    assert Report.objects.get(pk=report.pk).attempts == 1


def test_an_error_in_the_render_fails_the_job_with_a_vietnamese_message(
    private_root, staff_user, monkeypatch
):
    report, _ = request(staff_user)

    def broken(*args, **kwargs):
        raise ValueError("template bug")

    monkeypatch.setattr(services, "render_document", broken)
    assert services.report_render(report_id=report.pk, heartbeat=False) is None
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.last_error.startswith("Không tạo được báo cáo do lỗi của hệ thống.")
    assert str(report.pk)[:8] in report.last_error
    assert not report.file
    assert not list(private_root.rglob("*.part"))


def test_the_soft_time_limit_fails_the_job_and_says_why(private_root, staff_user, monkeypatch):
    report, _ = request(staff_user)

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "render_document", too_slow)
    services.report_render(report_id=report.pk, heartbeat=False)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "vượt quá" in report.last_error


def test_a_transient_error_hands_the_job_back_for_the_retry(private_root, staff_user, monkeypatch):
    report, _ = request(staff_user)

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "render_document", database_gone)
    with pytest.raises(OperationalError):
        services.report_render(report_id=report.pk, heartbeat=False)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.QUEUED, 1)


def test_a_render_that_lost_its_claim_leaves_no_file(private_root, staff_user, scenario, monkeypatch):
    report, _ = request(staff_user)
    real = services.render_document

    def meanwhile_the_sweeper_gave_it_to_another_worker(*args, **kwargs):
        document = real(*args, **kwargs)
        Report.objects.filter(pk=report.pk).update(attempts=2)
        return document

    monkeypatch.setattr(services, "render_document", meanwhile_the_sweeper_gave_it_to_another_worker)
    assert services.report_render(report_id=report.pk, heartbeat=False) is None
    report.refresh_from_db()
    assert report.status == Report.Status.RENDERING
    assert not report.file
    assert not [p for p in private_root.rglob("*") if p.is_file()]


def test_the_sweeper_requeues_a_dead_job_and_fails_it_after_the_last_attempt(private_root, settings, sent):
    settings.REPORTS_STALE_SECONDS = 60
    settings.REPORTS_MAX_ATTEMPTS = 3
    now = timezone.now()
    old = now - datetime.timedelta(minutes=5)
    dead = ReportFactory(status=Report.Status.RENDERING, attempts=1, heartbeat_at=old)
    leftover = private_root / services.final_name(dead)
    leftover.parent.mkdir(parents=True)
    part = leftover.parent / f".{dead.pk}-abc.part"
    part.write_bytes(b"%PDF-1.7 half a file")
    hopeless = ReportFactory(status=Report.Status.RENDERING, attempts=3, heartbeat_at=old)
    alive = ReportFactory(status=Report.Status.RENDERING, attempts=1, heartbeat_at=now)

    result = services.report_sweep(now=now)

    assert result["requeued"] == [dead.pk]
    assert result["failed"] == [hopeless.pk]
    assert dead.pk in sent
    dead.refresh_from_db()
    assert (dead.status, dead.enqueued_at) == (Report.Status.QUEUED, None)
    assert not part.exists()
    hopeless.refresh_from_db()
    assert hopeless.status == Report.Status.FAILED
    assert "dừng đột ngột 3 lần" in hopeless.last_error
    alive.refresh_from_db()
    assert alive.status == Report.Status.RENDERING
    # Run twice: nothing more happens.
    again = services.report_sweep(now=now)
    assert again["requeued"] == []
    assert again["failed"] == []


def test_the_sweeper_sends_what_the_broker_never_got(sent):
    now = timezone.now()
    never_sent = ReportFactory()
    Report.objects.filter(pk=never_sent.pk).update(created_at=now - datetime.timedelta(minutes=2))
    just_saved = ReportFactory()  # its own on_commit is about to send it
    long_ago = ReportFactory(enqueued_at=now - datetime.timedelta(hours=2))
    Report.objects.filter(pk=long_ago.pk).update(created_at=now - datetime.timedelta(hours=2))
    in_flight = ReportFactory(enqueued_at=now - datetime.timedelta(seconds=30))
    Report.objects.filter(pk=in_flight.pk).update(created_at=now - datetime.timedelta(hours=2))

    services.report_sweep(now=now)
    assert set(sent) == {never_sent.pk, long_ago.pk}
    assert just_saved.pk not in sent


def test_a_failed_job_can_be_tried_again_and_a_ready_one_cannot(staff_user, sent):
    failed = ReportFactory(status=Report.Status.FAILED, attempts=3, last_error="Lỗi")
    assert services.report_retry(report=failed, by=staff_user)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (Report.Status.QUEUED, 0, "")
    assert failed.history.first().history_user == staff_user
    ready = ReportFactory(status=Report.Status.READY)
    assert not services.report_retry(report=ready, by=staff_user)
    assert Report.objects.get(pk=ready.pk).status == Report.Status.READY


def test_the_broker_being_down_leaves_the_job_queued(staff_user, monkeypatch):
    from reports import tasks

    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(tasks.report_render_task, "apply_async", refused)
    report = ReportFactory()
    assert services.report_enqueue(report_id=report.pk) is False
    report.refresh_from_db()
    assert (report.status, report.enqueued_at) == (Report.Status.QUEUED, None)
    assert report.waiting_for_broker


def test_an_error_that_is_not_the_broker_is_logged_as_itself(staff_user, monkeypatch, caplog):
    from reports import tasks

    # What Celery raises for a soft limit above the hard one: a refusal, not a broker outage.
    monkeypatch.setattr(tasks.report_render_task, "soft_time_limit", 600)
    monkeypatch.setattr(tasks.report_render_task, "time_limit", 300)
    report = ReportFactory()
    with caplog.at_level(logging.WARNING, logger="reports.services"):
        assert services.report_enqueue(report_id=report.pk) is False
    assert "unreachable" not in caplog.text
    assert "soft_time_limit must be less than or equal to time_limit" in caplog.text
    assert Report.objects.get(pk=report.pk).status == Report.Status.QUEUED

    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    caplog.clear()
    monkeypatch.setattr(tasks.report_render_task, "apply_async", refused)
    with caplog.at_level(logging.WARNING, logger="reports.services"):
        assert services.report_enqueue(report_id=report.pk) is False
    assert "the broker is unreachable" in caplog.text
