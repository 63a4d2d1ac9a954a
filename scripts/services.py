#!/usr/bin/env python3
"""Run a command with the real services the test suite needs, starting them on loopback if needed.

    python scripts/services.py -- pytest ...

- PostgreSQL: DATABASE_URL if set; else a throwaway cluster from Debian's binaries
  (/usr/lib/postgresql/*/bin), run as the postgres user when we are root (initdb refuses root).
- Redis: REDIS_URL if set; else redis-server from PATH on a free port.
- Chromium: CHROMIUM_PATH if set; else /usr/bin/chromium.
Whatever cannot be found is reported plainly; the test suite then skips (or, under CI=true, fails)
the tests that need it.

What this script starts stops with it, whatever stops it:
- The command ending, SIGINT (Ctrl-C), SIGTERM (`timeout`, a supervisor, a cancelled CI step) and
  SIGHUP (the terminal closed) all lead to the same clean-up: the command is given the signal
  (unless the terminal already gave it to the whole group), and SIGKILL 20 s later if it is still
  running or at once on a second signal; PostgreSQL and Redis are stopped; the temporary folder is
  removed. The exit status is 128 + the signal's number after a signal, else the command's. The
  script keeps these signals blocked and takes them with sigtimedwait, so that none can cut the
  clean-up short; during start-up (initdb, a few seconds) they are acted on between steps.
- SIGKILL cannot be caught. PostgreSQL (the postmaster itself as our child, not a daemon left by
  pg_ctl), redis-server and the command are started with PR_SET_PDEATHSIG (Linux), so that the
  kernel sends PostgreSQL SIGQUIT (immediate shutdown: it ends its backends and frees its shared
  memory) and the others SIGTERM when this script dies. A watchdog process in its own session,
  which ignores the signals above, notices the death too: it signals whatever of those still runs,
  then SIGKILL after 15 s (where prctl is not available, this is what stops them), and removes the
  temporary folder.
- What the command leaves running when it ends (its children, even in sessions of their own)
  comes to this script, a child subreaper (PR_SET_CHILD_SUBREAPER, Linux): it gets SIGTERM, then
  SIGKILL after 10 s.
- Not covered: what the command leaves behind when this script is killed outright (SIGKILL), or
  anything on systems without prctl beyond the command, PostgreSQL and Redis themselves.
"""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import HANDLED, become_subreaper, child_setup  # noqa: E402 (scripts/ is not a package)

SI_KERNEL = 0x80  # siginfo si_code of a signal the kernel sent, e.g. the terminal's Ctrl-C
GRACE_SECONDS = 20


class Interrupted(Exception):
    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, **kwargs):
    """subprocess.run for the short steps (initdb, psql): killed with us, and interruptible."""
    return subprocess.run(cmd, preexec_fn=child_setup(signal.SIGKILL), **kwargs)


def check_signals():
    """During start-up: stop at once if a signal is waiting."""
    info = signal.sigtimedwait(HANDLED, 0)
    if info is not None:
        raise Interrupted(info.si_signo)


def children_of(pid):
    """(pid, state) of every process whose parent is `pid` (Linux /proc; elsewhere none)."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append((int(entry), fields[0]))
    return found


def reap_orphans(known):
    """Collect the exit status of the command's orphans that have ended (we are their subreaper)."""
    for pid, state in children_of(os.getpid()):
        if pid not in known and state in ("Z", "X"):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)


def stop_orphans(known):
    """What the command left running (its children outlive it, e.g. a test's worker in a session of
    its own) was re-parented to us as subreaper: SIGTERM, SIGKILL after 10 s."""
    started = time.monotonic()
    signalled = set()
    while time.monotonic() - started < 20:
        reap_orphans(known)
        left = [
            pid for pid, state in children_of(os.getpid()) if pid not in known and state not in ("Z", "X")
        ]
        if not left:
            return
        signum = signal.SIGTERM if time.monotonic() - started < 10 else signal.SIGKILL
        for pid in left:
            if (pid, signum) not in signalled:
                signalled.add((pid, signum))
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signum)
        time.sleep(0.1)


def process_identity(pid):
    """The start time of a running process (Linux), so that a later process given the same pid is
    not mistaken for it; None when it has ended (a zombie counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    except OSError:  # no /proc: only whether the pid exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return "?"
    return None if fields[0] in ("Z", "X") else fields[19]


class Watchdog:
    """A process in its own session that outlives this script if it is killed outright, and then
    stops what it started and removes its folder. A normal clean-up tells it to leave quietly."""

    def __init__(self, workdir):
        read_end, self.pipe = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--watchdog", workdir],
            stdin=read_end,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=child_setup(None),  # it must outlive us
        )
        os.close(read_end)
        self.pids = {self.proc.pid}

    def track(self, proc, death_signal):
        self.pids.add(proc.pid)
        self._say(f"track {proc.pid} {process_identity(proc.pid)} {int(death_signal)}")

    def done(self):
        self._say("done")
        os.close(self.pipe)
        self.proc.wait(timeout=10)

    def _say(self, line):
        os.write(self.pipe, (line + "\n").encode())


def watchdog_main(workdir):
    for signum in HANDLED:
        signal.signal(signum, signal.SIG_IGN)
    lines = sys.stdin.buffer.read().decode().splitlines()  # until this script's end closes the pipe
    if lines[-1:] == ["done"]:
        return 0
    tracked = []
    for line in lines:
        _word, pid, identity, signum = line.split()
        tracked.append((int(pid), identity, int(signum)))

    def running():
        return [(pid, sig) for pid, identity, sig in tracked if process_identity(pid) == identity]

    for pid, sig in running():
        with contextlib.suppress(OSError):
            os.kill(pid, sig)
    deadline = time.monotonic() + 15
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid, _sig in running():
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def stop_process(proc, signum, grace):
    """Send `signum`, wait up to `grace` seconds, then SIGKILL."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signum)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        print(f"services: {proc.args[0]} did not stop within {grace} s; killing it", flush=True)
        proc.kill()
        proc.wait()


def start_postgres(workdir, watchdog, stops):
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not initdbs:
        return None, "no PostgreSQL binaries under /usr/lib/postgresql"
    bindir = os.path.dirname(initdbs[-1])
    data = os.path.join(workdir, "pg")
    os.makedirs(data)
    as_root = os.geteuid() == 0
    if as_root:
        shutil.chown(workdir, "postgres", "postgres")
        shutil.chown(data, "postgres", "postgres")
    os.chmod(data, 0o700)
    port = free_port()
    # initdb refuses to run as root.
    user = {"user": "postgres", "group": "postgres", "extra_groups": []} if as_root else {}
    quiet = {"stdout": subprocess.DEVNULL, "cwd": "/"}
    run(
        [f"{bindir}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"],
        check=True,
        **quiet,
        **user,
    )
    check_signals()
    options = [
        *("-c", "listen_addresses=127.0.0.1", "-p", str(port), "-k", data),
        *("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"),
        *("-c", "max_connections=200"),
    ]
    log_path = os.path.join(data, "server.log")
    with open(log_path, "ab") as log:
        server = subprocess.Popen(
            [f"{bindir}/postgres", "-D", data, *options],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd="/",
            preexec_fn=child_setup(signal.SIGQUIT),
            **user,
        )
    watchdog.track(server, signal.SIGQUIT)
    # SIGQUIT: immediate shutdown (the data is thrown away with the folder).
    stops.append(lambda: stop_process(server, signal.SIGQUIT, 30))
    deadline = time.monotonic() + 60
    while run([f"{bindir}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)], **quiet).returncode:
        check_signals()
        if server.poll() is not None or time.monotonic() > deadline:
            stops.pop()()
            with open(log_path, errors="replace") as handle:
                return None, f"PostgreSQL did not start: {handle.read()[-2000:]}"
        time.sleep(0.1)
    psql = [
        f"{bindir}/psql",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-U",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-q",
    ]
    run(
        [
            *psql,
            *("-c", "CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB"),
            *("-c", "CREATE DATABASE portal OWNER portal"),
        ],
        check=True,
        **quiet,
    )
    return (
        f"postgres://portal:portal@127.0.0.1:{port}/portal",
        f"PostgreSQL {bindir.split('/')[4]} on :{port}",
    )


def start_redis(workdir, watchdog, stops):
    server = shutil.which("redis-server")
    if not server:
        return None, "redis-server not installed"
    port = free_port()
    proc = subprocess.Popen(
        [
            *(server, "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", workdir),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        preexec_fn=child_setup(signal.SIGTERM),
    )
    watchdog.track(proc, signal.SIGTERM)
    stops.append(lambda: stop_process(proc, signal.SIGTERM, 10))
    for _ in range(100):
        check_signals()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0", f"Redis on :{port}"


def wait_for_command(proc, known):
    """Wait for the command, passing on the first signal we get; SIGKILL it if it outlives the grace
    period or a second signal comes. Returns the signal, or None if the command ended by itself."""
    received, since, reaped = None, None, time.monotonic()
    while proc.poll() is None:
        if time.monotonic() - reaped > 2:
            reap_orphans(known)
            reaped = time.monotonic()
        info = signal.sigtimedwait(HANDLED, 0.5)
        if info is not None and received is not None:
            print("services: a second signal; killing the command", flush=True)
            proc.kill()
        elif info is not None:
            received, since = info.si_signo, time.monotonic()
            print(f"\nservices: {signal.Signals(received).name}; stopping the command", flush=True)
            # Ctrl-C in a terminal reaches the whole foreground group: the command has it already.
            if info.si_code != SI_KERNEL:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(received)
        if since is not None and time.monotonic() - since > GRACE_SECONDS and proc.poll() is None:
            print(f"services: the command did not stop within {GRACE_SECONDS} s; killing it", flush=True)
            proc.kill()
    return received


def main(argv):
    if "--" not in argv:
        sys.exit("usage: services.py -- command ...")
    command = argv[argv.index("--") + 1 :]
    env = dict(os.environ)
    # From here on a signal waits until we take it (sigtimedwait): nothing can interrupt a step
    # half-way, least of all the clean-up.
    signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
    # Orphans of the command come to us, not to init, so that we can stop them too.
    become_subreaper()
    stops, proc, received = [], None, None
    workdir = tempfile.mkdtemp(prefix="portal-services-")
    watchdog = Watchdog(workdir)
    report = []
    try:
        if not env.get("DATABASE_URL"):
            url, note = start_postgres(workdir, watchdog, stops)
            if url:
                env["DATABASE_URL"] = url
            report.append(f"database: {note if url else 'SQLite (' + note + ')'}")
        else:
            report.append("database: DATABASE_URL from the environment")
        if not env.get("REDIS_URL"):
            url, note = start_redis(workdir, watchdog, stops)
            if url:
                env["REDIS_URL"] = url
            report.append(f"broker: {note if url else 'none (' + note + ')'}")
        else:
            report.append("broker: REDIS_URL from the environment")
        if not env.get("CHROMIUM_PATH") and os.path.exists("/usr/bin/chromium"):
            env["CHROMIUM_PATH"] = "/usr/bin/chromium"
        report.append(f"browser: {env.get('CHROMIUM_PATH') or 'none (no Chromium at /usr/bin/chromium)'}")
        print("services: " + "; ".join(report), flush=True)
        check_signals()
        proc = subprocess.Popen(command, env=env, preexec_fn=child_setup(signal.SIGTERM))
        watchdog.track(proc, signal.SIGTERM)
        received = wait_for_command(proc, watchdog.pids)
    except Interrupted as stopped:
        print(f"\nservices: {stopped} during start-up; stopping the services", flush=True)
        received = stopped.signum
    finally:
        stop_process(proc, signal.SIGTERM, GRACE_SECONDS)
        stop_orphans(watchdog.pids)
        for stop in reversed(stops):
            stop()
        shutil.rmtree(workdir, ignore_errors=True)
        watchdog.done()
    if received is not None:
        return 128 + received
    return proc.returncode if proc.returncode >= 0 else 128 - proc.returncode


if __name__ == "__main__":
    if sys.argv[1:2] == ["--watchdog"]:
        sys.exit(watchdog_main(sys.argv[2]))
    sys.exit(main(sys.argv))
