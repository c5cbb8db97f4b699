"""Turning command-line paths (files, directories, globs) into the files to lint.

Directories are walked without following symlinks (so symlink loops cannot
trap the walk), honouring ``.gitignore`` (through git when the directory is in a
work tree) and the configured ``exclude`` globs. Files named explicitly are
always linted unless ``--force-exclude`` is given, as in ruff.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import subprocess
from collections.abc import Callable, Iterable

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


def _git_visible(directory: str) -> set[str] | None:
    """Files git would consider (tracked + untracked, not ignored), or None outside a work tree."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=directory, capture_output=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return {os.path.normpath(os.path.join(directory, p))
            for p in out.stdout.decode("utf-8", "replace").split("\0") if p}


# ``healthlint audit`` marks its report directory with this file: never content to lint.
REPORT_MARKER = ".healthlint-report"


def _walk(directory: str) -> Iterable[str]:
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in DEFAULT_EXCLUDE
                             and not os.path.exists(os.path.join(dirpath, d, REPORT_MARKER)))
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def discover(paths: Iterable[str], exclude_for: Callable[[str], tuple[str, list[str]]],
             force_exclude: bool = False) -> list[str]:
    """Expand paths into a sorted, de-duplicated list of files.

    ``exclude_for(path)`` returns ``(root, patterns)``: the configuration directory that
    the exclude globs are relative to, and the globs themselves.
    """
    found: dict[str, None] = {}
    for raw in paths:
        candidates: list[str]
        if os.path.isdir(raw):
            candidates = []
            visible = _git_visible(raw)
            for path in _walk(raw):
                if not path.lower().endswith(ARTICLE_EXTENSIONS):
                    continue
                if visible is not None and os.path.normpath(path) not in visible:
                    continue
                if os.path.islink(path) and not os.path.exists(path):
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
                    candidates.extend(discover([match], exclude_for, force_exclude))
                else:
                    root, patterns = exclude_for(match)
                    if not _excluded(match, root, patterns):
                        candidates.append(match)
        for path in candidates:
            found.setdefault(os.path.normpath(path), None)
    return list(found)
