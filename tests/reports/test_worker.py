"""Reliability with the real Redis and a real Celery worker process (docs/operations.md G16–G18, G20):
a job delivered twice makes one PDF; a worker killed mid-render never leaves a truncated file and
the job ends READY after the sweeper; with the broker unreachable the page answers and the job
waits, then runs when the broker is back."""

import contextlib
import datetime
import hashlib
import os
import re
import signal
import subprocess
import time

import psutil
import pytest
from django.utils import timezone

from assignments.models import Task
from reports import services
from reports.models import Report
from reports.tasks import report_render_task
from tests.reports.conftest import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.pdftools, pytest.mark.django_db(transaction=True)]


def status_of(report):
    return Report.objects.get(pk=report.pk)


def assert_complete_pdf(root, report):
    path = root / report.file.name
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1) == str(report.pages)
    assert not list(path.parent.glob("*.part")), "a temporary file was left behind"
    return path


@contextlib.contextmanager
def broker_at(url):
    """Point this process's Celery app at another broker (a closed port: the broker is down)."""
    from khoagiao.celery import app

    def reset():
        app._pool = None
        if "amqp" in app.__dict__:
            app.__dict__["amqp"]._producer_pool = None

    previous = app.conf.broker_url
    app.conf.broker_url = url
    reset()
    try:
        yield
    finally:
        app.conf.broker_url = previous
        reset()


def test_the_same_job_delivered_twice_makes_one_pdf(worker_env, scenario, staff_user, celery_worker_process):
    report, _ = services.report_request(by=staff_user, kind="ban", period="2026-H1", enqueue=False)
    report_render_task.apply_async((str(report.pk),))
    report_render_task.apply_async((str(report.pk),))
    done = wait_for(
        lambda: status_of(report).status == Report.Status.READY and status_of(report), what="READY"
    )
    wait_for(lambda: celery_worker_process.log().count("succeeded") >= 2, what="the second delivery")
    final = status_of(report)
    assert final.attempts == 1
    path = assert_complete_pdf(worker_env, final)
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert done.sha256 == final.sha256


def test_a_worker_killed_mid_render_leaves_no_truncated_file_and_the_job_ends_ready(
    worker_env, scenario, staff_user, celery_worker_process
):
    # Enough tasks for a render of many seconds, so that there is time to kill it.
    directive, lead = scenario["directive"], scenario["tasks"]["a_on_time"].lead
    Task.objects.bulk_create(
        Task(
            title=f"Nhiệm vụ tuyên truyền, phổ biến Nghị quyết số {n} tới cán bộ, đảng viên và Nhân dân",
            lead=lead,
            directive=directive,
            assigned_on=datetime.date(2026, 1, 2),
            due_on=datetime.date(2026, 1, 2) + datetime.timedelta(days=n % 170),
        )
        for n in range(600)
    )
    report, _ = services.report_request(by=staff_user, kind="ban", period="2026-H1")
    wait_for(lambda: status_of(report).status == Report.Status.RENDERING, what="RENDERING")
    time.sleep(1.5)
    children = psutil.Process(celery_worker_process.proc.pid).children(recursive=True)
    assert children, "no pool process to kill"
    for child in children:
        os.kill(child.pid, signal.SIGKILL)
    killed = status_of(report)
    assert killed.status == Report.Status.RENDERING
    assert not killed.file
    assert not (worker_env / services.final_name(killed)).exists()

    # The heartbeat stops; once it is stale the sweeper (beat, every minute) sends the job again.
    time.sleep(5)
    swept = services.report_sweep()
    assert swept["requeued"] == [report.pk]
    final = wait_for(
        lambda: status_of(report).status == Report.Status.READY and status_of(report),
        timeout=180,
        what="READY",
    )
    assert final.attempts == 2
    assert_complete_pdf(worker_env, final)
    assert "exited with 'signal 9 (SIGKILL)'" in celery_worker_process.log()


def test_with_the_broker_down_the_page_answers_and_the_job_runs_when_it_is_back(
    worker_env, scenario, leader_user, client, celery_worker_process
):
    client.force_login(leader_user)
    with broker_at("redis://127.0.0.1:1/0"):
        started = time.monotonic()
        response = client.post("/bao-cao/tao-moi/", {"kind": "ban", "period": "2026-H1"})
        elapsed = time.monotonic() - started
        assert response.status_code == 302
        report = Report.objects.get()
        assert (report.status, report.enqueued_at) == (Report.Status.QUEUED, None)
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "chưa kết nối được bộ xử lý nền" in page.content.decode()
        assert client.get(f"/bao-cao/{report.pk}/trang-thai/").json()["waiting_for_broker"] is True
        assert elapsed < 10
        # The sweeper cannot send it either while the broker is down; nothing breaks.
        assert services.report_sweep(now=timezone.now() + datetime.timedelta(seconds=30))["sent"] == []

    sent = services.report_sweep(now=timezone.now() + datetime.timedelta(seconds=30))["sent"]
    assert sent == [report.pk]
    final = wait_for(
        lambda: status_of(report).status == Report.Status.READY and status_of(report), what="READY"
    )
    assert_complete_pdf(worker_env, final)


def test_hostile_text_rendered_by_the_worker_fetches_nothing(
    worker_env, scenario, staff_user, celery_worker_process
):
    from tests.reports.test_pdf import HOSTILE, text_of

    Task.objects.filter(pk=scenario["tasks"]["a_overdue"].pk).update(title=f"Tuyên truyền {HOSTILE}")
    report, _ = services.report_request(by=staff_user, kind="ban", period="2026-H1")
    final = wait_for(
        lambda: status_of(report).status == Report.Status.READY and status_of(report), what="READY"
    )
    path = assert_complete_pdf(worker_env, final)
    assert "refused to fetch" not in celery_worker_process.log()
    text = "".join(text_of(path, "-raw").split())
    assert '<imgsrc="file:///etc/passwd">' in text


def test_the_time_limits_are_those_of_the_worker_that_runs_the_render(
    worker_env, scenario, staff_user, monkeypatch, request
):
    # Only the worker is given a one-second render; this process (the web that sends the job) keeps
    # the defaults. The job must stop at the worker's limit, not run under the sender's ten minutes.
    monkeypatch.setenv("REPORTS_SOFT_TIME_LIMIT", "1")
    monkeypatch.setenv("REPORTS_TIME_LIMIT", "60")
    worker = request.getfixturevalue("celery_worker_process")
    assert (report_render_task.soft_time_limit, report_render_task.time_limit) == (600, 660)
    directive, lead = scenario["directive"], scenario["tasks"]["a_on_time"].lead
    Task.objects.bulk_create(
        Task(
            title=f"Nhiệm vụ tuyên truyền, phổ biến Nghị quyết số {n} tới cán bộ, đảng viên và Nhân dân",
            lead=lead,
            directive=directive,
            assigned_on=datetime.date(2026, 1, 2),
            due_on=datetime.date(2026, 1, 2) + datetime.timedelta(days=n % 170),
        )
        for n in range(600)
    )
    report, _ = services.report_request(by=staff_user, kind="ban", period="2026-H1")
    final = wait_for(
        lambda: status_of(report).status in (Report.Status.READY, Report.Status.FAILED) and status_of(report),
        what="the render to end",
    )
    assert final.status == Report.Status.FAILED, worker.log()
    assert "vượt quá" in final.last_error
    assert "Soft time limit (1s) exceeded for reports.render" in worker.log()
    assert not list(worker_env.rglob("*.pdf"))
    assert not list(worker_env.rglob("*.part"))
