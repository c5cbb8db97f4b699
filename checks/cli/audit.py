"""``healthlint audit``: lint thousands of files over every core and write report files.

Each worker process is initialised once (configuration, the check registry and
the spaCy pipeline), then receives paths in small chunks and sends back
FileResults only, never Articles, so a worker's memory does not grow with the
corpus. One bad file never stops the batch: a file that cannot be read, that
crashes a reader, that runs past ``--timeout`` or that kills its worker process
becomes a finding, and the rest of the corpus is still linted.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, TextIO

from checks.cli.startup import freeze_worker, started
from checks.contract.model import Finding, Severity
from checks.engine.article import INTERNAL, FileResult, lint_article, timed_out_result
from checks.engine.deadline import FileTimeout, deadline, timeout_message
from checks.engine.orphans import die_with_parent

LOG_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal
# A pool that breaks before finishing any task this many times in a row cannot start.
MAX_FAILED_STARTS = 2


class WorkerInitError(RuntimeError):
    """A worker could not load the configuration, the checks or the spaCy pipeline."""


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to rebuild the run's configuration (picklable for spawn)."""

    config: str | None
    overrides: dict[str, Any]
    format_in: str | None
    timeout: float


def default_jobs() -> int:
    """Every core this process may run on."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def internal_result(path: str, message: str) -> FileResult:
    """A file that could not be linted because of a healthlint problem, as a finding."""
    finding = Finding(path=path, line=1, column=1, end_line=1, end_column=1, code=INTERNAL,
                      name="internal-error", severity=Severity.ERROR, message=message,
                      excerpt="")
    return FileResult(path, [finding], internal_error=True)


class Linter:
    """Lints one path at a time with a planner and spaCy pipeline loaded once."""

    def __init__(self, spec: WorkerSpec) -> None:
        from checks.engine.runner import Planner
        from checks.settings.config import ConfigResolver

        self.spec = spec
        self.planner = Planner(ConfigResolver(spec.config, spec.overrides))

    def warm_up(self) -> None:
        """Load the spaCy pipeline now rather than inside the first file's deadline."""
        from claims.sentences import get_nlp

        get_nlp()

    def lint(self, path: str) -> FileResult:
        from checks.engine.runner import read_article

        try:
            plan = self.planner.plan(path)
            with deadline(self.spec.timeout):
                article = read_article(path, plan, self.spec.format_in)
                if isinstance(article, FileResult):
                    return article
                return lint_article(article, plan, path)
        except FileTimeout:
            return timed_out_result(path, timeout_message(self.spec.timeout, "--timeout"),
                                    plan)
        except MemoryError:
            return internal_result(path, "ran out of memory while linting this file; skipped")
        except Exception as exc:  # a reader bug on one file must not stop the batch
            frames = [f for f in traceback.extract_tb(exc.__traceback__)
                      if not f.filename.startswith("<")]
            where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
            return internal_result(
                path, f"healthlint failed on this file: {type(exc).__name__}: {exc}{where}")


_WORKER: Linter | None = None
_INIT_ERROR = ""


def _init_worker(spec: WorkerSpec) -> None:
    """Load everything once per worker. Never raises: a failing initialiser would only
    show as an anonymous broken pool, so the error is kept and reported by the first task."""
    global _WORKER, _INIT_ERROR
    die_with_parent()  # a parent killed with SIGKILL must not leave workers behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    gc.disable()  # start-up objects live as long as the worker (see checks.cli.startup)
    try:
        _WORKER = Linter(spec)
        _WORKER.warm_up()
    except Exception as exc:
        _INIT_ERROR = f"{type(exc).__name__}: {exc}"
    freeze_worker()


def _lint_chunk(paths: Sequence[str]) -> list[FileResult]:
    if _WORKER is None or _INIT_ERROR:
        raise WorkerInitError(f"an audit worker failed to start: {_INIT_ERROR or 'no linter'}")
    return [_WORKER.lint(path) for path in paths]


def chunk_size(total: int, jobs: int) -> int:
    """Small enough to balance the tail across workers, big enough to amortise IPC."""
    return max(1, min(16, total // max(1, jobs * 16)))


def _pool_context() -> Any:
    # fork shares the already-imported healthlint modules with the workers; elsewhere
    # (macOS, Windows) the platform default is the safe choice.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


@dataclass
class _Pool:
    """A process pool that is rebuilt when a worker dies, isolating the file that killed it.

    When a worker dies, every file that was in flight becomes a suspect; suspects are
    then linted one at a time, so the next death names its file exactly and that file
    becomes a finding.
    """

    spec: WorkerSpec
    jobs: int
    on_result: Callable[[FileResult], None]
    executor: ProcessPoolExecutor | None = None
    failed_starts: int = 0
    completed: int = 0  # tasks completed by the current pool
    suspects: deque[str] = field(default_factory=deque)

    def _start(self) -> ProcessPoolExecutor:
        self.completed = 0
        self.executor = ProcessPoolExecutor(self.jobs, mp_context=_pool_context(),
                                            initializer=_init_worker, initargs=(self.spec,))
        return self.executor

    def _restart(self, attributed: bool) -> ProcessPoolExecutor:
        if self.completed == 0 and not attributed:
            self.failed_starts += 1
            if self.failed_starts >= MAX_FAILED_STARTS:
                raise WorkerInitError("audit worker processes keep dying before linting any "
                                      "file; try --jobs 1 to see the error")
        else:
            self.failed_starts = 0
        self.close()
        return self._start()

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def run(self, chunks: deque[list[str]]) -> None:
        executor = self._start()
        # future -> (its files, whether it is a lone suspect)
        in_flight: dict[Future[list[FileResult]], tuple[list[str], bool]] = {}
        window = self.jobs * 2
        try:
            while chunks or self.suspects or in_flight:
                refused = False
                if self.suspects:
                    if not in_flight:
                        path = self.suspects.popleft()
                        if not _submit(executor, in_flight, [path], lone=True):
                            self.suspects.appendleft(path)
                            refused = True
                else:
                    while chunks and len(in_flight) < window:
                        chunk = chunks.popleft()
                        if not _submit(executor, in_flight, chunk, lone=False):
                            chunks.appendleft(chunk)
                            refused = True
                            break
                if refused and not in_flight:
                    executor = self._restart(attributed=False)
                    continue
                # (work refused while futures are in flight: they report the death below)
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = attributed = False
                for future in done:
                    chunk, lone = in_flight.pop(future)
                    try:
                        results = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if lone:
                            attributed = True
                            self.on_result(internal_result(
                                chunk[0], "the worker process died while linting this file "
                                          "(a crash or out of memory); the file was skipped"))
                        else:
                            self.suspects.extend(chunk)
                        continue
                    except WorkerInitError:
                        raise
                    except Exception as exc:  # e.g. a result that cannot be pickled
                        if len(chunk) == 1:
                            self.on_result(internal_result(
                                chunk[0], "cannot return this file's results from the "
                                          f"worker: {type(exc).__name__}: {exc}"))
                        else:
                            chunks.extendleft([p] for p in reversed(chunk))
                        continue
                    self.completed += 1
                    for result in results:
                        self.on_result(result)
                if broken:
                    for chunk, _lone in in_flight.values():
                        self.suspects.extend(chunk)
                    in_flight.clear()
                    executor = self._restart(attributed)
        finally:
            self.close()


def _submit(executor: ProcessPoolExecutor,
            in_flight: dict[Future[list[FileResult]], tuple[list[str], bool]],
            paths: list[str], *, lone: bool) -> bool:
    """Submit ``paths``; False when the pool is already broken (a worker died between two
    submissions, before any future said so)."""
    try:
        in_flight[executor.submit(_lint_chunk, paths)] = (paths, lone)
    except BrokenProcessPool:
        return False
    return True


def lint_in_process(files: Sequence[str], spec: WorkerSpec,
                    on_result: Callable[[FileResult], None]) -> None:
    """``--jobs 1``: the same linting, in this process."""
    linter = Linter(spec)
    linter.warm_up()
    started()
    for path in files:
        on_result(linter.lint(path))


def lint_parallel(files: Sequence[str], spec: WorkerSpec, jobs: int,
                  on_result: Callable[[FileResult], None]) -> None:
    """Lint ``files`` over ``jobs`` worker processes, calling ``on_result`` as each finishes.

    Largest files go first so that the last chunks, which decide the wall time, are small.
    """
    started()  # the workers are forked with the collector on and start-up objects frozen
    ordered = sorted(files, key=_size, reverse=True)
    size = chunk_size(len(ordered), jobs)
    chunks = deque(list(ordered[i:i + size]) for i in range(0, len(ordered), size))
    _Pool(spec, jobs, on_result).run(chunks)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class Progress:
    """A live rich progress bar on a terminal; plain periodic lines otherwise (logs, CI).

    rich is imported only for the live bar, so a run in CI or under pre-commit never
    loads it."""

    def __init__(self, total: int, stream: TextIO, enabled: bool = True,
                 color: str = "auto") -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 0
        self.tty = self.enabled and _isatty(stream)
        self.done = 0
        self.findings = 0
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._last_decile = 0
        self._live: Any = None
        self._task: Any = None
        if self.tty:
            self._start_live(color)

    def _start_live(self, color: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        from checks.output.colour import wants_colour

        console = Console(file=self.stream, no_color=not wants_colour(color, self.stream),
                          highlight=False)
        self._live = RichProgress(
            TextColumn("healthlint audit"), BarColumn(), MofNCompleteColumn(),
            TaskProgressColumn(), TextColumn("{task.fields[rate]} files/s"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[findings]} findings"),
            console=console, transient=False, refresh_per_second=8)
        self._task = self._live.add_task("audit", total=self.total, rate="0.0", findings=0)
        self._live.start()

    def update(self, result: FileResult) -> None:
        self.done += 1
        self.findings += len(result.findings)
        if not self.enabled:
            return
        now = time.monotonic()
        if self._live is not None:
            rate, _ = self._rate(now)
            self._live.update(self._task, completed=self.done, rate=f"{rate:.1f}",
                              findings=self.findings)
            return
        # Logs get a line per tenth of the corpus or per half minute, never more often
        # than every few seconds (so short runs print only the summary).
        decile = self.done * 10 // self.total
        if now - max(self._last_draw, self.started) < LOG_EVERY:
            return
        if decile > self._last_decile or now - self._last_draw >= 30:
            self._last_decile = decile
            self._last_draw = now
            self.stream.write(self._line(now) + "\n")
            self.stream.flush()

    def finish(self) -> None:
        if not self.enabled:
            return
        if self._live is not None:
            self._live.stop()
            self._live = None
        elif self._last_draw and self._last_decile < 10:
            self.stream.write(self._line(time.monotonic()) + "\n")  # end the log at 100%
        self.stream.flush()

    def _rate(self, now: float) -> tuple[float, str]:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        if self.done and self.done < self.total:
            eta = (self.total - self.done) / max(rate, 1e-9)
            return rate, f"ETA {_duration(eta)}"
        return rate, f"in {_duration(elapsed)}"

    def _line(self, now: float) -> str:
        rate, eta = self._rate(now)
        return (f"healthlint audit: {self.done}/{self.total} files "
                f"({self.done * 100 // self.total}%), {self.findings} findings, "
                f"{rate:.1f} files/s, {eta}")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def cmd_audit(args: argparse.Namespace) -> int:
    """Lint every file under PATHS in parallel and write the report files."""
    from checks import __version__
    from checks.cli.common import (
        EXIT_CLEAN,
        EXIT_ERROR,
        EXIT_FINDINGS,
        UsageError,
        check_codes,
        config_overrides,
    )
    from checks.cli.discovery import discover
    from checks.engine.runner import Planner
    from checks.output.audit_report import write_reports
    from checks.output.audit_spool import ResultSpool
    from checks.output.reporters import Report
    from checks.settings.config import ConfigResolver

    jobs = args.jobs if args.jobs else default_jobs()
    if jobs < 0:
        raise UsageError("--jobs must be 0 (every core) or a positive number")
    overrides = config_overrides(args)
    resolver = ConfigResolver(args.config, overrides)

    def exclude_for(path: str) -> tuple[str, list[str]]:
        s = resolver.for_path(path)
        return s.root, [*s.exclude, *s.extend_exclude]

    files = discover(args.paths, exclude_for, args.force_exclude, args.follow_symlinks)
    # Plan every file up front: a bad configuration file is exit 2 before any work starts,
    # and the parent needs each file's fail-on anyway.
    planner = Planner(resolver)
    spec = WorkerSpec(args.config, overrides, args.format_in, args.timeout)
    check_codes(args, planner.registry_for(resolver.for_path(files[0] if files else ".")))
    for path in files:
        planner.plan(path)
    progress = Progress(len(files), sys.stderr, enabled=not args.quiet,
                        color=getattr(args, "color", "auto"))
    failing = False

    with ResultSpool() as spool:
        def collect(result: FileResult) -> None:
            nonlocal failing
            spool.add(result)
            progress.update(result)
            if not failing and result.findings:
                fail_on = Severity(planner.plan(result.path).settings.fail_on).rank
                failing = any(f.severity.rank >= fail_on for f in result.findings)

        started = time.monotonic()
        jobs = max(1, min(jobs, len(files)))
        try:
            if jobs == 1:
                lint_in_process(files, spec, collect)
            else:
                lint_parallel(files, spec, jobs, collect)
        except WorkerInitError as exc:
            progress.finish()
            print(f"healthlint: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        progress.finish()
        elapsed = time.monotonic() - started

        registry = planner.registry_for(resolver.for_path(files[0] if files else "."))
        context = Report([], registry, __version__)
        written = write_reports(spool, context, args.report_dir, elapsed=elapsed, jobs=jobs)
        if not args.quiet:
            sys.stdout.write(_summary(spool, elapsed, jobs, written))
            sys.stdout.flush()
        internal_error = spool.internal_error

    if internal_error:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _summary(spool: Any, elapsed: float, jobs: int, written: list[str]) -> str:
    files = len(spool)
    findings = spool.findings
    files_with = sum(1 for e in spool.entries if e.findings)
    rate = files / elapsed if elapsed > 0 else 0.0
    parts = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}"
                      for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
                      if (n := spool.by_severity[s]))
    lines = [
        f"Audited {files} file{'s' if files != 1 else ''} in "
        f"{_duration(elapsed)} ({rate:.1f} files/s, {jobs} job{'s' if jobs != 1 else ''}).",
        f"Found {findings} finding{'s' if findings != 1 else ''}"
        + (f" ({parts})" if parts else "")
        + f" in {files_with} file{'s' if files_with != 1 else ''}."
        + (f" {spool.suppressed} suppressed inline." if spool.suppressed else ""),
    ]
    unlinted = sum(1 for e in spool.entries if e.unlinted)
    if unlinted:
        lines.append(f"{unlinted} file{'s' if unlinted != 1 else ''} could not be fully "
                     "linted (see the report).")
    lines.append("Reports: " + ", ".join(written))
    return "\n".join(lines) + "\n"
