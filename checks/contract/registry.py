"""Discovering checks: built-in and third-party checks load through the same entry points.

An entry point in the ``healthlint.checks`` group names a Check, an iterable of
Checks, or a callable ``(settings) -> iterable of Checks`` (rule packs use the
latter, since user packs come from configuration).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.metadata import entry_points
from typing import Any

from checks.contract.model import Check
from checks.settings.config import ConfigError

GROUP = "healthlint.checks"
CODE_RE = re.compile(r"^[A-Z]{2,}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class RegistryError(Exception):
    """A plugin is broken: duplicate code, bad name, or it failed to load."""


class Registry:
    """All known checks by code, in code order."""

    def __init__(self, checks: Iterable[Check] = ()) -> None:
        self._by_code: dict[str, Check] = {}
        self._by_name: dict[str, Check] = {}
        for check in checks:
            self.add(check)

    def add(self, check: Check) -> None:
        if not CODE_RE.match(check.code):
            raise RegistryError(f"{check.source}: check code {check.code!r} is not like HL101")
        if not NAME_RE.match(check.name):
            raise RegistryError(f"{check.source}: check name {check.name!r} is not kebab-case")
        other = self._by_code.get(check.code)
        if other is not None and other is not check:
            raise RegistryError(
                f"check code {check.code} is registered twice ({other.source} and {check.source})"
            )
        self._by_code[check.code] = check
        self._by_name[check.name] = check

    def __iter__(self):
        return iter(sorted(self._by_code.values(), key=lambda c: c.code))

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code_or_name: str) -> Check | None:
        key = code_or_name.strip()
        return self._by_code.get(key.upper()) or self._by_name.get(key.lower())

    @property
    def codes(self) -> list[str]:
        return sorted(self._by_code)


def _expand(obj: Any, settings: Any, source: str) -> list[Check]:
    if isinstance(obj, Check):
        return [obj]
    if callable(obj) and not isinstance(obj, (list, tuple)):
        return _expand(obj(settings), settings, source)
    checks = list(obj)
    for check in checks:
        if not isinstance(check, Check):
            raise RegistryError(f"entry point {source} yielded {check!r}, not a Check")
    return checks


def load(settings: Any = None) -> Registry:
    """Load every check registered in the entry-point group."""
    registry = Registry()
    # Distribution.name re-reads and parses METADATA on every access: ask once per entry point.
    named = [(ep.dist.name if ep.dist else "", ep) for ep in entry_points(group=GROUP)]
    for dist_name, ep in sorted(named, key=lambda pair: (pair[0], pair[1].name)):
        source = f"{dist_name or '?'}:{ep.name}"
        try:
            obj = ep.load()
            checks = _expand(obj, settings, source)
        except (RegistryError, ConfigError):
            raise
        except Exception as exc:  # a broken plugin must not look like a healthlint crash
            raise RegistryError(
                f"check plugin {source} ({ep.value}) failed to load: {exc}"
            ) from exc
        for check in checks:
            if check.source == "builtin" and dist_name and dist_name != "healthlint":
                check = _with_source(check, source)
            registry.add(check)
    return registry


def _with_source(check: Check, source: str) -> Check:
    from dataclasses import replace

    return replace(check, source=source)
