"""Run every ``console`` example of the README on a fresh copy of the repository.

Each ```` ```console ```` block holds ``$ command`` lines, each followed by the output the
README promises. The commands run as written, through ``bash`` in a copy of the checkout
(without ``.git``, virtual environments or caches: what a user's clone holds), with a
``healthlint`` on ``PATH`` that runs this interpreter on the copy's code. Output is
stdout and stderr together, as a terminal shows them, without colour. Staleness checks
are pinned to a fixed date through ``SOURCE_DATE_EPOCH`` so the promised output does
not drift as the calendar moves. A line ``...`` in a promised output stands for any lines.

    python scripts/readme_check.py            # exit 1 and show the differences
    python scripts/readme_check.py --write    # rewrite the README's outputs from real runs

tests/test_readme.py runs the check.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FIXED_EPOCH = "1796601600"  # 2026-12-07: the date the promised outputs were recorded
IGNORED = (".git", ".venv", "venv", "*.egg-info", "__pycache__", ".pytest_cache",
           ".ruff_cache", ".healthlint_cache", "realpages", "healthlint-report", "bench-out")


@dataclass
class Example:
    command: str
    expected: list[str]
    line: int  # of the command in the README, 1-based


def examples(text: str) -> list[Example]:
    """Every ``$ command`` of every console block, with the lines that follow it."""
    out: list[Example] = []
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```console"):
            inside = True
            continue
        if inside and line.startswith("```"):
            inside = False
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            out.append(Example(line[2:], [], number))
        elif out:
            out[-1].expected.append(line)
    return out


def fresh_copy(destination: Path) -> Path:
    """The checkout as a clone would hold it."""
    shutil.copytree(ROOT, destination, ignore=shutil.ignore_patterns(*IGNORED), symlinks=True)
    return destination


def _shim(directory: Path) -> Path:
    """A ``healthlint`` command that runs this interpreter on the working directory's code."""
    directory.mkdir(parents=True, exist_ok=True)
    shim = directory / "healthlint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m checks.cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return directory


ENV = {"NO_COLOR": "1", "SOURCE_DATE_EPOCH": FIXED_EPOCH}


def run(command: str, cwd: Path, bin_dir: Path) -> list[str]:
    """The command's standard output, then its standard error, as bash runs it."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "FORCE_COLOR"))}
    env.update(ENV)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    return (done.stdout + done.stderr).splitlines()


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line for line, where a ``...`` line stands for any number of lines."""
    pattern = "".join(".*?" if line == "..." else re.escape(line + "\n") for line in expected)
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual), re.S) is not None


def check(workdir: Path) -> list[str]:
    """Differences between what the README promises and what the commands print."""
    copy = fresh_copy(workdir / "clone")
    bin_dir = _shim(workdir / "bin")
    problems = []
    for ex in examples(README.read_text(encoding="utf-8")):
        actual = run(ex.command, copy, bin_dir)
        if not matches(ex.expected, actual):
            diff = "\n".join(difflib.unified_diff(ex.expected, actual, "README", "actual",
                                                  lineterm=""))
            problems.append(f"README.md:{ex.line}: $ {ex.command}\n{diff}")
    return problems


def write(workdir: Path) -> int:
    """Replace every promised output with the real one (``...`` elisions are kept out)."""
    copy = fresh_copy(workdir / "clone")
    bin_dir = _shim(workdir / "bin")
    lines = README.read_text(encoding="utf-8").splitlines()
    found = examples("\n".join(lines))
    for ex in reversed(found):
        actual = run(ex.command, copy, bin_dir)
        start = ex.line  # index of the line after the command
        lines[start:start + len(ex.expected)] = actual
    README.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true",
                        help="rewrite the README's outputs from real runs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="healthlint-readme-") as tmp:
        if args.write:
            print(f"rewrote the output of {write(Path(tmp))} commands in README.md")
            return 0
        problems = check(Path(tmp))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
