"""Linting documents held in memory, with settings found exactly as ``healthlint check`` finds them.

The editor owns the text (unsaved changes included); healthlint owns the settings: for
each document the nearest ``healthlint.yaml`` / ``pyproject.toml`` above its path, or the
defaults, as the CLI resolves them. A configuration change drops every cached settings
object and plan, so the next lint reads the configuration again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from checks.cli.discovery import is_excluded
from checks.engine.article import FileResult, Plan, lint_article
from checks.engine.runner import Planner, require_weights
from checks.settings.config import CONFIG_NAMES, ConfigResolver
from claims.model import Article
from claims.read import FORMATS, format_for, read_text

# A short article linted once at start, so the first real document does not pay for what
# loads lazily (the spaCy pipeline, lexicons, compiled patterns).
WARM_UP_TEXT = """---
title: Warm-up
---

# Warm-up

Regular exercise lowers blood pressure by 5 mmHg in most adults [1].
Ask your doctor before you start.

<!-- healthlint-disable-next-line HL101 -->
Vitamin D supplements prevent colds.

## References

1. Example A. A trial. doi:10.1000/example.
"""

# Editors' language identifiers for the formats healthlint reads.
LANGUAGE_FORMATS = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}


@dataclass
class Linted:
    """One lint of one version of a document: what hover and code actions look at."""

    path: str
    text: str
    article: Article | None
    result: FileResult
    plan: Plan | None


class LintSession:
    """Settings, plans and check registries kept warm across lints of many documents."""

    def __init__(self) -> None:
        self.resolver = ConfigResolver(None)
        self.planner = Planner(self.resolver)

    def reload(self) -> None:
        """Forget every settings object and plan (a configuration file changed)."""
        self.resolver = ConfigResolver(None)
        self.planner = Planner(self.resolver)

    def warm_up(self, directory: str) -> None:
        """Lint a built-in sample as if it were in ``directory`` (settings included)."""
        self.lint(os.path.join(directory, "healthlint-warm-up.md"), WARM_UP_TEXT)

    def excluded(self, path: str) -> bool:
        """Whether the configuration's exclude globs cover ``path`` (as ``--force-exclude``)."""
        def exclude_for(target: str) -> tuple[str, list[str]]:
            settings = self.resolver.for_path(target)
            return settings.root, [*settings.exclude, *settings.extend_exclude]

        return is_excluded(path, exclude_for)

    def lint(self, path: str, text: str, language: str | None = None) -> Linted:
        """Read and lint ``text`` as the file at ``path`` would be linted.

        Raises ``ConfigError`` or ``RegistryError`` when the configuration is broken (a
        broken weight file is a ``ConfigError`` too).
        """
        plan = self.planner.plan(path)
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > plan.settings.max_file_size:
            from checks.engine.article import TOO_LARGE, unreadable_result

            message = (f"file is {size:,} bytes, over the {plan.settings.max_file_size:,}-byte "
                       "limit (max-file-size)")
            return Linted(path, text, None, unreadable_result(path, TOO_LARGE, message, plan),
                          plan)
        require_weights(plan)
        article = read_text(text, path=path, format=document_format(path, language))
        return Linted(path, text, article, lint_article(article, plan, path), plan)


def document_format(path: str, language: str | None) -> str:
    """By extension as the CLI reads it; an unknown extension falls back to the editor's
    language (an untitled buffer in Markdown mode is Markdown)."""
    by_extension = format_for(path)
    extension = os.path.splitext(path)[1].lower()
    if by_extension == "text" and extension not in (".txt", ".text"):
        chosen = LANGUAGE_FORMATS.get(language or "")
        if chosen in FORMATS:
            return chosen
    return by_extension


def is_config_file(path: str) -> bool:
    """A file whose change can change settings: drop the cached ones."""
    return os.path.basename(path) in CONFIG_NAMES
