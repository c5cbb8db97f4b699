"""The versioned JSON report (schema documented in docs/json-report.md).

``version`` is :data:`checks.output.reporters.JSON_SCHEMA_VERSION`; it changes only when a field
is removed or changes meaning, never when one is added, so consumers should ignore keys
they do not know.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from checks.engine.article import INTERNAL, UNREADABLE
from checks.output.reporters import JSON_SCHEMA_VERSION, Report

SEVERITIES = ("error", "warning", "info")


def errors(report: Report) -> list[dict[str, Any]]:
    """Files that were not fully linted: unreadable ones and ones where a check crashed."""
    out: list[dict[str, Any]] = []
    for result in report.results:
        path = report.relpath(result.path)
        if result.error:
            out.append({"path": path, "code": result.error_code or UNREADABLE,
                        "message": result.error})
        if result.internal_error:
            out.extend({"path": path, "code": INTERNAL, "message": f.message}
                       for f in result.findings if f.code == INTERNAL)
    out.sort(key=lambda e: (e["path"], e["code"], e["message"]))
    return out


def summary(report: Report) -> dict[str, Any]:
    findings = report.findings
    by_severity = Counter(f.severity.value for f in findings)
    return {
        "files": len(report.results),
        "findings": len(findings),
        "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
        "by_code": dict(sorted(report.counts().items())),
        "suppressed": report.suppressed,
    }


def document(report: Report) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    findings = []
    for finding in report.findings:
        item = finding.to_json()
        item["path"] = report.relpath(finding.path)
        findings.append(item)
    return {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "healthlint", "version": report.version},
        "findings": findings,
        "errors": errors(report),
        "summary": summary(report),
    }


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False, default=str) + "\n"
