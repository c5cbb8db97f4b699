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


@pytest.fixture(scope="module")
def tallies(evaluation):
    return evaluation.evaluate()


def false_alarms_on(page: str, tallies) -> list[str]:
    return [fp for tally in tallies.values() for fp in tally.false_positives
            if fp.split(":", 1)[0] == page]


def test_the_checks_hold_their_measured_floors(evaluation, tallies):
    for family, (precision, recall) in evaluation.FLOORS.items():
        tally = tallies[family]
        assert tally.precision >= precision, evaluation.render(tallies, verbose=True)
        assert tally.recall >= recall, evaluation.render(tallies, verbose=True)


def test_no_check_raises_a_false_alarm_on_the_clean_articles(evaluation):
    # a default run: the checks in preview are opt-in, and their false alarms are what
    # their measured precision counts
    tallies = evaluation.evaluate(preview=False)
    clean = [name for name in evaluation.load_labels() if "clean-" in name]
    assert clean
    for page in clean:
        assert not false_alarms_on(page, tallies), page
