"""Where an audit keeps its results: on disk, with a small index and counters in memory.

A corpus of a hundred thousand pages yields millions of findings; holding them (and
then the JSON and SARIF documents built from them) in memory would make the audit's
memory grow with the corpus. The spool appends each file's pickled FileResult to an
anonymous temporary file as it arrives and keeps only what the reports need up
front: per-file counts (to order files worst first) and per-code totals. Report
writers then read results back one file at a time.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from checks.contract.model import Severity
from checks.engine.article import FileResult


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

    @property
    def findings(self) -> int:
        return self.errors + self.warnings + self.infos

    def worst_first(self) -> tuple[int, int, int, str]:
        return (-self.errors, -self.warnings, -self.infos, self.path)


class ResultSpool:
    """FileResults on disk in arrival order; the index and the totals in memory."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="healthlint-audit-")  # noqa: SIM115 (closed by close())
        self._end = 0
        self.entries: list[Entry] = []
        self.by_code: Counter[str] = Counter()
        self.files_by_code: Counter[str] = Counter()
        self.by_severity: Counter[Severity] = Counter()
        self.by_code_severity: Counter[tuple[str, Severity]] = Counter()
        self.files_by_code_severity: Counter[tuple[str, Severity]] = Counter()
        self.names: dict[str, str] = {}
        self.internal_error = False
        self.suppressed = 0  # findings removed by inline suppressions

    def __enter__(self) -> ResultSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def findings(self) -> int:
        return sum(self.by_code.values())

    def add(self, result: FileResult) -> None:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        self._file.flush()  # on disk for positioned reads; nothing buffered at a fork
        severities = Counter(f.severity for f in result.findings)
        self.entries.append(Entry(
            result.path, self._end, len(data), severities[Severity.ERROR],
            severities[Severity.WARNING], severities[Severity.INFO],
            bool(result.error or result.internal_error),
        ))
        self._end += len(data)
        self.by_severity.update(severities)
        self.internal_error = self.internal_error or result.internal_error
        self.suppressed += result.suppressed
        for f in result.findings:
            self.by_code[f.code] += 1
            self.names.setdefault(f.code, f.name)
            self.by_code_severity[(f.code, f.severity)] += 1
        self.files_by_code.update({f.code for f in result.findings})
        self.files_by_code_severity.update({(f.code, f.severity) for f in result.findings})

    def load(self, entry: Entry) -> FileResult:
        if hasattr(os, "pread"):  # positioned: safe when a forked report writer reads too
            data = os.pread(self._file.fileno(), entry.size, entry.offset)
        else:
            self._file.seek(entry.offset)
            data = self._file.read(entry.size)
        return pickle.loads(data)

    def by_path(self) -> list[Entry]:
        """Entries in path order: the order of ``Report.results`` in ``healthlint check``."""
        return sorted(self.entries, key=lambda e: e.path)

    def results(self, entries: list[Entry] | None = None) -> Iterator[FileResult]:
        """Results one at a time, in path order unless ``entries`` says otherwise."""
        for entry in self.by_path() if entries is None else entries:
            yield self.load(entry)
