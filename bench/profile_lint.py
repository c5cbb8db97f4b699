"""Where linting spends its time: a profile of many files linted as an audit worker does.

The batch budget is per-file work in a long-lived worker, so start-up, the pool and the
report are left out: a worker is started in this process (``init_worker``), a first chunk
warms it, and the rest is profiled. Time is shown per module; the time of built-in and
standard-library functions (a regular expression's ``search``, ``str.split``) is charged to
the module that called them, since that is where a change would save it. Usage::

    .venv/bin/python bench/profile_lint.py DIR [--files 200] [--top 30] [--save FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_CHUNK = 16  # files per task, as the audit's pool sends them


def _module(filename: str) -> str | None:
    """The project module or third-party package a function lives in; None for built-ins
    and the standard library (charged to their callers)."""
    if filename.startswith(_ROOT):
        return filename[len(_ROOT):]
    if "site-packages" + os.sep in filename:
        return filename.split("site-packages" + os.sep, 1)[1].split(os.sep, 1)[0]
    if filename.endswith(".pyx"):
        return filename.split(os.sep, 1)[0]
    return None


def by_module(stats: dict[Any, Any]) -> Counter[str]:
    """Own time per module, a built-in's own time split among its callers by their share."""
    totals: Counter[str] = Counter()

    def charge(key: Any, seconds: float, depth: int = 0) -> None:
        module = _module(key[0])
        callers = stats[key][4]
        if module is not None or not callers or depth > 8:
            totals[module or "(standard library)"] += seconds
            return
        weight = sum(figures[2] for figures in callers.values())
        for caller, figures in callers.items():
            share = figures[2] / weight if weight else 1.0 / len(callers)
            charge(caller, seconds * share, depth + 1)

    for key, figures in stats.items():
        charge(key, figures[2])
    return totals


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", help="a folder of articles (e.g. a kept bench corpus)")
    parser.add_argument("--files", type=int, default=200, help="files to lint (default 200)")
    parser.add_argument("--top", type=int, default=30, help="modules to list (default 30)")
    parser.add_argument("--save", metavar="FILE", help="also save the raw profile")
    args = parser.parse_args(argv)
    from checks.cli import audit_worker

    files = sorted(os.path.join(d, n) for d, _, names in os.walk(args.directory)
                   for n in names if n.endswith((".md", ".html", ".txt")))[:args.files]
    if len(files) <= _CHUNK:
        sys.exit(f"{args.directory}: needs more than {_CHUNK} articles")
    audit_worker.init_worker(audit_worker.WorkerSpec(None, {}, None, timeout=60))
    audit_worker.lint_chunk(files[:_CHUNK])  # warm-up: lazily built tables and patterns
    profiled = files[_CHUNK:]
    profile = cProfile.Profile()
    profile.enable()
    for i in range(0, len(profiled), _CHUNK):
        audit_worker.lint_chunk(profiled[i:i + _CHUNK])
    profile.disable()
    if args.save:
        profile.dump_stats(args.save)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    totals = by_module(stats)
    whole = sum(totals.values())
    print(f"{len(profiled)} files, {whole / len(profiled) * 1000:.1f} ms per file under the "
          "profiler (which inflates Python-heavy code)")
    for module, seconds in totals.most_common(args.top):
        print(f"{seconds / len(profiled) * 1000:7.2f} ms {100 * seconds / whole:5.1f}%  {module}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
