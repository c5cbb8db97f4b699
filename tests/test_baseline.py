"""Baselines: keyed by content, not line numbers; only new findings fail."""

from __future__ import annotations

import json

from tests.test_engine import ARTICLE


def _codes(result):
    return [(f["code"], f["excerpt"]) for f in json.loads(result.out)["findings"]]


def test_baseline_accepts_existing_findings_and_survives_moves(plugin, write, cli, tmp_path):
    path = write("a.md", ARTICLE)
    base = tmp_path / "baseline.json"
    created = cli("check", str(path), "--select", "XY", "--create-baseline", str(base))
    assert created.code == 0 and base.is_file()
    stored = json.loads(base.read_text())
    assert stored["version"] == 1 and "a.md" in stored["files"]

    # The same finding moved down by new paragraphs is still accepted.
    path.write_text(ARTICLE.replace("# Demo\n", "# Demo\n\nA new intro.\n\nMore text.\n"))
    moved = cli("check", str(path), "--select", "XY", "--baseline", str(base),
                "--fail-on", "warning", "--format", "json")
    assert _codes(moved) == [] and moved.code == 0

    # A new occurrence is reported; the accepted one stays hidden.
    path.write_text(ARTICLE + "\nAnother miracle appears.\n")
    new = cli("check", str(path), "--select", "XY", "--baseline", str(base),
              "--fail-on", "warning", "--format", "json")
    assert _codes(new) == [("XY001", "miracle")] and new.code == 1
    assert json.loads(new.out)["findings"][0]["line"] == len(ARTICLE.splitlines()) + 2


def test_stale_entries_are_reported(plugin, write, cli, tmp_path):
    path = write("a.md", ARTICLE)
    base = tmp_path / "baseline.json"
    cli("check", str(path), "--select", "XY", "--create-baseline", str(base))
    path.write_text(ARTICLE.replace("miracle", "ordinary"))
    result = cli("check", str(path), "--select", "XY", "--baseline", str(base))
    assert result.code == 0
    assert "1 baseline entry no longer match" in result.err


def test_bad_baseline_is_usage_error(write, cli, tmp_path):
    path = write("a.md", ARTICLE)
    bad = write("b.json", "{not json")
    result = cli("check", str(path), "--baseline", str(bad))
    assert result.code == 2 and "cannot read baseline" in result.err
    missing = cli("check", str(path), "--baseline", str(tmp_path / "none.json"))
    assert missing.code == 2 and "not found" in missing.err
