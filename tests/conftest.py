"""Shared test helpers: run the CLI in-process and capture what it prints."""

from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: str | os.PathLike[str] | None = None) -> CliResult:
    """Run ``healthlint`` in this process (spaCy stays loaded between tests)."""
    from checks.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(old)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def write(tmp_path):
    """Write a file under tmp_path (text or bytes) and return its path."""

    def _write(name: str, content: str | bytes, newline: str = "\n") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline=newline)
        return path

    return _write


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """The demo third-party check (XY001) installed on sys.path through its dist-info."""
    import importlib

    from tests.plugin_fixture import install_plugin

    directory = install_plugin(tmp_path / "site")
    monkeypatch.syspath_prepend(str(directory))
    importlib.invalidate_caches()
    return directory


def seeds_available() -> bool:
    return SEEDS.is_dir() and any(SEEDS.glob("*.txt"))


needs_seeds = pytest.mark.skipif(not seeds_available(), reason="../shared/seeds not present")

sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))


@pytest.fixture
def saboteur(tmp_path, monkeypatch):
    """Install the misbehaving plugin of :mod:`tests.saboteur` for this test."""
    import importlib

    from tests.saboteur import install_saboteur

    monkeypatch.syspath_prepend(str(install_saboteur(tmp_path / "site")))
    importlib.invalidate_caches()


def load_script(name: str) -> ModuleType:
    """``scripts/NAME.py`` imported as a module, for tests of the evaluation scripts.

    Registered in ``sys.modules`` first: the scripts' dataclasses look their module up there.
    """
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
