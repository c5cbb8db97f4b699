"""Block roles: body, reference list, disclaimer and site chrome, for every reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.model import Article, BlockKind
from claims.read import read, read_text
from claims.roles import chrome_block, chrome_heading, is_disclaimer
from tests.conftest import ROOT, SEEDS, needs_seeds

PAGE = ROOT / "tests" / "fixtures" / "text" / "scraped_page.txt"

BODY = {BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM}


def by_kind(article: Article, kind: BlockKind) -> list[str]:
    return [b.text for b in article.blocks if b.kind is kind]


def block_with(article: Article, prefix: str):
    return next(b for b in article.blocks if b.text.startswith(prefix))


# --- the synthetic scraped page ---------------------------------------------------------

@pytest.fixture(scope="module")
def page() -> Article:
    return read(str(PAGE), analyse=False)


def test_page_body_stays_prose(page: Article) -> None:
    assert by_kind(page, BlockKind.HEADING) == [
        "Iron Deficiency Anaemia: Signs and Care",
        "Who Is Most Affected?",
        "Common Signs",
        "Disclaimer",
        "Sources",
    ]
    body = [b for b in page.blocks if b.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)]
    assert len(body) == 9
    assert body[0].text.startswith("Iron deficiency anaemia develops")
    assert body[-1].text.startswith("A ferritin level below approx.")


def test_page_reference_list_and_disclaimer(page: Article) -> None:
    refs = [b for b in page.blocks if b.kind is BlockKind.REFERENCE]
    assert [b.data.get("marker") for b in refs] == ["1.", "2.", "3."]
    assert all(b.data["structure"] == "list_item" for b in refs)
    assert by_kind(page, BlockKind.DISCLAIMER) == [
        "This article is for general informational purposes only and is not a substitute for "
        "professional medical advice, diagnosis, or treatment."
    ]


def test_page_chrome_is_boilerplate_with_roles(page: Article) -> None:
    roles = {b.text: b.data.get("role") for b in page.blocks if b.kind is BlockKind.BOILERPLATE}
    assert roles[page.blocks[0].text] == "breadcrumb"
    assert page.blocks[0].text.startswith("Home › Health Library ›")
    assert roles["Last updated: 14 March, 2024"] == "updated-date"
    assert roles["Reading time: 6 min"] == "read-time"
    assert roles["Was this page helpful?"] == "feedback"
    assert roles["128 readers found this article helpful"] == "feedback"
    assert roles["Meet Our Medical Experts"] == "experts"
    for card in ("Dr. Kavya Menon", "MBBS, MD (Medicine)", "9 years", "Rahul Deshpande",
                 "M.Pharm", "6 years"):
        assert card in roles
    assert roles["Stay Informed"] == "subscribe"
    assert roles["Get weekly wellness tips and exclusive offers delivered to your inbox."] \
        == "subscribe"
    assert roles["GSTIN: 27AAACW1234F1Z5"] == "company"
    assert roles["Wellnest Pharmacy Services LLP"] == "company"
    assert roles["Google Play"] == roles["App Store"] == "app-store"
    assert roles["v3.12.0"] == "version"
    assert roles["© 2024 Wellnest Pharmacy. All rights reserved."] == "copyright"
    assert roles["paymentPartner paymentPartner paymentPartner"] == "payment"
    # Nothing after the reference list is left as article prose.
    last_ref = max(b.end for b in page.blocks if b.kind is BlockKind.REFERENCE)
    assert all(b.kind is BlockKind.BOILERPLATE for b in page.blocks if b.start > last_ref)


def test_page_chrome_produces_no_sentences() -> None:
    article = read(str(PAGE))
    assert all(s.block.kind.is_prose or s.block.kind is BlockKind.HEADING
               for s in article.sentences)
    assert not any("Kavya" in s.text or "Wellnest" in s.text for s in article.sentences)


# --- section logic -------------------------------------------------------------------------

def test_a_content_heading_after_chrome_resumes_the_body() -> None:
    text = (
        "Related Articles\n\nFive Foods for Iron\n\nIron and Tea\n\n"
        "How Iron Is Absorbed\n\n"
        "The gut absorbs haem iron from meat more easily than the non-haem iron found in "
        "beans, lentils and leafy greens, and vitamin C improves the uptake of the latter.\n"
    )
    article = read_text(text, format="text", analyse=False)
    assert [(b.kind.value, b.text[:20]) for b in article.blocks] == [
        ("boilerplate", "Related Articles"),
        ("boilerplate", "Five Foods for Iron"),
        ("boilerplate", "Iron and Tea"),
        ("heading", "How Iron Is Absorbed"),
        ("paragraph", "The gut absorbs haem"),
    ]


@pytest.mark.parametrize(("text", "fmt", "kinds"), [
    pytest.param(
        "References\n\n"
        "[1] Rao, A. (2021). Iron in pregnancy. Journal of Obstetrics, 4(2), 1-9.\n\n"
        "Speak to a pharmacist before you combine iron tablets with antacids or calcium.\n",
        "text", ["heading", "reference_list", "paragraph"],
        id="a reference section ends at a non-reference block"),
    pytest.param(
        "Grapefruit juice raises the blood levels of some statins.\n\n## References\n\n"
        "1. Joint Formulary Committee. British National Formulary (online). London.\n"
        "2. Lilja JJ, Neuvonen PJ. Grapefruit juice and simvastatin. Clin Pharmacol Ther. "
        "2000;68(4):384-390.\n",
        "markdown", ["paragraph", "heading", "reference_list", "reference_list"],
        id="every item of the list under References is an entry"),
    pytest.param(
        "Period pain affects most women at some point.\n\n"
        "[1] Ju H, Jones M, Mishra G. The prevalence of dysmenorrhea. Epidemiol Rev. "
        "2014;36:104-113.\n\n"
        "[2] In our survey, most readers said heat helped.\n",
        "text", ["paragraph", "reference_list", "paragraph"],
        id="a numbered entry with no heading over it is a reference"),
    pytest.param(
        "Mouth care cut ward pneumonia, study finds\n\nShare this article\n\n"
        "Brushing patients' teeth twice a day reduced cases of pneumonia caught on general "
        "wards by more than a third, a study of twelve wards has found.\n",
        "text", ["heading", "boilerplate", "paragraph"],
        id="a share button row over the story opens no chrome section"),
    pytest.param(
        "Table of Contents\n\nWhat Is Turmeric?\n\nHow to Take It\n\n"
        "What Is Turmeric?\n\nA yellow root related to ginger.\n\n"
        "Its main compound is curcumin, which is poorly absorbed alone.\n",
        "text", ["boilerplate", "boilerplate", "boilerplate", "heading", "paragraph", "paragraph"],
        id="a table of contents ends at the section it lists"),
    pytest.param(
        "Table of Contents\n\nCurcumin, its main compound, is poorly absorbed on its own.\n",
        "text", ["boilerplate", "paragraph"],
        id="a table of contents ends at a sentence"),
    pytest.param(
        "Iron tablets can upset the stomach, so take them with a little food.\n\n"
        "The content on this site does not constitute medical advice. Always ask your "
        "doctor before starting a supplement.\n",
        "text", ["paragraph", "disclaimer"], id="a disclaimer paragraph without a heading"),
    pytest.param(
        "Probiotics may shorten antibiotic-associated diarrhoea in some adults.\n\n"
        "Reference: Hempel S, et al. Probiotics for antibiotic-associated diarrhea. "
        "JAMA. 2012;307(18):1959-1969.\n\n"
        "Source: our own survey of readers, which asked how often they take probiotics.\n",
        "text", ["paragraph", "reference_list", "paragraph"],
        id="a labelled reference paragraph is a reference"),
])
def test_block_roles(text: str, fmt: str, kinds: list[str]) -> None:
    article = read_text(text, format=fmt, analyse=False)
    assert [b.kind.value for b in article.blocks] == kinds


def test_a_comparison_table_after_a_lost_table_of_contents_is_content() -> None:
    text = ("Table of Contents\n\nQuick Comparison\n\n"
            "Harbour Biotic 40 BillionCapsule2 capsulesGeneral gut health\U0001F3C6 TOP PICK\n\n"
            "Nordvik Flora PlusCapsule1 capsuleAfter antibiotics\U0001F947 Best Value\n")
    article = read_text(text, format="text", analyse=False)
    assert BlockKind.BOILERPLATE not in [b.kind for b in article.blocks[-2:]]


@pytest.mark.parametrize("text", [
    "Rest is no substitute for professional treatment of a fracture.",
    "Updated guidelines recommend iron screening in pregnancy.",
    "Home remedies such as ginger tea help some people with nausea.",
    "Photos of a rash help a doctor tell eczema from psoriasis.",
    "Most adults need 8 mg of iron a day; menstruating women need 18 mg.",
    "Free delivery of prescriptions is available to people over 60.",
])
def test_body_sentences_are_not_chrome_or_disclaimers(text: str) -> None:
    assert chrome_block(text) is None
    assert chrome_heading(text) is None
    assert not is_disclaimer(text)


@pytest.mark.parametrize(("text", "role"), [
    ("Last updated: March 3, 2024", "updated-date"),
    ("Published on 2024-03-01", "published-date"),
    ("Medically reviewed by Dr. Asha Rao, MD", "byline"),
    ("4 min read", "read-time"),
    ("PHOTO Dermatologist Dr. Ada Ray says most people apply too little sunscreen.ABC News",
     "caption"),
    ("Photograph: Alamy Stock Photo", "caption"),
    ("Health A-Z › Blood › Iron", "breadcrumb"),
    ("Tel: +44 20 7946 0958", "contact"),
    ("Get it on Google Play", "app-store"),
    ("Copyright 2023 Example Health Ltd", "copyright"),
    ("12+ years of experience", "experience"),
    ("Load more", "navigation"),
    ("FREE SHIPPING on orders over $100.00!", "shop-banner"),
    ("Free UK delivery on all orders over £25", "shop-banner"),
])
def test_chrome_block_patterns(text: str, role: str) -> None:
    assert chrome_block(text) == role


def test_dshea_statement_is_a_disclaimer() -> None:
    assert is_disclaimer("These statements have not been evaluated by the Food and Drug "
                         "Administration. This product is not intended to diagnose, treat, cure, "
                         "or prevent any disease.")


def test_prose_that_closes_with_a_disclaimer_is_still_prose() -> None:
    closing = "This article is for information only and does not replace medical advice."
    recipe = ("Oats contain tryptophan. Warm milk adds calcium. Soak the oats overnight. Kiwi "
              "may help you fall asleep faster. " + closing)
    assert not is_disclaimer(recipe)
    assert is_disclaimer(closing)
    assert is_disclaimer("This information is general in nature. It is not a substitute for "
                         "professional medical advice. Always talk to your doctor.")


def test_a_product_description_that_closes_with_a_label_statement_is_still_prose() -> None:
    statement = ("Food supplements should not be used as a substitute for a varied diet and a "
                 "healthy lifestyle.")
    product = ("Our own-brand capsules contain ten billion friendly bacteria. They are gentle on "
               "sensitive stomachs. Thirty capsules per pack. Buy one, get one half price. "
               + statement)
    assert not is_disclaimer(product)
    assert is_disclaimer(statement)
    assert is_disclaimer("Take one capsule a day. " + statement)


def test_markdown_reference_list_and_footnotes() -> None:
    text = (
        "# Iron and Fatigue\n\n"
        "Low iron causes tiredness [1]. Tea reduces absorption.[^tea]\n\n"
        "## Disclaimer\n\n"
        "This guide is for educational purposes only.\n\n"
        "## Sources\n\n"
        "1. Rao, A. (2021). Iron and fatigue. Blood Reviews, 5, 1-9.\n"
        "2. Lee, B. (2019). Tea and iron. Nutrients, 11(3), 44.\n\n"
        "[^tea]: Hurrell, R. (1999). Inhibition of iron absorption by tea. "
        "British Journal of Nutrition, 81(4), 289-295.\n"
    )
    article = read_text(text, format="markdown", analyse=False)
    assert len(by_kind(article, BlockKind.REFERENCE)) == 3
    assert by_kind(article, BlockKind.DISCLAIMER) == [
        "This guide is for educational purposes only."]
    assert by_kind(article, BlockKind.PARAGRAPH)[0].startswith("Low iron causes tiredness")


# --- the seeds (real scraped pages; present only in the shared workspace) -------------------

def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@needs_seeds
def test_seed_000_structure() -> None:
    article = read(str(_seed("000")), analyse=False)
    refs = article.blocks_of(BlockKind.REFERENCE)
    assert len(refs) == 5
    assert [r.text[:3] for r in refs] == ["[1]", "[2]", "[3]", "[4]", "[5]"]
    disclaimers = article.blocks_of(BlockKind.DISCLAIMER)
    assert disclaimers and disclaimers[0].section == "Disclaimer"
    assert "informational purposes only" in disclaimers[0].text
    assert not disclaimers[0].data.get("role")  # the article's own, not the site footer's
    chrome = {b.text: b.data.get("role") for b in article.blocks_of(BlockKind.BOILERPLATE)}
    assert chrome[article.blocks[0].text] == "breadcrumb"
    assert "updated-date" in chrome.values() and "read-time" in chrome.values()
    # Every expert card line (names, degrees, years) is chrome.
    experts = next(i for i, b in enumerate(article.blocks) if b.data.get("role") == "experts")
    follow = next(i for i, b in enumerate(article.blocks) if b.data.get("role") == "social")
    cards = article.blocks[experts:follow]
    assert len(cards) > 30
    assert all(b.kind is BlockKind.BOILERPLATE for b in cards)
    assert {"experience", "app-store", "copyright", "version", "payment", "company"} <= set(
        chrome.values())
    # The body: the title, 13 section headings and the "Disclaimer" heading, prose paragraphs
    # and list items; before the disclaimer only the top chrome lines are not body.
    first_disclaimer = disclaimers[0].start
    before = [b for b in article.blocks if b.start < first_disclaimer]
    assert [b.data.get("role") for b in before if b.kind not in BODY] == [
        "breadcrumb", "updated-date", "read-time"]
    assert sum(b.kind is BlockKind.HEADING for b in before) == 15
    assert sum(b.kind is BlockKind.LIST_ITEM for b in before) == 32
    assert sum(b.kind is BlockKind.PARAGRAPH for b in before) == 13


@needs_seeds
def test_seed_001_is_all_body() -> None:
    article = read(str(_seed("001")), analyse=False)
    assert {b.kind for b in article.blocks} == {BlockKind.HEADING, BlockKind.PARAGRAPH}
    assert sum(b.kind is BlockKind.HEADING for b in article.blocks) == 18


SHOP_PAGE = """Home / Supplements / Hair / Folligum Gummies

Folligum Hair Gummies

Free UK delivery on orders over £25 | Click & Collect

Subscribe & save an extra 10% on every order

Add to basket

Product description

Folligum Hair Gummies contain biotin and zinc, two nutrients that your hair
follicles need, in a strawberry gummy that the whole family will enjoy each day.

Directions

Adults: chew two gummies a day. Do not exceed the stated dose. Food supplements
should not be used as a substitute for a varied diet. Keep out of reach of children.

Customer reviews

I was losing hair after my second baby. Six weeks on Folligum and it is thicker.

Customers also bought

Folligum Scalp Serum 30 ml   £14.99   Add

Sign up to our newsletter and get 15% off your first order
Delivery & Returns · 30-day money-back guarantee · Contact us · Store finder

© 2025 Example Pharmacy Ltd. All rights reserved.
"""


def test_a_shop_pages_label_statement_does_not_end_the_page():
    """Chrome above the product text does not make later text the site's, and the label's
    statutory wording mid-page does not turn the reviews below it into footer chrome."""
    article = read_text(SHOP_PAGE, format="text")
    label = block_with(article, "Adults: chew")
    assert label.kind is BlockKind.DISCLAIMER and label.data["role"] == "regulatory-statement"
    assert block_with(article, "I was losing hair").kind is BlockKind.PARAGRAPH
    assert block_with(article, "Customers also bought").kind is BlockKind.BOILERPLATE
    assert block_with(article, "Folligum Scalp Serum").kind is BlockKind.BOILERPLATE


def test_a_separated_link_row_is_not_wrapped_into_the_line_above():
    article = read_text(SHOP_PAGE, format="text")
    assert block_with(article, "Sign up to our newsletter").text.endswith("first order")
    row = block_with(article, "Delivery & Returns")
    assert row.kind is BlockKind.BOILERPLATE and row.data["role"] == "navigation"


def test_a_related_link_line_is_navigation():
    assert chrome_block("Related: Ten ways to lower your risk of dementia") == "navigation"
    assert chrome_block("Related factors include age and smoking.") is None


# --- guards: a substring scan that spares the regular-expression search ------------------

def _unguarded_is_disclaimer(text: str) -> bool:
    """is_disclaimer with every pattern searched, as it was before the guards."""
    from claims import roles

    if len(text.split()) > roles._MAX_DISCLAIMER_WORDS:
        return False
    statutory = any(p.regex.search(text) for p in roles.REGULATORY_STATEMENTS) or \
        sum(1 for p in roles._LABEL_ADVICE if p.regex.search(text)) >= 2
    disclaims = bool(roles.DSHEA_STATEMENT.search(text) or statutory or (
        roles.DISCLAIMER_PHRASES.search(text) and roles._SELF_REFERENCE.search(text)))
    return disclaims and roles._mostly_disclaimer(text)


GUARDED = [
    "This article is for educational purposes only and is not a substitute for medical "
    "advice.",
    "THE INFORMATION ON THIS SITE IS NOT INTENDED TO DIAGNOSE OR TREAT ANY DISEASE.",
    "These ſtatements have not been evaluated by the Food and Drug Administration.",
    "The content of this blog doesn't replace a visit to your GP.",
    "This guide is general in nature.",
    "The information provided here is for general awareness.",
    "Do not exceed the recommended daily dose. Keep out of the reach of young children.",
    "A varied and balanced diet and a healthy lifestyle are important.",
    "Rest is no substitute for treatment, and ice helps for the first two days.",
    "Iron deficiency is common in women who menstruate.",
]


@pytest.mark.parametrize("text", GUARDED)
def test_guarded_disclaimer_patterns_decide_as_unguarded_ones(text):
    assert is_disclaimer(text) is _unguarded_is_disclaimer(text)


def test_guards_agree_with_the_patterns_on_every_dev_set_paragraph():
    paragraphs = [p for path in sorted((ROOT / "tests" / "devset").rglob("*"))
                  if path.suffix in {".md", ".html", ".txt"}
                  for p in path.read_text(encoding="utf-8").split("\n\n")]
    assert len(paragraphs) > 500
    disclaimers = [p for p in paragraphs if _unguarded_is_disclaimer(p)]
    assert disclaimers  # the dev sets carry disclaimers: the comparison covers both answers
    assert [p for p in paragraphs if is_disclaimer(p)] == disclaimers


def test_a_guard_refuses_letters_that_ignorecase_folds():
    from claims.roles import Guard

    with pytest.raises(ValueError):
        Guard(("disclaimer",))  # "i": a dotless ı matches it under IGNORECASE
    assert Guard(("not",)).admits("this is not advice")
    assert not Guard(("not",)).admits("this is advice")
