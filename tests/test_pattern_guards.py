"""Substring guards in front of regular expressions: a guard may only refuse text that its
pattern cannot match. Each guard is checked on every line of the repository's pages (the
dev sets, the examples and the fixtures) plus lines written to match, so a pattern edited
without its guard fails here rather than silently losing findings."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pytest

from tests.conftest import ROOT

_PAGES = [p for folder in ("tests/devset", "tests/fixtures", "examples", "articles")
          for p in sorted((ROOT / folder).rglob("*")) if p.suffix in {".md", ".html", ".txt"}]

WRITTEN = [
    "Last updated on: 08 Nov, 2025", "Medically reviewed 3 March 2024", "Posted: 2024-03-01",
    "Publication date: 1 May 2023", "Embargoed until 11 A.M. (ET), Monday, August 24, 2015",
    "Edited - 4 June 2022", "This leaflet was revised in January 2025.",
    "The page was written on 2 May 2021", "First published 2019 | Modified 2020",
    "Shop our range today", "We make and sell every jar here; the team that makes them",
    "a formula which sells well", "Smith J, et al. Lancet. 2019;12(3):45-52.",
    "doi:10.1000/xyz", "(2019). Vol. 3, pp. 4-5", "https://doi.org/10.1000/abc",
    "www.example.org/page", "PMID: 12345678", "PubMed ID 99", "PMCID: PMC12345", "PMC 123456",
    "http:\\\\example.com", "dx.doi.org/10.1/x",
]


def _lines() -> list[str]:
    lines = list(WRITTEN)
    for page in _PAGES:
        text = page.read_text(encoding="utf-8", errors="replace")
        lines += text.split("\n")
        lines += text.split("\n\n")
    return lines


LINES = _lines()


def _never_refuses_a_match(pattern: re.Pattern[str], admits: Callable[[str], bool]) -> int:
    matched = [line for line in LINES if pattern.search(line)]
    refused = [line for line in matched if not admits(line)]
    assert not refused, refused[:3]
    return len(matched)


def test_the_lines_are_many():
    assert len(_PAGES) > 50 and len(LINES) > 5000


def test_date_label_guards():
    from checks.detectors import dates

    def words(low_words: tuple[str, ...]) -> Callable[[str], bool]:
        return lambda line: any(w in line.lower() for w in low_words)

    assert _never_refuses_a_match(dates._LABEL_RE, words(dates._LABEL_WORDS)) > 10
    assert _never_refuses_a_match(dates._SENTENCE_LABEL_RE,
                                  words(dates._SENTENCE_LABEL_WORDS)) >= 2
    folded = set("iks")
    assert not [w for w in dates._LABEL_WORDS + dates._SENTENCE_LABEL_WORDS if set(w) & folded]


def test_seller_guard():
    from checks.detectors.promotion import seller

    assert _never_refuses_a_match(seller._SELLS.get(), lambda line: seller._may_sell(
        line.lower())) >= 3


def test_reference_entry_guard():
    from claims import detect

    assert _never_refuses_a_match(detect._REFERENCE_ENTRY, detect._may_be_reference_entry) > 10


@pytest.mark.parametrize("name", ["url", "doi_label", "bare_doi", "pmcid_label", "pmid_label",
                                  "bare_pmc"])
def test_identifier_guards(name):
    from claims import identifiers

    pattern = {"url": identifiers._URL_RE, "doi_label": identifiers._DOI_LABEL_RE,
               "bare_doi": identifiers._BARE_DOI_RE, "pmcid_label": identifiers._PMCID_LABEL_RE,
               "pmid_label": identifiers._PMID_LABEL_RE, "bare_pmc": identifiers._BARE_PMC_RE}[name]
    assert _never_refuses_a_match(
        pattern, lambda line: getattr(identifiers._Present(line), name)) >= 1


def test_identifier_guards_pass_non_ascii_text_to_every_pattern():
    from claims.identifiers import _Present, find_identifiers

    present = _Present("ſee")
    assert all(getattr(present, name) for name in _Present.__slots__)
    assert [i.kind for i in find_identifiers("Café study, PMID: 12345")] == ["pmid"]


def _lazy_patterns() -> list[tuple[str, object]]:
    import importlib
    import pkgutil

    import checks.detectors.promotion as promotion
    from checks.detectors.promotion.lexicon import Lazy

    found = []
    for info in pkgutil.iter_modules(promotion.__path__):
        module = importlib.import_module(f"{promotion.__name__}.{info.name}")
        found += [(f"{info.name}.{name}", value) for name, value in vars(module).items()
                  if isinstance(value, Lazy)]
    return found


def test_required_words_of_a_pattern():
    from claims.required_words import clauses

    # the parser takes the alternatives' common start out of the group
    assert clauses(r"works? for (?:everyone|everybody)") == (
        ("work",), (" for every",), ("one", "body"))
    assert clauses(r"\b(?:Add to|buy) (?:cart|bag)", re.IGNORECASE) == (("add to", "buy"),
                                                                        ("cart", "bag"))
    assert clauses(r"(?:cart|x)|y") == ()  # a branch without a word rules nothing out
    assert clauses(r"(?:price)?\d+(?=dollars)") == ()  # optional parts and lookarounds


@cache
def _promotion_lines() -> list[str]:
    """Every third promotion page's lines, and the sentences written here: the texts the
    guarded and the led patterns must read as the bare ones do (read once)."""
    pages = sorted((ROOT / "tests" / "devset").glob("promotion*/*"))[::3]
    return sorted({line for page in pages
                   for line in page.read_text(encoding="utf-8").split("\n")} | set(WRITTEN))


def test_lazy_patterns_run_only_where_their_words_are():
    """Every promotion pattern behind its word test finds what the bare pattern finds on
    the lines of the promotion pages it matches (search, findall and finditer alike; on a
    line it does not match, the test can only spare the search)."""
    from claims.required_words import guarded

    lines = _promotion_lines()
    tested = matched = 0
    for name, lazy in _lazy_patterns():
        compiled = lazy.get()
        methods = guarded(compiled)
        if not methods:
            continue
        tested += 1
        for line in lines:
            found = compiled.search(line)
            if found is None:
                continue
            matched += 1
            got = methods["search"](line)
            assert got is not None and (got.span(), got.groups()) == \
                (found.span(), found.groups()), (name, line)
            assert methods["findall"](line) == compiled.findall(line), (name, line)
            assert [m.span() for m in methods["finditer"](line)] == \
                [m.span() for m in compiled.finditer(line)], (name, line)
    assert tested > 40 and matched > 500


def test_a_word_test_leaves_non_ascii_text_to_the_pattern():
    from claims.required_words import guarded

    methods = guarded(re.compile(r"\bsunscreen\b", re.IGNORECASE))
    assert methods["search"]("a ſunscreen") is not None  # a long s matches "s" ignoring case
    assert methods["search"]("a sunblock") is None
    assert methods["findall"]("no sun here") == []


def test_a_lazy_pattern_reads_its_words_only_once_it_runs_often():
    from checks.detectors.promotion.lexicon import Lazy
    from claims.required_words import GUARD_AFTER

    lazy = Lazy(r"\b(?:buy|order) now\b", re.IGNORECASE)
    lines = ["Order now!", "nothing to see", "BUY NOW", "buy nowhere"] * GUARD_AFTER
    bare = lazy.get()
    first = lazy.search
    got = [(m and m.span()) for m in map(lazy.search, lines)]
    assert lazy.search is not first  # switched to the word test
    assert got == [(m and m.span()) for m in map(bare.search, lines)]
    assert lazy.findall("then BUY NOW, order now") == ["BUY NOW", "order now"]


def test_a_kept_search_result_is_the_bare_one():
    """The guarded search and match keep their last results per text: asked again, they
    give what the bare pattern gives (and with a position, they run it)."""
    from claims.required_words import guarded

    compiled = re.compile(r"\b(?:buy|order) now\b", re.IGNORECASE)
    methods = guarded(compiled)
    lines = ["Order now!", "nothing to see", "BUY NOW", "buy nowhere", "well, buy now"]
    for line in lines * 2:
        for name in ("search", "match"):
            got, bare = methods[name](line), getattr(compiled, name)(line)
            assert (got and got.span()) == (bare and bare.span()), (name, line)
    assert methods["search"]("Order now!", 1) is None


def test_a_page_count_skips_only_what_cannot_match():
    """``PromoDoc.count`` over a page's units, once its patterns have read their words (so
    that a word nowhere on the page rules out all its ASCII units at once), counts what a
    search of every unit counts, on every promotion dev page."""
    from checks.detectors.promotion import seller, sold
    from checks.detectors.promotion.document import build
    from claims.read import read_text
    from claims.required_words import GUARD_AFTER

    patterns = (seller.COMMERCE, sold.FORM_CALL, sold.YOURSELF, sold.VISIT, sold.ROUTINE,
                sold.HERE_LINK, sold.READER_PITCH)
    for pattern in patterns:  # past the calls after which the word tests are read
        pattern.get()
        for line in LINES[:GUARD_AFTER]:
            pattern.search(line)
    assert sum(1 for p in patterns if p.word_tests) >= 5
    pages = sorted((ROOT / "tests" / "devset").glob("promotion*/*"))
    skipped = 0
    for page in pages:
        doc = build(read_text(page.read_text(encoding="utf-8"), path=str(page)))
        for pattern in patterns:
            bare = pattern.get()
            assert doc.count(doc.units, pattern) == \
                sum(1 for u in doc.units if bare.search(u.norm)), (page.name, bare.pattern)
            skipped += pattern.absent_from(doc.lower)
        assert doc.count(doc.units, *patterns) == sum(
            1 for u in doc.units if any(p.get().search(u.norm) for p in patterns)), page.name
    assert len(pages) > 20 and skipped > len(pages)  # the page-level test did rule out


def test_a_pattern_led_by_its_first_letters_finds_what_it_found():
    """A promotion pattern led by the characters its matches start with
    (``required_words.opening``) finds the same spans and groups on every line of the
    promotion pages, searching from any position, as the pattern without the lead."""
    from claims.required_words import opening

    lines = _promotion_lines()
    led = matched = 0
    for name, lazy in _lazy_patterns():
        bare = lazy.get()
        lead = opening(bare.pattern, bare.flags)
        if not lead:
            continue
        led += 1
        compiled = re.compile(lead, bare.flags)
        for line in lines:
            want = [(m.span(), m.groups()) for m in bare.finditer(line)]
            matched += bool(want)
            assert [(m.span(), m.groups()) for m in compiled.finditer(line)] == want, \
                (name, line)
            assert bool(compiled.match(line)) == bool(bare.match(line)), (name, line)
            assert bool(compiled.search(line, 5)) == bool(bare.search(line, 5)), (name, line)
    assert led > 40 and matched > 500


@pytest.mark.parametrize(("pattern", "flags", "lead"), [
    (r"\bour\s+(?P<w>\w+)", re.IGNORECASE, "(?=[o])"),
    (r"(?<![\w-])(?:(?:the\s+)?most|top)\b", re.IGNORECASE, "(?=[mt])"),
    (r"\b(?-i:[A-C])x", re.IGNORECASE, "(?=[ABC])"),
    (r"https?://", 0, ""),  # opens with a letter: skipped to in C already
    (r"\bx?", 0, ""),  # may be empty
    (r"\b\w+", 0, ""),  # a category: not read
    (r"(?i)\bfoo", 0, ""),  # flags written into the pattern must open it
    (r"\b(?i:f)oo", 0, ""),  # a part that ignores case where the pattern does not
])
def test_the_lead_of_a_pattern(pattern: str, flags: int, lead: str) -> None:
    from claims.required_words import opening

    assert opening(pattern, flags) == (lead + pattern if lead else "")
