"""Metadata comparison, DOI suggestion choice, registry parsing and resolver settings."""

from __future__ import annotations

import pytest

from checks.resolve.match import clearly_best, compare, family_name, journal_ok, title_score
from checks.resolve.model import Author, Work
from checks.resolve.parse import crossref_work, datacite_work, esummary_records, esummary_work
from checks.resolve.settings import parse
from checks.settings.config import ConfigError, settings_from_mapping
from tests.emulator import fixtures as fx


def work(title: str, family: str = "Swanson", years=(2018, 2019), journals=("European "
         "Journal of Neurology", "Eur J Neurol"), subtitle: str = "") -> Work:
    return Work("Crossref", title=title, subtitle=subtitle, authors=[Author(family, "M")],
                years=list(years), journals=list(journals))


@pytest.mark.parametrize("cited, registered, subtitle", [
    ("Muscular cramp: causes and management", "Muscular cramp: causes and management", ""),
    ("MUSCULAR CRAMP — CAUSES AND MANAGEMENT.", "Muscular cramp: causes and management", ""),
    ("Assessment: symptomatic treatment for muscle cramps (an evidence-based review)",
     "Assessment: symptomatic treatment for muscle cramps", "an evidence-based review"),
    ("Exercise-associated muscle cramps", "Exercise-associated muscle cramps",
     "a narrative review"),
    ("Effects of magnesium on nocturnal leg cramps: a randomised crossover trial",
     "Effects of <i>magnesium</i> on nocturnal leg cramps", ""),
    ("Quinine cures all nocturnal cramps within a week",
     "RETRACTED: Quinine cures all nocturnal cramps within a week", ""),
])
def test_titles_match_despite_form(cited, registered, subtitle) -> None:
    assert title_score(cited, work(registered, subtitle=subtitle)) >= 88


def test_different_papers_do_not_match() -> None:
    assert title_score("Muscular cramp: causes and management",
                       work("Deep brain stimulation in refractory depression")) < 55


@pytest.mark.parametrize("stated, family", [
    ("Swash, M.", "Swash"), ("Scalfani VF", "Scalfani"), ("M. Swash", "Swash"),
    ("De Carvalho, M.", "De Carvalho"), ("Van Engelen, B. G.", "Van Engelen"),
    ("Katzberg H. D.", "Katzberg"),
])
def test_family_names(stated, family) -> None:
    assert family_name(stated) == family


def test_journal_abbreviations_and_subtitles() -> None:
    w = work("x")
    assert journal_ok("Eur J Neurol", w)
    assert journal_ok("European journal of neurology", w)
    assert journal_ok("Neurology", w) is False
    sports = work("x", journals=("Sports Health: A Multidisciplinary Approach",))
    assert journal_ok("Sports Health A Multidisciplinary Approach", sports)


def test_comparison_verdicts() -> None:
    w = work("Muscular cramp: causes and management")
    title = "Muscular cramp: causes and management"
    assert compare(title, ["Swanson, M."], 2019, "Eur J Neurol", w).verdict == "match"
    assert compare(title, ["Swanson, M."], 2017, "", w).verdict == "match"  # +-1 year
    wrong_year = compare(title, ["Swanson, M."], 2012, "", w)
    assert wrong_year.verdict == "discrepancy"
    assert [f.name for f in wrong_year.problems] == ["year"]
    other = compare("Deep brain stimulation in refractory depression", ["Okafor, A."], 2012,
                    "", w)
    assert other.verdict == "mismatch"
    assert compare("", [], None, "", w).verdict == "unknown"


def _items(*pairs):
    return [{"doi": f"10.5555/{i}", "score": score, "work": w}
            for i, (score, w) in enumerate(pairs)]


def test_suggestion_needs_a_clear_winner_that_matches() -> None:
    w = work("Calf muscle cramps and statin therapy in a cohort of veterans", "Abernathy",
             years=(2011,))
    other = work("Something else entirely", "Nobody")
    title = "Calf muscle cramps and statin therapy in a cohort of veterans"
    assert clearly_best(_items((40.0, w), (10.0, other)), title, ["Abernathy, J."], 2011)
    assert clearly_best(_items((40.0, w), (38.0, other)), title, ["Abernathy, J."], 2011) is None
    assert clearly_best(_items((40.0, w)), title, ["Quist, M."], 2011) is None  # not 1st author
    assert clearly_best(_items((40.0, w)), "Statins", ["Abernathy, J."], 2011) is None


def test_crossref_parsing_reads_updates_and_ignores_nothing_silently() -> None:
    w, updates = crossref_work(fx.CROSSREF["10.5555/retracted.2015.3"])
    assert w.authors[0].family == "Fabricant" and w.years == [2015]
    assert len(updates) == 1 and updates[0].group == "retracted"
    _, none = crossref_work(fx.CROSSREF["10.5555/cramps.2010.001"])
    assert none == []


def test_datacite_and_esummary_parsing() -> None:
    d = datacite_work(fx.DATACITE["10.5072/dataset.cramps.1"])
    assert (d.title, d.years, d.authors[0].family) == ("Night cramp diary dataset", [2021],
                                                       "Nakamura")
    records, error = esummary_records({"header": {}, "result": {
        "uids": ["1", "2"], "1": fx.PUBMED["31000002"], "2": {"uid": "2", "error": "x"}}})
    assert error == "" and set(records) == {"1", "2"}
    pub, updates = esummary_work(records["1"], "pubmed")
    assert pub.years == [2014] and updates[0].notice == "31000009"
    assert esummary_records({"error": "Invalid uid Z1 at position=0"}) == (
        {}, "Invalid uid Z1 at position=0")


def test_resolver_section_is_validated_by_config() -> None:
    settings = settings_from_mapping(
        {"resolver": {"email": "ed@example.org", "budget": "2m", "ttl-status": "7d",
                      "allow-loopback": ["127.0.0.1"]}}, "test", ".")
    parsed = parse(settings.resolver)
    assert parsed.budget == 120 and parsed.ttl_status == 7 * 86400
    for bad in ({"emial": "x@y.org"}, {"allow-loopback": ["10.0.0.1"]}, {"timeout": -1},
                {"mode": "offline"}, {"crossref-url": "ftp://x"}):
        with pytest.raises(ConfigError):
            settings_from_mapping({"resolver": bad}, "test", ".")
