#!/usr/bin/env python3
"""`make run`: the web server, a Celery worker and beat together; Ctrl-C stops all three.

Each runs in a session of its own (scripts/portal.sh), so that only this script decides when they
stop, and in order. Whatever stops this script stops them:
- Ctrl-C (SIGINT), SIGTERM and SIGHUP, or one of the three ending: each process group gets
  SIGTERM (gunicorn and Celery stop gracefully), then SIGKILL after 20 s. The signals are kept
  blocked and taken with sigtimedwait, so that none can cut the stopping short.
- SIGKILL, which cannot be caught: on Linux each of the three is started with PR_SET_PDEATHSIG, so
  that the kernel sends it SIGTERM when this script dies, and it stops as gracefully as above.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import HANDLED, child_setup  # noqa: E402 (scripts/ is not a package)

PROCESSES = ["web", "worker", "beat"]
GRACE_SECONDS = 20


def stop(procs):
    for proc in procs.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for proc in procs.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    for proc in procs.values():
        # Whatever is left of its group (a leader that died before its workers).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHON=sys.executable)
    signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
    procs = {}
    try:
        for name in PROCESSES:
            procs[name] = subprocess.Popen(
                [os.path.join(here, "portal.sh"), name],
                env=env,
                start_new_session=True,
                preexec_fn=child_setup(signal.SIGTERM),
            )
        while True:
            info = signal.sigtimedwait(HANDLED, 0.5)
            if info is not None:
                print(f"\nStopping the portal ({signal.Signals(info.si_signo).name}) ...", flush=True)
                return 0
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"\n{name} stopped (exit {proc.returncode}); stopping the others.", flush=True)
                    return proc.returncode or 1
    finally:
        stop(procs)


if __name__ == "__main__":
    sys.exit(main())
