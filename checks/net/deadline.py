"""One wall-clock deadline per request, covering connect, TLS, headers and body.

Socket timeouts bound each read, not the request: a server that sends one header byte
every 0.1 s never trips a 4 s read timeout, and held a request for 84 s. While a
request runs, its :class:`RequestDeadline` is the thread's current one; the guarded
connections register their sockets with it (new ones when they connect, pooled ones
when they send), and when the deadline passes a timer thread shuts those sockets
down, which wakes the blocked read at once. The client then reports a timeout. Name
resolution, which no socket can interrupt, runs in a helper thread that the request
stops waiting for at the same deadline.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

T = TypeVar("T")

_CURRENT = threading.local()


class RequestDeadline:
    """Shuts down the request's sockets ``seconds`` after it starts (a context manager)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(0.0, seconds)
        self.ends = time.monotonic() + self.seconds
        self.expired = False
        self.headers_received = False  # set by the client: a late body, not late headers
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket | None) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it already has)."""
        if sock is None:
            return
        with self._lock:
            if not self.expired:
                self._sockets.append(sock)
                return
        _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)

    def __enter__(self) -> RequestDeadline:
        self._previous = getattr(_CURRENT, "deadline", None)
        _CURRENT.deadline = self
        self.ends = time.monotonic() + self.seconds
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._timer.cancel()
        _CURRENT.deadline = self._previous
        with self._lock:
            self._sockets.clear()


def watch_socket(sock: socket.socket | None) -> None:
    """Put ``sock`` under the current request's deadline, if a request is running."""
    current: RequestDeadline | None = getattr(_CURRENT, "deadline", None)
    if current is not None:
        current.watch(sock)


def before_deadline(work: Callable[[], T]) -> T:
    """``work()``, given up with :class:`TimeoutError` at the current request's deadline.

    For calls no socket shutdown can wake (``getaddrinfo`` against a slow resolver):
    the work goes on in a daemon thread, and its result, if it ever comes, is dropped.
    """
    current: RequestDeadline | None = getattr(_CURRENT, "deadline", None)
    if current is None:
        return work()
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the waiting request
            box["error"] = exc

    helper = threading.Thread(target=run, name="healthlint-resolve", daemon=True)
    helper.start()
    helper.join(max(0.0, current.ends - time.monotonic()))
    if helper.is_alive():
        raise TimeoutError("name resolution did not finish before the request deadline")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed or never connected: nothing to wake
        sock.shutdown(socket.SHUT_RDWR)
