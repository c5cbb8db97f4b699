"""Running checks on one file: selection, execution, suppressions, findings."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from checks.contract.model import Check, CheckContext, Diagnostic, Finding, Severity
from checks.contract.registry import Registry
from checks.engine.selection import drop_superseded, is_enabled, per_file_ignored
from checks.engine.suppressions import Suppression, collect, is_own
from checks.settings.config import ConfigError, Settings
from claims.model import Article
from claims.read import EMPTY

# The linter's own codes, emitted by the engine rather than by a registered check's run.
UNREADABLE = "HL901"
TOO_LARGE = "HL903"
UNUSED_SUPPRESSION = "HL905"
BAD_SUPPRESSION = "HL906"
TIMED_OUT = "HL908"
BROAD_SUPPRESSION = "HL909"
INTERNAL = "HL999"


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the file could not be linted at all
    error_code: str | None = None  # the HL9xx code that says why (reporters list it)
    internal_error: bool = False
    suppressed: int = 0  # findings removed by inline suppressions (every report says so)
    # BLAKE2 digest of the bytes the findings came from; the results cache stores them under
    # it (None: nothing was read, so nothing may be cached)
    digest: str | None = None


@dataclass
class Plan:
    """The checks enabled for one settings object, with resolved options and severities."""

    settings: Settings
    registry: Registry
    checks: list[Check]
    options: dict[str, dict[str, Any]]

    def enabled_codes(self, path: str) -> set[str]:
        ignored = per_file_ignored(path, self.settings.root, self.settings.per_file_ignores)
        codes = {c.code for c in self.checks}
        if not ignored:
            return codes
        return {c for c in codes if not any(c.startswith(p.upper()) for p in ignored)}

    def severity_of(self, check: Check, code: str) -> Severity:
        override = self.settings.severity.get(code)
        if override:
            return Severity(override)
        return check.severity


def plan_for(settings: Settings, registry: Registry) -> Plan:
    """Select the checks that a settings object enables."""
    from checks.settings.config import validate_check_options

    select = [*settings.select, *settings.extend_select]
    chosen: list[Check] = []
    for check in registry:
        if not is_enabled(check.code, select, settings.ignore):
            continue
        if check.preview and not settings.preview and check.code not in {
            s.upper() for s in select
        }:
            continue
        if check.network and not settings.resolve:
            continue
        chosen.append(check)
    configured = validate_check_options(settings, registry)
    options: dict[str, dict[str, Any]] = {}
    for check in chosen:
        merged = {name: opt.default for name, opt in check.options.items()}
        merged.update(configured.get(check.code, {}))
        options[check.code] = merged
    return Plan(settings, registry, chosen, options)


def make_finding(article: Article, path: str, check_code: str, name: str, severity: Severity,
                 diag: Diagnostic) -> Finding:
    start = max(0, min(diag.start, len(article.text)))
    end = max(start, min(diag.end, len(article.text)))
    a = article.position(start)
    b = article.position(end)
    return Finding(
        path=path, line=a.line, column=a.column, end_line=b.line, end_column=b.column,
        code=diag.code or check_code, name=name, severity=diag.severity or severity,
        message=diag.message, excerpt=article.excerpt(start, end), start=start, end=end,
        fix=diag.fix, data=dict(diag.data or {}),
    )


def lint_article(article: Article, plan: Plan, path: str | None = None,
                 services: dict[str, Any] | None = None) -> FileResult:
    """Run every enabled check on an article and apply suppressions."""
    path = path or article.path
    result = FileResult(path)
    enabled = plan.enabled_codes(article.path)
    registry = plan.registry
    memo: dict[str, Any] = {}
    services = services if services is not None else {}
    raw: list[Finding] = []

    def own(code: str, start: int, end: int, message: str,
            into: list[Finding] | None = None) -> None:
        check = registry.get(code)
        if check is None or code not in enabled:
            return
        (raw if into is None else into).append(
            make_finding(article, path, code, check.name, plan.severity_of(check, code),
                         Diagnostic(start, end, message)))

    only_own = any(p.code == EMPTY for p in article.problems)
    unknown_metadata = article.front_matter_unreadable
    for check in plan.checks:
        if check.code not in enabled or (only_own and not check.code.startswith("HL9")):
            continue
        if unknown_metadata and check.reads_front_matter:
            continue  # HL904 says what to fix; "no author" would be a guess
        ctx = CheckContext(check, plan.options[check.code], plan.settings, services, memo)
        try:
            for diag in check.run(article, ctx):
                code = diag.code or check.code
                if code != check.code and code not in enabled:
                    continue
                emitter = registry.get(code) or check
                raw.append(make_finding(article, path, check.code, emitter.name,
                                        plan.severity_of(emitter, code), diag))
        except ConfigError:
            raise  # configuration a check reads lazily (a policy file) is broken: exit 2
        except Exception as exc:  # a crashing check is reported, and the batch goes on
            result.internal_error = True
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            raw.append(Finding(
                path=path, line=1, column=1, end_line=1, end_column=1, code=INTERNAL,
                name="internal-error", severity=Severity.ERROR,
                message=f"check {check.code} ({check.name}) crashed: "
                        f"{type(exc).__name__}: {exc} at {tb.filename}:{tb.lineno}",
                excerpt="",
            ))

    raw = drop_superseded(raw)
    if plan.settings.inline_config:
        suppressions, problems = collect(article, registry.codes)
    else:
        suppressions, problems = [], []
    for problem in problems:
        own(BAD_SUPPRESSION, problem.start, problem.end, problem.message)
    suppressions = _accountable(suppressions, plan, enabled, own)

    kept: list[Finding] = []
    for finding in raw:
        suppressed = False
        if not is_own(finding.code):
            for sup in suppressions:
                matched = sup.covers(finding.code, finding.line)
                if matched is not None:
                    sup.used.add(matched)
                    suppressed = True
                    sup.hidden += 1
        if suppressed:
            result.suppressed += 1
        else:
            kept.append(finding)

    for sup in suppressions:
        if sup.broad and _hides_errors(sup, plan, enabled):
            own(BROAD_SUPPRESSION, sup.start, sup.end, _broad_message(sup), kept)
        for code in sup.codes:
            if code in sup.used:
                continue
            if not any(c.startswith(code) for c in enabled):
                continue  # not checked in this run, so it cannot be judged unused
            where = "front-matter ignore" if sup.origin == "front matter" else "suppression"
            message = f"unused {where}: no {code} finding to suppress here"
            own(UNUSED_SUPPRESSION, sup.start, sup.end, message, kept)

    kept.sort(key=Finding.sort_key)
    result.findings = kept
    return result


def _hides_errors(sup: Suppression, plan: Plan, enabled: set[str]) -> bool:
    """Whether the suppression covers a check that reports errors in this run."""
    for check in plan.checks:
        if check.code in enabled and any(check.code.startswith(c) for c in sup.codes) \
                and plan.severity_of(check, check.code) is Severity.ERROR:
            return True
    return False


def _accountable(suppressions: list[Suppression], plan: Plan, enabled: set[str],
                 own: Callable[..., None]) -> list[Suppression]:
    """The suppressions that may apply: a broad one that would hide errors needs a reason
    (it is reported as HL906 and ignored without one)."""
    kept: list[Suppression] = []
    for sup in suppressions:
        if sup.broad and not sup.reason and _hides_errors(sup, plan, enabled):
            scope = "whole-file" if sup.kind == "file" else "whole-family"
            how = ("add `reason:` beside `ignore:`" if sup.origin == "front matter"
                   else "end the comment with `-- why`")
            own(BAD_SUPPRESSION, sup.start, sup.end,
                f"a {scope} suppression of errors ({', '.join(sup.codes)}) needs a reason: "
                f"{how}; it is not applied until it has one")
            continue
        kept.append(sup)
    return kept


def _broad_message(sup: Suppression) -> str:
    scope = "for the whole file" if sup.kind == "file" else "for a whole family"
    hidden = f"{sup.hidden} finding{'s' * (sup.hidden != 1)} hidden"
    return f"{', '.join(sup.codes)} suppressed {scope} ({hidden}): {sup.reason}"


def unreadable_result(path: str, code: str, message: str, plan: Plan) -> FileResult:
    """A file that could not be read at all becomes one finding (and a per-file error)."""
    result = FileResult(path, error=message, error_code=code)
    check = plan.registry.get(code)
    if check is not None and code in plan.enabled_codes(path):
        result.findings.append(Finding(
            path=path, line=1, column=1, end_line=1, end_column=1, code=code, name=check.name,
            severity=plan.severity_of(check, code), message=message, excerpt="",
        ))
    return result


def timed_out_result(path: str, message: str, plan: Plan) -> FileResult:
    """A file that ran past its time limit: an HL908 finding, and the file counts as unlinted."""
    return unreadable_result(path, TIMED_OUT, message, plan)
