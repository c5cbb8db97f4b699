"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``).

What GitHub reads: every rule with id, short and full description and help; per result a
ruleId, level, message and one physical location whose URI is relative to the checkout
(``uriBaseId: %SRCROOT%``) with a full region. Columns are code points, as SARIF's default
``columnKind`` says and as healthlint counts them; end columns are exclusive in both.

All registered rules are listed, not only those with results: the list is small, it
keeps ``ruleIndex`` stable between runs, and code scanning shows the help of a rule
even for alerts from earlier runs.

``partialFingerprints`` carries our own content key ``healthlint/v1`` (code, path and
the whitespace-normalised excerpt, plus an occurrence number), so a finding keeps its
identity when text above it moves. GitHub computes its own ``primaryLocationLineHash``
on upload; other SARIF consumers can use ours.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checks.contract.model import Check, Finding, Severity
from checks.engine.article import INTERNAL, UNREADABLE, FileResult
from checks.output.reporters import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "healthlint/v1"
SRCROOT = "%SRCROOT%"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

FAMILIES = {
    "HL1": "claims-and-citations",
    "HL2": "references",
    "HL3": "promotion",
    "HL4": "disclaimers-and-disclosures",
    "HL5": "provenance",
    "HL9": "linter",
}


@cache
def _information_uri() -> str | None:
    """The project URL from the installed distribution's metadata, when it declares one
    (read once: parsing the metadata file costs milliseconds, and every rule asks)."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata
    except ImportError:  # pragma: no cover - stdlib since 3.8
        return None
    try:
        meta = metadata("healthlint")
    except PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "repository", "source", "documentation"):
            return url.strip()
    home = meta.get("Home-page")
    return home.strip() if home and home.strip().lower() != "unknown" else None


def help_uri(code: str) -> str | None:
    """Where a rule's documentation page is (see :func:`checks.output.rule_docs.page_uri`)."""
    from checks.output.rule_docs import page_uri

    return page_uri(code, _information_uri())


def _tags(code: str, check: Check | None) -> list[str]:
    tags = ["health-content"]
    family = FAMILIES.get(code[:3])
    if family:
        tags.append(family)
    if check is not None and check.preview:
        tags.append("preview")
    if check is not None and check.network:
        tags.append("network")
    return tags


def rule(code: str, check: Check | None) -> dict[str, Any]:
    """A reportingDescriptor for one check (or for a code no registered check owns)."""
    if check is None:
        name = "internal-error" if code == INTERNAL else code.lower()
        summary = "healthlint failed while checking this file" if code == INTERNAL \
            else f"Finding {code} from an unregistered check"
        rationale = summary + "."
        level = "error"
    else:
        name, summary = check.name, check.summary or check.name
        rationale = check.rationale or summary
        level = LEVELS[check.severity]
    markdown = f"**{code} ({name})**: {summary}.\n\n{rationale}"
    if check is not None and check.options:
        markdown += "\n\nOptions (under `[tool.healthlint.checks." + code + "]`):\n\n" + "\n".join(
            f"- `{key}` (default `{opt.default!r}`): {opt.help}"
            for key, opt in check.options.items()
        )
    descriptor: dict[str, Any] = {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale},
        "help": {"text": rationale, "markdown": markdown},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": _tags(code, check)},
    }
    uri = help_uri(code) if check is not None else None
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def artifact_location(report: Report, path: str) -> dict[str, Any]:
    """A checkout-relative URI under %SRCROOT%, or an absolute file URI outside it."""
    rel = report.repo_relpath(path)
    if rel is None:
        return {"uri": Path(report.root, path).resolve().as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}


def fingerprint(code: str, uri: str, finding: Finding) -> str:
    """Content hash of code, path and normalised excerpt (the message when there is none)."""
    basis = " ".join(finding.excerpt.split()) or finding.message
    digest = hashlib.sha256(f"{code}\0{uri}\0{basis}".encode()).hexdigest()
    return digest[:32]


def _region(finding: Finding) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": max(finding.end_line, finding.line),
        "endColumn": finding.end_column,
    }
    if finding.excerpt:
        region["snippet"] = {"text": finding.excerpt}
    return region


def fixes(finding: Finding, location: dict[str, Any]) -> list[dict[str, Any]]:
    """SARIF ``fixes`` for a safe fix: each edit as a character-offset replacement."""
    fix = finding.fix
    if fix is None or fix.applicability != "safe" or not fix.edits:
        return []
    replacements = [{"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                     "insertedContent": {"text": e.text}} for e in fix.edits]
    return [{"description": {"text": fix.description},
             "artifactChanges": [{"artifactLocation": dict(location),
                                  "replacements": replacements}]}]


def result(finding: Finding, index: int, location: dict[str, Any],
           fingerprint_value: str) -> dict[str, Any]:
    """One SARIF result (shared with the audit's streamed log)."""
    out: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message or finding.code},
        "locations": [{"physicalLocation": {
            "artifactLocation": dict(location),
            "region": _region(finding),
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint_value},
    }
    changes = fixes(finding, location)
    if changes:
        out["fixes"] = changes
    return out


def _file_errors(result: FileResult) -> list[tuple[str, str]]:
    """Why a file was not fully linted: unreadable, or a check crashed on it."""
    out = [(result.error_code or UNREADABLE, result.error)] if result.error else []
    if result.internal_error:
        out += [(INTERNAL, f.message) for f in result.findings if f.code == INTERNAL]
    return out


def document(report: Report) -> dict[str, Any]:
    registry = report.registry
    findings = report.findings
    codes = [c.code for c in registry]
    codes += sorted({f.code for f in findings} - set(codes))
    index = {code: i for i, code in enumerate(codes)}
    rules = [rule(code, registry.get(code)) for code in codes]

    seen: Counter[str] = Counter()
    results = []
    for finding in findings:
        location = artifact_location(report, finding.path)
        key = fingerprint(finding.code, location["uri"], finding)
        seen[key] += 1
        results.append(result(finding, index[finding.code], location, f"{key}:{seen[key]}"))

    driver: dict[str, Any] = {"name": "healthlint", "version": report.version,
                              "semanticVersion": report.version}
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = rules

    notifications = [
        {"level": "error", "message": {"text": message}, "descriptor": {"id": code},
         "locations": [{"physicalLocation": {
             "artifactLocation": artifact_location(report, result.path)}}]}
        for result in report.results
        for code, message in _file_errors(result)
    ]
    invocation: dict[str, Any] = {
        "executionSuccessful": not any(r.internal_error for r in report.results),
        "properties": {"suppressedFindings": report.suppressed},
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    root_uri = Path(report.source_root).resolve().as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": root_uri}},
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": results,
        }],
    }


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
