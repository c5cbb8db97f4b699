"""Product and brand detection: names the text introduces, configured brands, mentions."""

from __future__ import annotations

from checks.detectors.promotion.document import build
from checks.detectors.promotion.products import index_of
from claims.read import read_text


def _index(text: str, brands: list[str] | None = None, publisher: str = "", fmt="markdown"):
    article = read_text(text, path="a.md", format=fmt)
    doc = build(article)
    return doc, index_of(doc, brands or [], publisher)


INTRODUCED = """# Sore Feet

Plantar pain often eases with rest and stretching.

A soothing balm like Solevita Arnica Foot Balm can be rubbed in each evening.

Solevita's foot balms are made with arnica and menthol. The balm absorbs quickly.
"""


def test_brand_introduced_with_a_product_noun_and_recurring_is_found():
    _, index = _index(INTRODUCED)
    [product] = index.products
    assert product.key == "Solevita"
    assert product.name == "Solevita Arnica Foot Balm"
    assert product.origin == "text"
    assert "product noun 'balm'" in product.evidence
    mentions = [(m.kind, m.text) for m in index.mentions]
    assert ("name", "Solevita Arnica Foot Balm") in mentions
    assert ("name", "Solevita's foot balms") in mentions
    assert ("anaphor", "The balm") in mentions


def test_capitalised_words_that_are_not_brands_are_ignored():
    text = """# Muscle Cramps

Cramps are common in people with Parkinson's disease and in Multiple Sclerosis [1].
Drugs such as Baclofen or Tizanidine act on the nervous system.
Paracetamol (sold as Tylenol) eases pain. The FDA and the NHS publish advice in the US and UK.
Muscle Relaxants: such as Baclofen, may help.
"""
    _, index = _index(text)
    assert index.products == []


def test_a_brand_named_once_without_a_trademark_is_not_a_product():
    _, index = _index("# Gel\n\nSome people use Voltaren Gel for knee pain [2].\n")
    assert index.products == []


def test_a_trademark_sign_is_enough_once():
    _, index = _index("# Gel\n\nTry Kneezen\u2122 gel for stiff joints.\n")
    assert [p.key for p in index.products] == ["Kneezen"]


def test_our_app_with_a_name_introduces_the_publishers_product():
    text = "# Sleep\n\nOur app, Dozely, tracks your sleep. Dozely users report better rest.\n"
    _, index = _index(text)
    assert "Dozely" in [p.key for p in index.products]
    assert any(m.kind == "our" and m.text == "Our app" for m in index.mentions)


def test_configured_brands_and_front_matter_names_are_products():
    text = "---\nsponsor: Glowmax\n---\n\n# Skin\n\nGlowmax serum hydrates. ACME pads too.\n"
    _, index = _index(text, brands=["ACME"], publisher="Skinfo")
    origins = {p.key: p.origin for p in index.products}
    assert origins == {"ACME": "configured", "Glowmax": "front-matter", "Skinfo": "publisher"}
    assert {m.text for m in index.mentions} >= {"Glowmax serum", "ACME pads"}


def test_publisher_is_read_from_the_copyright_line_of_site_chrome():
    text = ("Home / Blog / Skin\n\nSunburn\n\nSunburn is skin damage from UV light.\n\n"
            "References\n\n[1] A reference. https://example.org/a\n\n"
            "Download the app\n\n\u00a9 2025 Medikart Health Pvt Ltd. All rights reserved.\n")
    _, index = _index(text, fmt="text")
    assert [p.key for p in index.products if p.origin == "publisher"] == ["Medikart"]


def test_pronoun_refers_back_only_when_the_product_was_the_subject():
    text = """# Creams

Solevita Foot Balm contains arnica. It soothes sore heels overnight.

Menthol cools the skin. It is found in many rubs, including Solevita Foot Balm.
"""
    _, index = _index(text)
    pronouns = [m for m in index.mentions if m.kind == "pronoun"]
    assert [(m.text, m.unit.text[:10]) for m in pronouns] == [("It", "It soothes")]


def test_words_are_the_words_of_the_tokens():
    # build_index counts words() and scans tokens(): both must read the same words.
    from checks.detectors.promotion.tokens import tokens, words

    text = ("Hempvana's cream\u00ae's 2-in-1 patients' A&B+ C++ -- x-ray Müller's "
            "Brand\u2122 it's sa's ends'")
    assert words(text) == [t.word for t in tokens(text)]
    assert "Hempvana" in words(text) and "s" in words(text)  # a mark keeps no "'s"


def test_a_name_after_a_title_is_a_person_not_a_brand():
    text = ("# Tinnitus\n\nDr. Howard Keane retired in 2015. Dr. Keane's formula uses arnica.\n\n"
            "Later, Keane sold the formula online.\n")
    assert "Keane" not in _keys(text)


def test_a_camelcase_brand_named_with_a_supplement_ingredient_is_a_product():
    text = ("# Cramps\n\n## FlexMag Magnesium + B6\n\n"
            "FlexMag pairs 250 mg of magnesium with vitamin B6.\n")
    assert "FlexMag" in _keys(text)


def _keys(text: str) -> set[str]:
    return {p.key for p in _index(text)[1].products}


def test_a_brand_of_ordinary_words_named_with_a_supplement_ingredient_is_a_product():
    text = ("# Magnesium\n\n## 1. Calm Harbor Magnesium Glycinate\n\n"
            "Our testers liked Calm Harbor Magnesium Glycinate. Calm Harbor helps you relax.\n")
    assert "Harbor" in _keys(text)
    assert "Harbor" not in _keys("# Magnesium\n\nThe Harbor Clinic measured magnesium.\n")


def test_a_brand_called_a_product_in_the_past_tense():
    text = ("# Sleep\n\nIn our tests, Restwise was the pillow we kept. Restwise stayed cool "
            "all night.\n")
    assert "Restwise" in _keys(text)


def test_a_brand_that_opens_its_product_name_is_found_when_the_page_also_names_it_mid_sentence():
    text = ("Daybreak Decongestant Nasal Spray 15 ml\n\n"
            "Daybreak Decongestant Nasal Spray clears a blocked nose.\n\n"
            "Unlike other sprays, Daybreak is gentle. A decongestant spray works fast, but "
            "nasal sprays are for a few days only.\n")
    assert "Daybreak" in {p.key for p in _index(text, fmt="text")[1].products}


DOMAIN = """# Magnesium for sleep

Magnesium helps some people sleep. Dreamleaf Magnesium Glycinate is a magnesium supplement
made by Dreamleaf.

You can buy Dreamleaf Magnesium Glycinate at {where} today.
"""


def test_a_brand_whose_shop_address_is_written_in_lower_case_is_still_a_brand():
    _, index = _index(DOMAIN.format(where="dreamleaf.com"))
    # the mineral's form ("Glycinate") capitalised in the name names no brand
    assert [(p.key, p.name) for p in index.products] == [
        ("Dreamleaf", "Dreamleaf Magnesium Glycinate")]


def test_a_word_the_text_writes_in_lower_case_outside_an_address_is_no_brand():
    _, index = _index(DOMAIN.format(where="any dreamleaf stockist"))
    assert "Dreamleaf" not in [p.key for p in index.products]


RANKED = """# The 3 best probiotics for bloating

## Our top picks

- Brightgut Daily Balance 20 Billion – Best Overall – £24.99
- Sproutline Gentle Gut – Best for Sensitive Stomachs – £18.50
- Sproutline Kids Chewables – Best for Children – £12.00

## 1. Brightgut Daily Balance 20 Billion – Best Overall

Brightgut's capsule pairs eight strains with a little inulin. See brightgut.example/daily.

## 2. Sproutline Gentle Gut – Best for Sensitive Stomachs

Sproutline's single-strain capsule has no added fibre.
"""


def test_a_ranked_product_is_found_by_its_makers_word_when_one_product_has_it():
    _, index = _index(RANKED)
    mentions = [(m.product.key, m.text) for m in index.mentions if m.kind == "name"]
    assert ("Brightgut Daily Balance 20 Billion", "Brightgut's capsule") in mentions
    # two products open with "Sproutline": the word alone names neither
    assert not any(text.startswith("Sproutline's") for _, text in mentions)
    assert not any(text.startswith("Sproutline Kids") for _, text in mentions)
