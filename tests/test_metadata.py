"""The page's content type: one reading of the front matter for policy and promotion."""

from __future__ import annotations

import pytest

from checks.detectors.promotion.document import build
from checks.settings.config import Settings
from checks.settings.policy import resolve
from claims.metadata import content_type, normalise_content_type
from claims.read import read_text
from tests.promotion_helpers import by_code, run


@pytest.mark.parametrize(("meta", "expected"), [
    ({"content_type": "news"}, "news"),
    ({"content-type": " News "}, "news"),
    ({"contentType": "Dietary Supplement"}, "supplement"),
    ({"content_type": "food_supplement"}, "supplement"),
    ({"content_type": "recipe"}, "recipe"),  # explicit keys take any value
    ({"type": "Supplements"}, "supplement"),
    ({"type": "post"}, ""),  # a layout, not a content type
    ({"category": "Supplements"}, ""),  # a site section, not a content type
    ({"type": "supplement", "content_type": "news"}, "news"),  # explicit key first
    ({"content_type": "", "type": "food"}, "food"),
    ({}, ""),
])
def test_key_order_and_normalisation(meta, expected):
    assert content_type(meta) == expected


def test_type_accepts_a_site_type_only_when_the_site_declares_it():
    assert content_type({"type": "recipe"}) == ""
    assert content_type({"type": "Recipe"}, known=("article", "recipe")) == "recipe"


def test_normalisation_keeps_unknown_types_readable():
    assert normalise_content_type("Product  Review") == "product-review"
    assert normalise_content_type("dietary-supplement") == "supplement"


FRONTS = [
    "type: Dietary Supplement",
    "content-type: News",
    "contentType: food",
    "category: supplements",
    "type: post",
    "content_type: product",
]


@pytest.mark.parametrize("front", FRONTS)
def test_policy_and_promotion_read_the_same_content_type(front):
    article = read_text(f"---\n{front}\n---\n\n# Title\n\nSome text here.\n")
    promoted = build(article).content_type or "article"  # the policy's default type
    assert resolve(Settings(), article).content_type == promoted


def test_dietary_supplement_page_gets_the_supplement_rules():
    body = "# Elderberry\n\nElderberry gummies prevent the flu and cure colds.\n"
    found = run("---\ncontent_type: Dietary Supplement\n---\n\n" + body, "HL304")
    assert [f.excerpt for f in by_code(found, "HL304")] == ["prevent the flu", "cure colds"]
    assert by_code(run("---\ncategory: Supplements\n---\n\n" + body, "HL304"), "HL304") == []


def test_content_type_key_variants_are_not_unknown_front_matter_keys():
    from checks.detectors.frontmatter_schema import validate

    assert validate({"contentType": "Dietary Supplement"}, ("article", "supplement")) == []
    [problem] = validate({"content_type": "suplement"}, ("article", "supplement"))
    assert "did you mean 'supplement'" in problem.message
