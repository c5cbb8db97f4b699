"""The worker's side of ``healthlint audit``: what lints one file, wherever it runs.

Shared by the local process pool, the resolution pre-pass and the Dask path, so a file
is read, linted and turned into a result the same way on every executor. One bad file
never stops the batch: a file that cannot be read, that crashes a reader or that runs
past ``--timeout`` becomes a finding.
"""

from __future__ import annotations

import gc
import signal
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checks.cli.startup import after_file, freeze_worker
from checks.contract.model import Finding, Severity
from checks.engine.article import INTERNAL, FileResult, timed_out_result
from checks.engine.deadline import FileTimeout, deadline, timeout_message
from checks.engine.orphans import die_with_parent

if TYPE_CHECKING:
    from checks.resolve.collect import Wanted


class WorkerInitError(RuntimeError):
    """A worker could not load the configuration, the checks or the spaCy pipeline."""


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to rebuild the run's configuration (picklable for spawn)."""

    config: str | None
    overrides: dict[str, Any]
    format_in: str | None
    timeout: float
    resolutions: str | None = None  # a pickled FrozenResolutions the driver resolved
    timeout_name: str = "--timeout"  # the option that set it, for HL908's message


# What a worker sends back per file: its result and the claim inventory's counts
# (claim type -> (claims, uncited claims)).
ClaimCounts = dict[str, tuple[int, int]]
Linted = tuple[FileResult, ClaimCounts]
OnResult = Callable[[FileResult, "ClaimCounts | None"], None]


def internal_result(path: str, message: str) -> FileResult:
    """A file that could not be linted because of a healthlint problem, as a finding."""
    finding = Finding(path=path, line=1, column=1, end_line=1, end_column=1, code=INTERNAL,
                      name="internal-error", severity=Severity.ERROR, message=message,
                      excerpt="")
    return FileResult(path, [finding], internal_error=True)


class Linter:
    """Lints one path at a time with a planner and spaCy pipeline loaded once."""

    def __init__(self, spec: WorkerSpec, resolutions: Any = None) -> None:
        from checks.engine.runner import Planner
        from checks.settings.config import ConfigResolver

        self.spec = spec
        self.planner = Planner(ConfigResolver(spec.config, spec.overrides))
        if resolutions is None and spec.resolutions:
            resolutions = load_resolutions(spec.resolutions)
        self.resolutions = resolutions

    def warm_up(self) -> None:
        """Load the spaCy pipeline now rather than inside the first file's deadline."""
        from claims.sentences import get_nlp

        get_nlp()

    def lint(self, path: str) -> Linted:
        from checks.engine.runner import lint_file

        plan = None
        try:
            plan = self.planner.plan(path)
            with deadline(self.spec.timeout):
                services = {"resolutions": self.resolutions} if self.resolutions else None
                result, article = lint_file(path, plan, self.spec.format_in, services)
                return result, claim_counts(article) if article is not None else {}
        except FileTimeout:
            message = timeout_message(self.spec.timeout, self.spec.timeout_name)
            if plan is None:
                return internal_result(path, message), {}
            return timed_out_result(path, message, plan), {}
        except MemoryError:
            return internal_result(path, "ran out of memory while linting this file; "
                                         "skipped"), {}
        except Exception as exc:  # a reader bug on one file must not stop the batch
            frames = [f for f in traceback.extract_tb(exc.__traceback__)
                      if not f.filename.startswith("<")]
            where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
            return internal_result(
                path, f"healthlint failed on this file: {type(exc).__name__}: {exc}{where}"), {}

    def wanted(self, path: str) -> Wanted | None:
        """What the file cites, to resolve before linting (None: nothing to resolve)."""
        from checks.resolve.collect import wanted_in
        from claims.citations import analyse_citations
        from claims.read import read
        from claims.references import parse_references

        try:
            plan = self.planner.plan(path)
            if not any(check.network for check in plan.checks):
                return None
            article = read(path, self.spec.format_in, max_bytes=plan.settings.max_file_size,
                           analyse=False)
            # the references and citations the lint pass will see, without sentence
            # segmentation or claim detection (spaCy)
            article.references = parse_references(article)
            analyse_citations(article)
            return wanted_in(article)
        except Exception:  # unreadable or a reader bug: the lint pass reports it
            return None


def claim_counts(article: Any) -> ClaimCounts:
    """The claim inventory's totals for one article: per type, all and uncited."""
    counts: dict[str, list[int]] = {}
    for claim in article.claims:
        entry = counts.setdefault(claim.type, [0, 0])
        entry[0] += 1
        entry[1] += 0 if claim.cited else 1
    return {kind: (n, uncited) for kind, (n, uncited) in counts.items()}


def load_resolutions(path: str) -> Any:
    """The driver's resolutions, as saved for the workers."""
    import pickle

    with open(path, "rb") as handle:
        return pickle.load(handle)


_WORKER: Linter | None = None
_INIT_ERROR = ""


def init_worker(spec: WorkerSpec) -> None:
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


def lint_chunk(paths: Sequence[str]) -> list[Linted]:
    if _WORKER is None or _INIT_ERROR:
        raise WorkerInitError(f"an audit worker failed to start: {_INIT_ERROR or 'no linter'}")
    linted: list[Linted] = []
    for path in paths:
        linted.append(_WORKER.lint(path))
        after_file()
    return linted


def init_collector(spec: WorkerSpec) -> None:
    """A worker of the resolution pre-pass: configuration only, no spaCy."""
    global _WORKER, _INIT_ERROR
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _WORKER = Linter(spec)
    except Exception as exc:
        _INIT_ERROR = f"{type(exc).__name__}: {exc}"


def wanted_chunk(paths: Sequence[str]) -> list[tuple[str, Wanted | None]]:
    if _WORKER is None or _INIT_ERROR:
        raise WorkerInitError(f"an audit worker failed to start: {_INIT_ERROR or 'no linter'}")
    return [(path, _WORKER.wanted(path)) for path in paths]
