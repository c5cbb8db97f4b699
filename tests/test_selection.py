"""Ruff-style selection: the most specific prefix decides."""

from __future__ import annotations

import pytest

from checks.engine.selection import is_enabled, per_file_ignored


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("HL101", ["HL"], [], True),
        ("HL101", ["HL1"], [], True),
        ("HL301", ["HL1"], [], False),
        ("HL101", ["HL"], ["HL1"], False),
        ("HL101", ["HL"], ["HL10"], False),
        ("HL110", ["HL1"], ["HL10"], True),
        ("HL101", ["HL101"], ["HL1"], True),
        ("HL101", ["HL1"], ["HL101"], False),
        ("HL101", ["ALL"], [], True),
        ("HL101", ["ALL"], ["HL101"], False),
        ("HL101", ["hl1"], [], True),
    ],
)
def test_is_enabled(code, select, ignore, expected):
    assert is_enabled(code, select, ignore) is expected


def test_per_file_ignores_match_relative_globs(tmp_path):
    root = str(tmp_path)
    ignores = {"legacy/**": ["HL1"], "*.txt": ["HL5"]}
    assert per_file_ignored(str(tmp_path / "legacy" / "old" / "a.md"), root, ignores) == ["HL1"]
    assert per_file_ignored(str(tmp_path / "news" / "b.txt"), root, ignores) == ["HL5"]
    assert per_file_ignored(str(tmp_path / "news" / "b.md"), root, ignores) == []
