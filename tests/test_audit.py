"""``healthlint audit``: parallel batch linting, report files, isolation of bad files."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checks.cli.audit import Linter, Progress, WorkerSpec, chunk_size, internal_result
from checks.contract.model import Finding, Severity
from checks.engine.article import FileResult
from checks.output.audit_report import write_json, write_sarif
from checks.output.audit_spool import ResultSpool
from checks.output.reporters import Report, render
from tests.conftest import SHARED

SCHEMA = SHARED / "reference" / "sarif-schema-2.1.0.json"

GOOD = """---
title: Vitamin D and bone health
author: Jane Roe, MD
---

# Vitamin D and bone health

Vitamin D helps the body absorb calcium [1]. Adults over 70 need more of it than
younger adults [2].

## References

1. Smith J, et al. Vitamin D and fractures. BMJ. 2019;365:l1234. doi:10.1136/bmj.l1234
2. Roe K. Calcium absorption in older adults. JAMA. 2020;323(4):300-310. PMID: 31999999
"""

# A suppression that names no code is an HL906 finding whose excerpt is raw markup:
# the HTML report must show it escaped.
BAD_SUPPRESSION = "<!-- healthlint-disable -->"

BROKEN_FRONT_MATTER = f"""---
title: [unclosed
author: Jane Roe
---

# Still an article

{BAD_SUPPRESSION}
Magnesium relaxes muscles & nerves, so "studies show" <b>it</b> helps sleep.
"""

HTML_ARTICLE = """<!DOCTYPE html>
<html><head><title>Zinc</title><script>var x = 1;</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Zinc and colds</h1>
<p>Zinc lozenges shorten colds by about a day <sup>[1]</sup>.</p>
<h2>References</h2><ol><li>Hemilä H. Zinc lozenges and the common cold.
JRSM Open. 2017;8(5). doi:10.1177/2054270417694291</li></ol></article>
<footer>© Example</footer></body></html>
"""

TEXT_ARTICLE = """Home > Health > Sleep

Sleep and blood pressure

Short sleep is linked to higher blood pressure in adults [1].

References
1. Doe A. Sleep duration and hypertension. Hypertension. 2018;71:1-8. PMID: 29000001
"""

@pytest.fixture
def corpus(write):
    """Good articles in three formats, a binary file and a file with broken front matter."""
    paths = {
        "good": write("corpus/a/good.md", GOOD),
        "good2": write("corpus/a/good2.md", GOOD.replace("Vitamin D", "Vitamin K")),
        "html": write("corpus/b/zinc.html", HTML_ARTICLE),
        "text": write("corpus/b/sleep.txt", TEXT_ARTICLE),
        "crlf": write("corpus/c/crlf.md", GOOD, newline="\r\n"),
        "binary": write("corpus/c/binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00"),
        "broken": write("corpus/c/broken.md", BROKEN_FRONT_MATTER),
    }
    return paths


def _audit(cli, tmp_path, *args: str, report: str = "report"):
    report_dir = tmp_path / report
    result = cli("audit", *args, "--report-dir", str(report_dir), cwd=tmp_path)
    return result, report_dir


def _load(report_dir: Path) -> dict:
    return json.loads((report_dir / "report.json").read_text(encoding="utf-8"))


class _HTMLChecker(HTMLParser):
    """Checks that every non-void element is closed in order and nothing is external."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr",
                      "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            # assets must be inline; links (to detail pages, rule docs) are navigation
            if name == "src" or (tag == "link" and name == "href"):
                self.problems.append(f"external asset {name}={value!r}")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_reports_are_written_and_bad_files_become_findings(cli, tmp_path, corpus):
    result, report_dir = _audit(cli, tmp_path, "corpus", "--select", "HL9", "--jobs", "2")
    assert result.code == 1, result.err  # HL901 and HL904 are errors
    assert sorted(p.name for p in report_dir.iterdir()) == [
        ".gitignore", "files", "findings.csv", "report.html",
        "report.json", "report.sarif"]  # the spool is gone once the reports are written
    assert (report_dir / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert "Audited 7 files" in result.out

    doc = _load(report_dir)
    assert doc["summary"]["files"] == 7
    codes = {(f["path"], f["code"]) for f in doc["findings"]}
    assert ("corpus/c/binary.md", "HL901") in codes
    assert ("corpus/c/broken.md", "HL904") in codes
    # The file with broken front matter was still linted past it.
    assert ("corpus/c/broken.md", "HL906") in codes
    assert {e["path"] for e in doc["errors"]} == {"corpus/c/binary.md"}
    assert not any(f["code"] == "HL999" for f in doc["findings"])
    assert {f["path"] for f in doc["findings"]} == {"corpus/c/binary.md", "corpus/c/broken.md"}

    # CSV: one row per finding, same positions, formula-like cells neutralised.
    with open(report_dir / "findings.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["path"], int(r["line"]), int(r["column"]), r["code"]) for r in rows] == [
        (f["path"], f["line"], f["column"], f["code"]) for f in doc["findings"]]
    suppression = next(r for r in rows if r["code"] == "HL906")
    assert suppression["excerpt"] == BAD_SUPPRESSION

    # SARIF: the same findings.
    sarif = json.loads((report_dir / "report.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == len(doc["findings"])
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(sarif, json.loads(SCHEMA.read_text(encoding="utf-8")))

    # HTML: well-formed, self-contained pages; every finding shown on the detail page
    # with its text escaped.
    pages = [report_dir / "report.html", *sorted((report_dir / "files").iterdir())]
    assert [p.name for p in pages[1:]] == ["page-001.html"]
    texts = []
    for path in pages:
        page = path.read_text(encoding="utf-8")
        checker = _HTMLChecker()
        checker.feed(page)
        checker.close()
        assert checker.problems == [], path.name
        assert checker.stack == [], path.name
        assert "script" not in checker.tags and "link" not in checker.tags
        assert BAD_SUPPRESSION not in page  # raw markup from an article never reaches it
        texts.append("".join(checker.text))
    first, detail = texts
    assert "&lt;!-- healthlint-disable --&gt;" in pages[1].read_text(encoding="utf-8")
    for finding in doc["findings"]:
        assert f"{finding['line']}:{finding['column']}" in detail
        assert finding["message"] in detail
        assert finding["path"] in detail
    # Worst pages first: the binary file and the broken one lead the table; the rest
    # are counted as clean.
    assert first.index("corpus/c/broken.md") < first.index("had no findings")


def test_exit_codes(cli, tmp_path, write):
    write("clean/a.md", GOOD)
    result, _ = _audit(cli, tmp_path, "clean", "--select", "HL9", "--jobs", "1")
    assert result.code == 0, result.out + result.err

    write("mixed/a.md", GOOD)
    write("mixed/latin1.md", GOOD.replace("Jane Roe", "Jos\u00e9 Roe").encode("latin-1"))
    result, report_dir = _audit(cli, tmp_path, "mixed", "--select", "HL9", "--jobs", "1")
    assert [f["code"] for f in _load(report_dir)["findings"]] == ["HL902"]
    assert result.code == 0  # HL902 is a warning, below the default fail-on
    result, _ = _audit(cli, tmp_path, "mixed", "--select", "HL9", "--fail-on", "warning")
    assert result.code == 1
    result, _ = _audit(cli, tmp_path, "mixed", "--select", "HL9", "--fail-on", "warning",
                       "--exit-zero")
    assert result.code == 0

    result, _ = _audit(cli, tmp_path, "nothing-here/*.md")
    assert result.code == 2
    result, _ = _audit(cli, tmp_path, "clean", "--config", "missing.yaml")
    assert result.code == 2 and "missing.yaml" in result.err
    write("badconf/healthlint.yaml", "selct: [HL1]\n")
    write("badconf/a.md", GOOD)
    result, report_dir = _audit(cli, tmp_path, "badconf", report="badconf-report")
    assert result.code == 2 and "selct" in result.err
    assert not report_dir.exists()  # a configuration error stops before any work


def test_ignore_and_quiet(cli, tmp_path, corpus):
    result, report_dir = _audit(cli, tmp_path, "corpus", "--select", "HL9", "--ignore",
                                "HL901,HL904", "--quiet", "--jobs", "2")
    assert result.out == "" and result.err == ""
    codes = {f["code"] for f in _load(report_dir)["findings"]}
    assert codes == {"HL906"}
    assert result.code == 0  # HL906 is a warning


def test_jobs_1_and_2_give_identical_findings(cli, tmp_path, corpus):
    one, dir1 = _audit(cli, tmp_path, "corpus", "--jobs", "1", "--today", "2025-01-01",
                       report="one")
    two, dir2 = _audit(cli, tmp_path, "corpus", "--jobs", "2", "--today", "2025-01-01",
                       report="two")
    assert one.code == two.code
    doc1, doc2 = _load(dir1), _load(dir2)
    assert doc1["findings"] == doc2["findings"]
    assert doc1["errors"] == doc2["errors"]
    assert doc1["summary"] == doc2["summary"]
    assert (dir1 / "findings.csv").read_bytes() == (dir2 / "findings.csv").read_bytes()


def test_format_in_overrides_extensions(cli, tmp_path, write):
    write("odd/page.txt", "---\ntitle: [unclosed\n---\n\n# Title\n\nText.\n")
    _, report_dir = _audit(cli, tmp_path, "odd", "--select", "HL904", "--jobs", "1")
    assert [f["code"] for f in _load(report_dir)["findings"]] == ["HL904"]
    _, report_dir = _audit(cli, tmp_path, "odd", "--select", "HL904", "--format-in", "html",
                           "--jobs", "2")
    assert _load(report_dir)["findings"] == []  # HTML has no front matter to be broken


def test_a_file_that_kills_its_worker_becomes_a_finding(cli, tmp_path, write, saboteur):
    for i in range(6):
        write(f"batch/ok{i}.md", GOOD)
    write("batch/deadly.md", GOOD + "\nKILL-THE-WORKER\n")
    result, report_dir = _audit(cli, tmp_path, "batch", "--select", "HL9,XZ001", "--jobs", "2")
    doc = _load(report_dir)
    assert doc["summary"]["files"] == 7
    internal = [f for f in doc["findings"] if f["code"] == "HL999"]
    assert [f["path"] for f in internal] == ["batch/deadly.md"]
    assert "died" in internal[0]["message"]
    assert result.code == 2  # an internal error, like `check`


def test_a_file_past_the_timeout_is_skipped(cli, tmp_path, write, saboteur):
    write("slow/ok.md", GOOD)
    write("slow/slow.md", GOOD + "\nSLOW-FILE\n")
    result, report_dir = _audit(cli, tmp_path, "slow", "--select", "HL9,XZ002", "--jobs", "2",
                                "--timeout", "1")
    findings = _load(report_dir)["findings"]
    assert [(f["path"], f["code"]) for f in findings] == [("slow/slow.md", "HL908")]
    assert "--timeout" in findings[0]["message"]
    assert result.code == 1  # a finding about the file, not an internal error


def test_streamed_reports_equal_the_reporters_output(tmp_path, corpus, write, monkeypatch):
    """report.json and report.sarif are written file by file, yet must be exactly what the
    json and sarif reporters render from all results at once."""
    write("corpus/d/twice.md", f"# Twice\n\n{BAD_SUPPRESSION}\n\nText.\n\n{BAD_SUPPRESSION}\n")
    monkeypatch.chdir(tmp_path)
    linter = Linter(WorkerSpec(None, {}, None, 0))
    paths = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "corpus").rglob("*.*"))
    results = [linter.lint(path)[0] for path in paths]
    results.append(internal_result("corpus/zz-crashed.md", "healthlint failed on this file"))
    stray = Finding("corpus/a/good.md", 1, 1, 1, 2, "ZZ123", "unregistered", Severity.INFO,
                    "a code no registered check owns", "-")
    results[0].findings.append(stray)
    results.sort(key=lambda r: r.path)
    report = Report(results, linter.planner.registry_for(
        linter.planner.resolver.for_path(paths[0])), "9.9")

    with ResultSpool() as spool:
        for result in reversed(results):  # arrival order does not matter
            spool.add(result)
        context = Report([], report.registry, report.version)
        for fmt, writer in (("json", write_json), ("sarif", write_sarif)):
            out = io.StringIO()
            writer(spool, context, out)
            assert out.getvalue() == render(report, fmt), fmt
    doc = json.loads(render(report, "sarif"))
    prints = [r["partialFingerprints"] for r in doc["runs"][0]["results"]
              if r["ruleId"] == "HL906" and "twice.md" in json.dumps(r["locations"])]
    assert len(prints) == 2 and prints[0] != prints[1]


def test_streamed_reports_of_an_empty_run(tmp_path):
    from checks.contract.registry import load

    with ResultSpool() as spool:
        context = Report([], load(), "9.9", root=str(tmp_path))
        for fmt, writer in (("json", write_json), ("sarif", write_sarif)):
            out = io.StringIO()
            writer(spool, context, out)
            assert out.getvalue() == render(context, fmt), fmt


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_bar_on_a_terminal_and_silence_when_disabled():
    tty = _Stream(True)
    progress = Progress(3, tty)
    for _ in range(3):
        progress.update(FileResult("x.md"))
    progress.finish()
    assert "\x1b[" in tty.getvalue() and "3/3" in tty.getvalue()  # rich's live bar

    quiet = _Stream(True)
    progress = Progress(3, quiet, enabled=False)
    progress.update(FileResult("x.md"))
    progress.finish()
    assert quiet.getvalue() == ""

    log = _Stream(False)
    progress = Progress(3, log)
    progress.started -= 60  # a long run: log lines, no carriage returns
    for _ in range(3):
        progress.update(FileResult("x.md"))
    progress.finish()
    assert "\r" not in log.getvalue() and "healthlint audit: 3/3 files" in log.getvalue()


def test_chunks_balance_the_workers():
    assert chunk_size(7, 2) == 1
    assert chunk_size(1000, 2) == 16
    assert chunk_size(100_000, 8) == 16


def _without_meta(text: str) -> str:
    import re

    return re.sub(r'<p class="meta">.*?</p>', "", text)


def _many_results(count: int) -> list[FileResult]:
    """Enough files for the report writers to split the work across two processes."""
    results = []
    for n in range(count):
        path = f"corpus/page-{n:04d}.md"
        results.append(FileResult(path, [
            Finding(path, 3, 1, 3, 9, "HL101", "uncited-claim", Severity.WARNING,
                    f"uncited claim {n}", "Zinc cuts colds"),
            Finding(path, 9, 4, 9, 20, "HL302", "call-to-action", Severity.INFO,
                    "call to action", "=Buy now"),
        ]))
    results.append(internal_result("corpus/zz-crashed.md", "healthlint failed on this file"))
    return results


@pytest.mark.parametrize("child_fails", [False, True])
def test_reports_written_in_parallel_equal_serial_ones(tmp_path, monkeypatch, child_fails):
    """Two processes write the four files; the bytes are those of a one-process write, and
    a child that fails leaves nothing missing (its files are written by the parent)."""
    from checks.contract.registry import load
    from checks.output import audit_report

    results = _many_results(audit_report.PARALLEL_FROM + 5)
    if child_fails:
        def fail(tasks):
            raise SystemExit(1)
        monkeypatch.setattr(audit_report, "_write_in_child", fail)
    with ResultSpool() as spool:
        for result in results:
            spool.add(result)
        context = Report([], load(), "9.9", root=str(tmp_path))
        serial = audit_report.write_reports(spool, context, str(tmp_path / "serial"), jobs=1)
        parallel = audit_report.write_reports(spool, context, str(tmp_path / "parallel"),
                                              jobs=2)
    assert [Path(p).name for p in parallel] == [Path(p).name for p in serial] == [
        name for _, name in audit_report.REPORT_FILES]
    for one, two in zip(serial, parallel, strict=True):
        # (the HTML page's meta line says when, and on how many jobs)
        assert _without_meta(Path(one).read_text("utf-8")) == _without_meta(
            Path(two).read_text("utf-8")), Path(one).name
    assert sorted(p.name for p in (tmp_path / "parallel").iterdir()) == sorted(
        [name for _, name in audit_report.REPORT_FILES] + ["files"])  # no temporary file left
