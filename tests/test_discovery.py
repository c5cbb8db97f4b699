"""Directory walks: .gitignore, exclude globs, symlink loops, globs, explicit files."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from checks.cli.discovery import PathError, discover


def _no_excludes(path: str) -> tuple[str, list[str]]:
    return os.path.dirname(path), []


def _names(files: list[str]) -> list[str]:
    return sorted(os.path.basename(f) for f in files)


def _touch(path, text="# Title\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_walk_picks_article_extensions_only(tmp_path):
    for name in ("a.md", "b.html", "c.txt", "d.py", "e.json", "sub/f.markdown"):
        _touch(tmp_path / name)
    assert _names(discover([str(tmp_path)], _no_excludes)) == ["a.md", "b.html", "c.txt",
                                                                "f.markdown"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_walk_respects_gitignore_in_a_work_tree(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("drafts/\n*.tmp.md\n")
    for name in ("keep.md", "drafts/wip.md", "x.tmp.md", "news/ok.md"):
        _touch(tmp_path / name)
    assert _names(discover([str(tmp_path)], _no_excludes)) == ["keep.md", "ok.md"]


def test_exclude_globs_are_relative_to_the_config_root(tmp_path):
    for name in ("a.md", "legacy/old.md", "legacy/deep/older.md"):
        _touch(tmp_path / name)

    def exclude_for(path: str) -> tuple[str, list[str]]:
        return str(tmp_path), ["legacy/**"]

    assert _names(discover([str(tmp_path)], exclude_for)) == ["a.md"]


def test_explicit_file_is_linted_unless_force_exclude(tmp_path):
    target = tmp_path / "legacy" / "old.md"
    _touch(target)

    def exclude_for(path: str) -> tuple[str, list[str]]:
        return str(tmp_path), ["legacy/**"]

    assert _names(discover([str(target)], exclude_for)) == ["old.md"]
    assert discover([str(target)], exclude_for, force_exclude=True) == []


def test_symlink_loops_do_not_trap_the_walk(tmp_path):
    _touch(tmp_path / "a" / "x.md")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    os.symlink(tmp_path / "a" / "missing.md", tmp_path / "a" / "dangling.md")
    assert _names(discover([str(tmp_path)], _no_excludes)) == ["x.md"]


def test_globs_expand_and_unknown_paths_fail(tmp_path):
    for name in ("one.md", "two.md", "three.txt"):
        _touch(tmp_path / name)
    assert _names(discover([str(tmp_path / "*.md")], _no_excludes)) == ["one.md", "two.md"]
    with pytest.raises(PathError):
        discover([str(tmp_path / "nope-*.md")], _no_excludes)


def test_paths_are_deduplicated(tmp_path):
    _touch(tmp_path / "a.md")
    files = discover([str(tmp_path), str(tmp_path / "a.md"), str(tmp_path / "*.md")],
                     _no_excludes)
    assert _names(files) == ["a.md"]
