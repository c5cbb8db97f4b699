"""Temporary files named after the process that writes them, and cleaned up after a kill.

A process killed with SIGKILL runs no ``finally``: whatever temporary file it was
writing stays. Every temporary that healthlint writes beside a user's file carries its
writer's process id, so the next run can tell a live writer's file from a dead one's
and remove only the latter.
"""

from __future__ import annotations

import contextlib
import os
import re


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (this process always does)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def remove_stale(directory: str, pattern: re.Pattern[str]) -> list[str]:
    """Delete the files in ``directory`` that ``pattern`` matches (its ``pid`` group
    naming the writer) whose writer is gone; return their names."""
    removed: list[str] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        m = pattern.match(name)
        if m is None or pid_alive(int(m.group("pid"))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(directory, name))
            removed.append(name)
    return removed
