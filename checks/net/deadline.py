"""One wall-clock deadline per request, covering connect, TLS, headers and body.

Socket timeouts bound each read, not the request: a server that sends one header byte
every 0.1 s never trips a 4 s read timeout, and held a request for 84 s. While a
request runs, its :class:`RequestDeadline` is the thread's current one; the guarded
connections register their sockets with it (new ones when they connect, pooled ones
when they send), and when the deadline passes a timer thread shuts those sockets
down, which wakes the blocked read at once. The client then reports a timeout.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

_CURRENT = threading.local()


class RequestDeadline:
    """Shuts down the request's sockets ``seconds`` after it starts (a context manager)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(0.0, seconds)
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


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed or never connected: nothing to wake
        sock.shutdown(socket.SHUT_RDWR)
