"""The audit's HTML report: a first page an editor-in-chief reads, and paged detail.

``report.html`` holds what a publisher decides from: totals, charts (inline SVG), the
roll-ups by section (folder) and by check family, the worst pages, the claim
inventory's totals, what resolution found (broken links, retracted, corrected and
concerned papers, references that point elsewhere, each with the pages citing them)
and the trend against a previous audit. Every finding of every page is in
``files/page-NNN.html``, a hundred pages of the site at a time, worst first, so the
first page stays small at 10,000 files and each detail page opens at once.

One pass over the spool's files with findings feeds both: the detail pages are written
as it goes, and the aggregates it gathers are then rendered into the first page.
Everything is self-contained (inline CSS, no scripts, no external assets): the report
works offline and from a file share.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from checks.contract.model import Finding, Severity
from checks.output.audit_spool import Entry, ResultSpool
from checks.output.audit_trend import Key, PreviousAudit, compare, family_of, totals
from checks.output.reporters import Report
from checks.output.svg_charts import donut, stacked_bars

PAGE_SIZE = 100  # pages of the site per detail page
WORST = 25  # pages listed on the first page
EXCERPT_LIMIT = 400
DETAIL_DIR = "files"
FAMILIES = {
    "HL1xx": "claims and citations", "HL2xx": "references", "HL3xx": "promotion",
    "HL4xx": "disclaimers and disclosures", "HL5xx": "provenance", "HL9xx": "the linter",
}
# What resolution found, as the report's sections: code -> (id, heading)
RESOLUTION_SECTIONS = {
    "HL213": ("retracted", "Retracted papers"),
    "HL214": ("concern", "Papers under an expression of concern"),
    "HL215": ("corrected", "Corrected papers"),
    "HL211": ("mismatched", "References whose identifier points to another paper"),
    "HL210": ("not-found", "Identifiers that do not exist"),
    "HL216": ("broken", "Broken links"),
}
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@functools.lru_cache(maxsize=1024)
def rule_doc(code: str) -> str:
    """The rule's documentation page (``docs/rules/CODE.md``), where SARIF points too.

    Cached: finding the project's URL reads the installed package's metadata, and the
    detail pages link a code per finding (hundreds of thousands at 10,000 pages)."""
    from checks.output.reporters.sarif import help_uri

    return help_uri(code) or f"docs/rules/{code}.md"


@dataclass
class Cited:
    """One identifier a resolution section lists, with the pages that cite it."""

    identifier: str
    detail: str
    pages: dict[str, str] = field(default_factory=dict)  # relative path -> detail href


@dataclass
class Gathered:
    """What one pass over the spool collects for the first page."""

    families: Counter[tuple[str, Severity]] = field(default_factory=Counter)
    family_files: Counter[str] = field(default_factory=Counter)
    sections: dict[str, list[int]] = field(default_factory=dict)  # files, with, e, w, i
    resolution: dict[str, dict[str, Cited]] = field(default_factory=dict)
    keys: Counter[Key] = field(default_factory=Counter)
    hrefs: dict[str, str] = field(default_factory=dict)
    pages: list[dict[str, Any]] = field(default_factory=list)


class DetailPages:
    """The detail pages' directory, staged: pages are written into a directory named
    after this process and swapped in for ``files/`` with the other reports, so a run
    killed while writing leaves the previous audit's pages whole."""

    def __init__(self, directory: str, owner: int) -> None:
        self.final = os.path.join(directory, DETAIL_DIR)
        self.staging = os.path.join(directory, f".healthlint-{owner}-{DETAIL_DIR}.tmpdir")
        _remove_stale_staging(directory)
        shutil.rmtree(self.staging, ignore_errors=True)

    def put_in_place(self) -> None:
        old = f"{self.staging}.old"
        if os.path.isdir(self.final):
            os.rename(self.final, old)
        os.rename(self.staging, self.final)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _remove_stale_staging(directory: str) -> None:
    from checks.engine.staging import pid_alive

    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        m = _STAGED.match(name)
        if m is not None and not pid_alive(int(m.group("pid"))):
            shutil.rmtree(os.path.join(directory, name), ignore_errors=True)


_STAGED = re.compile(r"^\.healthlint-(?P<pid>\d+)-files\.tmpdir(\.old)?$")


def write_html_report(spool: ResultSpool, context: Report, out: TextIO, detail: str, *,
                      elapsed: float = 0.0, jobs: int = 1, engine: str = "",
                      resolution: dict[str, Any] | None = None,
                      previous: PreviousAudit | None = None) -> None:
    """Write the detail pages into ``detail`` (they go to ``files/`` beside the first
    page), then the first page to ``out``."""
    worst = sorted((e for e in spool.entries if e.findings), key=Entry.worst_first)
    relpaths = {e.path: context.relpath(e.path) for e in spool.entries}
    depth = _common_depth(relpaths.values())
    gathered = Gathered()
    for entry in spool.entries:
        row = gathered.sections.setdefault(_section(relpaths[entry.path], depth), [0] * 5)
        row[0] += 1
        row[1] += bool(entry.findings)
        row[2] += entry.errors
        row[3] += entry.warnings
        row[4] += entry.infos
    _write_detail_pages(spool, context, worst, relpaths, gathered, detail)
    template = _environment().get_template("audit_report.html.j2")
    for chunk in template.generate(**_page(spool, context, worst, relpaths, gathered, depth,
                                           elapsed, jobs, engine, resolution or {},
                                           previous)):
        out.write(chunk)


def _section(relpath: str, depth: int) -> str:
    from checks.output.audit_trend import section_of

    return section_of(relpath, depth)


def _common_depth(relpaths: Iterable[str]) -> int:
    """How many leading folders every page shares (``content/`` on every path says
    nothing: sections are the folders below it)."""
    common: list[str] | None = None
    for rel in relpaths:
        folders = rel.split("/")[:-1]
        if common is None:
            common = folders
        else:
            n = 0
            while n < min(len(common), len(folders)) and common[n] == folders[n]:
                n += 1
            common = common[:n]
        if not common:
            return 0
    return len(common or [])


def _environment() -> Any:
    """jinja2, autoescaped (imported only when an audit writes HTML)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("checks.output", "templates"), autoescape=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals.update(rule_doc=rule_doc, clip=_clip)
    env.filters["n"] = lambda value: f"{value:,}"
    return env


def _clip(text: str, limit: int = EXCERPT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _identifier(finding: Finding) -> str:
    from claims.identifiers import find_identifiers

    found = find_identifiers(finding.excerpt)
    if found and found[0].normalized:
        return found[0].normalized
    return " ".join(finding.excerpt.split())


def _write_detail_pages(spool: ResultSpool, context: Report, worst: list[Entry],
                        relpaths: dict[str, str], gathered: Gathered, detail: str) -> None:
    """``files/page-NNN.html``: every finding of every page, PAGE_SIZE pages at a time."""
    from checks.engine.baseline import fingerprint

    os.makedirs(detail, exist_ok=True)
    template = _environment().get_template("audit_files.html.j2")
    chunks = [worst[i:i + PAGE_SIZE] for i in range(0, len(worst), PAGE_SIZE)]
    names = [f"page-{n:03d}.html" for n in range(1, len(chunks) + 1)]
    for n, (name, chunk) in enumerate(zip(names, chunks, strict=True)):
        for i, entry in enumerate(chunk):
            gathered.hrefs[entry.path] = f"{DETAIL_DIR}/{name}#f{n * PAGE_SIZE + i + 1}"
        gathered.pages.append({"href": f"{DETAIL_DIR}/{name}", "first": n * PAGE_SIZE + 1,
                               "last": n * PAGE_SIZE + len(chunk),
                               "findings": sum(e.findings for e in chunk)})
    for n, (name, chunk) in enumerate(zip(names, chunks, strict=True)):
        files = []
        for i, (entry, result) in enumerate(zip(chunk, spool.results(chunk), strict=True)):
            rel = relpaths[entry.path]
            findings = sorted(result.findings, key=Finding.sort_key)
            _gather(gathered, rel, findings, f"{DETAIL_DIR}/{name}#f{n * PAGE_SIZE + i + 1}",
                    fingerprint)
            files.append({"anchor": f"f{n * PAGE_SIZE + i + 1}", "path": rel,
                          "entry": entry, "findings": findings})
        fd = os.open(os.path.join(detail, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as page:
            for part in template.generate(
                    version=context.version, page=n + 1, pages=len(chunks), names=names,
                    files=files, severities=SEVERITIES):
                page.write(part)


def _gather(gathered: Gathered, rel: str, findings: Sequence[Finding], href: str,
            fingerprint: Any) -> None:
    families = set()
    for f in findings:
        family = family_of(f.code)
        gathered.families[(family, f.severity)] += 1
        families.add(family)
        gathered.keys[(rel, f.code, fingerprint(f))] += 1
        section = RESOLUTION_SECTIONS.get(f.code)
        if section is not None:
            ident = _identifier(f)
            cited = gathered.resolution.setdefault(section[0], {}).setdefault(
                ident, Cited(ident, f.message))
            cited.pages.setdefault(rel, href)
    gathered.family_files.update(families)


def _page(spool: ResultSpool, context: Report, worst: list[Entry], relpaths: dict[str, str],
          gathered: Gathered, depth: int, elapsed: float, jobs: int, engine: str,
          resolution: dict[str, Any], previous: PreviousAudit | None) -> dict[str, Any]:
    """Everything the first page shows, computed from the spool's totals and the pass."""
    unlinted = [(relpaths.get(r.path, r.path),
                 r.error or "; ".join(f.message for f in r.findings if f.code == "HL999"))
                for r in (spool.load(e) for e in spool.by_path() if e.unlinted)]
    by_sev = spool.by_severity
    cards = [("pages audited", len(spool), ""), ("pages with findings", len(worst), ""),
             ("errors", by_sev[Severity.ERROR], "error"),
             ("warnings", by_sev[Severity.WARNING], "warning"),
             ("info", by_sev[Severity.INFO], "info"),
             ("health claims", spool.claims, ""),
             ("claims without a citation", spool.uncited_claims, "warning")]
    if resolution:
        cards.append(("identifiers resolved", resolution.get("identifiers", 0), ""))
    if unlinted:
        cards.append(("pages not fully linted", len(unlinted), "error"))
    sections = sorted(gathered.sections.items(),
                      key=lambda kv: (-(kv[1][2] * 100 + kv[1][3] * 10 + kv[1][4]), kv[0]))
    families = []
    for family in sorted({f for f, _ in gathered.families}):
        counts = [gathered.families[(family, s)] for s in SEVERITIES]
        families.append({"family": family, "what": FAMILIES.get(family, ""),
                         "counts": counts, "total": sum(counts),
                         "files": gathered.family_files[family]})
    trend = None
    if previous is not None:
        by_section, by_family = compare(previous, gathered.keys, depth)
        trend = {"previous": previous, "sections": by_section, "families": by_family,
                 "totals": totals(by_section),
                 "chart": stacked_bars("New and fixed findings per section", [
                     (r.section, [r.new, r.fixed]) for r in by_section[:12]],
                     ("new", "fixed"))}
    resolution_sections = []
    for code, (key, heading) in RESOLUTION_SECTIONS.items():
        items = sorted(gathered.resolution.get(key, {}).values(),
                       key=lambda c: (-len(c.pages), c.identifier))
        resolution_sections.append({"id": key, "heading": heading, "code": code,
                                    "items": items})
    claims = sorted(spool.claims_by_type.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": context.version, "files": len(spool), "elapsed": elapsed, "jobs": jobs,
        "engine": engine, "cards": cards, "unlinted": unlinted,
        "severity_chart": donut("Findings by severity", [
            (s.value, by_sev[s]) for s in SEVERITIES]),
        "family_chart": stacked_bars("Findings by check family", [
            (f"{r['family']} {r['what']}", r["counts"]) for r in families],
            [s.value for s in SEVERITIES]),
        "section_chart": stacked_bars("Findings by section, most errors first", [
            (name, row[2:5]) for name, row in sections[:12]], [s.value for s in SEVERITIES]),
        "claims_chart": stacked_bars("Health claims by type", [
            (kind, [n - spool.uncited_by_type[kind], spool.uncited_by_type[kind]])
            for kind, n in claims[:10]], ("claims", "uncited")) if claims else "",
        "sections": sections, "families": families, "codes": _code_rows(spool, context),
        "worst": [(e, relpaths[e.path], gathered.hrefs.get(e.path, "")) for e in worst[:WORST]],
        "clean": len(spool) - len(worst), "claims": claims,
        "uncited_by_type": spool.uncited_by_type, "claims_total": spool.claims,
        "uncited_total": spool.uncited_claims,
        "resolution": resolution, "resolution_sections": resolution_sections,
        "trend": trend, "pages": gathered.pages, "page_size": PAGE_SIZE,
    }


def _code_rows(spool: ResultSpool, context: Report) -> list[dict[str, Any]]:
    """Findings per code and severity (a code at two severities is two rows)."""
    rows = []
    for (code, severity), n in spool.by_code_severity.items():
        check = context.registry.get(code)
        rows.append({"code": code, "name": spool.names[code], "severity": severity.value,
                     "rank": severity.rank, "findings": n,
                     "files": spool.files_by_code_severity[(code, severity)],
                     "summary": check.summary if check is not None else ""})
    rows.sort(key=lambda r: (-r["rank"], -r["findings"], r["code"]))
    return rows
