"""Reporters: one diagnostic model, many renderings.

Each reporter module exposes ``render(report: Report) -> str``.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module

from checks.contract.model import Finding
from checks.contract.registry import Registry
from checks.engine.article import FileResult

FORMATS = ("concise", "full", "json", "sarif", "github")

# Bumped when the JSON report's shape changes incompatibly.
JSON_SCHEMA_VERSION = 1


@dataclass
class Report:
    """Everything a reporter may show about one run."""

    results: list[FileResult]
    registry: Registry
    version: str
    root: str = field(default_factory=os.getcwd)
    statistics: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # texts not on disk (stdin)

    @property
    def findings(self) -> list[Finding]:
        out = [f for r in self.results for f in r.findings]
        out.sort(key=Finding.sort_key)
        return out

    @property
    def suppressed(self) -> int:
        """Findings that inline suppressions removed (every format states it)."""
        return sum(r.suppressed for r in self.results)

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.results if r.error]

    def counts(self) -> Counter[str]:
        return Counter(f.code for f in self.findings)

    def relpath(self, path: str) -> str:
        """A path as the user would write it: relative to the root when inside it."""
        absolute = os.path.abspath(path)
        rel = os.path.relpath(absolute, self.root)
        if rel.startswith(".."):
            return path
        return rel.replace(os.sep, "/")

    @cached_property
    def source_root(self) -> str:
        """The checkout that CI tools resolve paths against: $GITHUB_WORKSPACE, else the
        nearest directory above ``root`` holding ``.git``, else ``root`` itself."""
        workspace = os.environ.get("GITHUB_WORKSPACE")
        if workspace and os.path.isdir(workspace):
            return os.path.abspath(workspace)
        here = os.path.abspath(self.root)
        while True:
            if os.path.exists(os.path.join(here, ".git")):
                return here
            parent = os.path.dirname(here)
            if parent == here:
                return os.path.abspath(self.root)
            here = parent

    def repo_relpath(self, path: str) -> str | None:
        """``path`` relative to :meth:`source_root` with forward slashes, or None if outside."""
        root = self.source_root
        rel = os.path.relpath(os.path.abspath(os.path.join(self.root, path)), root)
        if rel == ".." or rel.startswith(".." + os.sep):
            return None
        return rel.replace(os.sep, "/")


def render(report: Report, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    module = import_module(f"checks.output.reporters.{fmt}")
    return module.render(report)


def render_statistics(report: Report) -> str:
    """Counts per code and severity, most frequent first (``--statistics``).

    A code can have findings of two severities (a check that escalates some of them, a
    ``severity`` override per file): each pair is its own line, never one severity
    standing for both."""
    counts = Counter((f.code, f.severity) for f in report.findings)
    hidden = report.suppressed
    tail = [f"{hidden} finding{'s' if hidden != 1 else ''} suppressed inline."] if hidden else []
    if not counts:
        return "\n".join(tail) + ("\n" if tail else "")
    width = max(len(str(n)) for n in counts.values())
    lines = []
    for (code, severity), n in sorted(counts.items(),
                                      key=lambda kv: (-kv[1], kv[0][0], -kv[0][1].rank)):
        check = report.registry.get(code)
        name = check.name if check else "internal-error"
        lines.append(f"{n:>{width}}\t{code}\t{name}\t[{severity.value}]")
    return "\n".join([*lines, *tail]) + "\n"
