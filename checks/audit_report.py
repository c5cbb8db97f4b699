"""The report files of ``healthlint audit``: JSON, SARIF, CSV and a readable HTML page.

report.json and report.sarif come from the same reporters as ``healthlint check``;
findings.csv is for spreadsheets (cells that a spreadsheet would run as a formula
are prefixed with ``'``, as OWASP advises for CSV exports); report.html is one
self-contained page (inline CSS, no scripts, no external assets) for people.
Every file is written to a temporary name and renamed, so a reader never sees a
half-written report.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from html import escape
from typing import TextIO

from checks.model import Finding, Severity
from checks.reporters import Report, render

CSV_COLUMNS = ("path", "line", "column", "end_line", "end_column", "code", "name", "severity",
               "message", "excerpt")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCERPT_LIMIT = 400  # characters of an excerpt shown in the HTML page (JSON keeps all)
SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def write_reports(report: Report, directory: str, *, elapsed: float = 0.0,
                  jobs: int = 1) -> list[str]:
    """Write the four report files into ``directory``; return their paths."""
    os.makedirs(directory, exist_ok=True)
    findings = report.findings
    written = []
    for name, writer in (
        ("report.json", lambda out: out.write(render(report, "json"))),
        ("report.sarif", lambda out: out.write(render(report, "sarif"))),
        ("findings.csv", lambda out: write_csv(report, findings, out)),
        ("report.html", lambda out: write_html(report, findings, out, elapsed=elapsed,
                                               jobs=jobs)),
    ):
        path = os.path.join(directory, name)
        _atomic_write(path, writer)
        written.append(path)
    return written


def _atomic_write(path: str, writer: Callable[[TextIO], object]) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".healthlint-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer(out)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; reports are not
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _cell(value: str) -> str:
    """Neutralise text that a spreadsheet would evaluate as a formula."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def write_csv(report: Report, findings: Iterable[Finding], out: TextIO) -> None:
    """One row per finding, in path/line order, with a header row."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        writer.writerow([report.relpath(f.path), f.line, f.column, f.end_line, f.end_column,
                         f.code, f.name, f.severity.value, _cell(f.message), _cell(f.excerpt)])


_CSS = """
:root { --err: #b42318; --warn: #b54708; --info: #175cd3; --line: #e4e7ec; --muted: #667085; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #101828;
       margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { margin-top: 2em; font-size: 1.25em; }
h3 { font-size: 1.05em; margin: 1.6em 0 .4em; word-break: break-all; }
.meta, .muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 1.5em; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
         vertical-align: top; }
th { background: #f9fafb; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.pos { white-space: nowrap; font-family: ui-monospace, Menlo, Consolas, monospace; }
.sev { font-weight: 600; text-transform: uppercase; font-size: .8em; }
.error { color: var(--err); } .warning { color: var(--warn); } .info { color: var(--info); }
code, .excerpt { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
.excerpt { white-space: pre-wrap; word-break: break-word; background: #f9fafb;
           display: block; padding: 2px 6px; border-radius: 4px; }
a { color: #155eef; text-decoration: none; } a:hover { text-decoration: underline; }
"""


def _severity_counts(findings: Iterable[Finding]) -> Counter[Severity]:
    return Counter(f.severity for f in findings)


def _sev(severity: Severity) -> str:
    return f'<span class="sev {severity.value}">{severity.value}</span>'


def _clip(text: str, limit: int = EXCERPT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_html(report: Report, findings: list[Finding], out: TextIO, *, elapsed: float = 0.0,
               jobs: int = 1) -> None:
    """The audit as one readable page: summary per code and severity, worst files first,
    then every file's findings with line:col, message and excerpt."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.path].append(f)
    per_file = {path: _severity_counts(items) for path, items in by_file.items()}
    worst = sorted(by_file, key=lambda p: (*(-per_file[p][s] for s in SEVERITY_ORDER), p))
    totals = _severity_counts(findings)
    unlinted = [r for r in report.results if r.error or r.internal_error]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    w = out.write

    w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
      '<title>healthlint audit report</title>\n')
    w(f"<style>{_CSS}</style>\n</head>\n<body>\n")
    w("<h1>healthlint audit report</h1>\n")
    w(f'<p class="meta">{escape(when)} · healthlint {escape(report.version)} · '
      f"{len(report.results)} files in {elapsed:.1f} s on {jobs} "
      f"job{'s' if jobs != 1 else ''}</p>\n")

    w('<div class="cards">\n')
    cards = [("files audited", len(report.results), ""),
             ("files with findings", len(by_file), ""),
             ("findings", len(findings), "")]
    cards += [("errors", totals[Severity.ERROR], "error"),
              ("warnings", totals[Severity.WARNING], "warning"),
              ("info", totals[Severity.INFO], "info")]
    if unlinted:
        cards.append(("not fully linted", len(unlinted), "error"))
    for label, value, cls in cards:
        klass = f' class="{cls}"' if cls else ""
        w(f'<div class="card"><b{klass}>{value:,}</b>{escape(label)}</div>\n')
    w("</div>\n")

    _code_summary(report, findings, w)
    if unlinted:
        w('<h2 id="unlinted">Files not fully linted</h2>\n<table>\n'
          "<tr><th>File</th><th>Why</th></tr>\n")
        for r in unlinted:
            reason = r.error or "; ".join(f.message for f in r.findings if f.code == "HL999")
            w(f"<tr><td><code>{escape(report.relpath(r.path))}</code></td>"
              f"<td>{escape(reason)}</td></tr>\n")
        w("</table>\n")

    if not findings:
        w("<h2>Files</h2>\n<p>No findings.</p>\n</body>\n</html>\n")
        return
    anchors = {path: f"file-{i}" for i, path in enumerate(worst, 1)}
    w('<h2 id="files">Files, worst first</h2>\n<table>\n<tr><th>File</th>'
      '<th class="num">Errors</th><th class="num">Warnings</th><th class="num">Info</th>'
      '<th class="num">Total</th></tr>\n')
    for path in worst:
        counts = per_file[path]
        w(f'<tr><td><a href="#{anchors[path]}"><code>{escape(report.relpath(path))}</code></a>'
          f"</td>" + "".join(f'<td class="num">{counts[s]}</td>' for s in SEVERITY_ORDER)
          + f'<td class="num">{len(by_file[path])}</td></tr>\n')
    w("</table>\n")
    clean = len(report.results) - len(by_file)
    if clean:
        w(f'<p class="muted">{clean:,} other file{"s" if clean != 1 else ""} had no '
          "findings.</p>\n")

    w('<h2 id="findings">Findings by file</h2>\n')
    for path in worst:
        counts = per_file[path]
        summary = ", ".join(f"{counts[s]} {s.value}" for s in SEVERITY_ORDER if counts[s])
        w(f'<h3 id="{anchors[path]}"><code>{escape(report.relpath(path))}</code> '
          f'<span class="muted">({escape(summary)})</span></h3>\n<table>\n'
          "<tr><th>Line:col</th><th>Severity</th><th>Code</th><th>Message</th>"
          "<th>Excerpt</th></tr>\n")
        for f in by_file[path]:
            w(f'<tr><td class="pos">{f.line}:{f.column}</td><td>{_sev(f.severity)}</td>'
              f'<td><code title="{escape(f.name)}">{escape(f.code)}</code></td>'
              f"<td>{escape(f.message)}</td>"
              f'<td><span class="excerpt">{escape(_clip(f.excerpt))}</span></td></tr>\n')
        w("</table>\n")
    w("</body>\n</html>\n")


def _code_summary(report: Report, findings: list[Finding], w: Callable[[str], object]) -> None:
    """Findings per code: count, files affected, severity (the most severe seen)."""
    count: Counter[str] = Counter()
    files: dict[str, set[str]] = defaultdict(set)
    severity: dict[str, Severity] = {}
    names: dict[str, str] = {}
    for f in findings:
        count[f.code] += 1
        files[f.code].add(f.path)
        names.setdefault(f.code, f.name)
        if f.code not in severity or f.severity.rank > severity[f.code].rank:
            severity[f.code] = f.severity
    if not count:
        return
    w('<h2 id="codes">Findings by check</h2>\n<table>\n<tr><th>Code</th><th>Check</th>'
      '<th>Severity</th><th class="num">Findings</th><th class="num">Files</th>'
      "<th>What it means</th></tr>\n")
    for code in sorted(count, key=lambda c: (-severity[c].rank, -count[c], c)):
        check = report.registry.get(code)
        summary = check.summary if check is not None else ""
        w(f"<tr><td><code>{escape(code)}</code></td><td>{escape(names[code])}</td>"
          f"<td>{_sev(severity[code])}</td><td class=\"num\">{count[code]:,}</td>"
          f'<td class="num">{len(files[code]):,}</td><td>{escape(summary)}</td></tr>\n')
    w("</table>\n")
