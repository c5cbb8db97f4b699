"""``healthlint check --resolve``: read every file, resolve the run's identifiers, then lint.

Reading first lets one pre-pass deduplicate identifiers across the whole run and
resolve them concurrently; the articles are then linted with the shared
resolutions, so no identifier is fetched twice.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from checks.engine.article import FileResult
from checks.engine.runner import Planner, lint_in_time, read_in_time
from checks.resolve import SERVICE, services_for
from claims.model import Article


def lint_resolving(files: Iterable[str], planner: Planner, format_in: str | None,
                   overrides: dict[str, Any] | None = None) -> list[FileResult]:
    """Results in file order, with every network check reading one run-wide pre-pass."""
    files = list(files)
    read: list[tuple[str, Article | FileResult]] = [
        (path, read_in_time(path, planner.plan(path), format_in)) for path in files]
    articles = [a for _, a in read if isinstance(a, Article)]
    settings = planner.plan(files[0]).settings if files else None
    services = services_for(articles, settings, overrides) if settings is not None else {}
    results = []
    try:
        for path, item in read:
            if isinstance(item, FileResult):
                results.append(item)
            else:
                results.append(lint_in_time(item, planner.plan(path), path, services))
    finally:
        resolutions = services.get(SERVICE)
        if resolutions is not None:
            problem = resolutions.stats.get("cache_problem")
            if problem:
                print(f"healthlint: warning: {problem}", file=sys.stderr)
            for error in resolutions.errors:
                print(f"healthlint: resolver error: {error}", file=sys.stderr)
            resolutions.close()
    return results
