"""HL302 as sellers and affiliate blogs write it: buying direct from the maker, the
publisher's own product review as the next click, a single stockist on a shop's page;
and the same words where they sell nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.promotion_helpers import by_code, run

PRODUCT_PAGE = """# Lumen Night Drops

Lumen Night Drops combine magnesium with lemon balm. Lumen Night Drops come in a 30 ml bottle.

{sentence}
"""

NEWS_PAGE = """# What to know before buying medicines online

Pharmacists warn that many people now shop for medicines on the internet.

{sentence}
"""


def _calls(text: str) -> list[str]:
    return [f.excerpt for f in by_code(run(text, "HL302"), "HL302")]


@pytest.mark.parametrize(("sentence", "call"), [
    ("Once sold only through clinics, you can now order them direct from the maker.",
     "order them direct from the maker"),
    ("It is now possible to buy them directly online.", "buy them directly online"),
    ("For the full picture, check out our Lumen Night Drops Review article.",
     "check out our Lumen Night Drops Review article"),
    ("Then read our full review of the best sleep drops.",
     "read our full review of the best"),
    ("Still unsure? See our buying guide.", "See our buying guide"),
    ("Book a free sleep consultation with our team.", "Book a free sleep consultation"),
    ("Delivery in as little as 2 hours in most towns.", "Delivery in as little as 2 hours"),
    ("In stock and ships within 2 business days.", "ships within 2 business days"),
    ("Your first bottle ships free.", "ships free"),
    ("Sign up for members-only offers.", "members-only offers"),
    ("Get a free travel pouch with every order.", "free travel pouch with every order"),
    ("Grab a bottle today and sleep better tonight.", "Grab a bottle today"),
    ("Shop our bestsellers below.", "Shop our bestsellers"),
    ("Buy at Harbourside Pharmacy", "Buy at Harbourside Pharmacy"),
    ("Shop Lumen Night Drops and save on every refill.", "Shop Lumen Night Drops"),
    ("Browse our sleep drops and pick your strength.", "Browse our sleep drops"),
    ("Claim your 15% welcome discount at lumen.example.", "Claim your 15% welcome discount"),
    ("Every bottle comes with our 90-day happiness guarantee.", "90-day happiness guarantee"),
    ("See Lumen's latest price", "See Lumen's latest price"),
    ("Lumen Night Drops are available exclusively from our website.",
     "available exclusively from"),
    ("Book your sleep assessment", "Book your sleep assessment"),
    ("Spread the cost with Klarna", "Spread the cost with Klarna"),
    ("Send it back within 60 days for a full refund.", "for a full refund"),
    ("Take the free quiz", "Take the free quiz"),
    ("Free Click & Collect on all orders", "Click & Collect"),
    ("In stock and dispatched within 24 hours.", "dispatched within 24 hours"),
    ("Quality guaranteed or your money back.", "or your money back"),
    ("Try it at home for 100 nights.", "Try it at home for 100 nights"),
    ("Winter event: up to 1/3 off sleep aids.", "up to 1/3 off"),
    ("Spend £30, get a free travel bottle.", "Spend £30, get"),
    ("Collect 115 Hartwell Points on this order.", "Collect 115 Hartwell Points"),
    ("Explore the Lumen range.", "Explore the Lumen range"),
    ("Find your strength at lumen.example.", "Find your strength at lumen.example"),
    ("Find the right drops for you in our Night Care range.", "in our Night Care range"),
])
def test_seller_calls_on_a_page_that_names_its_product(sentence, call):
    assert call in _calls(PRODUCT_PAGE.format(sentence=sentence))


def test_an_estimated_price_beside_a_named_product_is_no_offer():
    estimate = "Shops sell Lumen Night Drops for about $29.99 a bottle, some for less."
    assert _calls(PRODUCT_PAGE.format(sentence=estimate)) == []
    assert "$29.99" in " ".join(_calls(PRODUCT_PAGE.format(
        sentence="Lumen Night Drops: $29.99 a bottle.")))


@pytest.mark.parametrize("sentence", [
    "Some sellers let you buy them directly online without any prescription.",
    "Read our Cochrane Review of online pharmacies for the evidence.",
    "See our review of the evidence on sleep medicines.",
    "Flu vaccines are available at Walgreens this autumn.",
    "Book a free NHS health check at your surgery if you are over 40.",
    "Test results are usually ready in 2 hours.",
    "Some pharmacies say a repeat prescription ships free to your door.",
    "Grab a friend today and walk for half an hour.",
    "Browse our A to Z of conditions for more.",
    "Stronger creams are available only from your doctor.",
    "Lumen Night Drops are not a medicine; stronger drops are available only on prescription.",
    "The full list of quotes is available on our website.",
    "The survey's results are available from our site.",
    "If your sight blurs, book an appointment with an optometrist.",
    "Customers who bought the recalled tablets can ask for a full refund.",
    "Take the quiz in our guide to test what you know about sleep.",
])

def test_the_same_words_in_information_sell_nothing(sentence):
    assert _calls(NEWS_PAGE.format(sentence=sentence)) == []


def test_a_menu_row_of_shop_links_is_no_call_in_a_sentence():
    menu = PRODUCT_PAGE.format(sentence="Shop Drops  Gummies  Balms  Bundles  About Us")
    assert not any(c.startswith("Shop Drops") and "Gummies" not in c for c in _calls(menu))


SHOP = """Cart (0)   Checkout   My account

# Cedar & Salt Foot Balm

Cedar & Salt Foot Balm – 50 ml   £12.00   Add to basket

{sentence}
"""


def test_a_single_stockist_is_a_call_on_a_shop_page_only():
    sentence = "Available now at Holland & Barrett."
    assert "Available now at Holland & Barrett" in _calls(SHOP.format(sentence=sentence))
    assert _calls(NEWS_PAGE.format(sentence="The test is available at Boots.")) == []



# A critical review on the tuning set that names each brand with what it cost the reviewer.
REVIEW = Path(__file__).parent / "devset" / "promotion" / \
    "real-style-clean-critical-review-collagen-brands.md"
STATEMENT = ("We buy every product we review with our own money. We do not use affiliate links "
             "and accept no advertising.")


def _review(statement: str) -> str:
    text = REVIEW.read_text(encoding="utf-8")
    assert STATEMENT in text
    return text.replace(STATEMENT, statement)


@pytest.mark.parametrize("statement", [
    STATEMENT,
    "We buy every product we review with our own money.",
    "We do not use affiliate links.",
    "This magazine accepts no advertising; we accept no free samples either.",
])
def test_a_named_price_on_a_page_that_says_it_is_paid_by_nothing_is_no_call(statement):
    assert _calls(_review(statement)) == []


def test_the_same_named_prices_without_that_statement_are_calls():
    assert len(_calls(_review("We compared the labels with the evidence."))) >= 5


def test_an_offer_stays_a_call_on_a_page_that_says_it_is_paid_by_nothing():
    page = _review(STATEMENT) + "\nArdent is now on sale for just £29.\n"
    assert _calls(page) == ["for just £29"]
