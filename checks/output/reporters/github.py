"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line a finding.

Escaping follows actions/toolkit's ``command.ts``: in the message ``%``, CR and LF
become ``%25``, ``%0D``, ``%0A``; in properties ``:`` and ``,`` are escaped as well
(``%3A``, ``%2C``), ``%`` always first. Columns are sent only for single-line spans,
since GitHub ignores them otherwise. GitHub shows at most 10 error and 10 warning
annotations per step, so when there are more a plain log line says so.
"""

from __future__ import annotations

from checks.contract.model import Finding, Severity
from checks.output.reporters import Report
from checks.output.reporters.concise import suppressed_note

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
PER_STEP_LIMIT = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(report: Report, finding: Finding) -> str:
    path = report.repo_relpath(finding.path) or report.relpath(finding.path)
    end_line = max(finding.end_line, finding.line)
    if finding.end_column == 1 and end_line > finding.line:
        end_line -= 1  # a span that stops at a line start ends on the line before
    props = [("file", path), ("line", str(finding.line)), ("endLine", str(end_line))]
    if finding.end_line == finding.line:
        props += [("col", str(finding.column)), ("endColumn", str(finding.end_column))]
    props.append(("title", f"{finding.code} ({finding.name})"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(finding.message)}"


def render(report: Report) -> str:
    findings = report.findings
    lines = [annotation(report, f) for f in findings]
    shown = {s: sum(1 for f in findings if f.severity is s) for s in (Severity.ERROR,
                                                                         Severity.WARNING)}
    if any(n > PER_STEP_LIMIT for n in shown.values()):
        lines.append(
            f"healthlint: {len(findings)} findings; GitHub shows only the first "
            f"{PER_STEP_LIMIT} errors and {PER_STEP_LIMIT} warnings of a step as annotations "
            "(use --format sarif with code scanning, or --format full, to see them all)"
        )
    if report.suppressed:
        lines.append(f"healthlint: {suppressed_note(report)}")
    return "\n".join(lines) + ("\n" if lines else "")
