"""Turning command-line paths (files, directories, globs) into the files to lint.

Directories are walked without following symlinks (so symlink loops cannot
trap the walk), honouring ``.gitignore`` files and the configured ``exclude``
globs. Files named explicitly are always linted unless ``--force-exclude`` is
given, as in ruff.

``.gitignore`` files are matched with pathspec's implementation of git's rules,
inside a git work tree or not (an exported tarball, a CMS dump, a CI cache keep
their ``.gitignore`` files but not their ``.git``). The files that apply are those
in the walked directories and in their parents up to the work tree's root (the
nearest directory holding ``.git``); a deeper file's matching rule wins, as in git,
and an ignored directory is never entered.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

ARTICLE_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".xhtml", ".txt",
                      ".text")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                   ".tox", ".nox", "build", "dist", "site-packages", ".pytest_cache",
                   ".ruff_cache", ".mypy_cache", ".healthlint_cache")


class PathError(Exception):
    """A command-line path that matches nothing."""


def _excluded(path: str, root: str, patterns: Iterable[str]) -> bool:
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    parts = rel.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern + "/*"):
            return True
        if "/" not in pattern and any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


@lru_cache(maxsize=1024)
def _ignore_file(directory: str) -> Any:
    """The directory's ``.gitignore`` as a pathspec, or None when it has none."""
    path = os.path.join(directory, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ancestors(directory: str) -> list[str]:
    """``directory``'s parents whose ``.gitignore`` apply to it: up to the work tree root,
    outermost first; none outside a work tree."""
    if os.path.exists(os.path.join(directory, ".git")):
        return []
    chain: list[str] = []
    here = os.path.dirname(directory)
    while True:
        chain.append(here)
        if os.path.exists(os.path.join(here, ".git")):
            return list(reversed(chain))
        parent = os.path.dirname(here)
        if parent == here:
            return []  # no work tree above: only the walked directories' own files
        here = parent


class GitIgnore:
    """git's ignore rules for the files under one walked directory."""

    def __init__(self, top: str) -> None:
        self.top = os.path.abspath(top)
        self.bases = _ancestors(self.top)

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        absolute = os.path.abspath(path)
        parent = os.path.dirname(absolute)
        chain = [*self.bases, *self._between(parent)]
        for base in reversed(chain):  # the deepest .gitignore with a matching rule decides
            spec = _ignore_file(base)
            if spec is None:
                continue
            rel = os.path.relpath(absolute, base).replace(os.sep, "/")
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                return bool(result.include)
        return False

    def _between(self, directory: str) -> list[str]:
        """The walked directories from the top down to ``directory``."""
        rel = os.path.relpath(directory, self.top)
        out = [self.top]
        if rel == ".":
            return out
        here = self.top
        for part in rel.split(os.sep):
            here = os.path.join(here, part)
            out.append(here)
        return out


def _walk(directory: str) -> Iterable[str]:
    ignore = GitIgnore(directory)
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in DEFAULT_EXCLUDE and not ignore.ignored(os.path.join(dirpath, d), True))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if not ignore.ignored(path):
                yield path


def is_excluded(path: str, exclude_for: Callable[[str], tuple[str, list[str]]]) -> bool:
    """Whether the configured exclude globs leave ``path`` out."""
    root, patterns = exclude_for(path)
    return _excluded(path, root, patterns)


def leaves_tree(path: str, tree: str) -> bool:
    """Whether ``path`` is a symlink whose target lies outside the directory ``tree``."""
    if not os.path.islink(path):
        return False
    target = os.path.realpath(path)
    return os.path.commonpath([target, tree]) != tree


def discover(paths: Iterable[str], exclude_for: Callable[[str], tuple[str, list[str]]],
             force_exclude: bool = False, follow_symlinks: bool = False) -> list[str]:
    """Expand paths into a sorted, de-duplicated list of files.

    ``exclude_for(path)`` returns ``(root, patterns)``: the configuration directory that
    the exclude globs are relative to, and the globs themselves. In a directory, a
    symlink that leads outside it is skipped unless ``follow_symlinks``: its target's
    text would otherwise be printed in excerpts (CI logs, SARIF). A file named
    explicitly is read wherever it leads.
    """
    found: dict[str, None] = {}
    for raw in paths:
        candidates: list[str]
        if os.path.isdir(raw):
            candidates = []
            tree = os.path.realpath(raw)
            for path in _walk(raw):
                if not path.lower().endswith(ARTICLE_EXTENSIONS):
                    continue
                if os.path.islink(path) and not os.path.exists(path):
                    continue
                if not follow_symlinks and leaves_tree(path, tree):
                    continue
                root, patterns = exclude_for(path)
                if _excluded(path, root, patterns):
                    continue
                candidates.append(path)
        elif os.path.exists(raw) or os.path.islink(raw):
            candidates = [raw]
            if force_exclude:
                root, patterns = exclude_for(raw)
                if _excluded(raw, root, patterns):
                    candidates = []
        else:
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise PathError(f"{raw}: no such file, directory or matching glob")
            candidates = []
            for match in matches:
                if os.path.isdir(match):
                    candidates.extend(discover([match], exclude_for, force_exclude,
                                               follow_symlinks))
                else:
                    root, patterns = exclude_for(match)
                    if not _excluded(match, root, patterns):
                        candidates.append(match)
        for path in candidates:
            found.setdefault(os.path.normpath(path), None)
    return list(found)
