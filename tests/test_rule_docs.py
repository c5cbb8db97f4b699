"""docs/rules: a page per rule, generated from the registry, up to date, with examples that
really fail and pass; SARIF points at the pages and carries safe fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.contract.registry import load
from checks.output import rule_docs
from checks.settings.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [c for c in load(Settings()) if rule_docs.shipped(c)]
EXAMPLES = rule_docs.examples()
EXT = {"markdown": "md", "html": "html", "text": "txt"}


def test_committed_rule_pages_are_up_to_date():
    assert rule_docs.stale() == [], "run `python -m checks.output.rule_docs`"


def test_every_shipped_rule_has_a_page_that_says_how_to_configure_and_suppress_it():
    for check in SHIPPED:
        page = (rule_docs.DOCS / f"{check.code}.md").read_text(encoding="utf-8")
        assert check.rationale.strip()[:60] in page
        assert f'ignore = ["{check.code}"]' in page
        assert f"healthlint-disable-next-line {check.code}" in page
        for option in check.options:
            assert f"`{option}`" in page


def test_every_offline_rule_that_can_be_shown_in_an_article_has_an_example():
    # policy placement; bytes, sizes and times, not article text
    unshowable = {"HL403", "HL901", "HL902", "HL903", "HL908"}
    missing = [c.code for c in SHIPPED
               if not c.network and c.code not in unshowable and c.code not in EXAMPLES]
    assert missing == []
    assert set(EXAMPLES) <= {c.code for c in SHIPPED}


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_the_example_fails_and_the_fixed_one_passes(code, tmp_path, cli):
    example = EXAMPLES[code]
    path = tmp_path / f"page.{EXT[example.get('format', 'markdown')]}"
    found = {}
    for kind in ("fail", "pass"):
        path.write_text(example[kind], encoding="utf-8")
        result = cli("check", str(path), "--select", code, "--format", "json",
                     *example.get("args", []))
        assert result.code in (0, 1), result.err
        found[kind] = [f["code"] for f in json.loads(result.out)["findings"]]
    assert code in found["fail"], found
    assert code not in found["pass"], found


def test_sarif_rules_point_at_their_pages_and_carry_safe_fixes(tmp_path, cli):
    page = tmp_path / "page.md"
    page.write_text(EXAMPLES["HL205"]["fail"], encoding="utf-8")
    result = cli("check", str(page), "--select", "HL205", "--format", "sarif")
    run = json.loads(result.out)["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    uri = rules["HL205"]["helpUri"]
    assert uri.endswith("docs/rules/HL205.md")
    (finding,) = run["results"]
    (fix,) = finding["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    text = page.read_text(encoding="utf-8")
    region = replacement["deletedRegion"]
    start, length = region["charOffset"], region["charLength"]
    fixed = text[:start] + replacement["insertedContent"]["text"] + text[start + length:]
    assert "https://doi.org/10.7326/0003-4819-136-7-200204020-00006" in fixed
    assert "dx.doi.org" not in fixed
    assert change["artifactLocation"] == finding["locations"][0]["physicalLocation"][
        "artifactLocation"]


def test_unsafe_fixes_are_not_offered_as_sarif_fixes(tmp_path, cli):
    page = tmp_path / "page.md"
    page.write_text(EXAMPLES["HL201"]["fail"], encoding="utf-8")
    result = cli("check", str(page), "--select", "HL201", "--format", "sarif")
    (finding,) = json.loads(result.out)["runs"][0]["results"]
    assert "fixes" not in finding


def test_sarif_with_fixes_and_help_uris_validates_against_the_schema(tmp_path, cli):
    import jsonschema

    schema_path = ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    page = tmp_path / "page.md"
    page.write_text(EXAMPLES["HL205"]["fail"], encoding="utf-8")
    doc = json.loads(cli("check", str(page), "--select", "HL205", "--format", "sarif").out)
    assert doc["runs"][0]["results"][0]["fixes"]
    jsonschema.validate(doc, schema, cls=jsonschema.Draft4Validator)


def test_rule_command_points_at_the_page_and_suggests_a_code(cli):
    assert "docs/rules/HL107.md" in cli("rule", "HL107").out
    wrong = cli("rule", "HL1O7")
    assert wrong.code == 2 and "did you mean HL107?" in wrong.err
