"""The resolver cache: JSON in SQLite, per-entry expiry, read-only and off modes."""

from __future__ import annotations

import sqlite3

from checks.net.cache import ResultCache


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_values_round_trip_as_json_until_they_expire(tmp_path) -> None:
    clock = Clock()
    path = tmp_path / "c.sqlite3"
    cache = ResultCache(str(path), clock=clock)
    cache.put("crossref|api|10.1/x", {"found": True, "years": [2010]}, ttl=60)
    assert cache.get("crossref|api|10.1/x") == {"found": True, "years": [2010]}
    clock.now += 61
    assert cache.get("crossref|api|10.1/x") is None
    cache.close()
    raw = sqlite3.connect(path).execute("SELECT value FROM results").fetchone()[0]
    assert raw == '{"found":true,"years":[2010]}'  # JSON text, never a pickle


def test_zero_ttl_is_never_stored(tmp_path) -> None:
    cache = ResultCache(str(tmp_path / "c.sqlite3"))
    cache.put("k", {"a": 1}, ttl=0)
    assert cache.get("k") is None


def test_persists_across_runs(tmp_path) -> None:
    path = str(tmp_path / "sub" / "c.sqlite3")
    first = ResultCache(path)
    first.put("k", [1, 2], ttl=100)
    first.close()
    second = ResultCache(path)
    assert second.get("k") == [1, 2]


def test_read_only_mode_reads_but_never_writes(tmp_path) -> None:
    path = str(tmp_path / "c.sqlite3")
    writer = ResultCache(path)
    writer.put("old", 1, ttl=100)
    writer.close()
    reader = ResultCache(path, mode="read-only")
    assert reader.get("old") == 1
    reader.put("new", 2, ttl=100)
    reader.close()
    assert ResultCache(path).get("new") is None


def test_off_mode_and_missing_path(tmp_path) -> None:
    off = ResultCache(str(tmp_path / "c.sqlite3"), mode="off")
    off.put("k", 1, ttl=100)
    assert off.get("k") is None
    assert not (tmp_path / "c.sqlite3").exists()
    assert ResultCache(None).mode == "off"


def test_a_corrupt_file_is_reported_and_skipped(tmp_path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    cache = ResultCache(str(path))
    assert cache.problem and "unusable" in cache.problem
    cache.put("k", 1, ttl=10)
    assert cache.get("k") is None
