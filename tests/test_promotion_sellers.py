"""Promotion as real sellers write it: who is selling, their calls, headings and chrome."""

from __future__ import annotations

from checks.detectors.promotion import seller
from checks.detectors.promotion.chrome import enclosed, leading_chrome, trailing_chrome
from checks.detectors.promotion.document import build
from claims.read import read_text
from tests.promotion_helpers import by_code, run

SHOP_BLOG = """Skip to content
Larkspur Naturals
FREE UK delivery on orders over £40 | Order by 1pm for same-day dispatch
Shop  Oils  Balms  Gummies  Journal  About us
Search   Account   Basket (0)

Joint stiffness in winter: what helps

Posted by Larkspur Naturals · 2 February 2025

Cold weather does not damage joints, but many people with osteoarthritis feel stiffer when it
is cold and damp. Keeping active is the most useful thing you can do.

Here at Larkspur we make a small range of hemp balms and turmeric capsules for people who
want to stay active through the winter.

Turmeric capsules have become the go-to choice for stiff joints: they ease aching knees
within a week.

Meet Larkspur Warming Balm

Our Larkspur Warming Balm blends arnica with menthol and warms stiff joints in minutes. It is
gentle enough to use every day.

So next time your knees ache, reach for a jar of Larkspur Warming Balm.

Visa  Mastercard  PayPal  Apple Pay
Delivery · Returns · Contact us
"""


def _doc(text: str, fmt: str = "text"):
    return build(read_text(text, path="page.txt", format=fmt))


def test_a_shops_header_and_footer_lines_are_chrome_and_a_title_line_is_not() -> None:
    lines = [(False, "Skip to content"), (False, "Larkspur Naturals"),
             (False, "FREE UK delivery on orders over £40 | Order by 1pm"),
             (False, "Search   Account   Basket (0)"), (False, "A title line"),
             (False, "A sentence of prose that runs on long enough to be read as prose.")]
    assert leading_chrome(lines) == 4
    assert leading_chrome([(False, "Night cramps in the legs"), *lines[4:]]) == 0
    footer = [(False, "Prose ends here, as prose does, with a full stop at the end."),
              (False, "Visa  Mastercard  PayPal"), (False, "Delivery · Returns · Contact")]
    assert trailing_chrome(footer) == 2
    assert trailing_chrome([*footer[:2], (False, "Reviewed by Dr Ames")]) == 0
    assert enclosed([True, False, True], [(False, "a"), (False, "Get 10% off"), (False, "b")]) \
        == {1}


def test_a_shops_banner_of_perks_is_chrome_and_a_perk_in_the_body_is_a_call() -> None:
    page = """Free Delivery Orders Over $75
Free Samples With All Orders
Members Rewards & Membership Club
45 Days Return Policy

Magnesium and sleep

Magnesium is a mineral found in nuts, seeds and leafy greens, and small trials of it for
sleep in older adults found modest effects at best.

Every order ships with free samples on all orders this month.
"""
    found = by_code(run(page, fmt="text", path="page.txt"), "HL302")
    assert sorted(f.line for f in found if f.severity.value == "info") == [1, 2, 3, 4]
    assert [f.line for f in found if f.severity.value != "info"] == [11]
    assert leading_chrome([(False, "45 Days Return Policy"), (False, "A title")]) == 1


def test_the_sites_own_name_in_chrome_and_body_makes_it_a_seller() -> None:
    site = seller.of(_doc(SHOP_BLOG))
    assert "Larkspur Naturals" in site.names and "Larkspur" in site.names
    assert site.shop and site.selling and not site.product_page


def test_a_public_bodys_header_sells_nothing() -> None:
    page = """Harlow County Public Health Department
Home | Clinics | News | Contact

Flu vaccine clinics

Harlow County offers free flu vaccines at every clinic while supplies last. Shots cost $0
for residents, and insured adults pay at $0 as well.
"""
    site = seller.of(_doc(page))
    assert site.names == () and not site.selling
    assert by_code(run(page, fmt="text", path="page.txt"), "HL302") == []


def test_seller_blog_findings() -> None:
    found = run(SHOP_BLOG, fmt="text", path="page.txt")
    lines = {(f.code, SHOP_BLOG.splitlines()[f.line - 1][:24]) for f in found
             if f.severity.value != "info"}
    assert ("HL301", "Here at Larkspur we make") in lines  # first-person-plural commerce
    assert ("HL303", "Turmeric capsules have b") in lines  # the category it sells
    assert ("HL301", "Meet Larkspur Warming Ba") in lines  # a heading over a pitch
    assert ("HL302", "So next time your knees ") in lines  # "reach for a jar of X"
    assert ("HL301", "So next time your knees ") not in lines  # a closing call, not a pitch
    # chrome is reported at info, and the card names not at all
    header = [f for f in found if f.line == 3]
    assert header and all(f.severity.value == "info" for f in header)
    assert not any(f.line == 29 for f in found)


def test_plain_prices_in_information_are_no_call_to_action() -> None:
    text = """# What insulin costs

Since 2023, Medicare caps insulin at $35 a month, and many state plans start at $0 for
people on low incomes. Compare prices with your pharmacist before you refill.
"""
    assert by_code(run(text), "HL302") == []


def test_a_price_next_to_a_product_or_on_a_shop_page_is_an_offer() -> None:
    text = """# Sleep gummies

Dozewell Sleep Gummies contain melatonin and are now just $19.99 a tub.
"""
    assert [f.excerpt for f in by_code(run(text), "HL302")] == ["now just $19.99"]


def test_the_rows_of_a_price_comparison_are_no_call_to_action() -> None:
    rows = """What a month of fish oil costs

I have listed the usual shelf price of each brand and what 1,000 mg of omega-3 costs in it.

ProductPrice Per BottlePrice Per 1000 mg
Harbour Cod Liver Oil (500 ml)$20.00$0.25
Harbour Triple Omega Capsules (120 capsules)$34.95$0.83
Nordvik Omega Soft Gels$49.95 (full price)$1.20
"""
    assert by_code(run(rows, fmt="text", path="page.txt"), "HL302") == []
    offer = rows + "\nHarbour Triple Omega Capsules are now just $19.99 a tub.\n"
    assert [f.excerpt for f in by_code(run(offer, fmt="text", path="page.txt"), "HL302")] == [
        "now just $19.99"]


def test_a_price_in_a_cost_guide_table_is_no_call_to_action() -> None:
    text = """# What a month of collagen costs

We recorded the price of a daily 10 g dose across supermarkets and chemists.

| Type | Typical price |
|---|---|
| Supermarket powder | £12 for 300 g |
| Capsules | £15 for a month |
"""
    assert by_code(run(text), "HL302") == []


def test_a_product_row_of_a_shop_is_a_price_tag() -> None:
    page = SHOP_BLOG.replace("Visa  Mastercard  PayPal  Apple Pay",
                             "Larkspur Night Oil – 30 ml   £18.00   Add to basket")
    found = by_code(run(page, fmt="text", path="page.txt"), "HL302")
    assert any(f.excerpt == "£18.00" and f.severity.value == "info" for f in found)


def test_seller_calls_to_action() -> None:
    text = """# Sleep

Dozewell Sleep Gummies help you drift off.

Shop the Dozewell sleep collection at dozewell.example/sleep and get free travel-size samples
with every order. Offer ends Sunday. Or 3 interest-free payments of £6.66.
"""
    kinds = {f.data["kind"] for f in by_code(run(text), "HL302")}
    assert {"a shop prompt", "a free-sample offer", "an urgency prompt",
            "a payment-plan offer"} <= kinds


def test_an_informational_heading_is_not_a_pitch_even_on_a_shop() -> None:
    page = SHOP_BLOG.replace("Meet Larkspur Warming Balm", "How to warm up stiff joints")
    found = by_code(run(page, fmt="text", path="page.txt"), "HL301")
    assert not any("How to warm up" in f.excerpt for f in found)


_TURMERIC_SHOP = """Golden Field Wellness
Shop   Turmeric   Bundles   Blog   Cart (0)

Turmeric and your joints

Turmeric is a root in the ginger family. Its best-studied compound is curcumin.

Our turmeric capsules cure arthritis and prevent heart disease.
"""


def test_a_supplement_shop_page_with_no_declared_type_is_held_to_the_disease_rule() -> None:
    found = by_code(run(_TURMERIC_SHOP, "HL304", path="page.txt", fmt="text"), "HL304")
    assert found and "a page that sells supplements" in found[0].message


def test_without_the_shop_the_same_words_need_a_declared_type() -> None:
    text = _TURMERIC_SHOP.split("\n", 3)[3].replace("Our turmeric", "Turmeric")
    assert by_code(run(text, "HL304", path="page.txt", fmt="text"), "HL304") == []


def test_a_seller_telling_how_it_makes_or_stocks_its_goods_pitches() -> None:
    page = SHOP_BLOG.replace(
        "Meet Larkspur Warming Balm",
        "We stock the latest hemp creams from small British farms.\n\n"
        "Every jar is hand-poured in our Devon workshop.\n\nMeet Larkspur Warming Balm")
    found = [f.excerpt for f in by_code(run(page, fmt="text", path="page.txt"), "HL301")]
    assert any(f.startswith("We stock the latest hemp creams") for f in found)
    assert any(f.startswith("Every jar is hand-poured") for f in found)


def test_a_public_body_saying_what_it_offers_is_no_pitch() -> None:
    page = """Harlow County Public Health Department
Home | Clinics | News | Contact

Flu vaccine clinics

We offer free flu vaccines at every clinic. Every vaccine is stored in our clinic fridges.
"""
    assert by_code(run(page, fmt="text", path="page.txt"), "HL301") == []


def test_a_brand_naming_itself_as_the_maker_pitches_without_shop_chrome() -> None:
    page = """# Why fermented tea is worth a try

Kombucha is tea fermented with a culture of yeast and bacteria.

At Fernbrew we brew ours slowly in small oak vats, using organic green tea.

A can of Fernbrew Ginger has 4 g of sugar.
"""
    found = [f.excerpt for f in by_code(run(page), "HL301")]
    assert any(f.startswith("At Fernbrew we brew ours slowly") for f in found)
    # the name never recurs as the brand of what the page sells: not a seller speaking
    assert by_code(run(page.replace("Fernbrew Ginger", "the ginger one")), "HL301") == []
