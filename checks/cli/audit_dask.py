"""``audit --scheduler tcp://HOST:8786``: the same audit on a Dask cluster.

The driver stays where it is: it discovers the files, resolves the corpus's
identifiers once (so per-host limits hold across every machine), spools the results
and writes the reports. Workers receive chunks of absolute paths (they read the files
from storage they share with the driver) and the frozen resolutions, scattered once
to every worker; each worker process keeps one Linter per run, so spaCy and the checks
load once per worker, not per task. Results come back exactly as from the local pool,
paths included, so the reports are the same whichever engine ran.

Dask is an optional dependency (``pip install 'healthlint[dask]'``) and is imported
only here, only when ``--scheduler`` is given.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from checks.cli.audit_worker import (
    ClaimCounts,
    Linted,
    Linter,
    OnResult,
    WorkerSpec,
    internal_result,
)
from checks.engine.article import FileResult

if TYPE_CHECKING:
    from checks.resolve.collect import Wanted

CONNECT_TIMEOUT = "20s"


class DaskUnavailable(RuntimeError):
    """dask.distributed is not installed, or the scheduler cannot be reached."""


_LOCAL = threading.local()  # a worker thread's Linter for the current run


def _linter(spec: WorkerSpec, resolutions: Any) -> Linter:
    key = (pickle.dumps(spec), id(resolutions))
    cached = getattr(_LOCAL, "linter", None)
    if cached is None or cached[0] != key:
        linter = Linter(spec, resolutions)
        linter.warm_up()
        _LOCAL.linter = cached = (key, linter)
    return cached[1]


def lint_task(spec: WorkerSpec, resolutions: Any, paths: Sequence[str]) -> list[Linted]:
    """Runs on a Dask worker: lint a chunk of (absolute) paths."""
    linter = _linter(spec, resolutions)
    return [linter.lint(path) for path in paths]


def wanted_task(spec: WorkerSpec, paths: Sequence[str]) -> list[tuple[str, Wanted | None]]:
    """Runs on a Dask worker: what each file cites, for the driver to resolve."""
    linter = Linter(spec)
    return [(path, linter.wanted(path)) for path in paths]


def connect(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise DaskUnavailable("--scheduler needs Dask: pip install 'healthlint[dask]'") \
            from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {address}: {exc}") \
            from None


def _absolute(paths: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    absolute = [os.path.abspath(p) for p in paths]
    return absolute, dict(zip(absolute, paths, strict=True))


def _as_local(result: FileResult, local: str) -> FileResult:
    """The result with the driver's spelling of its path, as the local pool would give."""
    if result.path == local:
        return result
    findings = [dataclasses.replace(f, path=local) if f.path == result.path else f
                for f in result.findings]
    return dataclasses.replace(result, path=local, findings=findings)


def collect_on_dask(client: Any, files: Sequence[str], spec: WorkerSpec, chunk: int,
                    add: Callable[[str, Wanted | None], None]) -> list[str]:
    """The resolution pre-pass on the cluster; returns the files it could not read."""
    from distributed import as_completed

    absolute, local = _absolute(files)
    chunks = [absolute[i:i + chunk] for i in range(0, len(absolute), chunk)]
    futures = {client.submit(wanted_task, spec, c, pure=False): c for c in chunks}
    lost: list[str] = []
    for future in as_completed(futures, loop=client.loop):
        try:
            pairs = future.result()
        except Exception:  # a worker died or the task failed: lint them without answers
            lost.extend(local[p] for p in futures[future])
            continue
        for path, wanted in pairs:
            add(local[path], wanted)
    return lost


def lint_on_dask(client: Any, files: Sequence[str], spec: WorkerSpec, resolutions: Any,
                 chunk: int, on_result: OnResult) -> None:
    """Lint ``files`` on the cluster, calling ``on_result`` as each chunk comes back."""
    from distributed import as_completed

    absolute, local = _absolute(files)
    shared = client.scatter(resolutions, broadcast=True) if resolutions is not None else None
    chunks = [absolute[i:i + chunk] for i in range(0, len(absolute), chunk)]
    futures = {client.submit(lint_task, spec, shared, c, pure=False): c for c in chunks}
    for future in as_completed(futures, loop=client.loop):
        try:
            results: list[tuple[FileResult, ClaimCounts]] = future.result()
        except Exception as exc:  # KilledWorker after retries, or a task that failed
            for path in futures[future]:
                on_result(internal_result(
                    local[path], f"the Dask worker could not lint this file "
                                 f"({type(exc).__name__}: {exc}); the file was skipped"), None)
            continue
        for result, claims in results:
            on_result(_as_local(result, local.get(result.path, result.path)), claims)
