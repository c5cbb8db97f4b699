"""A run's resolutions, read-only and without the network: what audit workers check with.

The audit driver resolves the whole corpus once (deduplicated, batched, rate-limited
across every worker); each worker, local or on a Dask cluster, then reads this copy.
Nothing here imports the network stack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from checks.resolve.collect import query_for
from checks.resolve.model import Resolution, Suggestion, target_key
from claims.model import Article, Reference


class AnswerReader:
    """How checks read a run's answers: the same for the live run and its frozen copy."""

    by_key: dict[tuple[str, str], Resolution]
    suggestions: dict[str, Suggestion | None]

    def get(self, kind: str, normalized: str) -> Resolution | None:
        return self.by_key.get(target_key(kind, normalized))

    def suggestion_for(self, reference: Reference) -> Suggestion | None:
        query = query_for(reference)
        return self.suggestions.get(query) if query else None

    def __len__(self) -> int:
        return len(self.by_key)


@dataclass
class FrozenResolutions(AnswerReader):
    """The ``resolutions`` service of a worker: answers only, never a request."""

    by_key: dict[tuple[str, str], Resolution]
    suggestions: dict[str, Suggestion | None]
    errors: list[str] = field(default_factory=list)

    def values(self) -> list[Resolution]:
        return list(self.by_key.values())

    def ensure(self, cited: Iterable[Any], references: Iterable[Reference] = ()) -> None:
        """Everything was resolved before the workers started: nothing to do."""

    def ensure_articles(self, articles: Iterable[Article]) -> None:
        """As :meth:`ensure`."""

    @property
    def stats(self) -> dict[str, Any]:
        return {"identifiers": len(self.by_key), "suggestions": len(self.suggestions)}

    def close(self) -> None:
        """Nothing to release."""
