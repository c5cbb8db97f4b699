"""DOI resolution against the emulator: every verdict, every fault, dedup and cache."""

from __future__ import annotations

import time

import pytest

from checks.resolve.collect import cited_identifiers
from checks.resolve.model import Verdict
from claims.read import read_text
from tests.emulator import Emulator
from tests.emulator.harness import resolutions


@pytest.fixture(scope="module")
def em():
    with Emulator() as emulator:
        yield emulator


def resolve(em: Emulator, doi: str, **over):
    run = resolutions(em, **over)
    try:
        return run.resolver.resolve_doi(doi)
    finally:
        run.close()


def test_ok_with_crossref_metadata(em) -> None:
    res = resolve(em, "10.5555/cramps.2018.014")
    assert res.verdict is Verdict.OK and res.registry == "Crossref"
    assert res.work is not None and res.work.title == "Muscular cramp: causes and management"
    assert res.work.years == [2018, 2019]


def test_html_in_titles_is_removed(em) -> None:
    res = resolve(em, "10.5555/magnesium.2012.7")
    assert res.work.title == "Effects of magnesium on nocturnal leg cramps"
    assert res.work.subtitle == "a randomised crossover trial"


def test_not_found_only_on_the_handle_apis_word(em) -> None:
    res = resolve(em, "10.5555/does-not-exist")
    assert res.verdict is Verdict.NOT_FOUND and "responseCode 100" in res.detail


def test_unknown_prefix(em) -> None:
    res = resolve(em, "10.9999/anything")
    assert res.verdict is Verdict.NOT_FOUND


def test_datacite_route_and_datacite_404_after_ra_routing(em) -> None:
    ok = resolve(em, "10.5072/dataset.cramps.1")
    assert ok.verdict is Verdict.OK and ok.registry == "DataCite"
    assert ok.work.authors[0].family == "Nakamura" and ok.work.years == [2021]
    # doi.org fails for this one, so the registration agency's 404 decides.
    missing = resolve(em, "10.5072/dataset.missing.9")
    assert missing.verdict is Verdict.NOT_FOUND and missing.registry == "DataCite"


def test_other_agency_is_ok_without_metadata(em) -> None:
    res = resolve(em, "10.3280/medra.2017.1")
    assert res.verdict is Verdict.OK and res.work is None and "mEDRA" in res.detail


def test_crossref_404_alone_proves_nothing(em) -> None:
    # The handle API is down for this run: Crossref's 404 must not become "not found".
    res = resolve(em, "10.5555/does-not-exist", **{"handle-url": em.urls["web"] + "/nothing"})
    assert res.verdict is Verdict.UNVERIFIABLE


def test_retraction_from_retraction_watch_and_publisher_is_one_notice(em) -> None:
    res = resolve(em, "10.5555/retracted.2015.3")
    (notice,) = res.updates_in("retracted")
    assert notice.notice == "10.5555/notice.retraction.2017"
    assert notice.date == "2017-06-01"
    assert set(notice.source.split("+")) == {"retraction-watch", "publisher"}


def test_concern_correction_and_self_referencing_new_version(em) -> None:
    assert resolve(em, "10.5555/concern.2019.8").updates_in("concern")
    assert resolve(em, "10.5555/corrected.2016.2").updates_in("corrected")
    new_version = resolve(em, "10.5555/newversion.2020.5")
    assert new_version.verdict is Verdict.OK
    assert not any(new_version.updates_in(g) for g in ("retracted", "concern", "corrected"))


@pytest.mark.parametrize("doi, said", [
    ("10.5555/fault.badjson", "not valid JSON"),
    ("10.5555/fault.huge", "over the 5,242,880-byte cap"),
    ("10.5555/fault.hugechunked", "exceeds the 5,242,880-byte cap"),
    ("10.5555/fault.reset", "reset"),
    ("10.5555/fault.slow", "timed out"),
    ("10.5555/fault.drip", "too slowly"),
    ("10.5555/fault.down", "HTTP 503"),
])
def test_faults_leave_existence_proven_but_metadata_unverified(em, doi, said) -> None:
    started = time.monotonic()
    res = resolve(em, doi)
    assert time.monotonic() - started < 5
    assert res.verdict is Verdict.OK and res.work is None  # doi.org proved it exists
    assert res.registry == "doi.org" and said in res.detail


def test_faults_without_doi_org_end_unverifiable(em) -> None:
    res = resolve(em, "10.5555/fault.down", **{"handle-url": em.urls["web"] + "/nothing"})
    assert res.verdict is Verdict.UNVERIFIABLE and res.reason == "503"


def test_transient_faults_recover_within_the_run(em) -> None:
    em.reset()
    flap = resolve(em, "10.5555/fault.flap")
    limited = resolve(em, "10.5555/fault.429")
    assert flap.registry == limited.registry == "Crossref"
    assert flap.work.title.startswith("Recovered record")


def test_budget_exhaustion_is_unverifiable_and_bounded(em) -> None:
    run = resolutions(em, budget=0.3)
    time.sleep(0.35)
    started = time.monotonic()
    res = run.resolver.resolve_doi("10.5555/cramps.2010.001")
    assert res.verdict is Verdict.UNVERIFIABLE and res.reason == "budget"
    assert time.monotonic() - started < 0.2


def _article(text: str):
    return read_text(text, analyse=False)


ARTICLES = [
    "Claim.\n\n## References\n\n1. https://doi.org/10.5555/cramps.2010.001\n"
    "2. doi:10.5555/retracted.2015.3\n3. https://doi.org/10.5072/dataset.cramps.1\n",
    "Other claim.\n\n## References\n\n1. http://dx.doi.org/10.5555/CRAMPS.2010.001\n"
    "2. https://doi.org/10.5555/retracted.2015.3\n",
]


@pytest.mark.parametrize("batch", [100, 0], ids=["batched", "one-at-a-time"])
def test_identifiers_are_deduplicated_across_the_run(em, tmp_path, batch) -> None:
    em.reset()
    run = resolutions(em, cache=True, **{"cache-path": str(tmp_path / "cache.sqlite3"),
                                         "batch-size": batch})
    run.ensure_articles([_article(t) for t in ARTICLES])
    run.close()
    handle_calls = [h.path for h in em.hits("doi") if "/api/handles/" in h.path]
    works_calls = [h.path for h in em.hits("crossref")]
    ra_calls = [h.path for h in em.hits("doi") if h.path.startswith("/ra/")]
    assert handle_calls == []  # the agencies' records prove existence
    if batch:
        # one filter query for both Crossref DOIs (whatever their case or form), one /ra/
        # for both prefixes; DataCite has a single DOI, asked on its own
        assert len(works_calls) == 1 and works_calls[0].startswith("/works?filter=")
        assert em.state.batches == [("crossref", 2)]
        assert len(ra_calls) == 1
    else:
        assert len(works_calls) == 2  # one per Crossref DOI, whatever the case or form
        assert len(ra_calls) == 2  # per prefix
    assert len(em.hits("datacite")) == 1

    em.reset()
    second = resolutions(em, cache=True, **{"cache-path": str(tmp_path / "cache.sqlite3")})
    second.ensure_articles([_article(t) for t in ARTICLES])
    assert em.hits() == []  # the cache is fresh: zero requests
    assert second.get("doi", "10.5555/retracted.2015.3").updates_in("retracted")
    second.close()


def test_transient_failures_are_never_cached(em, tmp_path) -> None:
    path = str(tmp_path / "cache.sqlite3")
    first = resolutions(em, cache=True, **{"cache-path": path})
    assert first.resolver.resolve_doi("10.5555/fault.badjson").work is None
    first.close()
    em.reset()
    second = resolutions(em, cache=True, **{"cache-path": path})
    second.resolver.resolve_doi("10.5555/fault.badjson")
    second.close()
    assert [h.path for h in em.hits("crossref")] == ["/works/10.5555%2Ffault.badjson"]
    assert not any("/api/handles/" in h.path for h in em.hits("doi"))  # that was cached


def test_cache_only_mode_uses_the_cache_and_marks_the_rest(em, tmp_path) -> None:
    path = str(tmp_path / "cache.sqlite3")
    warm = resolutions(em, cache=True, **{"cache-path": path})
    warm.resolver.resolve_doi("10.5555/cramps.2010.001")
    warm.close()
    em.reset()
    cold = resolutions(em, cache=True, mode="cache-only", **{"cache-path": path})
    cached = cold.resolver.resolve_doi("10.5555/cramps.2010.001")
    missing = cold.resolver.resolve_doi("10.5555/concern.2019.8")
    assert cached.verdict is Verdict.OK and cached.work is not None
    assert missing.verdict is Verdict.UNVERIFIABLE and missing.reason == "cache-only"
    assert em.hits() == []


def test_malformed_identifiers_resolve_their_suggestion_only(em) -> None:
    em.reset()
    article = _article("Claim.\n\n## References\n\n1. https://doi.org/5555/cramps.2010.001\n")
    (cited,) = cited_identifiers(article)
    assert not cited.resolvable
    run = resolutions(em)
    run.ensure([cited])
    assert run.get("doi", "10.5555/cramps.2010.001").verdict is Verdict.OK
    assert run.get("doi", "5555/cramps.2010.001") is None
    assert not any("/api/handles/5555" in h.path for h in em.hits("doi"))
