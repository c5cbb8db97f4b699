"""Every output error is a message and exit 2, never a traceback with exit 1 (which CI
reads as "findings"); a read-only resolver cache is still read.

Before: ``--output-file`` to an unwritable path was a traceback with exit 1, and
``--cache-only`` on a read-only cache failed ("attempt to write a readonly database")
so every reference turned unverifiable.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile

import pytest

from checks.net.cache import ResultCache

ARTICLE = "# Sleep\n\nSleep matters for health.\n"  # has findings (no disclaimer)


@pytest.mark.parametrize("target", ["a-directory", "a-file/below-a-file.txt", "/dev/full"])
def test_an_unwritable_output_file_is_exit_2(cli, tmp_path, write, target) -> None:
    if target == "/dev/full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    write("a.md", ARTICLE)
    (tmp_path / "a-directory").mkdir()
    write("a-file", "x")
    result = cli("check", "a.md", "--output-file", target, cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith("healthlint: error: cannot write the report to")
    assert "Traceback" not in result.err


def test_unwritable_report_dir_and_baseline_are_exit_2(cli, tmp_path, write) -> None:
    write("a.md", ARTICLE)
    write("a-file", "x")
    audit = cli("audit", "a.md", "--jobs", "1", "--quiet", "--report-dir", "a-file/reports",
                cwd=tmp_path)
    assert audit.code == 2 and audit.err.startswith("healthlint: error:")
    baseline = cli("check", "a.md", "--create-baseline", "a-file/base.json", cwd=tmp_path)
    assert baseline.code == 2 and baseline.err.startswith("healthlint: error:")


def _as_another_user(work):
    """Run ``work`` where the cache really is read-only: as root, in a child that drops to
    ``nobody`` (root may write anything); otherwise here."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return work()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            data = pickle.dumps(("ok", work()))
        except BaseException as exc:  # handed back to the test
            data = pickle.dumps(("error", repr(exc)))
        os.write(write, data)
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    status, value = pickle.loads(b"".join(chunks))
    assert status == "ok", value
    return value


@pytest.fixture
def read_only_cache():
    directory = tempfile.mkdtemp(prefix="healthlint-ro-")  # not under a private tmp_path
    os.chmod(directory, 0o755)
    path = os.path.join(directory, "resolver.sqlite3")
    cache = ResultCache(path)
    cache.put("doi:10.5555/sleep", {"title": "Sleep"}, 3600)
    cache.close()
    os.chmod(path, 0o444)
    os.chmod(directory, 0o555)
    yield path
    os.chmod(directory, 0o755)
    os.chmod(path, 0o644)
    for name in os.listdir(directory):
        os.unlink(os.path.join(directory, name))
    os.rmdir(directory)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("mode", ["read-only", "read-write"])
def test_a_read_only_cache_is_read(read_only_cache, mode) -> None:
    def look() -> tuple[object, str | None, list[str]]:
        cache = ResultCache(read_only_cache, mode)
        value = cache.get("doi:10.5555/sleep")
        cache.put("doi:10.5555/other", {"title": "Other"}, 3600)  # silently not stored
        cache.close()
        return value, cache.problem, sorted(os.listdir(os.path.dirname(read_only_cache)))

    value, problem, files = _as_another_user(look)
    assert value == {"title": "Sleep"}
    assert files == ["resolver.sqlite3"]  # nothing written beside it
    if mode == "read-only":  # --cache-only: expected, so nothing to say
        assert problem is None
    else:  # a normal run is told that its results will not be kept
        assert problem is not None and "read-only" in problem
