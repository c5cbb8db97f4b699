"""A persistent SQLite cache of resolver results, JSON only (never pickle).

Entries are parsed registry answers keyed by endpoint, base URL and normalised
identifier, each with its own expiry (the caller picks the TTL by what the
answer is). Transient failures are never stored. A cache file that cannot be
opened or is corrupt is reported once and the run continues without it.

Why not requests-cache (it was once a declared dependency, and nothing used it):
it caches HTTP responses, and what is worth keeping here is the *answer* — a DOI's
parsed Crossref record, "PMID not found", a URL's final status — keyed by the
normalised identifier rather than by request URL, so the same DOI written three ways,
or resolved through doi.org once and Crossref another time, is one entry. Expiry
depends on that answer (a retraction notice is kept longer than a 404), transient
failures (429, 5xx, timeouts) must never be stored whatever their headers say, and
the stored form is JSON, never pickle, so a shared cache file cannot run code.
requests-cache's per-URL, header-driven, pickle-by-default store would need all of
that rebuilt around it; this module is that, in under a hundred and fifty lines.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

SCHEMA = 1


class ResultCache:
    """``get``/``put`` JSON values with per-entry expiry.

    ``mode``: ``"read-write"`` (normal), ``"read-only"`` (cache-only runs: never
    written), or ``"off"`` (``--no-cache``: nothing read or written).
    """

    def __init__(self, path: str | None, mode: str = "read-write",
                 clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.mode = mode if path else "off"
        self.clock = clock
        self.problem: str | None = None
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if self.mode != "off":
            self._open()

    def _open(self) -> None:
        assert self.path is not None
        if self.mode == "read-only":
            self._open_read_only()
            return
        if not _writable(self.path):  # a cache shared read-only (a CI image, another user's)
            self._open_read_only()
            self._note_read_only()
            return
        try:
            directory = os.path.dirname(os.path.abspath(self.path))
            os.makedirs(directory, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10, check_same_thread=False,
                                 isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
                " stored REAL NOT NULL, expires REAL NOT NULL)"
            )
            row = db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            elif row[0] != str(SCHEMA):
                db.execute("DELETE FROM results")
                db.execute("UPDATE meta SET v=? WHERE k='schema'", (str(SCHEMA),))
            self._db = db
        except (sqlite3.Error, OSError) as exc:
            self._unusable(exc)

    def _open_read_only(self) -> None:
        """Read without writing anything, not even SQLite's journal or schema.

        ``mode=ro`` still needs the WAL index beside the file; where the directory is not
        writable either, ``immutable=1`` reads the file as it stands (a closed cache has
        its WAL checkpointed, so nothing is missed).
        """
        assert self.path is not None
        if not os.path.exists(self.path):
            return
        self.mode = "read-only"
        uri = "file:" + urllib.parse.quote(os.path.abspath(self.path))
        last: Exception | None = None
        for options in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                db = sqlite3.connect(uri + options, uri=True, timeout=10,
                                     check_same_thread=False, isolation_level=None)
                row = db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
            except sqlite3.Error as exc:
                last = exc
                continue
            if row is None or row[0] != str(SCHEMA):
                db.close()
                self.problem = (f"resolver cache {self.path} was written by another version "
                                "and is read-only; running without it")
                return
            self._db = db
            return
        self._unusable(last or sqlite3.Error("cannot open"))

    def _note_read_only(self) -> None:
        if self._db is not None:
            self.problem = (f"resolver cache {self.path} is read-only; it is read, and this "
                            "run's results are not stored")

    def _unusable(self, exc: BaseException) -> None:
        self.problem = f"resolver cache {self.path} is unusable ({exc}); running without it"
        self._db = None

    def get(self, key: str) -> Any | None:
        """The stored value if present and fresh, else ``None``."""
        if self._db is None:
            return None
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT value, expires FROM results WHERE key=?", (key,)
                ).fetchone()
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None or row[1] <= self.clock():
            self.misses += 1
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any, ttl: float) -> None:
        if self._db is None or self.mode != "read-write" or ttl <= 0:
            return
        now = self.clock()
        text = json.dumps(value, separators=(",", ":"), sort_keys=True)
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                    (key, text, now, now + ttl),
                )
        except sqlite3.Error as exc:
            self._fail(exc)

    def purge_expired(self) -> None:
        if self._db is None or self.mode != "read-write":
            return
        try:
            with self._lock:
                self._db.execute("DELETE FROM results WHERE expires <= ?", (self.clock(),))
        except sqlite3.Error as exc:
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        self.problem = f"resolver cache {self.path} failed ({exc}); continuing without it"
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                try:
                    self._db.close()
                finally:
                    self._db = None


def _writable(path: str) -> bool:
    """Whether SQLite could write the cache (and its journal beside it): the one place a
    read-only cache is recognised, before SQLite is asked to write anything."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.exists(path):
        return os.access(path, os.W_OK) and os.access(directory, os.W_OK)
    return True  # created on open (or reported as unusable there)


def default_cache_path() -> str:
    """``$XDG_CACHE_HOME/healthlint/resolver.sqlite3`` (``~/.cache`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "healthlint", "resolver.sqlite3")
