"""``healthlint check --quiet``: the findings and nothing else, in every text format."""

from __future__ import annotations

import pytest

ARTICLE = "# Heel pain\n\nMagnesium supplements lower blood pressure in adults.\n"


@pytest.mark.parametrize("fmt", ["concise", "full"])
def test_quiet_drops_the_summary_and_leaves_no_blank_line(tmp_path, cli, fmt):
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    loud = cli("check", str(path), "--select", "HL101", "--format", fmt)
    quiet = cli("check", str(path), "--select", "HL101", "--format", fmt, "--quiet")
    assert "Found 1 finding" in loud.out
    assert quiet.code == loud.code
    assert "Found" not in quiet.out
    assert quiet.out.endswith("\n") and not quiet.out.endswith("\n\n")
    assert quiet.out == loud.out[:loud.out.index("Found")].rstrip("\n") + "\n"


def test_quiet_clean_run_prints_nothing(tmp_path, cli):
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    for fmt in ("concise", "full"):
        result = cli("check", str(path), "--select", "HL9", "--format", fmt, "--quiet")
        assert (result.code, result.out) == (0, "")
