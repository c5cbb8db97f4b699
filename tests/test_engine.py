"""The check engine: plugins, selection, severities, suppressions, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.plugin_fixture import install_plugin

ARTICLE = """---
title: Demo
---

# Demo

This miracle tonic is sold everywhere.

Plain sentence with nothing odd.
"""


def _json(result):
    return json.loads(result.out)["findings"]


def test_third_party_plugin_findings_appear(plugin, write, cli):
    path = write("a.md", ARTICLE)
    result = cli("check", str(path), "--select", "XY", "--format", "json")
    findings = _json(result)
    assert [f["code"] for f in findings] == ["XY001"]
    assert findings[0]["excerpt"] == "miracle"
    assert (findings[0]["line"], findings[0]["column"]) == (7, 6)
    assert result.code == 0  # a warning is below the default fail-on (error)


def test_plugin_listed_by_rule_command(plugin, cli):
    result = cli("rule")
    assert "XY001" in result.out and "red-flag-word" in result.out
    shown = cli("rule", "red-flag-word")
    assert "A demo third-party check." in shown.out
    assert "word = 'miracle'" in shown.out


def test_plugin_through_installed_entry_point_in_subprocess(tmp_path, write):
    directory = install_plugin(tmp_path / "site")
    path = write("a.md", ARTICLE)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(directory), os.getcwd()]))
    proc = subprocess.run(
        [sys.executable, "-m", "checks.cli", "check", str(path), "--select", "XY001"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert ":7:6: XY001 [warning] 'miracle' is a red-flag word" in proc.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 0),
        (("--fail-on", "warning"), 1),
        (("--fail-on", "info"), 1),
        (("--fail-on", "warning", "--exit-zero"), 0),
        (("--fail-on", "warning", "--ignore", "XY001"), 0),
    ],
)
def test_exit_codes_follow_fail_on(plugin, write, cli, args, code):
    path = write("a.md", ARTICLE)
    assert cli("check", str(path), "--select", "XY", *args).code == code


def test_severity_override_and_options_from_config(plugin, write, cli):
    write("healthlint.yaml", "severity: {XY001: error}\nchecks: {red-flag-word: {word: tonic}}\n")
    path = write("a.md", ARTICLE)
    result = cli("check", str(path), "--select", "XY", "--format", "json")
    findings = _json(result)
    assert [(f["excerpt"], f["severity"]) for f in findings] == [("tonic", "error")]
    assert result.code == 1


def test_per_file_ignores(plugin, write, cli):
    write("healthlint.yaml", "per-file-ignores: {'legacy/*.md': [XY001]}\n")
    write("legacy/a.md", ARTICLE)
    write("new/b.md", ARTICLE)
    result = cli("check", str(write("x.md", "").parent), "--select", "XY", "--format", "json")
    paths = {os.path.basename(os.path.dirname(f["path"])) for f in _json(result)}
    assert paths == {"new"}


def test_disable_next_line_suppresses_and_unused_is_reported(plugin, write, cli):
    text = ARTICLE.replace(
        "This miracle", "<!-- healthlint-disable-next-line XY001 -- quoted ad -->\nThis miracle"
    ) + "\n<!-- healthlint-disable-next-line XY001 -->\nNothing here.\n"
    path = write("a.md", text)
    findings = _json(cli("check", str(path), "--select", "XY,HL905", "--format", "json"))
    assert [f["code"] for f in findings] == ["HL905"]
    assert findings[0]["excerpt"] == "<!-- healthlint-disable-next-line XY001 -->"


def test_disable_enable_range_and_file_level(plugin, write, cli):
    ranged = ARTICLE.replace("# Demo\n", "# Demo\n\n<!-- healthlint-disable XY001 -->\n") + (
        "\n<!-- healthlint-enable XY001 -->\n\nA second miracle.\n")
    findings = _json(cli("check", str(write("r.md", ranged)), "--select", "XY,HL9",
                         "--format", "json"))
    assert [(f["code"], f["excerpt"]) for f in findings] == [("XY001", "miracle")]
    assert findings[0]["line"] == ranged.splitlines().index("A second miracle.") + 1

    whole = "<!-- healthlint-disable-file XY001 -- legacy -->\n" + ARTICLE.split("---\n", 2)[2]
    assert _json(cli("check", str(write("f.md", whole)), "--select", "XY,HL9",
                     "--format", "json")) == []


def test_front_matter_ignore_key(plugin, write, cli):
    text = ARTICLE.replace("title: Demo\n", "title: Demo\nhealthlint:\n  ignore: [XY001]\n")
    assert _json(cli("check", str(write("a.md", text)), "--select", "XY,HL9",
                     "--format", "json")) == []


def test_suppression_must_name_codes(plugin, write, cli):
    text = ARTICLE.replace("This miracle", "<!-- healthlint-disable-next-line -->\nThis miracle")
    findings = _json(cli("check", str(write("a.md", text)), "--select", "XY,HL9",
                         "--format", "json"))
    assert sorted(f["code"] for f in findings) == ["HL906", "XY001"]


def test_no_inline_config_ignores_suppressions(plugin, write, cli):
    text = ARTICLE.replace(
        "This miracle", "<!-- healthlint-disable-next-line XY001 -->\nThis miracle")
    path = write("a.md", text)
    findings = _json(cli("check", str(path), "--select", "XY", "--no-inline-config",
                         "--format", "json"))
    assert [f["code"] for f in findings] == ["XY001"]


def test_one_bad_file_never_stops_the_run(plugin, write, cli):
    write("docs/bin.md", b"\x00\x01\x02binary")
    write("docs/big.md", "x" * 2048)
    write("docs/bad-fm.md", "---\ntitle: [unclosed\n---\n\nA miracle.\n")
    write("docs/good.md", ARTICLE)
    write("healthlint.yaml", "max-file-size: 1024\n")
    result = cli("check", str(write("docs/x", "").parent), "--select", "XY,HL9",
                 "--format", "json")
    report = json.loads(result.out)
    codes = {(os.path.basename(f["path"]), f["code"]) for f in report["findings"]}
    assert ("bin.md", "HL901") in codes
    assert ("big.md", "HL903") in codes
    assert ("bad-fm.md", "HL904") in codes
    assert ("good.md", "XY001") in codes
    assert result.code == 1
    assert "Traceback" not in result.err


def test_missing_path_is_usage_error(cli, tmp_path):
    result = cli("check", str(tmp_path / "nope.md"))
    assert result.code == 2 and "no such file" in result.err


def test_unknown_rule_is_usage_error(cli):
    assert cli("rule", "HL000").code == 2


@pytest.mark.parametrize("content", ["", "   \n\n\t\n"])
def test_empty_file_is_one_finding_and_nothing_else(write, cli, content):
    path = write("empty.md", content)
    findings = _json(cli("check", str(path), "--format", "json"))
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("HL907", 1, 1)]
