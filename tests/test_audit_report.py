"""The audit's reports for people and for GitHub: trend, SARIF limits, the report directory."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from checks.contract.model import Finding, Severity
from checks.engine.article import FileResult
from checks.output import audit_report
from checks.output.audit_spool import ResultSpool
from checks.output.reporters import Report
from tests.test_audit_resume import _corpus

ARGS = ("--today", "2025-01-01", "--select", "HL1,HL3,HL4", "--jobs", "1")
CHROMIUM = Path("/usr/bin/chromium")


def test_compare_counts_new_and_fixed_findings_per_section(cli, tmp_path):
    _corpus(tmp_path, 8)
    first = cli("audit", "corpus", "--report-dir", "old", *ARGS, cwd=tmp_path)
    assert first.code in (0, 1), first.err
    old = json.loads((tmp_path / "old" / "report.json").read_text(encoding="utf-8"))
    # Fix one page in s1 completely, and add a new problem page in s2.
    fixed_page = tmp_path / "corpus" / "s1" / "page-001.md"
    fixed_before = sum(1 for f in old["findings"] if f["path"] == "corpus/s1/page-001.md")
    fixed_page.write_text("# Notes\n\nNothing to see.\n\n*This page is for information "
                          "only and is not medical advice; ask your doctor.*\n",
                          encoding="utf-8")
    (tmp_path / "corpus" / "s2" / "new.md").write_text(
        "# New\n\nStudies show zinc cures colds. Buy our zinc today!\n", encoding="utf-8")
    second = cli("audit", "corpus", "--report-dir", "new", "--compare", "old/report.json",
                 *ARGS, cwd=tmp_path)
    assert second.code in (0, 1), second.err
    new = json.loads((tmp_path / "new" / "report.json").read_text(encoding="utf-8"))
    page = (tmp_path / "new" / "report.html").read_text(encoding="utf-8")
    trend = page[page.index('id="trend"'):page.index('id="codes"')]
    rows = {cells[0]: cells[1:] for cells in _rows(trend)}
    # An independent count: findings matched by page, code and text, never by line.
    then, now = _keys(old), _keys(new)
    for section in ("s1", "s2"):
        expect_new = sum((now - then)[k] for k in now if k[0].split("/")[1] == section)
        expect_fixed = sum((then - now)[k] for k in then if k[0].split("/")[1] == section)
        assert rows[section][2:4] == [str(expect_new), str(expect_fixed)], section
    assert int(rows["s1"][3]) >= fixed_before - 1  # the rewritten page's old findings
    assert int(rows["s2"][2]) >= 2  # the new page's


def _keys(doc: dict) -> Counter:
    return Counter((f["path"], f["code"], " ".join(f["excerpt"].split()).casefold())
                   for f in doc["findings"])


def _rows(html: str) -> list[list[str]]:
    import re

    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                         row, re.S)]
        if cells:
            out.append(cells)
    return out


def test_compare_with_something_that_is_not_a_report_is_a_usage_error(cli, tmp_path):
    _corpus(tmp_path, 1)
    (tmp_path / "old.json").write_text("[1, 2]", encoding="utf-8")
    result = cli("audit", "corpus", "--report-dir", "out", "--compare", "old.json", *ARGS,
                 cwd=tmp_path)
    assert result.code == 2
    assert "not a healthlint report.json" in result.err


def test_format_writes_only_the_chosen_reports(cli, tmp_path):
    _corpus(tmp_path, 2)
    result = cli("audit", "corpus", "--report-dir", "out", "--format", "json,csv", *ARGS,
                 cwd=tmp_path)
    assert result.code in (0, 1), result.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")
                  ) == ["findings.csv", "report.json"]
    bad = cli("audit", "corpus", "--report-dir", "out", "--format", "pdf", *ARGS, cwd=tmp_path)
    assert bad.code == 2 and "json, sarif, csv, html" in bad.err


def test_baseline_keeps_only_new_findings(cli, tmp_path):
    _corpus(tmp_path, 4)
    made = cli("check", "corpus", "--create-baseline", "baseline.json", *ARGS[:4],
               cwd=tmp_path)
    assert made.code in (0, 1), made.err
    (tmp_path / "corpus" / "s0" / "extra.md").write_text(
        "# Extra\n\nStudies show iron cures tiredness.\n", encoding="utf-8")
    result = cli("audit", "corpus", "--report-dir", "out", "--baseline", "baseline.json",
                 *ARGS, cwd=tmp_path)
    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert doc["findings"] and {f["path"] for f in doc["findings"]} == {"corpus/s0/extra.md"}
    assert result.code in (0, 1)


def test_the_report_directory_is_never_linted(cli, tmp_path):
    """Outside git, too: the next `healthlint check .` skips the report directory."""
    _corpus(tmp_path, 2)
    result = cli("audit", ".", "--report-dir", "healthlint-report", *ARGS, cwd=tmp_path)
    assert result.code in (0, 1), result.err
    assert (tmp_path / "healthlint-report" / "report.html").exists()
    check = cli("check", ".", "--select", "ALL", "--today", "2025-01-01", cwd=tmp_path)
    assert "healthlint-report" not in check.out


def _results(count: int) -> list[FileResult]:
    results = []
    for n in range(count):
        path = f"site/page-{n:03d}.md"
        findings = [Finding(path, 2, 1, 2, 5, "HL302", "call-to-action", Severity.INFO,
                            "call to action", f"Buy {n}"),
                    Finding(path, 3, 1, 3, 5, "HL101", "uncited-claim", Severity.WARNING,
                            "uncited claim", f"Zinc {n}")]
        if n % 10 == 0:
            findings.append(Finding(path, 4, 1, 4, 5, "HL401", "medical-disclaimer-missing",
                                    Severity.ERROR, "no disclaimer", ""))
        results.append(FileResult(path, findings))
    return results


def test_sarif_is_capped_at_githubs_limit_most_severe_first(tmp_path, monkeypatch):
    from checks.contract.registry import load

    monkeypatch.setattr(audit_report, "SARIF_MAX_RESULTS", 25)
    with ResultSpool() as spool:
        for result in _results(40):  # 4 errors, 40 warnings, 40 info
            spool.add(result)
        context = Report([], load(), "9.9", root=str(tmp_path))
        audit_report.write_reports(spool, context, str(tmp_path), formats=["sarif", "json"])
    sarif = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert len(results) == 25
    levels = [r["level"] for r in results]
    assert levels.count("error") == 4 and levels.count("warning") == 21
    assert "note" not in levels
    notice = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][-1]
    assert "25 of 84 findings" in notice["message"]["text"]
    doc = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(doc["findings"]) == 84  # the JSON report keeps everything


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_the_report_renders_in_headless_chromium(cli, tmp_path):
    _corpus(tmp_path, 12)
    result = cli("audit", "corpus", "--report-dir", "out", *ARGS, cwd=tmp_path)
    assert result.code in (0, 1), result.err
    started = time.monotonic()
    dom = _render(tmp_path / "out" / "report.html", tmp_path)
    assert time.monotonic() - started < 60
    # What a browser builds from the page: the charts, the sections, the linked codes.
    assert dom.count("<svg") >= 3
    assert "<circle" in dom and "<rect" in dom
    for heading in ("Sections", "Check families", "Worst pages", "Claim inventory",
                    "Cited papers and links", "Every check", "All pages with findings"):
        assert f">{heading}</h2>" in dom
    assert 'href="files/page-001.html"' in dom
    assert "HL101.md" in dom
    detail = _render(tmp_path / "out" / "files" / "page-001.html", tmp_path)
    assert "corpus/s" in detail and "<table>" in detail


def _render(page: Path, tmp_path: Path) -> str:
    profile = tmp_path / "chromium-profile"
    out = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, timeout=90, check=False)
    shutil.rmtree(profile, ignore_errors=True)
    assert out.returncode == 0, out.stderr.decode(errors="replace")[-2000:]
    return out.stdout.decode("utf-8")
