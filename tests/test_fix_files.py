"""``--fix`` keeps what makes a file that file, and leaves nothing behind.

Before: ``--fix`` replaced a symlinked article with a regular file (its target stayed
unfixed), rewrote read-only files without a word, split hard links, dropped ownership,
and left a temporary file when killed midway.
"""

from __future__ import annotations

import os
import signal
import stat
import sys
import time

import pytest

from checks.engine import fixes
from checks.engine.fixes import FixError, write_atomic
from tests.sample_articles import SPRAINS_ARTICLE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")


def _fix(cli, path, *extra: str):
    return cli("check", str(path), "--select", "HL4", "--today", "2026-06-01", "--fix", *extra)


def _fixed(text: str) -> bool:
    return "Disclaimer" in text and text.startswith(SPRAINS_ARTICLE[:20])


def test_a_symlinked_article_is_fixed_through_the_link(cli, write, tmp_path) -> None:
    target = write("content/real.md", SPRAINS_ARTICLE)
    link = tmp_path / "content" / "link.md"
    link.symlink_to("real.md")
    result = _fix(cli, link)
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert _fixed(target.read_text(encoding="utf-8"))


def test_a_read_only_file_is_refused_unless_asked(cli, write) -> None:
    path = write("a.md", SPRAINS_ARTICLE)
    os.chmod(path, 0o444)
    refused = _fix(cli, path)
    assert refused.code == 2
    assert "read-only" in refused.err and "--fix-read-only" in refused.err
    assert path.read_text(encoding="utf-8") == SPRAINS_ARTICLE
    forced = _fix(cli, path, "--fix-read-only")
    assert forced.code == 0, forced.err
    assert _fixed(path.read_text(encoding="utf-8"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444


def test_hard_links_stay_one_file(cli, write, tmp_path) -> None:
    path = write("a.md", SPRAINS_ARTICLE)
    twin = tmp_path / "twin.md"
    os.link(path, twin)
    inode = os.stat(path).st_ino
    assert _fix(cli, path).code == 0
    assert os.stat(path).st_ino == inode and os.stat(path).st_nlink == 2
    assert _fixed(twin.read_text(encoding="utf-8"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="only root can give a file to another owner")
def test_ownership_is_kept(cli, write) -> None:
    path = write("a.md", SPRAINS_ARTICLE)
    os.chown(path, 4321, 4322)
    assert _fix(cli, path).code == 0
    info = os.stat(path)
    assert (info.st_uid, info.st_gid) == (4321, 4322)
    assert _fixed(path.read_text(encoding="utf-8"))


def test_a_fix_killed_midway_leaves_the_file_and_the_next_run_cleans_up(tmp_path) -> None:
    path = tmp_path / "a.md"
    path.write_text("original", encoding="utf-8")
    pid = os.fork()
    if pid == 0:  # the child: killed between writing the temporary and the rename
        try:
            fixes.os.replace = lambda *a: time.sleep(60)  # type: ignore[assignment]
            write_atomic(str(path), b"changed")
        finally:
            os._exit(0)
    deadline = time.monotonic() + 20
    while len(os.listdir(tmp_path)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert path.read_text(encoding="utf-8") == "original"
    leftovers = [n for n in os.listdir(tmp_path) if n != "a.md"]
    assert leftovers and leftovers[0].endswith(f".healthlint-{pid}.tmp")

    write_atomic(str(path), b"changed")
    assert sorted(os.listdir(tmp_path)) == ["a.md"]
    assert path.read_bytes() == b"changed"


def test_a_live_writers_temporary_is_left_alone(tmp_path) -> None:
    path = tmp_path / "a.md"
    path.write_text("original", encoding="utf-8")
    live = tmp_path / f".b.md.healthlint-{os.getppid()}.tmp"  # our parent is alive
    live.write_text("someone else's", encoding="utf-8")
    write_atomic(str(path), b"changed")
    assert live.exists()


def test_a_fifo_is_never_written(tmp_path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(FixError, match="not a regular file"):
        write_atomic(str(fifo), b"x")
