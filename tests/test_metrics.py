"""scripts/metrics.py: the one precision/recall/F1 every training and evaluation script uses."""

from __future__ import annotations

import pytest

from tests.conftest import load_script

metrics = load_script("metrics")


def test_counts_from_decisions_and_from_scores_agree():
    scores = [0.9, 0.8, 0.4, 0.3, 0.7, 0.1]
    labels = [1, 0, 1, 0, 1, 0]
    counts = metrics.Counts()
    for score, label in zip(scores, labels, strict=True):
        counts.add(bool(label), score >= 0.5)
    assert (counts.tp, counts.fp, counts.fn, counts.tn) == (2, 1, 1, 2)
    assert metrics.prf_at(scores, labels, 0.5) == counts.prf == pytest.approx((2 / 3, 2 / 3,
                                                                                2 / 3))
    # only the items kept count: the false alarm at 0.8 is left out
    keep = [True, False, True, True, True, True]
    assert metrics.prf_at(scores, labels, 0.5, keep) == pytest.approx((1.0, 2 / 3, 0.8))


def test_the_empty_cases_keep_the_scripts_conventions():
    assert metrics.prf(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing predicted, nothing to find
    assert metrics.prf(0, 3, 0) == (0.0, 1.0, 0.0)
    assert metrics.prf(0, 0, 4) == (1.0, 0.0, 0.0)
