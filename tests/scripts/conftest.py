import time

import psutil


def descendants(pid):
    return psutil.Process(pid).children(recursive=True)


def still_running(processes, timeout):
    """Those of `processes` still running after up to `timeout` seconds (a zombie has ended: only
    its exit status is left for its parent to collect)."""
    deadline = time.monotonic() + timeout
    while True:
        running = []
        for proc in processes:
            try:
                if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                    running.append(proc)
            except psutil.NoSuchProcess:
                pass
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.2)


def describe(processes):
    lines = []
    for proc in processes:
        try:
            lines.append(f"{proc.pid} {' '.join(proc.cmdline())[:160]}")
        except psutil.Error:
            lines.append(f"{proc.pid} (gone)")
    return "\n".join(lines)
