"""Linting an untrusted checkout runs none of its code.

Before: file discovery ran ``git ls-files`` inside the linted directory, and git ran that
repository's own ``core.fsmonitor`` command, so a cloned pull request could execute
anything on the CI runner.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from checks.cli.discovery import discover

pytestmark = pytest.mark.skipif(shutil.which("git") is None or sys.platform == "win32",
                                reason="needs git and a POSIX shell")


def _no_excludes(path: str) -> tuple[str, list[str]]:
    return os.path.dirname(os.path.abspath(path)), []


def test_discovery_never_runs_the_repositorys_fsmonitor(tmp_path) -> None:
    repo = tmp_path / "checkout"
    repo.mkdir()
    marker = tmp_path / "executed"
    hook = tmp_path / "fsmonitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\necho\n", encoding="utf-8")
    hook.chmod(0o755)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    (repo / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    (repo / "ignored.md").write_text("# Ignored\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "a.md", ".gitignore"], check=True)
    # Configured last, so that only healthlint could have run it.
    subprocess.run(["git", "-C", str(repo), "config", "core.fsmonitor", str(hook)], check=True)

    files = discover([str(repo)], _no_excludes)

    assert not marker.exists(), "the checkout's core.fsmonitor command was executed"
    assert [os.path.basename(f) for f in files] == ["a.md"]  # .gitignore still honoured
