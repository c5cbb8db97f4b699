"""Batched registry queries: one request answers many DOIs, and the verdicts do not change."""

from __future__ import annotations

import pytest

from tests.emulator import Emulator
from tests.emulator import fixtures as fx
from tests.emulator.harness import resolutions

MIXED = [
    "10.5555/cramps.2010.001", "10.5555/retracted.2015.3", "10.5555/concern.2019.8",
    "10.5555/CORRECTED.2016.2", "10.5555/missing.404", "10.5556/unique.2011.9",
    "10.5072/dataset.cramps.1", "10.5072/dataset.none", "10.3280/medra.2017.1",
    "10.9999/unknown.prefix",
]


@pytest.fixture(scope="module")
def em():
    with Emulator() as emulator:
        yield emulator


def _resolve_all(em: Emulator, dois: list[str], **over) -> dict[str, tuple]:
    run = resolutions(em, **over)
    try:
        run._run([("doi", d) for d in dois], {})
        return {d.lower(): _summary(run.get("doi", d)) for d in dois}
    finally:
        run.close()


def _summary(res) -> tuple:
    return (res.verdict.value, res.registry, res.detail,
            res.work.title if res.work else "", [(u.type, u.notice) for u in res.updates])


def test_batched_and_single_queries_give_the_same_verdicts(em) -> None:
    em.reset()
    batched = _resolve_all(em, MIXED)
    batched_crossref = [h.path for h in em.hits("crossref")]
    batched_total = len(em.hits())
    em.reset()
    single = _resolve_all(em, MIXED, **{"batch-size": 0})
    single_total = len(em.hits())
    assert batched == single
    assert batched["10.5555/retracted.2015.3"][0] == "ok"
    assert batched["10.5555/missing.404"][0] == "not-found"
    assert batched["10.5072/dataset.none"][0] == "not-found"
    # every Crossref DOI in one filter query; the single path asks one by one
    assert len(batched_crossref) == 1 and "filter=" in batched_crossref[0]
    assert batched_total < single_total


def test_batches_are_split_at_the_batch_size(em) -> None:
    dois = [f"10.6001/split.{i}" for i in range(25)]
    for doi in dois[:20]:
        em.state.extra_crossref[doi] = fx.crossref_record(
            doi, f"Split study {doi}", [("Author", "A.")], 2015, "Journal of Batches")
    em.reset()
    result = _resolve_all(em, dois, **{"batch-size": 10})
    assert em.state.batches == [("crossref", 10), ("crossref", 10), ("crossref", 5)]
    assert [result[d][0] for d in dois] == ["ok"] * 20 + ["not-found"] * 5


def test_a_failing_batch_falls_back_to_one_request_per_doi(em) -> None:
    # a scripted outage on the batch (a fault DOI in it): its DOIs are then asked singly
    dois = ["10.5555/fault.down", "10.5555/cramps.2010.001", "10.5555/magnesium.2012.7"]
    em.reset()
    result = _resolve_all(em, dois)
    single = [h.path for h in em.hits("crossref") if h.path.startswith("/works/")]
    assert any("cramps.2010.001" in p for p in single)
    assert result["10.5555/cramps.2010.001"][0] == "ok"
    assert "503" in result["10.5555/fault.down"][2]  # doi.org vouches; Crossref was down


def test_datacite_dois_are_asked_in_one_batch(em) -> None:
    em.reset()
    result = _resolve_all(em, ["10.5072/dataset.cramps.1", "10.5072/dataset.none"])
    assert ("datacite", 2) in em.state.batches
    assert result["10.5072/dataset.none"][0] == "not-found"
    assert not any(h.path.startswith("/dois/") for h in em.hits("datacite"))
