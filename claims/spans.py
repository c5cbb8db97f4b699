"""Disjoint spans already claimed by a finder, tested for overlap in logarithmic time.

The finders (citation markers, identifiers) claim spans one after another and skip a
candidate that overlaps an earlier one. Scanning every earlier span made a block of
many markers quadratic (128 KB of ``[1]`` took 23 s); sorted bounds and a bisection
keep each test ``O(log n)``.
"""

from __future__ import annotations

import bisect


class DisjointSpans:
    """Half-open ``(start, end)`` spans that never overlap one another."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps no span held."""
        i = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        return i == 0 or self._ends[i - 1] <= start

    def covered(self, start: int, end: int) -> bool:
        return not self.free(start, end)

    def append(self, span: tuple[int, int]) -> None:
        """Hold a span (the caller has checked that it is free)."""
        i = bisect.bisect_left(self._starts, span[0])
        self._starts.insert(i, span[0])
        self._ends.insert(i, span[1])

    def __len__(self) -> int:
        return len(self._starts)
