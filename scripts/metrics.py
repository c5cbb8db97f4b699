"""Precision, recall and F1, one definition for every training and evaluation script.

Conventions (kept from the scripts that each had their own copy): with nothing predicted,
precision is 1.0 (no false alarm was raised); with nothing to find, recall is 1.0; F1 is
0.0 when both are 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def precision(tp: int, fp: int) -> float:
    return tp / (tp + fp) if tp + fp else 1.0


def recall(tp: int, fn: int) -> float:
    return tp / (tp + fn) if tp + fn else 1.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """(precision, recall, F1) from the counts."""
    p, r = precision(tp, fp), recall(tp, fn)
    return p, r, f1(p, r)


def prf_at(scores: Sequence[float], labels: Sequence[int | bool], threshold: float,
           keep: Sequence[bool] | None = None) -> tuple[float, float, float]:
    """(precision, recall, F1) of predicting ``score >= threshold``, over the items that
    ``keep`` marks (all of them without it)."""
    counts = Counts()
    for i, (score, label) in enumerate(zip(scores, labels, strict=True)):
        if keep is None or keep[i]:
            counts.add(bool(label), score >= threshold)
    return counts.prf


@dataclass
class Counts:
    """A confusion matrix filled one decision at a time."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return precision(self.tp, self.fp)

    @property
    def recall(self) -> float:
        return recall(self.tp, self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def prf(self) -> tuple[float, float, float]:
        return self.precision, self.recall, self.f1

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}
