"""Reporters: full (source + carets), JSON (versioned schema), GitHub annotations, output files.

Findings are made by the engine's own ``make_finding`` from source offsets, so their
line, column and excerpt are exactly what a real check would produce.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from checks.contract.model import Diagnostic, Edit, Finding, Fix, Severity
from checks.contract.registry import load
from checks.engine.article import FileResult, make_finding
from checks.output.reporters import JSON_SCHEMA_VERSION, Report, render
from checks.output.reporters.full import underline
from checks.output.reporters.github import escape_data, escape_property
from claims.model import Article
from claims.source import SourceText

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_workspace(monkeypatch):
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def finding(path: Path, needle: str, *, code: str = "HL101", severity: Severity = Severity.ERROR,
            message: str = "claim has no citation", occurrence: int = 0,
            length: int | None = None) -> Finding:
    """A finding on the ``occurrence``-th match of ``needle`` in the file, via the engine."""
    text = path.read_bytes().decode("utf-8-sig")
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    end = start + (len(needle) if length is None else length)
    article = Article(str(path), "markdown", SourceText(text))
    return make_finding(article, str(path), code, "uncited-claim", severity,
                        Diagnostic(start, end, message))


def report(tmp_path: Path, *results: FileResult) -> Report:
    return Report(list(results), load(), "9.9.9", root=str(tmp_path))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def caret_block(out: str, line_no: int) -> tuple[str, str]:
    """The shown source line and the caret line under it, gutters removed."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        m = re.match(rf"^\s*{line_no} \| (.*)$", line)
        if m:
            marks = re.match(r"^\s*\| ?(.*)$", lines[i + 1])
            assert marks, lines[i + 1]
            return m.group(1), marks.group(1)
    raise AssertionError(f"line {line_no} not shown in:\n{out}")


# --- full ------------------------------------------------------------------------------


def test_full_underlines_exactly_the_span(tmp_path, write):
    path = write("a.md", "# Heat\n\nWater prevents heat stroke in athletes.\n")
    f = finding(path, "prevents heat stroke")
    out = render(report(tmp_path, FileResult(str(path), [f])), "full")
    assert out.splitlines()[0] == "a.md:3:7: HL101 [error] claim has no citation"
    shown, marks = caret_block(out, 3)
    assert shown == "Water prevents heat stroke in athletes."
    assert marks.index("^") == f.column - 1
    assert shown[marks.index("^"): len(marks)] == f.excerpt
    assert out.rstrip().endswith("Found 1 finding (1 error) in 1 file.")


def test_full_aligns_carets_after_tabs_and_wide_characters(tmp_path, write):
    path = write("a.md", "\t水分补充 reduces cramps,\tsays 医生.\n")
    f = finding(path, "reduces cramps")
    g = finding(path, "医生")
    out = render(report(tmp_path, FileResult(str(path), [f])), "full")
    shown, marks = caret_block(out, 1)
    assert "\t" not in shown
    prefix = shown[: shown.index("reduces")]
    assert marks.index("^") == width(prefix)
    assert marks.count("^") == len("reduces cramps")
    out = render(report(tmp_path, FileResult(str(path), [g])), "full")
    shown, marks = caret_block(out, 1)
    assert marks.index("^") == width(shown[: shown.index("医生")])
    assert marks.count("^") == 4  # two wide characters, two cells each


def test_full_shows_every_line_of_a_multiline_span(tmp_path, write):
    path = write("a.md", "Intro.\n\nVitamin D\n  supplements cure\n  rickets.\nAfter.\n")
    text = path.read_text()
    start = text.index("D\n")
    f = finding(path, text[start: text.index("rickets") + len("rickets")])
    out = render(report(tmp_path, FileResult(str(path), [f])), "full")
    assert "Intro." not in out and "After." not in out
    first, m1 = caret_block(out, 3)
    middle, m2 = caret_block(out, 4)
    last, m3 = caret_block(out, 5)
    assert m1.index("^") == first.index("D") and m1.count("^") == 1
    assert m2.index("^") == middle.index("supplements")
    assert m3.strip() == "^" * len("rickets") and m3.index("^") == last.index("rickets")


def test_full_elides_the_middle_of_a_long_span(tmp_path, write):
    body = "".join(f"line {i} of a long claim\n" for i in range(1, 21))
    path = write("a.md", body)
    f = finding(path, body.rstrip("\n"))
    out = render(report(tmp_path, FileResult(str(path), [f])), "full")
    assert "line 1 of" in out and "line 20 of" in out
    assert "line 10 of" not in out and "…" in out


def test_full_span_ending_at_a_line_break_does_not_show_the_next_line(tmp_path, write):
    path = write("a.md", "A claim here.\nNext line.\n")
    f = finding(path, "claim here.\n")
    assert (f.end_line, f.end_column) == (2, 1)
    out = render(report(tmp_path, FileResult(str(path), [f])), "full")
    assert "Next line." not in out
    _shown, marks = caret_block(out, 1)
    assert marks.count("^") == len("claim here.")


def test_full_windows_a_very_long_line_around_the_span(tmp_path, write):
    filler = "word " * 200
    path = write("a.md", f"{filler}TARGET claim {filler}\n")
    f = finding(path, "TARGET")
    out = render(report(tmp_path, FileResult(str(path), [f])), "full")
    shown, marks = caret_block(out, 1)
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) < 140
    assert shown[marks.index("^"): marks.index("^") + marks.count("^")] == "TARGET"


def test_full_makes_control_characters_visible_and_keeps_crlf_out(tmp_path, write):
    path = write("a.md", "Bad\x07byte then claim.\n", newline="\r\n")
    f = finding(path, "claim")
    out = render(report(tmp_path, FileResult(str(path), [f])), "full")
    shown, marks = caret_block(out, 1)
    assert "\x07" not in out and "\r" not in out
    assert "\u2407" in shown
    assert shown[marks.index("^"):].startswith("claim")


def test_underline_points_at_empty_spans_and_line_ends():
    shown, marks = underline("abc", 3, 3)
    assert (shown, marks) == ("abc", "   ^")
    shown, marks = underline("e\u0301clair", 0, 2)  # a combining accent takes no cell
    assert marks == "^"


def test_full_reports_fix_and_survives_a_missing_file(tmp_path):
    missing = tmp_path / "gone.md"
    f = Finding(str(missing), 2, 3, 2, 8, "HL201", "malformed-doi", Severity.ERROR,
                "DOI has a trailing period", "10.1/x.",
                fix=Fix("Remove the trailing period", (Edit(10, 11, ""),)))
    out = render(report(tmp_path, FileResult(str(missing), [f])), "full")
    assert out.splitlines()[0] == "gone.md:2:3: HL201 [error] DOI has a trailing period"
    assert "help: Remove the trailing period" in out
    assert "|" not in out


# --- JSON ------------------------------------------------------------------------------


def test_json_report_has_versioned_schema_findings_errors_and_summary(tmp_path, write):
    a = write("a.md", "Zinc shortens colds, 100% \"proven\".\nÜber claim.\n")
    f1 = finding(a, "Zinc shortens colds")
    f2 = finding(a, "Über claim", code="HL301", severity=Severity.WARNING, message="hype: ü")
    broken = FileResult(str(tmp_path / "b.md"), error="binary file", error_code="HL901")
    doc = json.loads(render(report(tmp_path, FileResult(str(a), [f2, f1]), broken), "json"))
    assert doc["version"] == JSON_SCHEMA_VERSION
    assert doc["tool"] == {"name": "healthlint", "version": "9.9.9"}
    assert [x["code"] for x in doc["findings"]] == ["HL101", "HL301"]
    first = doc["findings"][0]
    assert first["path"] == "a.md"
    assert {k: first[k] for k in ("line", "column", "end_line", "end_column")} == {
        "line": 1, "column": 1, "end_line": 1, "end_column": 20}
    assert first["excerpt"] == "Zinc shortens colds"
    assert doc["findings"][1]["excerpt"] == "Über claim"
    assert doc["errors"] == [{"path": "b.md", "code": "HL901", "message": "binary file"}]
    assert doc["summary"] == {
        "files": 2, "findings": 2,
        "by_severity": {"error": 1, "warning": 1, "info": 0},
        "by_code": {"HL101": 1, "HL301": 1},
        "suppressed": 0,
    }


def test_json_schema_document_covers_every_field(tmp_path, write):
    """docs/json-report.md must name every key the reporter writes."""
    doc_text = (ROOT / "docs" / "json-report.md").read_text(encoding="utf-8")
    a = write("a.md", "Claim.\n")
    f = finding(a, "Claim")
    f.fix = Fix("Cite it", (Edit(0, 0, "x"),))
    f.data = {"k": 1}
    crashed = FileResult(str(tmp_path / "c.md"), internal_error=True)
    crashed.findings.append(Finding(crashed.path, 1, 1, 1, 1, "HL999", "internal-error",
                                    Severity.ERROR, "check crashed", ""))
    doc = json.loads(render(report(tmp_path, FileResult(str(a), [f]), crashed), "json"))
    keys: set[str] = set(doc) | set(doc["tool"]) | set(doc["summary"])
    keys |= set(doc["summary"]["by_severity"])
    for item in doc["findings"]:
        keys |= set(item) | set(item.get("fix", {}))
        for edit in item.get("fix", {}).get("edits", []):
            keys |= set(edit)
    for error in doc["errors"]:
        keys |= set(error)
    assert {"fix", "data", "edits", "applicability"} <= keys
    assert any(e["code"] == "HL999" for e in doc["errors"])
    missing = sorted(k for k in keys if f"`{k}`" not in doc_text)
    assert not missing, f"docs/json-report.md does not document {missing}"
    assert f"`version`: `{JSON_SCHEMA_VERSION}`" in doc_text


# --- GitHub annotations ----------------------------------------------------------------


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Undo a workflow command the way the runner does."""

    def unescape(s: str) -> str:
        return (s.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n")
                .replace("%0D", "\r").replace("%25", "%"))

    m = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    return m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))


def test_escaping_follows_the_actions_toolkit():
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("a%b:c,d\ne") == "a%25b%3Ac%2Cd%0Ae"
    assert escape_data("%0A") == "%250A"  # percent first, so nothing is double-unescaped


def test_github_annotations_round_trip_tricky_content(tmp_path, write):
    (tmp_path / ".git").mkdir()  # the checkout root that annotation paths are relative to
    sub = tmp_path / "odd, dir: x"
    sub.mkdir()
    path = sub / "a.md"
    path.write_text("Fasting, 100% of the time: cures ütis.\nline two\n", encoding="utf-8")
    tricky = "100% wrong:\nsays \"cures\", twice\r\nend"
    f = finding(path, "cures ütis", message=tricky)
    info = finding(path, "line two", severity=Severity.INFO, code="HL503", message="note")
    multi = finding(path, "time: cures ütis.\nline", code="HL102", severity=Severity.WARNING)
    out = render(report(tmp_path, FileResult(str(path), [f, info, multi])), "github")
    lines = out.splitlines()
    assert len(lines) == 3 and all("\n" not in x and "\r" not in x for x in lines)
    parsed = {kind: (props, message) for kind, props, message in map(_parse_command, lines)}
    props, message = parsed["error"]
    assert message == tricky
    assert props == {"file": "odd, dir: x/a.md", "line": "1", "endLine": "1",
                     "col": str(f.column), "endColumn": str(f.end_column),
                     "title": "HL101 (uncited-claim)"}
    props, _ = parsed["warning"]
    assert props["endLine"] == "2"
    assert "col" not in props and "endColumn" not in props  # GitHub ignores them across lines
    props, message = parsed["notice"]
    assert props["line"] == "2" and message == "note"


def test_github_notes_the_per_step_annotation_limit(tmp_path, write):
    path = write("a.md", "x\n" * 12)
    findings = [finding(path, "x", occurrence=i) for i in range(12)]
    out = render(report(tmp_path, FileResult(str(path), findings)), "github")
    assert out.count("::error ") == 12
    assert "only the first 10 errors" in out.splitlines()[-1]
    few = render(report(tmp_path, FileResult(str(path), findings[:10])), "github")
    assert "only the first" not in few


# --- through the CLI -------------------------------------------------------------------


def test_output_file_keeps_exit_code_and_matches_stdout(tmp_path, write, cli):
    bad = write("bin.md", b"\x00\x01binary")
    shown = cli("check", str(bad), "--format", "json", cwd=tmp_path)
    target = tmp_path / "out" / "report.json"
    written = cli("check", str(bad), "--format", "json", "--output-file", str(target),
                  cwd=tmp_path)
    assert shown.code == written.code == 1
    assert written.out == ""
    assert target.read_text(encoding="utf-8") == shown.out
    doc = json.loads(shown.out)
    assert doc["errors"][0]["code"] == "HL901" and doc["errors"][0]["path"] == "bin.md"
    assert doc["findings"][0]["code"] == "HL901"


def test_output_format_is_ruffs_spelling_of_format(tmp_path, write, cli):
    bad = write("bin.md", b"\x00\x01binary")
    assert cli("check", str(bad), "--output-format", "json", cwd=tmp_path).out == \
        cli("check", str(bad), "--format", "json", cwd=tmp_path).out


@pytest.mark.parametrize("fmt", ["concise", "full", "json", "sarif", "github"])
def test_every_format_renders_an_empty_run(tmp_path, fmt):
    out = render(report(tmp_path), fmt)
    if fmt in ("concise", "full", "github"):
        assert out == ""
    else:
        assert json.loads(out)


def test_annotation_paths_follow_github_workspace(tmp_path, monkeypatch):
    """Run from a subdirectory in Actions, paths are still relative to the checkout."""
    sub = tmp_path / "articles"
    sub.mkdir()
    path = sub / "a.md"
    path.write_text("Salt raises blood pressure.\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    rep = Report([FileResult(str(path), [finding(path, "Salt raises")])], load(), "1",
                 root=str(sub))
    assert render(rep, "concise").startswith("a.md:1:1:")
    assert "file=articles/a.md," in render(rep, "github")
