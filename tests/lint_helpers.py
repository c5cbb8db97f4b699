"""Linting a text in-process with chosen checks, for the detector tests."""

from __future__ import annotations

from functools import cache
from typing import Any

from checks.contract.model import Finding
from checks.contract.registry import Registry, load
from checks.engine.article import lint_article, plan_for
from checks.settings.config import Settings
from claims.read import read_text


@cache
def _registry() -> Registry:
    return load()  # built once: loading every check per test would dominate the run


def lint_text(text: str, *, select: str, fmt: str, path: str, **settings: Any) -> list[Finding]:
    """Findings of the comma-separated ``select`` codes on ``text`` read as ``fmt`` from
    ``path``; today is pinned (unless given) so that date findings do not age."""
    settings.setdefault("today", "2026-06-01")
    plan = plan_for(Settings(select=select.split(","), **settings), _registry())
    return lint_article(read_text(text, path=path, format=fmt), plan).findings
