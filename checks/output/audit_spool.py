"""Where an audit keeps its results: on disk, with a small index and counters in memory.

A corpus of a hundred thousand pages yields millions of findings; holding them (and
then the JSON and SARIF documents built from them) in memory would make the audit's
memory grow with the corpus. The spool appends each file's pickled FileResult to a
file as it arrives and keeps only what the reports need up front: per-file counts
(to order files worst first), per-code totals and the claim inventory's totals.
Report writers then read results back one file at a time.

Given a directory, the spool is also what ``audit --resume`` continues from: every
record is length-prefixed and flushed as it arrives, so after Ctrl-C or a kill the
records before the cut are intact; a torn last record is cut off on resume, and a
fingerprint of the run (files and options) makes sure a spool is only ever resumed
by the audit that wrote it.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import struct
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from checks.contract.model import Severity
from checks.engine.article import FileResult

SPOOL_VERSION = 1
RESULTS = "results.bin"
RUN = "run.json"
_LENGTH = struct.Struct(">Q")


class SpoolMismatch(Exception):
    """``--resume`` found a spool written by a different audit (other files or options)."""


@dataclass(frozen=True)
class Entry:
    """One file's place in the spool and its counts."""

    path: str
    offset: int
    size: int
    errors: int
    warnings: int
    infos: int
    unlinted: bool  # unreadable, or healthlint failed on it
    claims: int = 0
    uncited_claims: int = 0

    @property
    def findings(self) -> int:
        return self.errors + self.warnings + self.infos

    def worst_first(self) -> tuple[int, int, int, str]:
        return (-self.errors, -self.warnings, -self.infos, self.path)


class ResultSpool:
    """FileResults on disk in arrival order; the index and the totals in memory.

    ``directory=None``: an anonymous temporary file, gone when closed. With a directory,
    the records persist until :meth:`discard` (after the reports are written).
    """

    def __init__(self, directory: str | None = None, *, fingerprint: str = "",
                 resume: bool = False) -> None:
        self.directory = directory
        self.entries: list[Entry] = []
        self.by_code: Counter[str] = Counter()
        self.files_by_code: Counter[str] = Counter()
        self.by_severity: Counter[Severity] = Counter()
        self.by_code_severity: Counter[tuple[str, Severity]] = Counter()
        self.files_by_code_severity: Counter[tuple[str, Severity]] = Counter()
        self.names: dict[str, str] = {}
        self.claims_by_type: Counter[str] = Counter()
        self.uncited_by_type: Counter[str] = Counter()
        self.internal_error = False
        self.suppressed = 0  # findings removed by inline suppressions
        self.resumed = 0  # files recovered from an interrupted run
        self._file: IO[bytes]
        if directory is None:
            self._file = tempfile.TemporaryFile(prefix="healthlint-audit-")  # noqa: SIM115 (closed by close())
            self._end = 0
            return
        os.makedirs(directory, exist_ok=True)
        results = os.path.join(directory, RESULTS)
        if resume and os.path.exists(results):
            written = _read_run(directory)
            if written != fingerprint:
                raise SpoolMismatch(
                    f"{directory} holds an audit of other files or with other options; "
                    "run the audit again without --resume to start afresh")
            self._file = open(results, "r+b")  # noqa: SIM115 (closed by close())
            self._end = self._recover()
            self.resumed = len(self.entries)
            return
        for name in os.listdir(directory):  # a fresh run: nothing of an older one survives
            _remove(os.path.join(directory, name))
        _write_run(directory, fingerprint)
        self._file = open(results, "w+b")  # noqa: SIM115 (closed by close())
        self._end = 0

    def __enter__(self) -> ResultSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def discard(self) -> None:
        """Remove a directory spool (the audit finished; there is nothing to resume)."""
        self.close()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def findings(self) -> int:
        return sum(self.by_code.values())

    @property
    def done(self) -> set[str]:
        return {e.path for e in self.entries}

    @property
    def claims(self) -> int:
        return sum(self.claims_by_type.values())

    @property
    def uncited_claims(self) -> int:
        return sum(self.uncited_by_type.values())

    def add(self, result: FileResult, claims: Mapping[str, tuple[int, int]] | None = None
            ) -> None:
        """Append one file's result; ``claims`` maps claim type to (claims, uncited)."""
        record = {"result": result, "claims": dict(claims or {})}
        data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(_LENGTH.pack(len(data)) + data)
        self._file.flush()  # on disk for positioned reads, and for --resume after a kill
        self._account(record, self._end + _LENGTH.size, len(data))
        self._end += _LENGTH.size + len(data)

    def _account(self, record: dict[str, Any], offset: int, size: int) -> None:
        result: FileResult = record["result"]
        claims: dict[str, tuple[int, int]] = record["claims"]
        severities = Counter(f.severity for f in result.findings)
        self.entries.append(Entry(
            result.path, offset, size, severities[Severity.ERROR],
            severities[Severity.WARNING], severities[Severity.INFO],
            bool(result.error or result.internal_error),
            sum(n for n, _ in claims.values()), sum(u for _, u in claims.values()),
        ))
        for kind, (n, uncited) in claims.items():
            self.claims_by_type[kind] += n
            self.uncited_by_type[kind] += uncited
        self.by_severity.update(severities)
        self.internal_error = self.internal_error or result.internal_error
        self.suppressed += result.suppressed
        for f in result.findings:
            self.by_code[f.code] += 1
            self.names.setdefault(f.code, f.name)
            self.by_code_severity[(f.code, f.severity)] += 1
        self.files_by_code.update({f.code for f in result.findings})
        self.files_by_code_severity.update({(f.code, f.severity) for f in result.findings})

    def _recover(self) -> int:
        """Re-index the records of an interrupted run; cut off a torn last one."""
        end = 0
        self._file.seek(0)
        while True:
            head = self._file.read(_LENGTH.size)
            if len(head) < _LENGTH.size:
                break
            (size,) = _LENGTH.unpack(head)
            data = self._file.read(size)
            if len(data) < size:
                break
            try:
                record = pickle.loads(data)
            except Exception:  # torn or garbled: everything from here is relinted
                break
            self._account(record, end + _LENGTH.size, size)
            end += _LENGTH.size + size
        self._file.truncate(end)
        return end

    def load(self, entry: Entry) -> FileResult:
        if hasattr(os, "pread"):  # positioned: safe when a forked report writer reads too
            data = os.pread(self._file.fileno(), entry.size, entry.offset)
        else:
            self._file.seek(entry.offset)
            data = self._file.read(entry.size)
        return pickle.loads(data)["result"]

    def by_path(self) -> list[Entry]:
        """Entries in path order: the order of ``Report.results`` in ``healthlint check``."""
        return sorted(self.entries, key=lambda e: e.path)

    def results(self, entries: list[Entry] | None = None) -> Iterator[FileResult]:
        """Results one at a time, in path order unless ``entries`` says otherwise."""
        for entry in self.by_path() if entries is None else entries:
            yield self.load(entry)

    # -- what a resumed run must not recompute

    def save(self, name: str, value: Any) -> None:
        """Keep ``value`` beside the records (atomically), e.g. the run's resolutions."""
        if self.directory is None:
            return
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
        with os.fdopen(fd, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, os.path.join(self.directory, name))

    def restore(self, name: str) -> Any | None:
        if self.directory is None:
            return None
        try:
            with open(os.path.join(self.directory, name), "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None


def _read_run(directory: str) -> str | None:
    try:
        with open(os.path.join(directory, RUN), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != SPOOL_VERSION:
        return None
    return data.get("fingerprint")


def _write_run(directory: str, fingerprint: str) -> None:
    with open(os.path.join(directory, RUN), "w", encoding="utf-8") as handle:
        json.dump({"version": SPOOL_VERSION, "fingerprint": fingerprint}, handle)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)
