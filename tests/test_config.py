"""Configuration: discovery (nearest wins), validation (exit 2 with file, key, expectation)."""

from __future__ import annotations

import pytest

from checks.settings.config import ConfigError, ConfigResolver, load_file, settings_from_mapping


def test_pyproject_table_is_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.healthlint]\nselect = ["HL1"]\nfail-on = "warning"\nmax-file-size = "2MB"\n'
    )
    s = load_file(tmp_path / "pyproject.toml")
    assert s is not None
    assert s.select == ["HL1"]
    assert s.fail_on == "warning"
    assert s.max_file_size == 2 * 1024 * 1024


def test_pyproject_without_table_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_file(tmp_path / "pyproject.toml") is None


def test_unknown_key_names_file_key_and_suggestion(tmp_path):
    (tmp_path / "healthlint.yaml").write_text("selct: [HL1]\n")
    with pytest.raises(ConfigError) as exc:
        load_file(tmp_path / "healthlint.yaml")
    message = str(exc.value)
    assert "healthlint.yaml" in message
    assert "'selct'" in message
    assert "did you mean 'select'" in message


def test_bad_value_says_what_was_expected(tmp_path):
    (tmp_path / "healthlint.yaml").write_text("fail-on: sometimes\n")
    with pytest.raises(ConfigError, match=r"fail-on.*one of error, warning, info"):
        load_file(tmp_path / "healthlint.yaml")


def test_broken_yaml_reports_line(tmp_path):
    (tmp_path / "healthlint.yaml").write_text("select: [HL1\nignore: x\n")
    with pytest.raises(ConfigError, match=r"invalid YAML at line \d+"):
        load_file(tmp_path / "healthlint.yaml")


def test_nearest_config_wins_without_merging(tmp_path):
    (tmp_path / "healthlint.yaml").write_text("ignore: [HL3]\nfail-on: info\n")
    sub = tmp_path / "news"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.healthlint]\nignore = ["HL5"]\n')
    resolver = ConfigResolver()
    top = resolver.for_path(str(tmp_path / "a.md"))
    near = resolver.for_path(str(sub / "b.md"))
    assert top.ignore == ["HL3"] and top.fail_on == "info"
    assert near.ignore == ["HL5"] and near.fail_on == "error"
    assert near.root == str(sub)


def test_explicit_config_overrides_discovery(tmp_path):
    (tmp_path / "healthlint.yaml").write_text("ignore: [HL3]\n")
    other = tmp_path / "other.yaml"
    other.write_text("ignore: [HL4]\n")
    resolver = ConfigResolver(str(other))
    assert resolver.for_path(str(tmp_path / "a.md")).ignore == ["HL4"]


def test_cli_overrides_apply_on_top(tmp_path):
    (tmp_path / "healthlint.yaml").write_text("ignore: [HL3]\n")
    resolver = ConfigResolver(overrides={"extend_ignore": ["HL4"], "fail_on": "warning"})
    s = resolver.for_path(str(tmp_path / "a.md"))
    assert s.ignore == ["HL3", "HL4"] and s.fail_on == "warning"


def test_size_parsing_rejects_nonsense():
    with pytest.raises(ConfigError, match="max-file-size"):
        settings_from_mapping({"max-file-size": "lots"}, "x.yaml", ".")


def test_check_options_validated_against_declared_options(tmp_path):
    from checks.contract.registry import load
    from checks.settings.config import validate_check_options

    registry = load()
    s = settings_from_mapping({"checks": {"HL901": {"nope": 1}}}, "cfg.yaml", ".")
    with pytest.raises(ConfigError, match=r"checks\.HL901\.nope.*no such option"):
        validate_check_options(s, registry)
    s = settings_from_mapping({"checks": {"HL9999": {}}}, "cfg.yaml", ".")
    with pytest.raises(ConfigError, match="no such check"):
        validate_check_options(s, registry)


def test_cli_exit_2_on_config_typo(tmp_path, cli):
    (tmp_path / "healthlint.yaml").write_text("fail_onn: error\n")
    (tmp_path / "a.md").write_text("# Title\n")
    result = cli("check", str(tmp_path / "a.md"))
    assert result.code == 2
    assert "fail_onn" in result.err and "healthlint.yaml" in result.err
    assert "Traceback" not in result.err


def test_show_settings_prints_effective_settings(tmp_path, cli):
    import json

    (tmp_path / "healthlint.yaml").write_text("ignore: [HL3]\n")
    result = cli("check", str(tmp_path), "--show-settings", "--extend-select", "HL9")
    assert result.code == 0
    shown = json.loads(result.out)
    assert shown["ignore"] == ["HL3"]
    assert shown["extend-select"] == ["HL9"]
    assert shown["config-file"].endswith("healthlint.yaml")
