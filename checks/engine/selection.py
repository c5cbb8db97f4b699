"""Which codes are enabled: ruff-style select / extend-select / ignore by code or prefix.

The most specific matching prefix decides: ``--select HL1 --ignore HL10`` keeps
HL110 and drops HL101; ``--ignore HL1 --select HL101`` keeps HL101.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable


def _longest(code: str, prefixes: Iterable[str]) -> int:
    best = -1
    for prefix in prefixes:
        p = prefix.strip().upper()
        if p == "ALL":
            best = max(best, 0)
        elif code.startswith(p):
            best = max(best, len(p))
    return best


def is_enabled(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    selected = _longest(code, select)
    if selected < 0:
        return False
    return selected > _longest(code, ignore)


def per_file_ignored(path: str, root: str, per_file_ignores: dict[str, list[str]]) -> list[str]:
    """Codes ignored for ``path`` by globs relative to the config's directory."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:
        rel = absolute
    rel = rel.replace(os.sep, "/")
    name = os.path.basename(absolute)
    codes: list[str] = []
    for pattern, ignored in per_file_ignores.items():
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern):
            codes.extend(ignored)
    return codes


def matches_any(code: str, prefixes: Iterable[str]) -> bool:
    return _longest(code, prefixes) >= 0
