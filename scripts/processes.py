"""Children that die with the script that started them (scripts/services.py, scripts/run_all.py).

Linux gives two tools, used through prctl when it is available:
- PR_SET_PDEATHSIG, set in the child between fork and exec: the kernel sends the child a signal
  when its parent dies, even by SIGKILL, which no handler can catch.
- PR_SET_CHILD_SUBREAPER, set on the parent: a child's own children, orphaned, come to the parent
  instead of init, so that it can stop them as well.
Elsewhere both are skipped; the scripts still stop their children on the signals they handle.
"""

import ctypes
import os
import signal
import sys

# The signals both scripts take to mean "stop everything": Ctrl-C, `kill`/`timeout`/a supervisor,
# the terminal closing.
HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


PRCTL = _prctl()


def child_setup(death_signal):
    """A preexec_fn: the child does not inherit the signals its parent keeps blocked, and the kernel
    sends it `death_signal` (if not None) when the parent dies."""
    parent = os.getpid()

    def setup():
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)
        if PRCTL is not None and death_signal is not None:
            PRCTL(PR_SET_PDEATHSIG, int(death_signal))
            if os.getppid() != parent:  # the parent died before prctl took effect
                os.kill(os.getpid(), death_signal)

    return setup


def become_subreaper():
    """Orphans among our descendants come to us, not to init. Returns whether that was possible."""
    return PRCTL is not None and PRCTL(PR_SET_CHILD_SUBREAPER, 1) == 0
