"""The labelled promotion dev set: its labels are valid, and the checks meet their targets."""

from __future__ import annotations

import pytest

from tests.conftest import load_script


@pytest.fixture(scope="module")
def evaluation():
    return load_script("eval_promotion")


def test_every_article_is_labelled_and_every_label_is_found_in_its_article(evaluation):
    labels = evaluation.load_labels()
    articles = {p.name for p in evaluation.DEVSET.iterdir() if p.suffix in (".md", ".txt", ".html")}
    assert set(labels) == articles
    clean = [name for name, entries in labels.items() if not entries]
    assert len(clean) >= 8, "the dev set needs clean articles to measure false alarms"
    assert sum(len(v) for v in labels.values()) >= 100


def test_the_checks_hold_their_measured_floors(evaluation):
    tallies = evaluation.evaluate()
    for family, (precision, recall) in evaluation.FLOORS.items():
        tally = tallies[family]
        assert tally.precision >= precision, evaluation.render(tallies, verbose=True)
        assert tally.recall >= recall, evaluation.render(tallies, verbose=True)
    # No check raises false alarms on the clean articles.
    for name, tally in tallies.items():
        assert not any("clean-" in fp for fp in tally.false_positives), (name, tally)
