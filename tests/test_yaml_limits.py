"""Alias bombs: a few hundred bytes of nested YAML aliases once ran for over a minute at
gigabytes from healthlint.yaml. Every YAML a user controls is measured before it is built."""

from __future__ import annotations

import time

import pytest
import yaml

from claims.read import read_text
from claims.yaml_limits import MAX_NODES, AliasBomb, expanded_size, safe_load


def bomb(levels: int, key: str = "ignore") -> str:
    """Nested anchors: ``levels`` lists of nine aliases to the list before."""
    lines = [f"{key}:", '  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for i in range(1, levels):
        lines.append(f"  - &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_expanded_size_counts_every_path_once_per_alias() -> None:
    node = yaml.compose("a: &x [1, 2]\nb: *x\n")
    # mapping, 2 keys, the list twice (1 + 2 items each)
    assert expanded_size(node) == 1 + 2 + 2 * 3
    assert expanded_size(yaml.compose(bomb(9))) == MAX_NODES + 1  # saturates


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(AliasBomb):
        safe_load("a: &x [1, *x]\n")


def test_ordinary_aliases_still_load() -> None:
    assert safe_load("base: &b {x: 1}\nother: *b\n") == {"base": {"x": 1}, "other": {"x": 1}}
    assert safe_load("") is None


def test_a_config_alias_bomb_is_a_configuration_error(cli, tmp_path, write) -> None:
    write("healthlint.yaml", bomb(9))
    write("a.md", "# A\n\nText.\n")
    assert len(bomb(9)) < 400
    started = time.monotonic()
    result = cli("check", "a.md", cwd=tmp_path)
    assert time.monotonic() - started < 5  # over a minute and gigabytes before
    assert result.code == 2
    assert "alias bomb" in result.err


def test_a_bad_value_is_quoted_briefly(cli, tmp_path, write) -> None:
    write("healthlint.yaml", bomb(5))  # 59,000 values: under the limit, but not strings
    write("a.md", "# A\n\nText.\n")
    result = cli("check", "a.md", cwd=tmp_path)
    assert result.code == 2
    assert "expected a list of strings" in result.err
    assert len(result.err) < 600


def test_a_front_matter_alias_bomb_is_hl904() -> None:
    text = "---\n" + bomb(9, key="tags") + "---\n\n# Sleep\n\nSleep matters.\n"
    started = time.monotonic()
    article = read_text(text, path="a.md")
    assert time.monotonic() - started < 5
    problems = [p for p in article.problems if p.code == "HL904"]
    assert problems and "alias bomb" in problems[0].message
    assert article.front_matter is None


def test_a_rule_pack_alias_bomb_is_refused() -> None:
    from checks.detectors.promotion.packs import PackError, parse_pack

    with pytest.raises(PackError, match="alias bomb"):
        parse_pack("pack: x\n" + bomb(9, key="rules"), "bomb.yaml")


def test_a_huge_or_special_config_file_is_a_clear_error(cli, tmp_path, write) -> None:
    import os

    from checks.settings.config import MAX_CONFIG_BYTES

    write("a.md", "# A\n\nText.\n")
    write("huge.yaml", "# padding\n" * (MAX_CONFIG_BYTES // 10 + 1))
    result = cli("check", "--config", "huge.yaml", "a.md", cwd=tmp_path)
    assert result.code == 2 and "max-file-size" not in result.err
    assert "cannot read configuration" in result.err
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        started = time.monotonic()
        piped = cli("check", "--config", "pipe.yaml", "a.md", cwd=tmp_path)
        assert piped.code == 2 and time.monotonic() - started < 10
