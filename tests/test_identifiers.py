"""Finding, normalising and validating DOIs, PMIDs, PMCIDs and URLs (offline)."""

from __future__ import annotations

import pytest

from claims.identifiers import (
    find_identifiers,
    is_valid_doi,
    normalize_doi,
    normalize_url,
    validate,
    validate_doi,
    validate_pmcid,
    validate_pmid,
    validate_url,
)
from tests.conftest import SEEDS, needs_seeds


def kinds(text: str, offset: int = 0) -> list[tuple[str, str, str]]:
    return [(i.kind, text[i.start - offset:i.end - offset], i.normalized)
            for i in find_identifiers(text, offset)]


@pytest.mark.parametrize("written, normal", [
    ("10.1111/ene.13799", "10.1111/ene.13799"),
    ("doi:10.1111/ENE.13799", "10.1111/ene.13799"),
    ("DOI: 10.1111/ene.13799", "10.1111/ene.13799"),
    ("https://doi.org/10.1111/ene.13799", "10.1111/ene.13799"),
    ("http://dx.doi.org/10.1111/ene.13799", "10.1111/ene.13799"),
    ("https://doi.org/10.1002%2Fabc.def", "10.1002/abc.def"),
    ("urn:doi:10.1002/x", "10.1002/x"),
    ("10.1136/pn\u20102022\u2010003574", "10.1136/pn-2022-003574"),
    ("10.1136/pn-2022\u200b-003574", "10.1136/pn-2022-003574"),
    ("https://doi.org/10.1000/abc?utm_source=x", "10.1000/abc"),
])
def test_normalize_doi(written: str, normal: str) -> None:
    assert normalize_doi(written) == normal
    assert is_valid_doi(normal)


def test_find_all_kinds_with_exact_spans_and_no_trailing_punctuation() -> None:
    text = ("See doi:10.1000/xyz123. Also (https://dx.doi.org/10.1002%2Fabc.def), "
            "PMID: 12345678; PMCID: PMC3140110, https://pubmed.ncbi.nlm.nih.gov/27933103/ and "
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5122160/. Read "
            "https://en.wikipedia.org/wiki/Cramp_(medicine).")
    assert kinds(text, 40) == [
        ("doi", "10.1000/xyz123", "10.1000/xyz123"),
        ("doi", "https://dx.doi.org/10.1002%2Fabc.def", "10.1002/abc.def"),
        ("pmid", "12345678", "12345678"),
        ("pmcid", "PMC3140110", "PMC3140110"),
        ("pmid", "https://pubmed.ncbi.nlm.nih.gov/27933103/", "27933103"),
        ("pmcid", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5122160/", "PMC5122160"),
        ("url", "https://en.wikipedia.org/wiki/Cramp_(medicine)",
         "https://en.wikipedia.org/wiki/Cramp_(medicine)"),
    ]


def test_markdown_link_and_escapes() -> None:
    text = r"[Swash 2018](https://doi.org/10.1111/ene.13799) and doi:10.1000/a\_b."
    found = find_identifiers(text)
    assert [(i.kind, i.normalized) for i in found] == [
        ("doi", "10.1111/ene.13799"), ("doi", "10.1000/a_b")]
    assert text[found[0].start:found[0].end] == "https://doi.org/10.1111/ene.13799"


def test_words_that_only_look_like_labels_are_not_identifiers() -> None:
    assert find_identifiers("PubMed 2019 data; the PMC board; 10.5 mg/day; e.g. www") == []


def test_missing_10_prefix_in_doi_link() -> None:
    text = "Neurology, 74(8), 691–696. https://doi.org/1212/wnl.0b013e3181d0ccca\n"
    (ident,) = find_identifiers(text, 1000)
    assert ident.kind == "doi"
    assert text[ident.start - 1000:ident.end - 1000] == "https://doi.org/1212/wnl.0b013e3181d0ccca"
    (problem,) = validate(ident)
    assert problem.reason == "missing-doi-prefix"
    assert problem.suggestion == "10.1212/wnl.0b013e3181d0ccca"
    assert text[problem.start - 1000:problem.end - 1000] == "1212/wnl.0b013e3181d0ccca"
    assert problem.replacement == "10.1212/wnl.0b013e3181d0ccca"


@pytest.mark.parametrize("written, reason, suggestion", [
    ("10,1212/x.y", "broken-doi-prefix", "10.1212/x.y"),
    ("101212/x.y", "broken-doi-prefix", None),  # 10.1212 or 10.101212: not evident
    ("10.\u200b.1212/x", "broken-doi-prefix", "10.1212/x"),
    ("10.1136/pn\u20102022", "unicode-dash", "10.1136/pn-2022"),
    ("10.1111/", "malformed", None),
    ("10.12/abc", "malformed", None),
])
def test_doi_problems(written: str, reason: str, suggestion: str | None) -> None:
    problems = validate_doi(written)
    assert problems and problems[-1].reason == reason
    assert problems[-1].suggestion == suggestion


def test_valid_dois_have_no_problems() -> None:
    for doi in ("10.1111/ene.13799", "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4",
                "doi:10.1000.10/abc"):
        assert validate_doi(doi) == []


@pytest.mark.parametrize("written, reason, suggestion", [
    ("PMC12345", "pmcid-as-pmid", "PMC12345"),
    ("0123", "leading-zeros", "123"),
    ("2O12345", "lookalike-letters", "2012345"),
    ("123456789", "too-long", None),
])
def test_pmid_problems(written: str, reason: str, suggestion: str | None) -> None:
    (problem,) = validate_pmid(written, 10)
    assert (problem.reason, problem.suggestion) == (reason, suggestion)
    assert (problem.start, problem.end) == (10, 10 + len(written))


def test_pmid_mislabelled_pmcid_is_found_as_pmid() -> None:
    (ident,) = find_identifiers("PMID: PMC12345")
    assert (ident.kind, ident.value, ident.normalized) == ("pmid", "PMC12345", "")
    assert validate(ident)[0].reason == "pmcid-as-pmid"


def test_pmcid_problems() -> None:
    assert validate_pmcid("PMC3140110") == []
    found = find_identifiers("PMCID: 3140110 and PMC 5122160")
    assert [(i.kind, i.normalized) for i in found] == [("pmcid", "PMC3140110"),
                                                       ("pmcid", "PMC5122160")]
    assert [validate(i)[0].suggestion for i in found] == ["PMC3140110", "PMC5122160"]


@pytest.mark.parametrize("written, reason, start, replacement", [
    ("www.nih.gov/health", "no-scheme", 0, "https://"),
    ("htps://example.com/a", "scheme", 0, "https"),
    ("http//example.com/x", "separator", 4, "://"),
    ("https:/example.com/y", "separator", 5, "://"),
    ("https://examplecom/z", "bad-host", 0, None),
    ("https://example.com/foo_(bar", "unbalanced-bracket", 0, None),
])
def test_url_problems(written: str, reason: str, start: int, replacement: str | None) -> None:
    (problem,) = validate_url(written, 100)
    assert (problem.reason, problem.start - 100, problem.replacement) == (
        reason, start, replacement)


def test_url_normalisation() -> None:
    assert normalize_url("HTTPS://Example.COM/Path?q=1#frag") == "https://example.com/Path?q=1"
    assert normalize_url("www.nih.gov") == "https://www.nih.gov/"
    assert normalize_url("https://a.example/x?a=1&amp;b=2") == "https://a.example/x?a=1&b=2"
    assert validate_url("https://example.com/ok") == []


@needs_seeds
def test_seed_broken_doi_found_at_exact_file_position() -> None:
    path = next(SEEDS.glob("000_*.txt"))
    text = path.read_text(encoding="utf-8")
    doi_links = [i for i in find_identifiers(text) if i.kind == "doi"]
    broken = [p for i in doi_links for p in validate(i)]
    assert len(doi_links) == 4 and len(broken) == 1
    (problem,) = broken
    assert problem.suggestion == "10.1212/wnl.0b013e3181d0ccca"
    assert text[problem.start:problem.end] == "1212/wnl.0b013e3181d0ccca"
    assert text[problem.start - len("https://doi.org/"):problem.start] == "https://doi.org/"


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("see doi.org/10.1056/NEJMoa1800389 now", "10.1056/nejmoa1800389"),
        ("dx.doi.org/10.1000/xyz123.", "10.1000/xyz123"),
    ],
)
def test_doi_resolver_link_without_scheme_is_a_doi(text, normalized):
    found = find_identifiers(text)
    assert [(i.kind, i.normalized) for i in found] == [("doi", normalized)]
    written = text[found[0].start:found[0].end]
    assert written.lower().startswith(("doi.org/", "dx.doi.org/"))
    assert written.lower().endswith(normalized.split("/", 1)[1])
