"""A wall-clock limit on linting one file, so a crafted article cannot stall a run.

The limit is a ``SIGALRM`` timer (POSIX, main thread): the handler raises
:class:`FileTimeout` in whatever Python code is running, and the caller turns it
into an HL908 finding for that file while the batch goes on. Where no timer can
be set (another thread, Windows) the file runs without a limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class FileTimeout(BaseException):
    """One file ran past its limit.

    A BaseException so that the engine's per-check ``except Exception`` does not
    swallow it and carry on linting the same file without a deadline.
    """


def can_time_out() -> bool:
    """Whether :func:`deadline` can interrupt work here (POSIX main thread)."""
    return hasattr(signal, "setitimer") and (
        threading.current_thread() is threading.main_thread())


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`FileTimeout` in this block after ``seconds`` of wall time (0: none)."""
    if seconds <= 0 or not can_time_out():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timeout_message(seconds: float, option: str) -> str:
    return (f"linting stopped after {seconds:g} s ({option}); the file was not checked: "
            "it is unusually slow to read (very long lines or tokens?)")
