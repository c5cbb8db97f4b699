"""SARIF 2.1.0: schema-valid, and shaped the way GitHub code scanning reads it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from checks.contract.model import Diagnostic, Finding, Severity
from checks.contract.registry import load
from checks.engine.article import FileResult, make_finding
from checks.output.reporters import Report, render
from claims.model import Article
from claims.source import SourceText

# The OASIS schema, kept with the tests so that validation runs offline (see its README).
SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"

TRICKY = (
    "---\ntitle: \"Salt, sugar: 100% of the story?\"\n---\n\n"
    "Électrolytes, 50% of the time: \"cure\" cramps [1].\n"
    "\tA tabbed line with 水分 and emoji 🙂 makes claims,\n"
    "  continued: here.\n"
)


@pytest.fixture(autouse=True)
def _no_workspace(monkeypatch):
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


def finding(path: Path, needle: str, *, code: str = "HL101",
            severity: Severity = Severity.ERROR, message: str = "claim has no citation",
            occurrence: int = 0) -> Finding:
    text = path.read_text(encoding="utf-8")
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    article = Article(str(path), "markdown", SourceText(text))
    return make_finding(article, str(path), code, "uncited-claim", severity,
                        Diagnostic(start, start + len(needle), message))


def sarif(tmp_path: Path, *results: FileResult) -> dict:
    return json.loads(render(Report(list(results), load(), "0.1.0", root=str(tmp_path)),
                             "sarif"))


def tricky_run(tmp_path: Path) -> tuple[Path, list[Finding], dict]:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "content, drafts: ü"
    folder.mkdir()
    path = folder / "salt 100%.md"
    path.write_text(TRICKY, encoding="utf-8")
    findings = [
        finding(path, "\"cure\" cramps", message="says \"cure\":\nno, 100% unsupported\r\n"),
        finding(path, "水分 and emoji 🙂", code="HL301", severity=Severity.WARNING),
        finding(path, "makes claims,\n  continued", code="HL503", severity=Severity.INFO),
        finding(path, "Salt, sugar", code="HL904"),
    ]
    return path, findings, sarif(tmp_path, FileResult(str(path), findings))


def test_validates_against_the_sarif_schema(tmp_path):
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    _, _, doc = tricky_run(tmp_path)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft4Validator)
    broken = FileResult(str(tmp_path / "x.md"), error="binary file", error_code="HL901")
    crashed = FileResult(str(tmp_path / "y.md"), internal_error=True, findings=[
        Finding(str(tmp_path / "y.md"), 1, 1, 1, 1, "HL999", "internal-error",
                Severity.ERROR, "check HL101 crashed", "")])
    other = sarif(tmp_path, broken, crashed)
    jsonschema.validate(other, schema, cls=jsonschema.Draft4Validator)
    jsonschema.validate(sarif(tmp_path), schema, cls=jsonschema.Draft4Validator)
    assert not other["runs"][0]["invocations"][0]["executionSuccessful"]


def test_has_what_github_code_scanning_requires(tmp_path):
    _, findings, doc = tricky_run(tmp_path)
    assert doc["$schema"] and doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "healthlint" and driver["version"] == "0.1.0"
    rules = driver["rules"]
    for rule in rules:
        assert rule["id"] and rule["name"]
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert rule["help"]["markdown"].startswith(f"**{rule['id']} (")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["properties"]["tags"]
    registered = {c.code for c in load()}
    assert registered <= {r["id"] for r in rules}
    levels = {"error": "error", "warning": "warning", "info": "note"}
    results = run["results"]
    assert len(results) == len(findings)
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        assert set(result["partialFingerprints"]) == {"healthlint/v1"}
    by_code = {r["ruleId"]: r for r in results}
    for f in findings:
        assert by_code[f.code]["level"] == levels[f.severity.value]
    assert by_code["HL101"]["message"]["text"] == findings[0].message


def test_locations_are_checkout_relative_uris_with_exact_regions(tmp_path):
    path, findings, doc = tricky_run(tmp_path)
    run = doc["runs"][0]
    root_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root_uri.startswith("file://") and root_uri.endswith("/")
    source = SourceText(path.read_text(encoding="utf-8"))
    by_code = {f.code: f for f in findings}
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        artifact = location["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        uri = artifact["uri"]
        assert " " not in uri and "\\" not in uri and not uri.startswith("/")
        assert unquote(uri) == "content, drafts: ü/salt 100%.md"
        region = location["region"]
        start = source.offset(region["startLine"], region["startColumn"])
        end = source.offset(region["endLine"], region["endColumn"])
        assert source.text[start:end] == region["snippet"]["text"]
        assert region["snippet"]["text"] == by_code[result["ruleId"]].excerpt
    multi = next(r for r in run["results"] if r["ruleId"] == "HL503")
    region = multi["locations"][0]["physicalLocation"]["region"]
    assert region["endLine"] == region["startLine"] + 1


def test_paths_are_relative_to_the_checkout_not_the_working_directory(tmp_path):
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "articles"
    sub.mkdir()
    path = sub / "a.md"
    path.write_text("Claim.\n", encoding="utf-8")
    report = Report([FileResult(str(path), [finding(path, "Claim")])], load(), "0.1.0",
                    root=str(sub))
    doc = json.loads(render(report, "sarif"))
    artifact = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]
    assert artifact == {"uri": "articles/a.md", "uriBaseId": "%SRCROOT%"}


def test_fingerprints_survive_moved_lines_and_separate_repeats(tmp_path):
    (tmp_path / ".git").mkdir()
    path = tmp_path / "a.md"
    path.write_text("Salt   raises\nblood pressure.\nSalt raises blood pressure.\n",
                    encoding="utf-8")
    twice = [finding(path, "Salt   raises\nblood pressure."),
             finding(path, "Salt raises blood pressure.")]
    before = [r["partialFingerprints"]["healthlint/v1"]
              for r in sarif(tmp_path, FileResult(str(path), twice))["runs"][0]["results"]]
    assert before[0] != before[1]  # same normalised text: told apart by occurrence
    assert before[0].split(":")[0] == before[1].split(":")[0]

    path.write_text("# New heading\n\nIntro.\n\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    moved = [finding(path, "Salt   raises\nblood pressure."),
             finding(path, "Salt raises blood pressure.")]
    after = [r["partialFingerprints"]["healthlint/v1"]
             for r in sarif(tmp_path, FileResult(str(path), moved))["runs"][0]["results"]]
    assert after == before
    other = [finding(path, "Salt raises blood pressure.", code="HL102")]
    changed = sarif(tmp_path, FileResult(str(path), other))["runs"][0]["results"]
    assert changed[0]["partialFingerprints"]["healthlint/v1"] not in before


def test_file_errors_become_tool_notifications(tmp_path):
    (tmp_path / ".git").mkdir()
    broken = FileResult(str(tmp_path / "logo.md"), error="binary file", error_code="HL901")
    run = sarif(tmp_path, broken)["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True
    note = invocation["toolExecutionNotifications"][0]
    assert note["descriptor"]["id"] == "HL901" and note["message"]["text"] == "binary file"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "logo.md"


def test_unregistered_codes_still_get_a_rule(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("x\n", encoding="utf-8")
    crash = Finding(str(path), 1, 1, 1, 1, "HL999", "internal-error", Severity.ERROR,
                    "check HL101 crashed", "")
    run = sarif(tmp_path, FileResult(str(path), [crash], internal_error=True))["runs"][0]
    result = run["results"][0]
    rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule["id"] == "HL999" and rule["name"] == "internal-error"
    assert "snippet" not in result["locations"][0]["physicalLocation"]["region"]


def test_cli_writes_sarif_for_an_unreadable_file(tmp_path, write, cli):
    (tmp_path / ".git").mkdir()
    write("bin.md", b"\x00binary")
    result = cli("check", "bin.md", "--format", "sarif", cwd=tmp_path)
    assert result.code == 1
    run = json.loads(result.out)["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["HL901"]
    assert run["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"] == "HL901"
