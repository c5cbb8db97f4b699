"""``audit --resolve``: every identifier the corpus cites, resolved once, before linting.

Workers first read each file without analysis and send back what it cites (a small
:class:`~checks.resolve.collect.Wanted`); the driver merges them, so an identifier cited
by a thousand pages is asked about once, through one cache and one set of per-host
limits, with batched registry queries. The lint pass then reads a frozen copy of the
answers: no worker, local or on a cluster, ever makes a request of its own.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from checks.cli.audit_worker import Linter, WorkerSpec, init_collector, wanted_chunk
from checks.resolve.collect import Wanted
from checks.resolve.frozen import FrozenResolutions

Chunks = list[list[str]]


@dataclass
class Collected:
    """The corpus's merged wants, and the files whose wants could not be read."""

    wanted: Wanted = field(default_factory=Wanted)
    files: int = 0
    lost: list[str] = field(default_factory=list)

    def add(self, path: str, wanted: Wanted | None) -> None:
        self.files += 1
        if wanted is not None:
            self.wanted.update(wanted)


def chunked(files: Sequence[str], size: int) -> Chunks:
    return [list(files[i:i + size]) for i in range(0, len(files), size)]


def collect_in_process(files: Sequence[str], spec: WorkerSpec) -> Collected:
    linter = Linter(spec)
    out = Collected()
    for path in files:
        out.add(path, linter.wanted(path))
    return out


def collect_parallel(files: Sequence[str], spec: WorkerSpec, jobs: int,
                     context: Any) -> Collected:
    """Over a pool of ``jobs`` processes; a chunk whose worker dies is tried once more
    in a fresh pool, then its files go without resolution (the lint pass reports them)."""
    out = Collected()
    pending = chunked(files, 64)
    for _attempt in range(2):
        failed: Chunks = []
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=init_collector,
                                 initargs=(spec,)) as pool:
            futures = {pool.submit(wanted_chunk, chunk): chunk for chunk in pending}
            for future in as_completed(futures):
                try:
                    pairs = future.result()
                except (BrokenProcessPool, OSError, RuntimeError):
                    failed.append(futures[future])
                    continue
                for path, wanted in pairs:
                    out.add(path, wanted)
        if not failed:
            return out
        pending = failed
    out.lost = [path for chunk in pending for path in chunk]
    return out


def resolve_corpus(wanted: Wanted, settings: Any, overrides: dict[str, Any],
                   say: Callable[[str], None]) -> tuple[FrozenResolutions, dict[str, Any]]:
    """Resolve the corpus's identifiers in this process; the answers and the run's stats."""
    from checks.resolve.run import Resolutions, build_resolver, resolver_settings

    resolutions = Resolutions(build_resolver(resolver_settings(settings, overrides)))
    try:
        say(f"healthlint audit: resolving {len(wanted.keys):,} distinct identifiers and "
            f"{len(wanted.queries):,} reference queries")
        resolutions.ensure_wanted(wanted)
        stats = dict(resolutions.stats)
        problem = stats.get("cache_problem")
        if problem:
            print(f"healthlint: warning: {problem}", file=sys.stderr)
        for error in resolutions.errors:
            print(f"healthlint: resolver error: {error}", file=sys.stderr)
        frozen = resolutions.frozen()
        frozen.errors = list(resolutions.errors)
        return frozen, _plain_stats(stats, frozen)
    finally:
        resolutions.close()


def _plain_stats(stats: dict[str, Any], frozen: FrozenResolutions) -> dict[str, Any]:
    """What the report says about resolution: counts by verdict, requests, cache use."""
    from collections import Counter

    verdicts = Counter(r.verdict.value for r in frozen.values())
    return {
        "identifiers": stats.get("identifiers", 0),
        "suggestions": stats.get("suggestions", 0),
        "requests": stats.get("requests", 0),
        "requests_by_host": dict(stats.get("requests_by_host", {})),
        "cache_hits": stats.get("cache_hits", 0),
        "verdicts": dict(sorted(verdicts.items())),
    }

