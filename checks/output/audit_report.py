"""The report files of ``healthlint audit``: JSON, SARIF, CSV and a readable HTML page.

All four are written from a :class:`~checks.output.audit_spool.ResultSpool` one file's
results at a time, so writing them takes memory for one file, not for the corpus.
report.json and report.sarif are byte-for-byte what the ``json`` and ``sarif``
reporters of ``healthlint check`` render for the same results (a test holds them
to it): the reporters' own functions build each item and the envelope, and only the
long list in the middle is streamed. findings.csv is for spreadsheets: cells that a
spreadsheet would run as a formula are prefixed with ``'``, as OWASP advises for
CSV exports. report.html (:mod:`checks.output.audit_html`) is for people. Each file is
written under a temporary name and then renamed, so no one ever reads a half-written
report.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from checks.contract.model import Finding, Severity
from checks.engine.article import FileResult
from checks.engine.orphans import die_with_parent
from checks.engine.staging import remove_stale
from checks.output.audit_spool import ResultSpool
from checks.output.reporters import Report

CSV_COLUMNS = ("path", "line", "column", "end_line", "end_column", "code", "name", "severity",
               "message", "excerpt")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLACEHOLDER = "\x00healthlint-streamed-list\x00"


def write_reports(spool: ResultSpool, context: Report, directory: str, *,
                  elapsed: float = 0.0, jobs: int = 1,
                  formats: Iterable[str] = ("json", "sarif", "csv", "html"),
                  engine: str = "", resolution: dict[str, Any] | None = None,
                  previous: Any = None) -> list[str]:
    """Write the chosen report files into ``directory``; return their paths.

    ``context`` is a Report without results: the registry, version and root that the
    reporters use to name rules and relativise paths. With ``jobs`` > 1 the files are
    written two ways in parallel (see :func:`_write_in_parallel`): on a large audit,
    writing them one after another is a serial tail while the other cores sit idle.
    ``resolution`` (the run's resolution figures) and ``previous`` (an older audit to
    compare with) feed the HTML report only.

    All the chosen files are written to temporary files first and put in place together
    only when every one is complete, so a run killed while writing leaves the previous
    set whole (never a new ``report.json`` beside an old ``report.sarif``); temporaries
    that a killed run left behind are removed first.
    """
    os.makedirs(directory, exist_ok=True)
    from checks.output.audit_html import DetailPages, write_html_report

    remove_stale_temporaries(directory)
    chosen = set(formats)
    owner = os.getpid()
    detail = DetailPages(directory, owner)
    writers: list[tuple[str, str, Callable[[TextIO], object]]] = [
        ("json", "report.json", lambda out: write_json(spool, context, out)),
        ("csv", "findings.csv", lambda out: write_csv(spool, context, out)),
        ("sarif", "report.sarif", lambda out: write_sarif(spool, context, out)),
        ("html", "report.html", lambda out: write_html_report(
            spool, context, out, detail.staging, elapsed=elapsed, jobs=jobs, engine=engine,
            resolution=resolution or {}, previous=previous)),
    ]
    writers = [w for w in writers if w[0] in chosen]
    tasks = [(staging_path(directory, name, owner), writer) for _, name, writer in writers]
    try:
        if jobs > 1 and len(spool) >= PARALLEL_FROM and len(tasks) > 1 and _can_fork():
            _write_in_parallel(*_halves(tasks, [kind for kind, _, _ in writers]))
        else:
            _write_all(tasks)
        for (staged, _), (_, name, _) in zip(tasks, writers, strict=True):
            os.replace(staged, os.path.join(directory, name))
        if "html" in chosen:
            detail.put_in_place()
    finally:
        for staged, _ in tasks:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(staged)
        detail.discard()
    return [os.path.join(directory, name) for kind, name in REPORT_FILES if kind in chosen]


# What each report costs to write, relative to the others (measured on a 1,000-file
# audit: SARIF and HTML take about twice as long as JSON or CSV).
WRITE_COST = {"json": 1, "csv": 1, "sarif": 2, "html": 2}


def _halves(tasks: list[_Task], kinds: list[str]) -> tuple[list[_Task], list[_Task]]:
    """Split the writers into two groups of about equal cost (the slower group is the
    run's serial tail): the costliest first, each to the group that has less so far."""
    groups: tuple[list[_Task], list[_Task]] = ([], [])
    loads = [0, 0]
    for task, kind in sorted(zip(tasks, kinds, strict=True),
                             key=lambda pair: -WRITE_COST.get(pair[1], 1)):
        lighter = 0 if loads[0] <= loads[1] else 1
        groups[lighter].append(task)
        loads[lighter] += WRITE_COST.get(kind, 1)
    return groups


REPORT_FILES = (("json", "report.json"), ("sarif", "report.sarif"), ("csv", "findings.csv"),
                ("html", "report.html"))
PARALLEL_FROM = 200  # files: below this, starting a process costs more than it saves
_STAGING = re.compile(r"^\.healthlint-(?P<pid>\d+)-[\w.]+\.tmp$")

_Task = tuple[str, Callable[[TextIO], object]]


def staging_path(directory: str, name: str, owner: int) -> str:
    """Where run ``owner`` (a process id) writes ``name`` before putting it in place."""
    return os.path.join(directory, f".healthlint-{owner}-{name}.tmp")


def remove_stale_temporaries(directory: str) -> list[str]:
    """Delete staging files whose run is no longer alive; return their names."""
    return remove_stale(directory, _STAGING)


def _write_all(tasks: Iterable[_Task]) -> None:
    for path, writer in tasks:
        _write_file(path, writer)


def _write_in_child(tasks: list[_Task]) -> None:
    """The child's side: any failure is only an exit status (the parent then redoes it)."""
    die_with_parent()
    try:
        _write_all(tasks)
    except BaseException:
        raise SystemExit(1) from None


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _write_in_parallel(forked: list[_Task], here: list[_Task]) -> None:
    """Write ``forked`` in a forked process while this one writes ``here``.

    :func:`_halves` balances the two groups. The child reads the
    spool through positioned reads (the spool's file offset is shared after a fork).
    If the child fails for any reason its files are written here instead, so a report
    is never missing because of the parallelism.
    """
    import multiprocessing
    import sys

    sys.stdout.flush()  # a forked child flushes inherited buffers when it exits
    sys.stderr.flush()
    child = multiprocessing.get_context("fork").Process(
        target=_write_in_child, args=(forked,), name="healthlint-reports", daemon=True)
    child.start()
    try:
        _write_all(here)
    finally:
        child.join()
    if child.exitcode != 0:
        _write_all(forked)


def _write_file(path: str, writer: Callable[[TextIO], object]) -> None:
    """Write a staging file, readable as reports are (not private as mkstemp makes them)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 & ~_umask())
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        writer(out)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sub_report(context: Report, results: list[FileResult]) -> Report:
    return Report(results, context.registry, context.version, root=context.root)


def _findings(spool: ResultSpool) -> Iterator[Finding]:
    """Every finding in ``Report.findings`` order: by path, then line, column and code."""
    for result in spool.results():
        yield from sorted(result.findings, key=Finding.sort_key)


def _unlinted(spool: ResultSpool) -> list[FileResult]:
    return [spool.load(e) for e in spool.by_path() if e.unlinted]


def _stream(out: TextIO, document: dict[str, Any], holder: dict[str, Any], key: str,
            items: Iterable[Any], **dump: Any) -> None:
    """Write ``document`` as ``json.dumps(document, indent=2, **dump)`` would, with
    ``holder[key]`` (a list inside it) written item by item from ``items``."""
    holder[key] = [_PLACEHOLDER]
    text = json.dumps(document, indent=2, **dump) + "\n"
    head, tail = text.split(json.dumps(_PLACEHOLDER, **dump))
    line_start = head.rfind("\n") + 1
    indent, head = head[line_start:], head[:line_start]  # head ends with "[\n"
    count = 0
    for item in items:
        out.write(head if count == 0 else ",\n")
        out.write(indent + _pretty(item, indent, dump))
        count += 1
    if count:
        out.write(tail)
    else:
        out.write(head[:-1] + "]" + tail[tail.index("]") + 1:])




def _pretty(value: Any, margin: str, dump: dict[str, Any]) -> str:
    """``json.dumps(value, indent=2, **dump)`` with every line after the first indented by
    ``margin``; several times faster than json's pure-Python indenting encoder for the
    dicts of strings and numbers that findings are. Anything else goes to json itself."""
    parts: list[str] = []
    encode = (json.encoder.encode_basestring_ascii if dump.get("ensure_ascii", True)
              else json.encoder.encode_basestring)  # json's own string encoders, in C
    try:
        _pretty_into(value, margin, parts, encode)
    except _Unusual:
        return json.dumps(value, indent=2, **dump).replace("\n", "\n" + margin)
    return "".join(parts)


class _Unusual(Exception):
    """A value whose JSON the fast path does not write exactly as json.dumps would."""


def _pretty_into(value: Any, margin: str, parts: list[str], encode: Callable[[str], str]
                 ) -> None:
    if isinstance(value, str):
        parts.append(encode(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif type(value) is int:
        parts.append(int.__repr__(value))
    elif type(value) is float and value == value and value not in (_INF, -_INF):
        parts.append(float.__repr__(value))
    elif type(value) is dict:
        if not value:
            parts.append("{}")
            return
        inner = margin + "  "
        parts.append("{")
        first = True
        for k, v in value.items():
            if type(k) is not str:
                raise _Unusual
            parts.append(("\n" if first else ",\n") + inner + encode(k) + ": ")
            first = False
            _pretty_into(v, inner, parts, encode)
        parts.append("\n" + margin + "}")
    elif type(value) in (list, tuple):
        if not value:
            parts.append("[]")
            return
        inner = margin + "  "
        parts.append("[")
        for i, v in enumerate(value):
            parts.append(("\n" if i == 0 else ",\n") + inner)
            _pretty_into(v, inner, parts, encode)
        parts.append("\n" + margin + "]")
    else:
        raise _Unusual


_INF = float("inf")


def write_json(spool: ResultSpool, context: Report, out: TextIO) -> None:
    """The versioned JSON report of the ``json`` reporter, streamed."""
    from checks.output.reporters import json as reporter

    document = reporter.document(_sub_report(context, []))
    errors: list[dict[str, Any]] = []
    for result in _unlinted(spool):
        errors.extend(reporter.errors(_sub_report(context, [result])))
    errors.sort(key=lambda e: (e["path"], e["code"], e["message"]))
    document["errors"] = errors
    document["summary"].update({
        "files": len(spool),
        "findings": spool.findings,
        "by_severity": {s: spool.by_severity[Severity(s)] for s in reporter.SEVERITIES},
        "by_code": dict(sorted(spool.by_code.items())),
        "suppressed": spool.suppressed,
    })

    def items() -> Iterator[dict[str, Any]]:
        path, rel = None, ""
        for finding in _findings(spool):
            if finding.path != path:
                path, rel = finding.path, context.relpath(finding.path)
            item = finding.to_json()
            item["path"] = rel
            yield item

    _stream(out, document, document, "findings", items(), ensure_ascii=False, default=str)


def write_sarif(spool: ResultSpool, context: Report, out: TextIO) -> None:
    """The SARIF 2.1.0 log of the ``sarif`` reporter, streamed."""
    from checks.output.reporters import sarif as reporter

    registry = context.registry
    codes = [c.code for c in registry]
    codes += sorted(set(spool.by_code) - set(codes))
    index = {code: i for i, code in enumerate(codes)}
    # The envelope (driver, notifications for files that were not linted, base URIs)
    # comes from the reporter itself; only the rules and results depend on every file.
    document = reporter.document(_sub_report(context, _unlinted(spool)))
    run = document["runs"][0]
    run["invocations"][0]["properties"] = {"suppressedFindings": spool.suppressed}
    run["tool"]["driver"]["rules"] = [reporter.rule(code, registry.get(code)) for code in codes]
    keep = _sarif_cap(spool, SARIF_MAX_RESULTS)
    if keep is not None:
        invocation = run["invocations"][0]
        invocation.setdefault("toolExecutionNotifications", []).append({
            "level": "warning", "descriptor": {"id": "sarif-results-capped"},
            "message": {"text": (
                f"{SARIF_MAX_RESULTS:,} of {spool.findings:,} findings are in this SARIF "
                f"file, the most severe first: GitHub code scanning accepts at most "
                f"{SARIF_MAX_RESULTS:,} results per run. Every finding is in report.json "
                "and findings.csv.")}})

    def results() -> Iterator[dict[str, Any]]:
        path, seen, location = None, {}, {}
        budget = dict(keep or {})
        for finding in _findings(spool):
            if finding.path != path:  # fingerprints include the path: count them per file
                path, seen = finding.path, {}
                location = reporter.artifact_location(context, finding.path)
            key = reporter.fingerprint(finding.code, location["uri"], finding)
            seen[key] = seen.get(key, 0) + 1
            if keep is not None:
                if budget.get(finding.severity, 0) <= 0:
                    continue
                budget[finding.severity] -= 1
            yield reporter.result(finding, index[finding.code], location, f"{key}:{seen[key]}")

    _stream(out, document, run, "results", results(), ensure_ascii=False)


SARIF_MAX_RESULTS = 25_000  # GitHub code scanning's limit of results per run


def _sarif_cap(spool: ResultSpool, limit: int) -> dict[Severity, int] | None:
    """How many findings of each severity fit in ``limit``, most severe first; None when
    every finding fits."""
    if spool.findings <= limit:
        return None
    room, keep = limit, {}
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        keep[severity] = min(room, spool.by_severity[severity])
        room -= keep[severity]
    return keep


def _cell(value: str) -> str:
    """Neutralise text that a spreadsheet would evaluate as a formula."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def write_csv(spool: ResultSpool, context: Report, out: TextIO) -> None:
    """One row per finding, in path/line order, with a header row."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    path, rel = None, ""
    for f in _findings(spool):
        if f.path != path:
            path, rel = f.path, context.relpath(f.path)
        writer.writerow([rel, f.line, f.column, f.end_line, f.end_column,
                         f.code, f.name, f.severity.value, _cell(f.message), _cell(f.excerpt)])
