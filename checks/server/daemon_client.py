"""Handing ``healthlint check`` to a running daemon, or silently not.

This module runs at the start of every ``check``, before anything heavy is imported, so
it imports only the standard library's light modules. When no daemon of this version is
listening on this user's socket, or anything about the socket looks wrong, ``hand_off``
returns ``None`` and the command runs in-process as if the daemon did not exist.

The socket lives in a directory only this user may enter (``$XDG_RUNTIME_DIR/healthlint``,
else ``$TMPDIR/healthlint-UID``); the directory's owner and mode, and the socket's owner,
are checked before connecting, and the daemon checks the peer's user id in turn.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Any

from checks import __version__

ENV_DISABLE = "HEALTHLINT_NO_DAEMON"  # set (to anything) to never use a daemon
# The environment a check run reads, passed to the daemon with each request.
PASSED_ENV = ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS",
              "HEALTHLINT_CACHE_DIR")
CONNECT_TIMEOUT = 0.5  # seconds; a daemon that does not accept by then is not used
_IN_DAEMON = {"active": False}


def runtime_directory() -> str:
    """This user's private directory for the daemon's socket."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base and os.path.isabs(base) and os.path.isdir(base):
        return os.path.join(base, "healthlint")
    tmp = os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(tmp, f"healthlint-{os.getuid()}")


def socket_path() -> str:
    """One daemon per user and installation: the interpreter's prefix names the socket."""
    import zlib

    tag = zlib.crc32(os.path.realpath(sys.prefix).encode("utf-8", "surrogateescape"))
    return os.path.join(runtime_directory(), f"daemon-{tag:08x}.sock")


def private_directory_problem(directory: str) -> str | None:
    """Why ``directory`` is not safe for the socket (None when it is)."""
    try:
        st = os.lstat(directory)
    except OSError as exc:
        return f"{directory}: {exc.strerror}"
    if not stat.S_ISDIR(st.st_mode):
        return f"{directory} is not a directory"
    if st.st_uid != os.getuid():
        return f"{directory} belongs to another user"
    if st.st_mode & 0o077:
        return f"{directory} is open to other users (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def socket_problem(path: str) -> str | None:
    """Why the socket at ``path`` must not be used (None when it may)."""
    problem = private_directory_problem(os.path.dirname(path))
    if problem:
        return problem
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"{path}: {exc.strerror}"
    if not stat.S_ISSOCK(st.st_mode) or st.st_uid != os.getuid():
        return f"{path} is not this user's socket"
    return None


def enter_daemon() -> None:
    """Inside the daemon, ``check`` must run in-process, never call the daemon again."""
    _IN_DAEMON["active"] = True


def call(request: dict[str, Any], timeout: float | None = None) -> dict[str, Any] | None:
    """Send one request to the daemon and return its reply (None: no usable daemon)."""
    import json
    import socket

    path = socket_path()
    if socket_problem(path):
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(path)
            sock.settimeout(timeout)
            sock.sendall(json.dumps({"version": __version__, **request}).encode() + b"\n")
            sock.shutdown(socket.SHUT_WR)
            return read_json_object(sock)
    except OSError:
        return None


def read_json_object(sock: Any, limit: int | None = None) -> dict[str, Any] | None:
    """All the peer sends until it shuts its side, as one JSON object.

    None when it is not a JSON object or runs past ``limit`` bytes; both the daemon
    (reading a request) and the client (reading the reply) speak this way.
    """
    import json

    chunks, size = [], 0
    while chunk := sock.recv(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if limit is not None and size > limit:
            return None
    try:
        value = json.loads(b"".join(chunks))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def hand_off(argv: list[str]) -> int | None:
    """Run ``healthlint check ARGV`` in the daemon: its exit code, or None to run here."""
    if _IN_DAEMON["active"] or os.environ.get(ENV_DISABLE) or "-" in argv:
        return None
    if not os.path.exists(socket_path()):  # the common case: one stat, nothing else
        return None
    try:
        cwd = os.getcwd()
    except OSError:
        return None
    env = {name: os.environ.get(name) for name in PASSED_ENV}
    if not env["NO_COLOR"] and not env["FORCE_COLOR"] and _isatty(sys.stdout):
        env["FORCE_COLOR"] = "1"  # the daemon's output is captured: say what the terminal is
    reply = call({"op": "check", "argv": argv, "cwd": cwd, "env": env})
    if reply is None or reply.get("version") != __version__ or "code" not in reply:
        return None
    sys.stdout.write(reply.get("stdout", ""))
    sys.stdout.flush()
    sys.stderr.write(reply.get("stderr", ""))
    sys.stderr.flush()
    return int(reply["code"])
