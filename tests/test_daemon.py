"""``healthlint daemon``: real daemon processes on a private socket, real ``check`` processes.

Every test runs with its own TMPDIR (and no XDG_RUNTIME_DIR), so the socket is private to
the test and no daemon a developer runs is touched.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.sample_articles import MAGNESIUM_ARTICLE

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets only")


def _env(runtime: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("XDG_RUNTIME_DIR", "HEALTHLINT_NO_DAEMON", "HEALTHLINT_CACHE_DIR")}
    return {**env, "TMPDIR": str(runtime), "PYTHONPATH": str(ROOT), **extra}


def hl(env: dict[str, str], *args: str, cwd: Path | None = None
       ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checks.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


def _socket_dir(runtime: Path) -> Path:
    return runtime / f"healthlint-{os.getuid()}"


def _requests(env: dict[str, str]) -> int:
    status = hl(env, "daemon", "status").stdout
    return int(status.split(" checks served")[0].rsplit(" ", 1)[1])


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory):
    runtime = tmp_path_factory.mktemp("runtime")
    env = _env(runtime)
    started = hl(env, "daemon", "start")
    assert started.returncode == 0, started.stderr
    yield env
    hl(env, "daemon", "stop")


def test_check_goes_through_the_daemon_and_says_the_same(daemon, tmp_path):
    (tmp_path / "a.md").write_text(MAGNESIUM_ARTICLE, encoding="utf-8")
    before = _requests(daemon)
    warm = hl(daemon, "check", "a.md", "--no-cache", cwd=tmp_path)
    assert _requests(daemon) == before + 1
    cold = hl({**daemon, "HEALTHLINT_NO_DAEMON": "1"}, "check", "a.md", "--no-cache",
              cwd=tmp_path)
    assert (warm.returncode, warm.stdout, warm.stderr) == \
        (cold.returncode, cold.stdout, cold.stderr)
    assert warm.returncode == 1 and "HL101" in warm.stdout
    usage = hl(daemon, "check", "--no-such-flag", cwd=tmp_path)
    assert usage.returncode == 2 and "--no-such-flag" in usage.stderr


def test_a_configuration_change_applies_to_the_next_check(daemon, tmp_path):
    (tmp_path / "a.md").write_text(MAGNESIUM_ARTICLE, encoding="utf-8")
    assert "HL501" in hl(daemon, "check", "a.md", cwd=tmp_path).stdout
    (tmp_path / "healthlint.yaml").write_text("ignore: [HL5]\n", encoding="utf-8")
    after = hl(daemon, "check", "a.md", cwd=tmp_path)
    assert "HL501" not in after.stdout and "HL101" in after.stdout
    (tmp_path / "healthlint.yaml").write_text("ignore: HL5\n", encoding="utf-8")
    broken = hl(daemon, "check", "a.md", cwd=tmp_path)
    assert broken.returncode == 2 and "ignore" in broken.stderr


def test_another_version_or_an_open_directory_means_linting_here(daemon, tmp_path,
                                                                 monkeypatch):
    from checks.server import daemon_client

    runtime = Path(daemon["TMPDIR"])
    monkeypatch.setenv("TMPDIR", str(runtime))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("HEALTHLINT_NO_DAEMON", raising=False)
    assert daemon_client.call({"op": "status"})["pid"] > 0
    monkeypatch.setattr(daemon_client, "__version__", "0.0.0-other")
    assert daemon_client.hand_off(["check", str(tmp_path)]) is None
    monkeypatch.undo()
    monkeypatch.setenv("TMPDIR", str(runtime))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    directory = _socket_dir(runtime)
    (tmp_path / "a.md").write_text(MAGNESIUM_ARTICLE, encoding="utf-8")
    served = _requests(daemon)
    directory.chmod(0o755)
    try:
        assert "open to other users" in daemon_client.socket_problem(daemon_client.socket_path())
        assert hl(daemon, "check", "a.md", cwd=tmp_path).returncode == 1
    finally:
        directory.chmod(0o700)
    assert _requests(daemon) == served  # nothing was sent while the directory was open


def test_a_stale_socket_falls_back_without_a_word(tmp_path):
    runtime = tmp_path / "runtime"
    directory = _socket_dir(runtime)
    directory.mkdir(parents=True, mode=0o700)
    env = _env(runtime)
    path = subprocess.run([sys.executable, "-c", "from checks.server.daemon_client import "
                           "socket_path; print(socket_path())"], capture_output=True,
                          text=True, env=env, check=True).stdout.strip()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)  # bound, never listening: what a killed daemon leaves behind
    stale.close()
    (tmp_path / "a.md").write_text(MAGNESIUM_ARTICLE, encoding="utf-8")
    result = hl(env, "check", "a.md", cwd=tmp_path)
    clean = hl({**env, "HEALTHLINT_NO_DAEMON": "1"}, "check", "a.md", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == \
        (clean.returncode, clean.stdout, clean.stderr)
    assert hl(env, "daemon", "status").returncode == 1


def test_an_idle_daemon_exits_and_removes_its_socket(tmp_path):
    env = _env(tmp_path)
    assert hl(env, "daemon", "start", "--idle-timeout", "1").returncode == 0
    sockets = list(_socket_dir(tmp_path).glob("*.sock"))
    assert len(sockets) == 1 and oct(sockets[0].stat().st_mode & 0o777) == "0o600"
    deadline = time.monotonic() + 30
    while sockets[0].exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not sockets[0].exists()
    assert hl(env, "daemon", "status").stdout.strip() == "healthlint daemon: not running"


def test_stop_and_an_unsafe_directory(tmp_path):
    env = _env(tmp_path)
    directory = _socket_dir(tmp_path)
    directory.mkdir(mode=0o777)
    directory.chmod(0o777)
    refused = hl(env, "daemon", "start")
    assert refused.returncode == 2 and "open to other users" in refused.stderr
    directory.chmod(0o700)
    assert hl(env, "daemon", "start").returncode == 0
    assert hl(env, "daemon", "stop").stdout.strip() == "healthlint daemon: stopped"
    assert not list(directory.glob("*.sock"))
    assert hl(env, "daemon", "stop").stdout.strip() == "healthlint daemon: not running"
