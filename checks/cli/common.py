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
    if getattr(args, "today", None):
        overrides["today"] = args.today
    if getattr(args, "resolve", None) or getattr(args, "cache_only", False):
        overrides["resolve"] = True
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
