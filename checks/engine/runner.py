"""Linting many files: settings per file, one plan per settings, one bad file never stops a run."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from checks.contract.registry import Registry, load
from checks.contract.weights import require
from checks.engine.article import (
    UNREADABLE,
    FileResult,
    Plan,
    lint_article,
    plan_for,
    timed_out_result,
    unreadable_result,
)
from checks.engine.deadline import FileTimeout, deadline, timeout_message
from checks.engine.results_cache import content_digest
from checks.settings.config import ConfigResolver, Settings
from claims.model import Article
from claims.read import UnreadableFile, read_bytes, read_data


@dataclass
class Planner:
    """Caches the registry and plan for each distinct Settings object."""

    resolver: ConfigResolver
    _plans: dict[int, Plan] = field(default_factory=dict)
    _registries: dict[tuple[str, ...], Registry] = field(default_factory=dict)

    def registry_for(self, settings: Settings) -> Registry:
        key = (settings.root, *settings.rule_packs)
        registry = self._registries.get(key)
        if registry is None:
            registry = load(settings)
            self._registries[key] = registry
        return registry

    def plan(self, path: str) -> Plan:
        settings = self.resolver.for_path(path)
        plan = self._plans.get(id(settings))
        if plan is None:
            plan = plan_for(settings, self.registry_for(settings))
            self._plans[id(settings)] = plan
        return plan


def require_weights(plan: Plan | None = None) -> None:
    """Read the learned weights a run uses, once: the claim model (every article is read
    with it) and those of the plan's checks. Raises
    :class:`~checks.contract.weights.WeightsError` (exit 2) when a file is missing or broken."""
    checks = plan.checks if plan is not None else []
    require([claim_model, *(check.weights for check in checks if check.weights)])


def claim_model() -> Any:
    """The claim model every article is read with (``claims/claim_model.json``)."""
    from claims.claim_model import ModelError, load

    try:
        return load()
    except ModelError as exc:
        raise ModelError(f"{exc}; reinstall healthlint or relearn it with "
                         "scripts/train_claims.py") from None


def read_article(path: str, plan: Plan, format_in: str | None,
                 data: bytes | None = None) -> Article | FileResult:
    """Read one file (or analyse ``data``, its bytes already read), or the FileResult that
    reports why it could not be read."""
    require_weights(plan)
    try:
        if data is None:
            data = read_bytes(path, plan.settings.max_file_size)
        return read_data(data, path, format_in)
    except UnreadableFile as exc:
        return unreadable_result(path, exc.code, exc.message, plan)
    except RecursionError:
        return unreadable_result(path, UNREADABLE, "file is nested too deeply to parse", plan)


def read_in_time(path: str, plan: Plan, format_in: str | None) -> Article | FileResult:
    """:func:`read_article` within the file's ``file-timeout``."""
    try:
        with deadline(plan.settings.file_timeout):
            return read_article(path, plan, format_in)
    except FileTimeout:
        return timed_out(path, plan)


def lint_file(path: str, plan: Plan, format_in: str | None,
              services: dict[str, Any] | None = None,
              on_article: Callable[[Article], None] | None = None,
              data: bytes | None = None) -> tuple[FileResult, Article | None]:
    """Read and lint one file, with the article when it could be read.

    ``data`` is the file's bytes when a caller has already read them (the results cache
    hashes them first): they are linted instead of reading the file again. The result
    carries the digest of the bytes it came from, so it is cached under what was linted.
    """
    if data is None:
        try:
            data = read_bytes(path, plan.settings.max_file_size)
        except UnreadableFile as exc:
            return unreadable_result(path, exc.code, exc.message, plan), None
    article = read_article(path, plan, format_in, data)
    if isinstance(article, FileResult):
        result, article = article, None
    else:
        if on_article is not None:
            on_article(article)
        result = lint_article(article, plan, path, services)
    result.digest = content_digest(data)
    return result, article


def lint_in_time(article: Article, plan: Plan, path: str,
                 services: dict[str, Any] | None = None) -> FileResult:
    """:func:`lint_article` within the file's ``file-timeout``."""
    try:
        with deadline(plan.settings.file_timeout):
            return lint_article(article, plan, path, services)
    except FileTimeout:
        return timed_out(path, plan)


def timed_out(path: str, plan: Plan) -> FileResult:
    return timed_out_result(path, timeout_message(plan.settings.file_timeout, "file-timeout"),
                            plan)


def lint_paths(files: Iterable[str], planner: Planner, format_in: str | None = None,
               services: dict[str, Any] | None = None,
               on_article: Callable[[Article], None] | None = None,
               sources: Mapping[str, bytes] | None = None) -> Iterator[FileResult]:
    """Read and lint files one by one, yielding a result per file.

    ``sources`` holds bytes already read for some of the files (linted instead of
    reading them again). Reading and linting share one ``file-timeout`` per file: a
    file past it becomes an HL908 finding and the run goes on.
    """
    for path in files:
        plan = planner.plan(path)
        data = sources.get(path) if sources else None
        try:
            with deadline(plan.settings.file_timeout):
                result, _ = lint_file(path, plan, format_in, services, on_article, data)
        except FileTimeout:
            result = timed_out(path, plan)
        yield result
