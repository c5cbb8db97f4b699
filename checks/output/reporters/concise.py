"""``path:line:col: HL101 [error] message`` — one line a finding, the default."""

from __future__ import annotations

from checks.output.reporters import Report


def suppressed_note(report: Report) -> str:
    """'3 findings suppressed inline.' ('' when none were)."""
    n = report.suppressed
    return f"{n} finding{'s' if n != 1 else ''} suppressed inline." if n else ""


def summary_line(report: Report) -> str:
    findings = report.findings
    note = suppressed_note(report)
    if not findings:
        return f"No findings; {note}" if note else ""
    by_severity: dict[str, int] = {}
    for finding in findings:
        by_severity[finding.severity.value] = by_severity.get(finding.severity.value, 0) + 1
    parts = [f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}"
             for s in ("error", "warning", "info") if s in by_severity]
    files = len({f.path for f in findings})
    return f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} " \
           f"({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}." \
           + (f" {note}" if note else "")


def render(report: Report) -> str:
    lines = [
        f"{report.relpath(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message}"
        for f in report.findings
    ]
    tail = summary_line(report)
    if tail:
        lines.append(tail)
    return "\n".join(lines) + ("\n" if lines else "")
