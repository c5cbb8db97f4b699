"""``check`` on many files: cached results first, then the rest in one process or on every core.

A handful of files (a pre-commit run) are linted in this process: forking workers and
loading spaCy in each would cost more than it saves. From a few dozen files on, the
files the cache cannot answer are spread over every core with ``audit``'s process pool
(imported only then: multiprocessing is no part of a one-file run).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from typing import Any

from checks.cli.common import config_overrides
from checks.cli.startup import started
from checks.engine.article import FileResult
from checks.engine.results_cache import ResultsCache
from checks.engine.runner import Planner, lint_paths, require_weights

PARALLEL_FROM = 40  # files left to lint before the work goes to a process pool


def lint_files(files: Sequence[str], planner: Planner, cache: ResultsCache | None, *,
               format_in: str | None = None, config: str | None = None,
               overrides: Mapping[str, Any] | None = None, jobs: int = 0
               ) -> list[FileResult]:
    """Lint ``files`` (answering from ``cache`` where it can); results in ``files`` order.

    ``config`` and ``overrides`` are what the pool's workers rebuild the settings from.
    """
    files = [os.fspath(path) for path in files]  # results from workers carry str paths
    done: dict[str, FileResult] = {}
    sources: dict[str, bytes] = {}  # bytes the cache hashed, linted here without a re-read
    todo: list[str] = []
    for path in files:
        if cache is not None:
            cached, data = cache.lookup(path, planner.plan(path), format_in)
            if cached is not None:
                done[path] = cached
                continue
            if data is not None and len(todo) < PARALLEL_FROM:
                sources[path] = data  # a pool's workers read for themselves: hold no more
        todo.append(path)

    def keep(result: FileResult) -> None:
        done[result.path] = result
        if cache is not None:  # under the digest of the bytes linted, whoever read them
            cache.store(result, planner.plan(result.path), format_in)

    if len(todo) >= PARALLEL_FROM:
        from checks.cli.audit import WorkerSpec, default_jobs, lint_parallel

        jobs = min(jobs or default_jobs(), len(todo))
        if jobs > 1:
            for path in todo:  # a broken weight file: one error here, not one per file there
                require_weights(planner.plan(path))
            # one limit for the pool: the first file's file-timeout (as --resolve does)
            limit = planner.plan(todo[0]).settings.file_timeout
            spec = WorkerSpec(config, dict(overrides or {}), format_in, timeout=limit,
                              timeout_name="file-timeout")
            lint_parallel(todo, spec, jobs, keep)
            return [done[path] for path in files]
    for result in lint_paths(todo, planner, format_in, on_article=started, sources=sources):
        keep(result)
    return [done[path] for path in files]


def lint_for_check(files: Sequence[str], planner: Planner, args: argparse.Namespace
                   ) -> list[FileResult]:
    """``check``'s linting: the results cache unless ``--no-cache``, and the pool."""
    cache = None if getattr(args, "no_cache", False) else ResultsCache.from_environment()
    return lint_files(files, planner, cache, format_in=getattr(args, "format_in", None),
                      config=getattr(args, "config", None), overrides=config_overrides(args))
