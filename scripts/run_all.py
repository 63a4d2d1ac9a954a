#!/usr/bin/env python3
"""`make run`: the web server, a Celery worker and beat together; Ctrl-C stops all three."""

import os
import signal
import subprocess
import sys
import time

PROCESSES = ["web", "worker", "beat"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHON=sys.executable)
    procs = {
        name: subprocess.Popen([os.path.join(here, "portal.sh"), name], env=env, start_new_session=True)
        for name in PROCESSES
    }

    def stop(*_args):
        for proc in procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    try:
        while True:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"\n{name} stopped (exit {proc.returncode}); stopping the others.", flush=True)
                    stop()
                    return proc.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping the portal ...", flush=True)
        stop()
        return 0


if __name__ == "__main__":
    sys.exit(main())
