"""HL304 on supplement pages: the label panel that marks one, classes of disease, lowering a
disease's marker, and effects promised to people who have a disease; with the near misses
(structure/function wording, medicines, warnings) that must stay quiet."""

from __future__ import annotations

import pytest

from checks.detectors.promotion import label_panel
from checks.detectors.promotion.products import index_for
from checks.settings.config import Settings
from claims.read import read_text
from tests.promotion_helpers import by_code, run

SUPPLEMENT = "---\ntype: supplement\n---\n\n# Zinc tablets\n\n"


def _claims(text: str, **kwargs) -> list[str]:
    return [f.excerpt for f in by_code(run(text, "HL304", **kwargs), "HL304")]


PRODUCT_LABEL = """Night Garden Magnesium Glycinate

Magnesium helps the muscles relax. Taken daily, it protects against heart disease.

{panel}

Other ingredients: rice flour, vegetable capsule.
"""
def _shows_panel(page: str) -> bool:
    """Whether the panel reader finds a Supplement Facts panel on the plain-text page."""
    doc, _ = index_for(read_text(page, path="page.txt", format="text"), {}, Settings())
    return label_panel.shows_supplement_facts(doc)


PANEL = """Supplement Facts
Serving Size: 2 Capsules
Servings per Container: 60
Magnesium (as glycinate) 200 mg"""


@pytest.mark.parametrize("panel", [
    PANEL,
    # the serving line a label panel and the seller-page cue read alike
    "Supplement Facts\nServings per Bottle: 60\nMagnesium (as glycinate) 200 mg",
])
def test_a_supplement_facts_panel_marks_a_supplement_page(panel):
    page = PRODUCT_LABEL.format(panel=panel)
    assert _shows_panel(page)
    assert _claims(page, fmt="text", path="page.txt") == ["protects against heart disease"]


def test_without_a_panel_or_label_lines_the_page_is_not_judged():
    # an ingredients list or a storage line would mark a product label on their own
    page = PRODUCT_LABEL.format(panel="").replace(
        "Other ingredients: rice flour, vegetable capsule.\n", "")
    assert _claims(page, fmt="text", path="page.txt") == []


def test_a_sentence_naming_the_panel_is_no_panel():
    # whether such a page sells is the seller-page model's judgement, not the panel's
    page = PRODUCT_LABEL.format(
        panel="Shoppers should read the Supplement Facts panel on the back of the bottle.\n"
              "Serving size matters when comparing prices.")
    assert not _shows_panel(page)
    assert _shows_panel(PRODUCT_LABEL.format(panel=PANEL))


@pytest.mark.parametrize(("sentence", "claim"), [
    ("Zinc may protect people from a number of autoimmune disorders.",
     "protect people from a number of autoimmune disorders"),
    ("It lowers high blood pressure within weeks.", "lowers high blood pressure"),
    ("Two tablets a day help bring down cholesterol levels.", "bring down cholesterol levels"),
    ("Chromium may improve insulin sensitivity in people with type 2 diabetes.",
     "improve insulin sensitivity in people with type 2 diabetes"),
    ("It can raise insulin output for many adults with poor blood sugar control.",
     "raise insulin output for many adults with poor blood sugar control"),
    ("With one tablet a day you can breeze through cold and flu season.",
     "breeze through cold"),
    ("Parents tell us it cleared their toddler's eczema in a month.",
     "cleared their toddler's eczema"),
    ("Take two a day to prevent diarrhoea on holiday.", "prevent diarrhoea"),
    ("Many customers take it to manage IBS.", "manage IBS"),
])
def test_disease_classes_markers_and_patients(sentence, claim):
    assert _claims(SUPPLEMENT + sentence + "\n") == [claim]


@pytest.mark.parametrize("sentence", [
    "Zinc helps maintain healthy blood pressure already within the normal range.",
    "If you take medicines that lower blood pressure, ask your pharmacist first.",
    "Too much zinc raises the risk of copper deficiency in people with kidney disease.",
    "Zinc levels are often lower in people with diabetes.",
    "Zinc supports normal immune function in adults with busy lives.",
    "Cutting down on salt lowers blood pressure in most adults.",
    "Most colds clear up on their own within ten days.",
    "Very high doses lower triglycerides, but they are prescribed, not bought in a shop.",
    "Some strains have good evidence for uses such as preventing diarrhoea after antibiotics.",
    "Open a window to clear the cold air from a stuffy room.",
])
def test_structure_function_wording_medicines_and_warnings_are_not_disease_claims(sentence):
    assert _claims(SUPPLEMENT + sentence + "\n") == []


def test_a_heading_on_what_lowers_a_marker_gives_advice():
    text = SUPPLEMENT + "## What lowers blood pressure\n\nWalking every day helps.\n"
    assert _claims(text) == []
