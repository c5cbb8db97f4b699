"""Running the promotion checks on a text in-process, for the promotion tests."""

from __future__ import annotations

from typing import Any

from checks.contract.model import Finding
from checks.contract.registry import load
from checks.engine.article import lint_article, plan_for
from checks.settings.config import Settings
from claims.read import read_text


def run(text: str, select: str | list[str] = "HL3", *, fmt: str = "markdown",
        path: str = "article.md", **settings: Any) -> list[Finding]:
    """Findings of the selected checks on ``text`` (settings as keyword arguments)."""
    selected = [select] if isinstance(select, str) else select
    config = Settings(select=selected, preview=True, **settings)
    plan = plan_for(config, load(config))
    article = read_text(text, path=path, format=fmt)
    return lint_article(article, plan).findings


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def by_code(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]
