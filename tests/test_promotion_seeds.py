"""The promotion checks on the two real scraped seed articles, without any configuration."""

from __future__ import annotations

from checks.contract.registry import load
from checks.engine.article import lint_article, plan_for
from checks.settings.config import Settings
from claims.read import read
from tests.conftest import SEEDS, needs_seeds

PITCH_SEED = "001_d94c28077ab75d1e.txt"
CITED_SEED = "000_ffd80acf5be5f898.txt"


def _findings(name: str):
    settings = Settings(select=["HL3"])
    plan = plan_for(settings, load(settings))
    return lint_article(read(str(SEEDS / name)), plan).findings


def _at(findings, code):
    return [(f.line, f.column) for f in findings if f.code == code]


@needs_seeds
def test_product_pitch_seed_cream_pitch_and_product_claims_are_pitches():
    found = _findings(PITCH_SEED)
    pitches = {f.line: f for f in found if f.code == "HL301"}
    assert sorted(pitches) == [92, 94, 100, 103, 107, 111]
    assert all(f.column == 1 and f.severity.value == "warning" for f in pitches.values())
    assert "Hempvana Platinum Pain Relief Cream" in pitches[92].excerpt
    assert pitches[100].excerpt.startswith("Hempvana’s pain relief creams are formulated")
    assert pitches[103].excerpt.startswith("Hempvana’s Lidocaine Cream is formulated")
    assert pitches[107].excerpt.startswith("Hempvana Pain Relief Cream uses the active")


@needs_seeds
def test_product_pitch_seed_head_for_call_and_unsourced_claims():
    found = _findings(PITCH_SEED)
    [cta] = [f for f in found if f.code == "HL302"]
    assert (cta.line, cta.column, cta.end_column, cta.excerpt) == (109, 1, 18, "Head For Hempvana")
    claims = {f.line: f for f in found if f.code == "HL303"}
    assert sorted(claims) == [92, 94, 111]
    assert all(f.severity.value == "error" for f in claims.values())
    cream = claims[92]
    assert cream.column == 86
    assert cream.excerpt.startswith("Massaging the affected area with a topical pain relief")
    safety = claims[111]
    assert (safety.column, safety.end_column) == (1, 91)
    assert safety.excerpt == ("Hempvana’s line of topicals safely provides on-the-spot relief to "
                              "achy muscles and joints.")
    assert "safety" in safety.message and "safely provides on-the-spot relief" in safety.message


@needs_seeds
def test_product_pitch_seed_plain_health_and_self_care_paragraphs_are_clean():
    found = _findings(PITCH_SEED)
    assert [f for f in found if f.line < 92] == []
    assert [f for f in found if f.line == 98] == []  # "your doctor will determine ..."
    assert {f.code for f in found} == {"HL301", "HL302", "HL303"}


@needs_seeds
def test_well_cited_seed_body_is_clean_and_chrome_is_info():
    found = _findings(CITED_SEED)
    assert found, "the app-download and payment chrome should be reported"
    assert all(f.severity.value == "info" and f.data.get("where") == "boilerplate"
               for f in found)
    assert all(f.line >= 198 for f in found)  # nothing in the article body or references
    excerpts = {f.line: f.excerpt for f in found}
    assert excerpts[213] == "Download Truemeds"
    assert excerpts[216] == "Playstore"
    assert excerpts[217] == "Apple App  Store"
    assert 232 not in excerpts  # "Our Payment Partners": a payment-card name calls no one to buy
    assert any(f.line == 215 and "Download Truemeds today" in f.excerpt for f in found)
