"""The warm-path commands: ``healthlint server`` (a language server) and ``healthlint daemon``.

Their heavy imports (pygls, lsprotocol) happen only when one of them runs, so that
``healthlint check`` in a pre-commit hook never pays for them.
"""

from __future__ import annotations

import argparse


def add_warm_commands(sub: argparse._SubParsersAction) -> None:
    server = sub.add_parser("server", help="run the language server on stdin/stdout (for editors)")
    server.add_argument("--debounce", type=float, default=None, metavar="MS",
                        help="milliseconds of quiet after an edit before linting (default 50)")


def cmd_warm(args: argparse.Namespace) -> int:
    if args.command == "server":
        from checks.server.lsp import serve

        return serve(None if args.debounce is None else max(0.0, args.debounce) / 1000)
    raise AssertionError(args.command)
