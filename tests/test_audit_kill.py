"""An audit killed with SIGKILL leaves nothing behind: no mixed report set, no stale
temporary files, no worker processes.

Before: a killed run left ``report.json`` from the new run beside ``.sarif``, ``.csv`` and
``.html`` from the old, temporary files that were never cleaned, and workers that
outlived the parent for more than ten minutes at ~100 MB each.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checks.contract.model import Finding, Severity
from checks.engine.article import FileResult
from checks.output import audit_html, audit_report
from checks.output.audit_spool import ResultSpool
from checks.output.reporters import Report
from tests.conftest import ROOT
from tests.saboteur import install_saboteur

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc and forks")


def _result(path: str, message: str) -> FileResult:
    return FileResult(path, [Finding(path=path, line=1, column=1, end_line=1, end_column=5,
                                     code="HL101", name="uncited-claim",
                                     severity=Severity.ERROR, message=message,
                                     excerpt="text")])


def _write(directory: Path, message: str) -> None:
    from checks.contract.registry import load

    with ResultSpool() as spool:
        spool.add(_result(str(directory.parent / "a.md"), message))
        context = Report([], load(), "9.9", root=str(directory.parent))
        audit_report.write_reports(spool, context, str(directory))


def test_a_write_killed_midway_leaves_the_previous_set_whole(tmp_path) -> None:
    reports = tmp_path / "report"
    _write(reports, "first run")
    before = _snapshot(reports)

    pid = os.fork()
    if pid == 0:  # the child: a run whose HTML page never finishes
        try:
            audit_html.write_html_report = lambda *a, **k: time.sleep(60)  # type: ignore[assignment]
            _write(reports, "second run")
        finally:
            os._exit(0)
    deadline = time.monotonic() + 20
    staged = audit_report.staging_path(str(reports), "report.json", pid)
    while not os.path.exists(staged) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)  # report.json (and the csv) are complete by now
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)

    assert _snapshot(reports) == before  # not a new report.json beside an old report.sarif
    assert any(p.name.startswith(".healthlint-") for p in reports.iterdir())  # the kill's debris

    _write(reports, "third run")  # the next run cleans up
    assert sorted(p.name for p in reports.iterdir()) == sorted(
        [name for _, name in audit_report.REPORT_FILES] + ["files"])
    doc = json.loads((reports / "report.json").read_text("utf-8"))
    assert doc["findings"][0]["message"] == "third run"


def _snapshot(reports: Path) -> dict[str, bytes]:
    """Every report file, the detail pages included, by path (not the kill's debris)."""
    return {str(p.relative_to(reports)): p.read_bytes() for p in reports.rglob("*")
            if p.is_file() and not any(part.startswith(".")
                                       for part in p.relative_to(reports).parts)}


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_workers_die_with_a_killed_audit(tmp_path) -> None:
    site = install_saboteur(tmp_path / "site")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(4):
        (corpus / f"slow{n}.md").write_text("# Slow\n\nSLOW-FILE\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "checks.cli", "audit", str(corpus), "--jobs", "2", "--quiet",
         "--select", "XZ002", "--timeout", "0", "--report-dir", str(tmp_path / "report")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert len(workers) >= 2, "the audit never started its workers"
        time.sleep(1.0)  # the workers are inside the sleeping check now
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(w) for w in workers), "workers outlived the killed audit"
    finally:
        if proc.poll() is None:
            proc.kill()
        for worker in workers:
            if _running(worker):
                os.kill(worker, signal.SIGKILL)


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_the_results_cache_removes_a_killed_runs_temporaries(tmp_path, monkeypatch) -> None:
    from checks.engine.results_cache import ResultsCache
    from checks.engine.runner import Planner, lint_paths
    from checks.settings.config import ConfigResolver

    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.md"
    article.write_text("# A\n\nText.\n", encoding="utf-8")
    cache = ResultsCache(str(tmp_path / "cache"))
    plan = Planner(ConfigResolver(None)).plan(str(article))
    result = next(lint_paths([str(article)], Planner(ConfigResolver(None))))
    entry = cache._entry(str(article), plan, None)
    os.makedirs(os.path.dirname(entry), exist_ok=True)
    stale = Path(f"{entry}.{_dead_pid()}.tmp")
    stale.write_text("half an entry", encoding="utf-8")
    live = Path(f"{entry}.{os.getppid()}.tmp")
    live.write_text("a live run's entry", encoding="utf-8")
    cache.store(result, plan, None)
    assert not stale.exists() and live.exists()
    assert os.path.exists(entry)
