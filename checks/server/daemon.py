"""``healthlint daemon start|stop|status``: a warm process that runs ``check`` for the CLI.

A cold ``check`` spends most of its time importing spaCy and healthlint and building the
tokenizer; the daemon pays that once. ``check`` sends it its arguments, working
directory and the few environment variables a run reads, and prints what comes back.
Requests run one at a time (a run changes the working directory); each builds its
settings afresh, so an edited configuration file applies to the next run, and rule
packs and statement files are re-read when their modification time changes.

The daemon exits after ``--idle-timeout`` seconds without a request, on ``daemon
stop``, or when its socket is removed. Only this user may connect: the socket is in a
private directory and the daemon checks the peer's user id (SO_PEERCRED) as well.
"""

from __future__ import annotations

import gc
import io
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout, suppress
from typing import Any

from checks import __version__
from checks.server.daemon_client import (
    call,
    enter_daemon,
    private_directory_problem,
    read_json_object,
    runtime_directory,
    socket_path,
)

IDLE_TIMEOUT = 1800.0  # seconds without a request before the daemon exits
START_TIMEOUT = 60.0  # seconds to wait for a started daemon to answer
MAX_REQUEST = 16 * 1024 * 1024


class DaemonError(Exception):
    """The daemon cannot start (an unsafe socket directory, a failed start)."""


def _peer_uid(conn: socket.socket) -> int | None:
    if not hasattr(socket, "SO_PEERCRED"):
        return None
    raw = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", raw)[1]


def run_check(main: Callable[[list[str]], int], argv: list[str], cwd: str,
              env: dict[str, str | None]) -> dict[str, Any]:
    """Run ``healthlint check`` (``main``) in this process as if started in ``cwd``."""
    saved_env = {name: os.environ.get(name) for name in env}
    previous = os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    try:
        os.chdir(cwd)
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(argv))
    except OSError as exc:
        return {"version": __version__, "code": 2, "stdout": "",
                "stderr": f"healthlint: error: {cwd}: {exc.strerror}\n"}
    finally:
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        os.chdir(previous)
    return {"version": __version__, "code": code, "stdout": out.getvalue(),
            "stderr": err.getvalue()}


class Daemon:
    """The listening loop: one request at a time, until stopped or idle too long."""

    def __init__(self, path: str, idle_timeout: float, main: Callable[[list[str]], int]
                 ) -> None:
        self.main = main
        self.path = path
        self.idle_timeout = idle_timeout
        self.started = time.time()
        self.requests = 0
        self.running = True

    def _status(self) -> dict[str, Any]:
        return {"version": __version__, "pid": os.getpid(), "socket": self.path,
                "started": self.started, "requests": self.requests,
                "idle_timeout": self.idle_timeout, "python": sys.executable}

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if request.get("version") != __version__:
            return {"version": __version__, "error": "version mismatch"}
        if op == "status":
            return self._status()
        if op == "stop":
            self.running = False
            return {"version": __version__, "stopped": os.getpid()}
        if op == "check":
            self.requests += 1
            argv, cwd = request.get("argv"), request.get("cwd")
            env = request.get("env") or {}
            if (not isinstance(argv, list) or not all(isinstance(a, str) for a in argv)
                    or not isinstance(cwd, str) or not isinstance(env, dict)):
                return {"version": __version__, "error": "bad request"}
            return run_check(self.main, argv, cwd, env)
        return {"version": __version__, "error": f"unknown op {op!r}"}

    def serve(self, listener: socket.socket) -> None:
        listener.settimeout(min(self.idle_timeout, 60.0) if self.idle_timeout > 0 else 60.0)
        last = time.monotonic()
        while self.running:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                idle = time.monotonic() - last
                if (self.idle_timeout > 0 and idle >= self.idle_timeout) or not self._owns_socket():
                    return
                continue
            with conn:
                conn.settimeout(30.0)
                try:
                    if _peer_uid(conn) not in (None, os.getuid()):
                        continue
                    request = read_json_object(conn, MAX_REQUEST)
                    conn.settimeout(None)
                    reply = (self.handle(request) if request is not None
                             else {"version": __version__, "error": "bad request"})
                    conn.sendall(json.dumps(reply).encode())
                except OSError:
                    pass  # the client went away; the daemon stays
            last = time.monotonic()

    def _owns_socket(self) -> bool:
        """False once the socket file was removed or replaced (then this daemon is orphaned)."""
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    inode = 0


def _exit_on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(0)  # through run_foreground's finally: the socket is removed


def _prepare_directory() -> str:
    directory = runtime_directory()
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError as exc:
        raise DaemonError(f"cannot create {directory}: {exc.strerror}") from None
    problem = private_directory_problem(directory)
    if problem:
        raise DaemonError(f"refusing to put the daemon's socket there: {problem}")
    return directory


def run_foreground(main: Callable[[list[str]], int], idle_timeout: float = IDLE_TIMEOUT) -> int:
    """Be the daemon: load everything, listen, serve until stopped or idle."""
    _prepare_directory()
    path = socket_path()
    if call({"op": "status"}, timeout=5) is not None:
        return 0  # one is already running
    enter_daemon()
    from checks.server.session import LintSession

    with suppress(Exception):  # the cost the daemon exists to pay once, paid now
        LintSession().warm_up(os.getcwd())
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    temporary = f"{path}.{os.getpid()}"
    daemon = Daemon(path, idle_timeout, main)
    try:
        old = os.umask(0o177)
        try:
            listener.bind(temporary)
        finally:
            os.umask(old)
        listener.listen(16)
        os.replace(temporary, path)  # atomically: a client never sees a half-made socket
        daemon.inode = os.stat(path).st_ino
        signal.signal(signal.SIGTERM, _exit_on_signal)
        gc.collect()
        gc.freeze()  # everything loaded so far lives as long as the daemon
        daemon.serve(listener)
    finally:
        listener.close()
        owned = daemon.inode and daemon._owns_socket()
        for leftover in (temporary, path if owned else None):
            if leftover is not None and os.path.lexists(leftover):
                with suppress(OSError):
                    os.unlink(leftover)
    return 0


def start(idle_timeout: float = IDLE_TIMEOUT) -> dict[str, Any]:
    """Start a daemon in the background (unless one runs) and wait until it answers."""
    _prepare_directory()
    running = call({"op": "status"}, timeout=5)
    if running is not None and running.get("version") == __version__:
        return running
    if running is not None:  # another version holds the socket: replace it
        call({"op": "stop"}, timeout=5)
    log = os.path.join(runtime_directory(), "daemon.log")
    with open(log, "ab") as handle:
        proc = subprocess.Popen(
            [sys.executable, "-m", "checks.cli", "daemon", "run",
             "--idle-timeout", str(idle_timeout)],
            stdin=subprocess.DEVNULL, stdout=handle, stderr=handle, start_new_session=True,
            cwd=os.path.expanduser("~") if os.path.isdir(os.path.expanduser("~")) else "/",
            env={k: v for k, v in os.environ.items() if k != "HEALTHLINT_NO_DAEMON"})
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        status = call({"op": "status"}, timeout=5)
        if status is not None and status.get("version") == __version__:
            return status
        if proc.poll() is not None:
            raise DaemonError(f"the daemon exited at start (code {proc.returncode}); see {log}")
        time.sleep(0.05)
    raise DaemonError(f"the daemon did not answer within {START_TIMEOUT:g} s; see {log}")


def stop() -> dict[str, Any] | None:
    """Ask the running daemon to exit; None when none is running."""
    reply = call({"op": "stop"}, timeout=10)
    if reply is None:
        return None
    deadline = time.monotonic() + 10
    while os.path.exists(socket_path()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return reply


def status() -> dict[str, Any] | None:
    return call({"op": "status"}, timeout=5)
