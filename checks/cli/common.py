"""What every command shares: exit codes, the usage error, settings overrides from flags.

A leaf below ``main`` and ``audit``, so neither command module imports the other's names.
Exit codes: 0 clean (or nothing at or above ``--fail-on``), 1 findings at or above it,
2 usage, configuration or internal error. Never a count.
"""

from __future__ import annotations

import argparse
from typing import Any

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Bad command-line input: exit 2 with the message."""


def add_exit_options(group: Any) -> None:
    """``--fail-on`` and ``--exit-zero``: what makes findings exit 1, alike in every command."""
    group.add_argument("--fail-on", choices=("error", "warning", "info"),
                       help="lowest severity that makes the exit code 1 (default: error)")
    group.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings")


def add_report_options(group: Any, *, quiet: str, color: str) -> None:
    """``--quiet``, ``--color`` and ``--baseline``, alike in ``check`` and ``audit``; only
    what quiet hushes and what colour paints differ (``quiet``, ``color``: their help)."""
    group.add_argument("--quiet", "-q", action="store_true", help=quiet)
    group.add_argument("--color", "--colour", choices=("auto", "always", "never"),
                       default="auto", dest="color",
                       help=f"{color} (auto: on a terminal, unless NO_COLOR is set)")
    group.add_argument("--baseline", metavar="FILE",
                       help="report only findings that this baseline does not already accept")


def config_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings that command-line flags override, as config keys."""
    overrides: dict[str, Any] = {}
    if getattr(args, "select", None) is not None:
        overrides["select"] = args.select
    if getattr(args, "extend_select", None):
        overrides["extend_select"] = args.extend_select
    if getattr(args, "ignore", None):
        overrides["extend_ignore"] = args.ignore
    if getattr(args, "preview", None):
        overrides["preview"] = True
    if getattr(args, "fail_on", None):
        overrides["fail_on"] = args.fail_on
    if getattr(args, "no_inline_config", False):
        overrides["inline_config"] = False
    if getattr(args, "file_timeout", None) is not None:
        overrides["file_timeout"] = args.file_timeout
    if getattr(args, "today", None):
        overrides["today"] = args.today
    if getattr(args, "resolve", None) or getattr(args, "cache_only", False):
        overrides["resolve"] = True
    if getattr(args, "exclude", None):
        overrides["exclude"] = args.exclude
    if getattr(args, "extend_exclude", None):
        overrides["extend_exclude"] = args.extend_exclude
    return overrides


def resolution_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The resolver settings that ``--no-cache``, ``--cache-only`` and ``--cache-path`` set."""
    out: dict[str, Any] = {}
    if getattr(args, "no_cache", False):
        out["cache"] = False
    if getattr(args, "cache_only", False):
        out["mode"] = "cache-only"
    if getattr(args, "cache_path", None):
        out["cache_path"] = args.cache_path
    return out


def load_baseline(path: str) -> Any:
    """The baseline at ``path``; an unreadable or malformed one is a usage error (exit 2)."""
    from checks.engine.baseline import Baseline, BaselineError

    try:
        return Baseline.load(path)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def check_codes(args: argparse.Namespace, registry: Any) -> None:
    """Reject codes on the command line that name no registered check or prefix of one.

    A CI gate with ``--select HL1O1`` (a letter O) must fail loudly rather than select
    nothing and pass; plugins' codes count, since they are in the registry."""
    from checks.engine.selection import unknown_code_message, unknown_codes

    known = registry.codes
    problems = [
        f"{flag}: {unknown_code_message(code, known)}"
        for flag, codes in (("--select", getattr(args, "select", None)),
                            ("--extend-select", getattr(args, "extend_select", None)),
                            ("--ignore", getattr(args, "ignore", None)))
        for code in unknown_codes(codes or [], known)
    ]
    if problems:
        raise UsageError("\n  ".join(problems) if len(problems) == 1 else
                         f"{len(problems)} unknown codes:\n  " + "\n  ".join(problems))
