"""``check`` on many files: cached results first, then the rest in one process or on every core.

A handful of files (a pre-commit run) are linted in this process: forking workers and
loading spaCy in each would cost more than it saves. From a few dozen files on, the
files the cache cannot answer are spread over every core with ``audit``'s process pool.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from checks.cli.audit import WorkerSpec, default_jobs, lint_parallel
from checks.cli.common import config_overrides
from checks.cli.startup import started
from checks.engine.article import FileResult
from checks.engine.results_cache import ResultsCache
from checks.engine.runner import Planner, lint_paths

PARALLEL_FROM = 40  # files left to lint before the work goes to a process pool


def lint_files(files: Sequence[str], planner: Planner, spec: WorkerSpec,
               cache: ResultsCache | None, jobs: int = 0) -> list[FileResult]:
    """Lint ``files`` (answering from ``cache`` where it can); results in ``files`` order."""
    files = [os.fspath(path) for path in files]  # results from workers carry str paths
    done: dict[str, FileResult] = {}
    digests: dict[str, str | None] = {}
    todo: list[str] = []
    for path in files:
        if cache is not None:
            cached, digests[path] = cache.lookup(path, planner.plan(path), spec.format_in)
            if cached is not None:
                done[path] = cached
                continue
        todo.append(path)

    def keep(result: FileResult) -> None:
        done[result.path] = result
        if cache is not None:
            cache.store(result, digests.get(result.path), planner.plan(result.path),
                        spec.format_in)

    jobs = jobs or default_jobs()
    if len(todo) >= PARALLEL_FROM and jobs > 1:
        lint_parallel(todo, spec, min(jobs, len(todo)), keep)
    else:
        for result in lint_paths(todo, planner, spec.format_in, on_article=started):
            keep(result)
    return [done[path] for path in files]


def lint_for_check(files: Sequence[str], planner: Planner, args: argparse.Namespace
                   ) -> list[FileResult]:
    """``check``'s linting: the results cache unless ``--no-cache``, and the pool."""
    spec = WorkerSpec(getattr(args, "config", None), config_overrides(args),
                      getattr(args, "format_in", None), timeout=0)
    cache = None if getattr(args, "no_cache", False) else ResultsCache.from_environment()
    return lint_files(files, planner, spec, cache)
