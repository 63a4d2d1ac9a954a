"""scripts/run_all.py (`make run`) stops the web server, the worker and beat it started, whatever
stops it: each test starts the three on the test database and a queue of its own, stops run_all
by a signal, and finds none of their processes left."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psutil
import pytest

from tests.scripts.conftest import descendants, describe, still_running

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def portal(settings, transactional_db, tmp_path):
    db = settings.DATABASES["default"]
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_TASK_DEFAULT_QUEUE=f"run-all-{uuid.uuid4().hex}",
        PORTAL_BIND=f"127.0.0.1:{port}",
        PORTAL_VAR_DIR=str(tmp_path / "var"),
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="1",
        CELERY_CONCURRENCY="1",
    )
    log_path = tmp_path / "run_all.log"
    log = open(log_path, "w")  # noqa: SIM115 (closed at teardown)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "run_all.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def output():
        return log_path.read_text(errors="replace")

    deadline = time.monotonic() + 120
    while not (healthy(port) and "ready." in output() and "beat: Starting" in output()):
        if proc.poll() is not None or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    processes = descendants(proc.pid) if proc.poll() is None else []
    yield proc, processes, output, port
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    for leftover in processes:
        with contextlib.suppress(psutil.Error):
            leftover.kill()
    log.close()


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL], ids=lambda s: s.name
)
def test_whatever_stops_run_all_stops_the_web_server_the_worker_and_beat(portal, signum):
    proc, processes, output, port = portal
    assert healthy(port), output()
    commands = [" ".join(p.cmdline()) for p in processes]
    for part in ("gunicorn", "celery -A khoagiao worker", "celery -A khoagiao beat"):
        assert any(part in command for command in commands), (part, describe(processes))
    os.kill(proc.pid, signum)
    proc.wait(timeout=60)
    assert still_running(processes, timeout=60) == [], describe(processes) + "\n" + output()
    assert not healthy(port)
