"""The results cache: an unchanged file under unchanged settings costs a hash, not a lint.

Like ruff's cache, it lives in ``.healthlint_cache/`` at the configuration's root (the
directory of the settings file, else the working directory), one directory per
healthlint version, one small JSON entry per file and settings. An entry is used only
when all of these match what it was written with:

- the file's bytes (a BLAKE2 digest);
- the settings (every key, the configuration file's own bytes, and any file a setting
  names, by size and modification time: rule packs, policies), the enabled checks and
  their options, the input format, and the day staleness is judged against;
- the healthlint version (the directory name).

Runs that resolve references over the network are never cached: their answers change
without the file changing. An entry is stored under the digest of the very bytes its
findings came from (:attr:`FileResult.digest`): a file edited while it is linted cannot
leave findings under another version's digest. Writes are atomic, and a cache that
cannot be read or written is silently skipped: the cache may make a run faster, never
make it fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from contextlib import suppress
from dataclasses import dataclass, field, fields
from typing import Any

from checks import __version__
from checks.contract.model import Edit, Finding, Fix, Severity
from checks.engine.article import TIMED_OUT, FileResult, Plan
from checks.engine.staging import remove_stale
from claims.read import UnreadableFile, read_bytes

CACHE_DIR = ".healthlint_cache"
# An entry being written: ``<entry>.json.<pid>.tmp``; a killed run's is removed later.
_TEMPORARY = re.compile(r"^[0-9a-f]+\.json\.(?P<pid>\d+)\.tmp$")
ENV_CACHE_DIR = "HEALTHLINT_CACHE_DIR"
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by healthlint.\n")


def content_digest(data: bytes) -> str:
    """The digest a file's bytes are cached under."""
    return _digest(data)


def _digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _named_files(value: Any, root: str, found: set[str]) -> None:
    """Every existing file that a setting's string value names (relative to the root)."""
    if isinstance(value, str):
        if value and len(value) < 4096 and ("/" in value or "." in value):
            candidate = os.path.join(root, value)
            if os.path.isfile(candidate):
                found.add(os.path.abspath(candidate))
    elif isinstance(value, dict):
        for item in value.values():
            _named_files(item, root, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _named_files(item, root, found)


def _file_stamp(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


# The packages whose data files (learned weights, lexicons, rule packs) the checks read.
_DATA_PACKAGES = ("claims", "checks")


def _package_data() -> list[str]:
    """The data files the checks read: relearning a model in a development install changes
    findings without changing the version, so their stamps are part of the key. The whole
    package trees are walked, so a data file in a new folder cannot be missed."""
    base = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    found: list[str] = []
    for package in _DATA_PACKAGES:
        for folder, subfolders, names in os.walk(os.path.join(base, package)):
            subfolders[:] = [d for d in subfolders if d != "__pycache__"]
            found.extend(os.path.join(folder, name) for name in names
                         if name.endswith((".json", ".yaml")))
    return sorted(found)


def settings_fingerprint(plan: Plan, format_in: str | None) -> str:
    """Everything besides the file's bytes that can change its findings."""
    settings = plan.settings
    key_items = settings.key_items()
    if not settings.today:
        key_items["today"] = dt.date.today().isoformat()
    config_bytes = b""
    if settings.source not in ("", "defaults") and os.path.isfile(settings.source):
        try:
            with open(settings.source, "rb") as handle:
                config_bytes = handle.read()
        except OSError:
            config_bytes = b"unreadable"
    named: set[str] = set()
    _named_files(key_items, settings.root, named)
    checks = [(c.code, c.source, c.preview) for c in plan.checks]
    description = json.dumps(
        {"settings": key_items, "root": os.path.abspath(settings.root),
         "source": settings.source, "checks": checks, "options": plan.options,
         "format_in": format_in, "files": sorted(_file_stamp(p) for p in named),
         "data": [_file_stamp(p) for p in _package_data()]},
        sort_keys=True, default=repr)
    return _digest(__version__.encode(), description.encode("utf-8"), config_bytes)


# Every FileResult field but the path, the findings (kept apart) and the digest (the
# entry's key): the error, its code, the count of inline suppressions, and whatever a
# later version adds.
_KEPT = tuple(f.name for f in fields(FileResult)
              if f.name not in ("path", "findings", "digest"))


def _finding_to_json(f: Finding) -> dict[str, Any]:
    out = f.to_json()
    out["start"], out["end"] = f.start, f.end
    return out


def _finding_from_json(data: dict[str, Any], path: str) -> Finding:
    fix = None
    if "fix" in data:
        raw = data["fix"]
        fix = Fix(raw["description"],
                  tuple(Edit(e["start"], e["end"], e["content"]) for e in raw["edits"]),
                  raw["applicability"])
    return Finding(path=path, line=data["line"], column=data["column"],
                   end_line=data["end_line"], end_column=data["end_column"], code=data["code"],
                   name=data["name"], severity=Severity(data["severity"]),
                   message=data["message"], excerpt=data["excerpt"], start=data["start"],
                   end=data["end"], fix=fix, data=dict(data.get("data") or {}))


@dataclass
class ResultsCache:
    """Looks up and stores FileResults; counts hits and misses for the summary and tests."""

    directory: str | None = None  # overrides the per-root location (HEALTHLINT_CACHE_DIR)
    hits: int = 0
    misses: int = 0
    _fingerprints: dict[int, tuple[Plan, str]] = field(default_factory=dict)
    _ready: set[str] = field(default_factory=set)
    _swept: set[str] = field(default_factory=set)  # shards cleared of stale temporaries

    @classmethod
    def from_environment(cls) -> ResultsCache:
        return cls(os.environ.get(ENV_CACHE_DIR) or None)

    def _fingerprint(self, plan: Plan, format_in: str | None) -> str:
        known = self._fingerprints.get(id(plan))
        if known is not None and known[0] is plan:  # the plan is kept, so its id is not reused
            return known[1]
        value = settings_fingerprint(plan, format_in)
        self._fingerprints[id(plan)] = (plan, value)
        return value

    def _directory(self, plan: Plan) -> str:
        base = self.directory or os.path.join(plan.settings.root, CACHE_DIR)
        return os.path.join(base, __version__)

    def _entry(self, path: str, plan: Plan, format_in: str | None) -> str:
        name = _digest(os.path.abspath(path).encode("utf-8", "surrogateescape"),
                       self._fingerprint(plan, format_in).encode())
        return os.path.join(self._directory(plan), name[:2], name + ".json")

    def lookup(self, path: str, plan: Plan, format_in: str | None
               ) -> tuple[FileResult | None, bytes | None]:
        """The cached result for ``path``, or on a miss the bytes that were hashed.

        Linting those bytes (rather than reading the file again) costs one read and
        keeps the digest true to the findings. ``(None, None)``: this file cannot be
        cached (unreadable, or a resolving run).
        """
        if plan.settings.resolve:
            return None, None
        try:  # read as the linter reads: a FIFO or /dev/zero must not hang or fill memory
            data = read_bytes(path, plan.settings.max_file_size)
        except UnreadableFile:
            return None, None
        content = content_digest(data)
        entry = self._entry(path, plan, format_in)
        try:
            with open(entry, encoding="utf-8") as handle:
                stored = json.load(handle)
            if stored.get("content") != content:
                raise ValueError("changed")
            result = FileResult(path, [_finding_from_json(f, path) for f in stored["findings"]],
                                **{k: v for k, v in stored["result"].items() if k in _KEPT})
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None, data
        self.hits += 1
        result.digest = content
        return result, None

    def store(self, result: FileResult, plan: Plan, format_in: str | None) -> None:
        """Keep ``result`` under the digest of the bytes it was linted from."""
        content = result.digest
        if content is None or result.internal_error or plan.settings.resolve \
                or result.error_code == TIMED_OUT:  # a busy machine, not the file's verdict
            return
        try:
            body = json.dumps({"content": content,
                               "result": {k: getattr(result, k) for k in _KEPT},
                               "findings": [_finding_to_json(f) for f in result.findings]},
                              separators=(",", ":"))
        except (TypeError, ValueError):
            return  # a finding carries data JSON cannot hold: lint it again next time
        entry = self._entry(result.path, plan, format_in)
        try:
            self._prepare(os.path.dirname(os.path.dirname(entry)))
            shard = os.path.dirname(entry)
            os.makedirs(shard, exist_ok=True)
            if shard not in self._swept:  # a killed run's temporaries, once per run
                remove_stale(shard, _TEMPORARY)
                self._swept.add(shard)
            tmp = f"{entry}.{os.getpid()}.tmp"
            try:
                with open(tmp, "w", encoding="utf-8") as handle:
                    handle.write(body)
                os.replace(tmp, entry)
            except BaseException:
                with suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return

    def _prepare(self, version_dir: str) -> None:
        """Create the cache directory with a CACHEDIR.TAG and a .gitignore, as ruff does."""
        if version_dir in self._ready:
            return
        base = os.path.dirname(version_dir)
        os.makedirs(version_dir, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# Automatically created "
                                                     "by healthlint.\n*\n")):
            target = os.path.join(base, name)
            if not os.path.exists(target):
                with open(target, "w", encoding="utf-8") as handle:
                    handle.write(text)
        self._ready.add(version_dir)
