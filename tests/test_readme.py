"""The README's commands run as written on a fresh copy of the repository, and print what
the README says they print.

The console examples run in this process (spaCy loads once) on a copy of the checkout
without ``.git`` or virtual environments; ``scripts/readme_check.py`` runs the same
commands through bash and a real ``healthlint`` executable, and one test here does so
for a command that reads standard input through a shell redirect. The two set-up
commands need the network (pip) and are the only ones not run. The pre-commit
snippets are checked too: the ``repo: local`` one by a real commit in a new repository,
the remote one by the commit its ``rev:`` names.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import load_script, run_cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_check():
    return load_script("readme_check")


rc = _readme_check()
EXAMPLES = rc.examples(README)


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    return rc.fresh_copy(tmp_path_factory.mktemp("readme") / "clone")


def _in_process(command: str, cwd: Path, monkeypatch) -> list[str]:
    words = shlex.split(command)
    assert words[0] == "healthlint", command
    stdin = None
    if "<" in words:
        at = words.index("<")
        stdin = (cwd / words[at + 1]).read_bytes()
        words = words[:at] + words[at + 2:]
    for key, value in rc.ENV.items():
        monkeypatch.setenv(key, value)
    if stdin is not None:
        fake = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", fake)
    result = run_cli(*words[1:], cwd=cwd)
    return (result.out + result.err).splitlines()


def test_the_readme_has_console_examples_of_every_command():
    commands = {shlex.split(ex.command)[1] for ex in EXAMPLES}
    assert commands >= {"check", "claims", "inspect"}
    assert all(ex.expected or "sleep-and-blood-pressure" in ex.command for ex in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[ex.command for ex in EXAMPLES])
def test_readme_command_prints_what_the_readme_shows(example, clone, monkeypatch):
    actual = _in_process(example.command, clone, monkeypatch)
    assert rc.matches(example.expected, actual), "\n".join(
        [f"README.md:{example.line}: $ {example.command}", "--- README", *example.expected,
         "--- actual", *actual])


def test_a_readme_command_through_bash_and_the_executable(clone, tmp_path):
    """Shell redirection and the installed-command path, as a user's terminal runs them."""
    example = next(ex for ex in EXAMPLES if "<" in ex.command)
    actual = rc.run(example.command, clone, rc._shim(tmp_path / "bin"))
    assert rc.matches(example.expected, actual), actual


def test_only_the_two_network_setup_commands_are_not_run():
    """The two set-up commands need pip and the network. Any other shell snippet (one that
    starts a background process, say) must at least be a valid healthlint command line."""
    from checks.cli.main import build_parser

    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    setup = [b for b in blocks if "pip install" in b]
    assert len(setup) == 2
    assert (ROOT / ".ci" / "run").is_file()
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    parser = build_parser()
    for block in blocks:
        if block in setup:
            continue
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if not words:
                continue
            assert words[0] == "healthlint", line
            try:
                parser.parse_args(words[1:])
            except SystemExit as exc:
                pytest.fail(f"README: `{line}` does not parse ({exc.code})")


def test_no_example_uses_a_folder_outside_the_repository():
    for ex in EXAMPLES:
        assert ".." not in ex.command and "/work/" not in ex.command, ex.command


def _snippets() -> list[dict]:
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", README, re.S)]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_remote_hook_snippet_pins_a_commit_that_ships_the_hook():
    remote = next(s for s in _snippets() if s["repos"][0]["repo"] != "local")
    entry = remote["repos"][0]
    assert re.fullmatch(r"[0-9a-f]{40}", entry["rev"]), "pin a full commit SHA, not a tag"
    known = subprocess.run(["git", "cat-file", "-e", f"{entry['rev']}^{{commit}}"], cwd=ROOT,
                           capture_output=True, check=False)
    if known.returncode != 0:
        if not (ROOT / ".git").exists():
            pytest.skip("not a git checkout")
        shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT,
                                 capture_output=True, text=True, check=False)
        if shallow.stdout.strip() == "true":
            pytest.skip("shallow clone: the pinned commit is not fetched")
        pytest.fail(f"rev {entry['rev']} is not a commit of this repository")
    manifest = subprocess.run(["git", "show", f"{entry['rev']}:.pre-commit-hooks.yaml"],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout
    ids = {hook["id"] for hook in yaml.safe_load(manifest)}
    assert {hook["id"] for hook in entry["hooks"]} <= ids


@pytest.mark.skipif(shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None,
                    reason="git or pre-commit is not installed")
def test_the_local_hook_snippet_works_as_written(tmp_path):
    """The README's `repo: local` configuration, unchanged, in a new content repository:
    a page with only warnings is committed and its warnings are shown (that an error
    blocks a commit is tests/test_precommit.py's)."""
    local = next(s for s in _snippets() if s["repos"][0]["repo"] == "local")
    repo = tmp_path / "content"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local), encoding="utf-8")
    bin_dir = rc._shim(tmp_path / "bin")
    shim = bin_dir / "healthlint"  # the shim runs healthlint from this checkout
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m checks.cli "$@"\n',
                    encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "PRE_COMMIT", "GITHUB_"))}
    env.update({"PATH": f"{bin_dir}{os.pathsep}{env['PATH']}", "HOME": str(tmp_path),
                "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
                "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org",
                "NO_COLOR": "1"})

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True,
                              timeout=300, check=False)

    for args in (("git", "init", "-q"), ("git", "config", "commit.gpgsign", "false"),
                 (sys.executable, "-m", "pre_commit", "install")):
        assert run(*args).returncode == 0
    (repo / "healthlint.yaml").write_text('select: ["HL3", "HL9"]\n', encoding="utf-8")
    page = repo / "page.md"
    page.write_text("# Knees\n\nThis miracle cream ends knee pain.\n", encoding="utf-8")
    run("git", "add", ".")
    done = run("git", "commit", "-m", "a page with a warning")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "HL310" in done.stdout + done.stderr  # verbose: the warning reaches the editor

