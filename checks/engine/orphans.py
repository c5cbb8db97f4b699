"""Helper processes that end when the process that started them ends.

An audit killed with SIGKILL cannot tell its workers to stop; they used to outlive it
for more than ten minutes at ~100 MB each. On Linux the kernel is asked to kill the
worker when its parent dies (``PR_SET_PDEATHSIG``); elsewhere, and as a second line,
a daemon thread checks once a second whether the parent is still there.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
CHECK_EVERY = 1.0  # seconds between parent checks in the fallback thread


def die_with_parent() -> None:
    """Call first thing in a child process: it exits as soon as its parent is gone."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        _ask_kernel()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    thread = threading.Thread(target=_watch, args=(parent,), name="healthlint-orphan-watch",
                              daemon=True)
    thread.start()


def _ask_kernel() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no prctl here: the watching thread still ends the process


def _watch(parent: int) -> None:
    while True:
        time.sleep(CHECK_EVERY)
        if os.getppid() != parent:
            os._exit(1)
