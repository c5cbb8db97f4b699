"""Per-check options with a closed set of values: a typo is a configuration error (exit 2)."""

from __future__ import annotations

import json

from checks.contract.model import Option

ARTICLE = "# Magnesium\n\nMagnesium supplements lower blood pressure in adults.\n"


def test_option_with_choices_accepts_only_those_values():
    scope = Option("sentence", "where", choices=("sentence", "paragraph"))
    assert scope.accepts("paragraph")
    assert not scope.accepts("sentance")
    assert not scope.accepts(3)


def test_list_option_with_choices_checks_every_item():
    types = Option([], "which", list, choices=("causal", "risk"))
    assert types.accepts([])
    assert types.accepts(["risk", "causal"])
    assert not types.accepts(["risk", "cuasal"])


def test_bool_never_passes_for_a_number_choice():
    level = Option(1, "level", int, choices=(0, 1))
    assert level.accepts(0)
    assert not level.accepts(True)


def test_invalid_scope_is_exit_2_naming_file_key_and_choices(tmp_path, cli):
    (tmp_path / "healthlint.yaml").write_text("checks:\n  HL101:\n    scope: sentance\n")
    (tmp_path / "a.md").write_text(ARTICLE)
    result = cli("check", str(tmp_path / "a.md"))
    assert result.code == 2
    assert "healthlint.yaml" in result.err
    assert "checks.HL101.scope" in result.err
    assert "'sentence', 'paragraph'" in result.err
    assert "HL999" not in result.out + result.err
    assert "Traceback" not in result.err


def test_invalid_claim_type_is_exit_2_listing_the_types(tmp_path, cli):
    (tmp_path / "healthlint.yaml").write_text("checks:\n  uncited-claim:\n    types: [risky]\n")
    (tmp_path / "a.md").write_text(ARTICLE)
    result = cli("check", str(tmp_path / "a.md"))
    assert result.code == 2
    assert "checks.uncited-claim.types" in result.err
    assert "'risk'" in result.err and "'risky'" in result.err


def test_valid_paragraph_scope_still_runs(tmp_path, cli):
    (tmp_path / "healthlint.yaml").write_text("checks:\n  HL101:\n    scope: paragraph\n")
    (tmp_path / "a.md").write_text(ARTICLE)
    result = cli("check", "--select", "HL101", str(tmp_path / "a.md"))
    assert result.code in (0, 1)
    assert "HL999" not in result.out


def test_rule_shows_the_choices(cli):
    text = cli("rule", "HL101")
    scope_line = next(line for line in text.out.splitlines() if line.strip().startswith("scope"))
    assert "'sentence', 'paragraph'" in scope_line
    shown = json.loads(cli("rule", "HL101", "--format", "json").out)
    assert shown[0]["options"]["scope"]["choices"] == ["sentence", "paragraph"]
    assert "choices" not in shown[0]["options"]["threshold"]
