"""Importing spaCy without loading its command-line interface.

spaCy 3's ``spacy/__init__.py`` runs ``from .cli.info import info`` only to offer
``spacy.info``, and that one line loads spaCy's whole CLI package (typer, weasel,
httpx, requests, every subcommand): about a third of a cold one-article run, for a
command healthlint never calls. :func:`import_spacy` imports spaCy once with
placeholder ``spacy.cli`` and ``spacy.cli.info`` modules in ``sys.modules``, then
removes them, so a later ``import spacy.cli`` loads the real package, and the
``spacy.info`` left behind imports the real function when it is first called.
Anything unexpected falls back to a plain ``import spacy``.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

_CLI = "spacy.cli"
_CLI_INFO = "spacy.cli.info"


def info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported on first call."""
    from spacy.cli.info import info as real_info

    return real_info(*args, **kwargs)


def _placeholders() -> dict[str, ModuleType]:
    cli = ModuleType(_CLI, "Placeholder while spaCy imports; removed afterwards.")
    cli.__path__ = []  # a package, as far as the import system asks
    cli_info = ModuleType(_CLI_INFO, "Placeholder while spaCy imports; removed afterwards.")
    cli_info.info = info  # type: ignore[attr-defined]
    cli.info = cli_info  # type: ignore[attr-defined]
    return {_CLI: cli, _CLI_INFO: cli_info}


def _remove(placeholders: dict[str, ModuleType]) -> None:
    for name, module in placeholders.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    spacy = sys.modules.get("spacy")
    if spacy is not None and getattr(spacy, "cli", None) is placeholders[_CLI]:
        delattr(spacy, "cli")


def import_spacy() -> ModuleType:
    """The ``spacy`` module, imported without its CLI when this is the first import."""
    if "spacy" in sys.modules or _CLI in sys.modules or _CLI_INFO in sys.modules:
        return importlib.import_module("spacy")
    placeholders = _placeholders()
    try:
        sys.modules.update(placeholders)
        try:
            return importlib.import_module("spacy")
        finally:
            _remove(placeholders)
    except Exception:  # any surprise: import spaCy the ordinary way
        return importlib.import_module("spacy")
