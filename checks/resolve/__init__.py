"""Resolution of cited identifiers (``--resolve``).

This package's top level stays import-light: the network stack (requests,
urllib3) loads only when :func:`prefetch` or :func:`services_for` is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checks.resolve.run import Resolutions
    from claims.model import Article

SERVICE = "resolutions"


def prefetch(articles: Iterable[Article], settings: Any,
             overrides: dict[str, Any] | None = None) -> Resolutions:
    """Deduplicate every identifier the articles cite and resolve them concurrently."""
    from checks.resolve.run import prefetch as _prefetch

    return _prefetch(articles, settings, overrides)


def services_for(articles: Iterable[Article], settings: Any,
                 overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The engine ``services`` entry for a ``--resolve`` run.

    ``articles`` may be empty: checks then resolve each article's identifiers
    when they first need them (still once per identifier per run, still cached).
    ``overrides`` carries CLI flags: ``cache`` (False for --no-cache), ``mode``
    ("cache-only"), ``cache_path``.
    """
    return {SERVICE: prefetch(articles, settings, overrides)}
