"""Helpers that point a resolver (or a whole lint run) at a running emulator."""

from __future__ import annotations

from typing import Any

from checks.resolve.run import Resolutions, build_resolver
from checks.resolve.settings import ResolverSettings, parse
from checks.settings.config import Settings
from tests.emulator.server import Emulator


def resolver_settings(em: Emulator, **over: Any) -> ResolverSettings:
    return parse(em.resolver_config(**over))


def resolutions(em: Emulator, **over: Any) -> Resolutions:
    """A fresh run (own budget, client and cache) against the emulator."""
    return Resolutions(build_resolver(resolver_settings(em, **over)))


def lint_settings(em: Emulator, select: tuple[str, ...] = ("HL2",), **over: Any) -> Settings:
    return Settings(select=list(select), resolve=True, resolver=em.resolver_config(**over))
