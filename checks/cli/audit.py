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
import contextlib
import dataclasses
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from checks import __version__
from checks.cli.audit_worker import (
    ClaimCounts,
    Linted,
    Linter,
    OnResult,
    WorkerInitError,
    WorkerSpec,
    init_worker,
    internal_result,
    lint_chunk,
    load_resolutions,
)
from checks.cli.common import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    UsageError,
    check_codes,
    config_overrides,
    load_baseline,
)
from checks.cli.startup import started
from checks.contract.model import Severity
from checks.engine.article import FileResult

if TYPE_CHECKING:
    from checks.output.audit_spool import ResultSpool

__all__ = ["Linter", "Progress", "WorkerSpec", "chunk_size", "cmd_audit", "internal_result"]
SPOOL_DIR = ".spool"  # inside the report directory: what --resume continues from
RESOLUTIONS = "resolutions.pickle"  # the driver's answers, read by every worker
RESOLUTION_STATS = "resolution-stats.pickle"  # what the report says about them

LOG_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal
# A pool that breaks before finishing any task this many times in a row cannot start.
MAX_FAILED_STARTS = 2


def default_jobs() -> int:
    """Every core this process may run on."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


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
    on_result: OnResult
    executor: ProcessPoolExecutor | None = None
    failed_starts: int = 0
    completed: int = 0  # tasks completed by the current pool
    suspects: deque[str] = field(default_factory=deque)

    def _start(self) -> ProcessPoolExecutor:
        self.completed = 0
        self.executor = ProcessPoolExecutor(self.jobs, mp_context=_pool_context(),
                                            initializer=init_worker, initargs=(self.spec,))
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
        in_flight: dict[Future[list[Linted]], tuple[list[str], bool]] = {}
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
                                          "(a crash or out of memory); the file was skipped"),
                                None)
                        else:
                            self.suspects.extend(chunk)
                        continue
                    except WorkerInitError:
                        raise
                    except Exception as exc:  # e.g. a result that cannot be pickled
                        if len(chunk) == 1:
                            self.on_result(internal_result(
                                chunk[0], "cannot return this file's results from the "
                                          f"worker: {type(exc).__name__}: {exc}"), None)
                        else:
                            chunks.extendleft([p] for p in reversed(chunk))
                        continue
                    self.completed += 1
                    for result, claims in results:
                        self.on_result(result, claims)
                if broken:
                    for chunk, _lone in in_flight.values():
                        self.suspects.extend(chunk)
                    in_flight.clear()
                    executor = self._restart(attributed)
        finally:
            self.close()


def _submit(executor: ProcessPoolExecutor,
            in_flight: dict[Future[list[Linted]], tuple[list[str], bool]],
            paths: list[str], *, lone: bool) -> bool:
    """Submit ``paths``; False when the pool is already broken (a worker died between two
    submissions, before any future said so)."""
    try:
        in_flight[executor.submit(lint_chunk, paths)] = (paths, lone)
    except BrokenProcessPool:
        return False
    return True


def lint_in_process(files: Sequence[str], spec: WorkerSpec, on_result: OnResult) -> None:
    """``--jobs 1``: the same linting, in this process."""
    linter = Linter(spec)
    linter.warm_up()
    started()
    for path in files:
        on_result(*linter.lint(path))


def lint_parallel(files: Sequence[str], spec: WorkerSpec, jobs: int,
                  on_result: Callable[[FileResult], None]) -> None:
    """Lint ``files`` over ``jobs`` worker processes, calling ``on_result`` as each finishes
    (``check`` on many files uses this; the audit also wants the claim counts)."""
    lint_parallel_counted(files, spec, jobs, lambda result, _claims: on_result(result))


def lint_parallel_counted(files: Sequence[str], spec: WorkerSpec, jobs: int,
                          on_result: OnResult) -> None:
    """:func:`lint_parallel`, each result with its claim counts.

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
    """Lint every file under PATHS (locally or on a Dask cluster) and write the reports."""
    from checks.cli.discovery import discover
    from checks.engine.runner import Planner, require_weights
    from checks.output.audit_report import write_reports
    from checks.output.audit_spool import ResultSpool, SpoolMismatch
    from checks.output.reporters import Report
    from checks.settings.config import ConfigResolver

    jobs = args.jobs if args.jobs else default_jobs()
    if jobs < 0:
        raise UsageError("--jobs must be 0 (every core) or a positive number")
    overrides = config_overrides(args)
    resolver = ConfigResolver(args.config, overrides)
    baseline = load_baseline(args.baseline) if args.baseline else None
    previous = _load_previous(args.compare)

    def exclude_for(path: str) -> tuple[str, list[str]]:
        s = resolver.for_path(path)
        return s.root, [*s.exclude, *s.extend_exclude]

    files = discover(args.paths, exclude_for, args.force_exclude, args.follow_symlinks)
    # Plan every file up front: a bad configuration file or a broken weight file is exit 2
    # before any work starts, and the parent needs each file's fail-on anyway.
    planner = Planner(resolver)
    check_codes(args, planner.registry_for(resolver.for_path(files[0] if files else ".")))
    resolving = False
    for path in files:
        plan = planner.plan(path)
        require_weights(plan)
        resolving = resolving or any(check.network for check in plan.checks)

    spec = WorkerSpec(args.config, overrides, args.format_in, args.timeout)
    client = _dask_client(args.scheduler) if args.scheduler else None
    say = _sayer(args.quiet)
    failing = False
    try:
        spool = ResultSpool(os.path.join(args.report_dir, SPOOL_DIR),
                            fingerprint=run_fingerprint(files, args, overrides),
                            resume=args.resume)
    except SpoolMismatch as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write to the report directory {args.report_dir}: "
                         f"{exc.strerror or exc}") from None
    _mark_report_dir(args.report_dir)
    with spool:
        if args.resume:
            say(f"healthlint audit: resuming: {spool.resumed:,} of {len(files):,} files "
                "already linted" if spool.resumed else
                "healthlint audit: nothing to resume; starting from the beginning")
        done = spool.done
        todo = [path for path in files if path not in done]
        started_at = time.monotonic()
        resolution: dict[str, Any] = {}
        if resolving and todo:
            resolution = _resolve(spool, files, spec, jobs, client, planner, args, say)
            spec = dataclasses.replace(spec, resolutions=os.path.join(spool.directory or "",
                                                                      RESOLUTIONS))
        elif resolving:
            resolution = spool.restore(RESOLUTION_STATS) or {}
        progress = Progress(len(todo), sys.stderr, enabled=not args.quiet,
                            color=getattr(args, "color", "auto"))

        def fails(result: FileResult) -> bool:
            fail_on = Severity(planner.plan(result.path).settings.fail_on).rank
            return any(f.severity.rank >= fail_on for f in result.findings)

        for entry in spool.entries:  # files an interrupted run already linted
            if entry.findings and not failing:
                failing = fails(spool.load(entry))

        def collect(result: FileResult, claims: ClaimCounts | None) -> None:
            nonlocal failing
            if baseline is not None:
                result.findings = baseline.filter(result.findings)
            spool.add(result, claims)
            progress.update(result)
            if not failing and result.findings:
                failing = fails(result)

        engine = f"Dask at {args.scheduler}" if client is not None else ""
        try:
            workers = _lint(todo, spec, jobs, client, collect)
        except WorkerInitError as exc:
            progress.finish()
            print(f"healthlint: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        finally:
            if client is not None:
                client.close()
        progress.finish()
        elapsed = time.monotonic() - started_at

        registry = planner.registry_for(resolver.for_path(files[0] if files else "."))
        context = Report([], registry, __version__)
        written = write_reports(spool, context, args.report_dir, elapsed=elapsed,
                                jobs=workers, formats=args.report_formats, engine=engine,
                                resolution=resolution, previous=previous)
        if not args.quiet:
            sys.stdout.write(_summary(spool, elapsed, workers, written, len(todo)))
            sys.stdout.flush()
        if baseline is not None and not args.quiet and not spool.resumed:
            stale = baseline.stale(files)
            if stale:
                print(f"healthlint: {stale} baseline entr{'ies' if stale != 1 else 'y'} no "
                      f"longer match; run `healthlint check --create-baseline "
                      f"{args.baseline}` to prune them", file=sys.stderr)
        internal_error = spool.internal_error
    spool.discard()  # finished: nothing left to resume

    if internal_error:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _lint(todo: Sequence[str], spec: WorkerSpec, jobs: int, client: Any,
          collect: OnResult) -> int:
    """Lint ``todo`` on the cluster, the local pool or in this process; the workers used."""
    workers = max(1, min(jobs, len(todo)))
    if not todo:
        return workers  # everything came from the spool
    if client is not None:
        from checks.cli.audit_dask import lint_on_dask

        workers = _dask_workers(client)
        frozen = load_resolutions(spec.resolutions) if spec.resolutions else None
        lint_on_dask(client, todo, dataclasses.replace(spec, resolutions=None), frozen,
                     chunk_size(len(todo), workers), collect)
    elif workers == 1:
        lint_in_process(todo, spec, collect)
    else:
        lint_parallel_counted(todo, spec, workers, collect)
    return workers


def _sayer(quiet: bool) -> Any:
    def say(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr, flush=True)

    return say


def _resolve(spool: ResultSpool, files: Sequence[str], spec: WorkerSpec, jobs: int,
             client: Any, planner: Any, args: argparse.Namespace, say: Any) -> dict[str, Any]:
    """The corpus's identifiers, resolved once by this process and saved beside the spool
    (a resumed audit reads them back rather than resolving again)."""
    from checks.cli.audit_resolve import (
        Collected,
        collect_in_process,
        collect_parallel,
        resolve_corpus,
    )
    from checks.cli.common import resolution_overrides

    stats = spool.restore(RESOLUTION_STATS)
    if stats is not None and os.path.exists(os.path.join(spool.directory or "", RESOLUTIONS)):
        return stats
    started_at = time.monotonic()
    if client is not None:
        from checks.cli.audit_dask import collect_on_dask

        collected = Collected()
        collected.lost = collect_on_dask(client, files, spec, 64, collected.add)
    elif jobs > 1 and len(files) > 1:
        collected = collect_parallel(files, spec, min(jobs, len(files)), _pool_context())
    else:
        collected = collect_in_process(files, spec)
    if collected.lost:
        say(f"healthlint audit: {len(collected.lost)} files could not be read for "
            "resolution; they are linted without it")
    frozen, stats = resolve_corpus(collected.wanted, planner.plan(files[0]).settings,
                                   resolution_overrides(args), say)
    stats["seconds"] = round(time.monotonic() - started_at, 2)
    stats["citing_files"] = collected.files
    spool.save(RESOLUTIONS, frozen)
    spool.save(RESOLUTION_STATS, stats)
    return stats


def _dask_client(address: str) -> Any:
    from checks.cli.audit_dask import DaskUnavailable, connect

    try:
        return connect(address)
    except DaskUnavailable as exc:
        raise UsageError(str(exc)) from None


def _dask_workers(client: Any) -> int:
    try:
        return max(1, len(client.scheduler_info().get("workers", {})))
    except Exception:
        return 1


def run_fingerprint(files: Sequence[str], args: argparse.Namespace,
                    overrides: dict[str, Any]) -> str:
    """Which audit a spool belongs to: the files (with size and mtime) and the options."""
    import hashlib
    import json

    digest = hashlib.sha256()
    options = {"version": __version__, "overrides": overrides, "config": args.config,
               "format_in": args.format_in, "resolve": bool(getattr(args, "resolve", False)),
               "baseline": _file_digest(args.baseline) if args.baseline else None}
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    for path in files:
        try:
            st = os.stat(path)
            stamp = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamp = "missing"
        digest.update(f"\0{path}\0{stamp}".encode())
    return digest.hexdigest()


def _file_digest(path: str) -> str:
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return "unreadable"


def _load_previous(path: str | None) -> Any:
    if not path:
        return None
    from checks.output.audit_trend import PreviousAudit, TrendError

    try:
        return PreviousAudit.load(path)
    except TrendError as exc:
        raise UsageError(str(exc)) from None


REPORT_GITIGNORE = "# written by healthlint audit: reports are not content\n*\n"


def _mark_report_dir(directory: str) -> None:
    """Keep git, and the next ``healthlint check .`` (discovery honours every
    ``.gitignore`` it walks past), out of the report directory."""
    path = os.path.join(directory, ".gitignore")
    if os.path.exists(path):
        return
    with contextlib.suppress(OSError), open(path, "w", encoding="utf-8") as handle:
        handle.write(REPORT_GITIGNORE)


def _summary(spool: Any, elapsed: float, jobs: int, written: list[str], linted: int) -> str:
    files = len(spool)
    findings = spool.findings
    files_with = sum(1 for e in spool.entries if e.findings)
    rate = linted / elapsed if elapsed > 0 else 0.0
    parts = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}"
                      for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
                      if (n := spool.by_severity[s]))
    resumed = f", {spool.resumed:,} more from the interrupted run" if spool.resumed else ""
    lines = [
        f"Audited {linted} file{'s' if linted != 1 else ''} in "
        f"{_duration(elapsed)} ({rate:.1f} files/s, {jobs} job{'s' if jobs != 1 else ''})"
        f"{resumed}.",
        f"Found {findings} finding{'s' if findings != 1 else ''}"
        + (f" ({parts})" if parts else "")
        + f" in {files_with} of {files} file{'s' if files != 1 else ''}."
        + (f" {spool.suppressed} suppressed inline." if spool.suppressed else ""),
    ]
    unlinted = sum(1 for e in spool.entries if e.unlinted)
    if unlinted:
        lines.append(f"{unlinted} file{'s' if unlinted != 1 else ''} could not be fully "
                     "linted (see the report).")
    lines.append("Reports: " + ", ".join(written))
    return "\n".join(lines) + "\n"
