"""pre-commit: a git repository using the healthlint hook blocks a failing article.

A real temporary repository, real ``pre-commit install`` and real ``git commit``s. The
hook is a ``repo: local``, ``language: system`` hook that runs this checkout's installed
healthlint, so nothing is fetched: the test needs no network, as the hook must not.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "articles" / "sleep-and-blood-pressure.md"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None,
    reason="git or pre-commit is not installed",
)


def _today_for(article: str) -> str:
    """A fixed 'today' a month after the article's update, so staleness checks stay stable."""
    front = yaml.safe_load(article.split("---", 2)[1])
    updated = front["updated"]
    if isinstance(updated, str):
        updated = dt.date.fromisoformat(updated)
    return (updated + dt.timedelta(days=30)).isoformat()


def _entry(today: str) -> str:
    return " ".join(shlex.quote(part) for part in (
        sys.executable, "-m", "checks.cli", "check", "--force-exclude", "--quiet",
        "--today", today))


@pytest.fixture
def repo(tmp_path):
    """A fresh git repository with the healthlint hook installed; returns (path, run)."""
    path = tmp_path / "content"
    path.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT", "GITHUB_"))}
    env.update({
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
    })

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(args, cwd=path, env=env, capture_output=True, text=True,
                              timeout=300)
        if check and done.returncode != 0:
            raise AssertionError(f"{args} failed ({done.returncode}):\n"
                                 f"{done.stdout}\n{done.stderr}")
        return done

    today = _today_for(ARTICLE.read_text(encoding="utf-8"))
    config = {"repos": [{"repo": "local", "hooks": [{
        "id": "healthlint", "name": "healthlint", "entry": _entry(today),
        "language": "system", "types_or": ["markdown", "html", "plain-text"],
        "require_serial": True,
    }]}]}
    (path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    run("git", "init", "-q")
    run("git", "config", "commit.gpgsign", "false")
    run(sys.executable, "-m", "pre_commit", "install")
    run("git", "add", ".pre-commit-config.yaml")
    run("git", "commit", "-q", "-m", "hook configuration")
    return path, run, today


def _commits(run) -> int:
    return int(run("git", "rev-list", "--count", "HEAD").stdout.strip())


def test_hook_lets_a_clean_article_through_silently(repo):
    path, run, today = repo
    target = path / "articles" / "heat.md"
    target.parent.mkdir()
    shutil.copyfile(ARTICLE, target)
    run("git", "add", "articles/heat.md")
    done = run("git", "commit", "-m", "add heat article", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"healthlint\.+Passed", done.stdout + done.stderr)
    assert _commits(run) == 2
    # The hook command itself prints nothing for a clean article (--quiet: no
    # "All checks passed!", which `verbose: true` would show at every commit).
    direct = run(*shlex.split(_entry(today)), "articles/heat.md", check=False)
    assert (direct.returncode, direct.stdout, direct.stderr) == (0, "", "")


def test_hook_blocks_a_failing_article(repo):
    path, run, _ = repo
    text = ARTICLE.read_text(encoding="utf-8")
    broken = text.replace('title: "', 'title: [unclosed "', 1)  # front matter no longer parses
    assert broken != text
    target = path / "articles" / "heat.md"
    target.parent.mkdir()
    target.write_text(broken, encoding="utf-8")
    run("git", "add", "articles/heat.md")
    done = run("git", "commit", "-m", "add broken article", check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert re.search(r"healthlint\.+Failed", output)
    assert "articles/heat.md:" in output and "HL904" in output
    assert _commits(run) == 1
    staged = run("git", "diff", "--cached", "--name-only").stdout.split()
    assert staged == ["articles/heat.md"]


def test_repository_hook_files_are_valid(tmp_path):
    """The shipped .pre-commit-hooks.yaml and .pre-commit-config.yaml pass pre-commit's own
    validation and keep the properties the hooks promise (offline, serial, file types)."""
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"),
                          ("validate-config", ".pre-commit-config.yaml")):
        done = subprocess.run([sys.executable, "-m", "pre_commit", command, str(ROOT / name)],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path)})
        assert done.returncode == 0, done.stdout + done.stderr
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    main = hooks["healthlint"]
    assert main["language"] == "python" and main["require_serial"] is True
    assert set(main["types_or"]) == {"markdown", "html", "plain-text"}
    assert "--resolve" not in main["entry"]  # the default hook never touches the network
    # pre-commit hides a passing hook's output; warnings pass, so the hook must be verbose
    # and quiet when clean (see the README).
    assert all(h.get("verbose") is True and "--quiet" in h["entry"] for h in hooks.values())
    assert "--resolve" in hooks["healthlint-resolve"]["entry"]
    assert hooks["healthlint-resolve"]["stages"] == ["manual"]
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = [h for r in own["repos"] if r["repo"] == "local" for h in r["hooks"]]
    assert {h["id"] for h in local} >= {"healthlint", "ruff"}
    assert all(r["repo"] == "local" for r in own["repos"])  # nothing to fetch


def test_hook_entries_are_valid_healthlint_commands():
    """Every hook's entry, with a file name appended, parses as a healthlint command line."""
    from checks.cli.main import build_parser

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = [h["entry"] for h in hooks]
    entries += [h["entry"] for r in own["repos"] for h in r["hooks"] if h["id"] == "healthlint"]
    parser = build_parser()
    for entry in entries:
        program, *args = shlex.split(entry)
        assert program == "healthlint"
        parsed = parser.parse_args([*args, "articles/a.md"])
        assert parsed.command == "check" and parsed.paths == ["articles/a.md"]
        assert parsed.force_exclude
