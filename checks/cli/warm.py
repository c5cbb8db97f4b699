"""The warm-path commands: ``healthlint server`` (a language server) and ``healthlint daemon``.

Their heavy imports (pygls, lsprotocol) happen only when one of them runs, so that
``healthlint check`` in a pre-commit hook never pays for them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_warm_commands(sub: argparse._SubParsersAction) -> None:
    server = sub.add_parser("server", help="run the language server on stdin/stdout (for editors)")
    server.add_argument("--debounce", type=float, default=None, metavar="MS",
                        help="changes closer than this many milliseconds are a burst, linted "
                             "once it pauses (default 20)")

    daemon = sub.add_parser("daemon", help="a warm background process that `check` hands its "
                                           "work to (start, stop, status)")
    daemon.add_argument("action", choices=("start", "stop", "status", "run"),
                        help="run: be the daemon in the foreground (what start launches)")
    daemon.add_argument("--idle-timeout", type=float, default=None, metavar="SECONDS",
                        help="exit after this long without a request (default 1800; 0: never)")


def cmd_warm(args: argparse.Namespace, entry: Callable[[list[str]], int]) -> int:
    """``entry`` is the command line's ``main``, which the daemon runs for each request."""
    if args.command == "server":
        try:
            from checks.server.lsp import serve
        except ImportError as exc:  # an install without the server's dependencies
            import sys

            print(f"healthlint: error: the language server needs pygls and lsprotocol "
                  f"({exc}); pip install 'pygls>=2,<3' lsprotocol", file=sys.stderr)
            return 2

        return serve(None if args.debounce is None else max(0.0, args.debounce) / 1000)
    return cmd_daemon(args, entry)


def cmd_daemon(args: argparse.Namespace, entry: Callable[[list[str]], int]) -> int:
    import sys
    import time

    from checks.cli.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
    from checks.server import daemon

    idle = daemon.IDLE_TIMEOUT if args.idle_timeout is None else max(0.0, args.idle_timeout)
    try:
        if args.action == "run":
            return daemon.run_foreground(entry, idle)
        if args.action == "start":
            info = daemon.start(idle)
            print(f"healthlint daemon: running (pid {info['pid']}, version {info['version']}, "
                  f"socket {info['socket']})")
            return EXIT_CLEAN
    except daemon.DaemonError as exc:
        print(f"healthlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.action == "stop":
        stopped = daemon.stop()
        print("healthlint daemon: stopped" if stopped else "healthlint daemon: not running")
        return EXIT_CLEAN
    info = daemon.status()
    if info is None or "pid" not in info:
        print("healthlint daemon: not running"
              + (f" (a daemon of another version answers at {daemon.socket_path()})"
                 if info else ""))
        return EXIT_FINDINGS
    up = time.time() - float(info["started"])
    print(f"healthlint daemon: running (pid {info['pid']}, version {info['version']}, "
          f"up {up:.0f} s, {info['requests']} checks served, idle timeout "
          f"{info['idle_timeout']:g} s, socket {info['socket']})")
    return EXIT_CLEAN
