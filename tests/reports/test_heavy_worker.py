"""Heavy work yields to the pages (issue #16): a report's PDF goes to the heavy queue, and the
worker that production runs for it (`scripts/portal.sh worker-heavy`, as docker-compose.yml's
worker-heavy service) runs at a lower CPU priority and renders the report to READY."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from django.conf import settings as django_settings

from khoagiao.celery import app
from organizations.access import SYSTEM
from reports import services
from reports.models import Report
from tests.conftest import CELERY_TEST_QUEUE, ROOT, worker_environment
from tests.reports.conftest import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.pdftools, pytest.mark.django_db(transaction=True)]


def test_report_pdfs_and_imports_are_routed_to_the_heavy_queue():
    routes = django_settings.CELERY_TASK_ROUTES
    assert routes["reports.render"] == {"queue": django_settings.HEAVY_QUEUE}
    assert routes["directives.import_*"] == {"queue": django_settings.HEAVY_QUEUE}
    assert django_settings.HEAVY_QUEUE not in (django_settings.CELERY_TASK_DEFAULT_QUEUE, "signing")


def test_the_heavy_worker_yields_and_renders_a_report(settings, scenario, worker_env, tmp_path):
    env = worker_environment(settings)
    env["PYTHON"] = sys.executable
    log = tmp_path / "worker-heavy.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            ["scripts/portal.sh", "worker-heavy"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: "ready." in log.read_text(errors="replace"), timeout=60, what="the worker to start")
        assert "heavy@" in log.read_text(errors="replace")
        assert CELERY_TEST_QUEUE in log.read_text(errors="replace")
        worker = psutil.Process(proc.pid)
        assert worker.nice() == 10
        assert all(child.nice() == 10 for child in worker.children(recursive=True))
        # Started in a session of its own, the worker lowers its session's scheduling group too:
        # nice alone does not rank it below the web, which is another session (autogroup).
        autogroup = Path(f"/proc/{proc.pid}/autogroup")
        if autogroup.exists():  # a kernel with autogroups: Debian's, this machine's
            assert autogroup.read_text().split()[-1] == "10"
        # And it runs only on the time the pages leave (SCHED_IDLE), where the system allows it.
        if subprocess.run(["chrt", "--idle", "0", "true"], check=False).returncode == 0:
            assert os.sched_getscheduler(proc.pid) == os.SCHED_IDLE
            assert all(os.sched_getscheduler(c.pid) == os.SCHED_IDLE for c in worker.children(recursive=True))

        report, _ = services.report_request(by=SYSTEM, kind="ban", period="2026-H1")
        ready = wait_for(
            lambda: Report.objects.filter(pk=report.pk, status=Report.Status.READY).first(),
            timeout=120,
            what="the report to be READY",
        )
        assert ready.pages >= 1
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    assert app.conf.task_routes["reports.render"] == {"queue": CELERY_TEST_QUEUE}
