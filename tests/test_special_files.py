"""Only regular files are read, and a directory's symlinks that lead outside it are not
followed unless asked.

Before: a ``*.md`` symlink to ``/dev/zero`` was read until memory ran out (MemoryError
traceback, the batch lost), a FIFO named ``*.md`` blocked the run for ever, and a
symlink out of the linted tree had its target's text printed in excerpts.
"""

from __future__ import annotations

import json
import os

import pytest

from checks.net.deadline import in_helper_thread
from claims.read import UnreadableFile, read_bytes

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")

GOOD = "# Sleep\n\nSleep matters for health.\n"


def _within(seconds: float, work):
    """Run ``work`` in a thread; fail (instead of hanging the suite) if it blocks."""
    return in_helper_thread(work, seconds, name="special-file-probe",
                            late=f"still blocked after {seconds} s")


def test_a_fifo_is_refused_without_blocking(tmp_path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile) as info:
        _within(10, lambda: read_bytes(str(fifo)))
    assert info.value.code == "HL901" and "named pipe" in info.value.message


def test_a_symlink_to_dev_zero_is_refused(tmp_path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")
    with pytest.raises(UnreadableFile) as info:
        _within(10, lambda: read_bytes(str(link)))
    assert "character device" in info.value.message


def test_reading_stops_at_the_size_limit(tmp_path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"a" * 5000)
    with pytest.raises(UnreadableFile) as info:
        read_bytes(str(big), max_bytes=1000)
    assert info.value.code == "HL903"
    assert read_bytes(str(big), max_bytes=5000) == b"a" * 5000


def test_one_special_file_never_stops_the_batch(cli, tmp_path, write) -> None:
    write("docs/a-good.md", GOOD)
    os.mkfifo(tmp_path / "docs" / "b-pipe.md")
    if os.path.exists("/dev/zero"):
        (tmp_path / "docs" / "c-zero.md").symlink_to("/dev/zero")
    result = _within(60, lambda: cli("check", "--format", "json", "--follow-symlinks", "docs",
                                     cwd=tmp_path))
    doc = json.loads(result.out)
    assert doc["summary"]["files"] == (3 if os.path.exists("/dev/zero") else 2)
    refused = {e["path"]: e["message"] for e in doc["errors"]}
    assert "docs/b-pipe.md" in refused
    assert "docs/a-good.md" in {f["path"] for f in doc["findings"]}
    assert not result.err  # no traceback


def test_a_symlink_out_of_the_tree_is_not_followed(cli, tmp_path, write) -> None:
    secret = write("private/notes.txt", "TOKEN=hunter2 is a secret line\n")
    write("site/a.md", GOOD)
    (tmp_path / "site" / "leak.md").symlink_to(secret)
    (tmp_path / "site" / "inside.md").symlink_to(tmp_path / "site" / "a.md")
    result = cli("check", "--format", "full", "site", cwd=tmp_path)
    assert "hunter2" not in result.out
    assert "leak.md" not in result.out
    assert "inside.md" in result.out  # a symlink within the tree is an ordinary file
    asked = cli("check", "--format", "full", "--follow-symlinks", "site", cwd=tmp_path)
    assert "leak.md" in asked.out
    named = cli("check", "--format", "json", "site/leak.md", cwd=tmp_path)
    assert json.loads(named.out)["summary"]["files"] == 1  # naming a file is asking
