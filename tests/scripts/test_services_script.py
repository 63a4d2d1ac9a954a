"""scripts/services.py (what `make test` and CI wrap the suite in) stops what it started whatever
stops it: each test starts a nested instance with its own throwaway PostgreSQL and Redis (the
running ones are left alone), stops it by a signal, and finds no process and no folder left."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from tests.scripts.conftest import descendants, describe, still_running

ROOT = Path(__file__).resolve().parents[2]

# The command run under the nested instance: it starts a child of its own in another session (as a
# test's Celery worker is), says what it sees, and waits.
COMMAND = """
import json, os, subprocess, sys, time
child = subprocess.Popen(["sleep", "600"], start_new_session=True)
with open(sys.argv[1] + ".tmp", "w") as handle:
    seen = {"database": os.environ["DATABASE_URL"], "redis": os.environ["REDIS_URL"], "child": child.pid}
    json.dump(seen, handle)
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(600)
"""

needs_services = pytest.mark.skipif(
    not (Path("/usr/lib/postgresql").exists() and shutil.which("redis-server")),
    reason="needs PostgreSQL's binaries and redis-server, which the nested instance starts",
)


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def nested(tmp_path):
    """Starts services.py -- COMMAND with none of the running services in its environment, and its
    temporary files in a folder of this test (reachable by the postgres user)."""
    temp = Path(tempfile.mkdtemp(prefix="services-test-"))
    temp.chmod(0o755)
    marker = tmp_path / "seen.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["TMPDIR"] = str(temp)
    log = open(tmp_path / "services.log", "w")  # noqa: SIM115 (closed at teardown)
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "services.py"),
            "--",
            sys.executable,
            "-c",
            COMMAND,
            str(marker),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            break
        time.sleep(0.2)

    class Handle:
        pass

    handle = Handle()
    handle.proc, handle.temp = proc, temp
    handle.log = lambda: (tmp_path / "services.log").read_text(errors="replace")
    handle.seen = json.loads(marker.read_text()) if marker.exists() else None
    yield handle
    # Whatever a failed test left: only the processes this test started.
    leftovers = descendants(proc.pid) if proc.poll() is None else []
    leftovers += of_folder(temp)
    if handle.seen and psutil.pid_exists(handle.seen["child"]):
        leftovers.append(psutil.Process(handle.seen["child"]))
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    for leftover in leftovers:
        with contextlib.suppress(psutil.Error):
            leftover.kill()
    log.close()
    shutil.rmtree(temp, ignore_errors=True)


def of_folder(folder):
    """Processes started for the nested instance, by their command line or working folder (the
    services it starts live in its temporary folder, whoever their parent is)."""
    found = []
    for proc in psutil.process_iter(["cmdline", "cwd"]):
        if str(folder) in " ".join(proc.info["cmdline"] or ()) or str(folder) in (proc.info["cwd"] or ""):
            found.append(proc)
    return found


def port_of(url):
    return int(url.rsplit(":", 1)[1].split("/")[0])


def started(nested):
    assert nested.seen, f"the command never ran:\n{nested.log()}"
    processes = descendants(nested.proc.pid)
    # And by their folder, should one not be a descendant (a daemon left by pg_ctl).
    pids = {p.pid for p in processes}
    processes += [p for p in of_folder(nested.temp) if p.pid not in pids]
    names = {p.name() for p in processes}
    assert {"postgres", "redis-server", "sleep"} <= names, describe(processes)
    assert answers(port_of(nested.seen["database"]))
    assert answers(port_of(nested.seen["redis"]))
    assert len(list(nested.temp.iterdir())) == 1  # its portal-services-* folder
    return processes


@needs_services
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_stops_the_command_the_services_and_removes_the_folder(nested, signum):
    processes = started(nested)
    os.kill(nested.proc.pid, signum)
    status = nested.proc.wait(timeout=90)
    assert still_running(processes, timeout=5) == [], describe(processes)
    assert list(nested.temp.iterdir()) == []
    assert not answers(port_of(nested.seen["database"]))
    assert not answers(port_of(nested.seen["redis"]))
    assert status == 128 + signum, nested.log()


@needs_services
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killed_outright_its_services_and_command_die_with_it_and_the_watchdog_removes_the_folder(nested):
    processes = started(nested)
    # The command's own child in its own session is the command's to stop; not covered here.
    processes = [p for p in processes if p.pid != nested.seen["child"]]
    os.kill(nested.proc.pid, signal.SIGKILL)
    nested.proc.wait(timeout=10)
    assert still_running(processes, timeout=40) == [], describe(processes)
    deadline = time.monotonic() + 20
    while list(nested.temp.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(nested.temp.iterdir()) == []
    assert not answers(port_of(nested.seen["database"]))
    assert not answers(port_of(nested.seen["redis"]))


@needs_services
def test_a_command_that_ends_by_itself_gives_its_status_and_leaves_nothing(tmp_path):
    temp = Path(tempfile.mkdtemp(prefix="services-test-"))
    temp.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["TMPDIR"] = str(temp)
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "services.py"), "--", sys.executable, "-c", "exit(3)"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 3, result.stdout + result.stderr
        assert "database: PostgreSQL" in result.stdout
        assert "broker: Redis" in result.stdout
        assert list(temp.iterdir()) == []
        assert still_running(of_folder(temp), timeout=5) == []  # the watchdog has left too
    finally:
        for leftover in of_folder(temp):
            with contextlib.suppress(psutil.Error):
                leftover.kill()
        shutil.rmtree(temp, ignore_errors=True)
