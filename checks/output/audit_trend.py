"""``audit --compare OLD/report.json``: what changed since a previous audit.

Findings are matched as baselines match them: by file, code and a fingerprint of the
offending text, never by line number, so an edit elsewhere on a page does not turn its
old findings into "fixed" plus "new". Counts go per section (the page's folder) and per
check family, which is what an editor-in-chief compares month to month.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from checks.engine.baseline import text_fingerprint

Key = tuple[str, str, str]  # (relative path, code, fingerprint)


class TrendError(Exception):
    """The previous report cannot be read or is not a healthlint JSON report."""


def section_of(relpath: str, depth: int = 0) -> str:
    """A page's section: its folder ``depth`` levels below the audit's common root."""
    parts = relpath.replace("\\", "/").split("/")[depth:]
    return parts[0] if len(parts) > 1 else "(top level)"


def family_of(code: str) -> str:
    return code[:3] + "xx" if len(code) >= 3 else code


@dataclass
class PreviousAudit:
    """The findings of an older report.json, reduced to match keys."""

    path: str
    when: str
    keys: Counter[Key] = field(default_factory=Counter)
    files: int = 0

    @classmethod
    def load(cls, path: str) -> PreviousAudit:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            raise TrendError(f"{path}: no such report to compare with") from None
        except (OSError, ValueError) as exc:
            raise TrendError(f"{path}: cannot read the previous report: {exc}") from None
        findings = data.get("findings") if isinstance(data, dict) else None
        if not isinstance(findings, list) or data.get("tool", {}).get("name") != "healthlint":
            raise TrendError(f"{path}: not a healthlint report.json (audit or --format json)")
        keys: Counter[Key] = Counter()
        for item in findings:
            if isinstance(item, dict) and {"path", "code"} <= item.keys():
                keys[(str(item["path"]), str(item["code"]),
                      text_fingerprint(str(item["code"]), str(item.get("excerpt", ""))))] += 1
        summary = data.get("summary") if isinstance(data.get("summary"), dict) else {}
        return cls(path, _modified(path), keys, int(summary.get("files", 0) or 0))


def _modified(path: str) -> str:
    import os
    from datetime import UTC, datetime

    try:
        return datetime.fromtimestamp(os.path.getmtime(path), UTC).strftime("%Y-%m-%d %H:%M UTC")
    except OSError:
        return ""


@dataclass
class TrendRow:
    section: str
    before: int = 0
    now: int = 0
    new: int = 0
    fixed: int = 0


def compare(previous: PreviousAudit, current: Counter[Key], depth: int
            ) -> tuple[list[TrendRow], list[TrendRow]]:
    """New and fixed findings per section and per family (sections largest change first)."""
    by_section: dict[str, TrendRow] = {}
    by_family: dict[str, TrendRow] = {}

    def rows(key: Key) -> list[TrendRow]:
        section, family = section_of(key[0], depth), family_of(key[1])
        return [by_section.setdefault(section, TrendRow(section)),
                by_family.setdefault(family, TrendRow(family))]

    for key, n in previous.keys.items():
        for row in rows(key):
            row.before += n
            row.fixed += max(0, n - current.get(key, 0))
    for key, n in current.items():
        for row in rows(key):
            row.now += n
            row.new += max(0, n - previous.keys.get(key, 0))
    sections = sorted(by_section.values(), key=lambda r: (-(r.new + r.fixed), r.section))
    families = sorted(by_family.values(), key=lambda r: r.section)
    return sections, families


def totals(rows: list[TrendRow]) -> dict[str, Any]:
    return {"before": sum(r.before for r in rows), "now": sum(r.now for r in rows),
            "new": sum(r.new for r in rows), "fixed": sum(r.fixed for r in rows)}
