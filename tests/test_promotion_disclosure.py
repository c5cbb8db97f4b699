"""HL405/HL406 follow the body: what the article promotes, and the disclosures sellers write."""

from __future__ import annotations

import pytest

from tests.promotion_helpers import run

SELLER_POST = """# Sleep and magnesium

{top}

Magnesium helps muscles and nerves work. Most adults get enough from food such as nuts,
seeds, beans and leafy greens.

Here at Vitalroot we stock four forms of magnesium, and our Vitalroot Night Magnesium is
the one we recommend for sleep. It relaxes tight muscles, calms the mind and is gentle
enough to take every night.

Try Vitalroot Night Magnesium today.

{bottom}
"""


def _codes(text: str) -> list[str]:
    return sorted(f.code for f in run(text, ["HL405", "HL406"]) if f.code in ("HL405", "HL406"))


def test_a_sellers_post_with_no_disclosure_is_hl405() -> None:
    assert _codes(SELLER_POST.format(top="", bottom="")) == ["HL405"]


@pytest.mark.parametrize("disclosure", [
    "*This post was written by the team that makes Vitalroot Night Magnesium.*",
    "*Vitalroot Nutrition makes and sells the products mentioned in this post.*",
])
def test_a_makers_disclosure_counts_and_at_the_end_comes_too_late(disclosure: str) -> None:
    assert _codes(SELLER_POST.format(top=disclosure, bottom="")) == []
    assert _codes(SELLER_POST.format(top="", bottom=disclosure)) == ["HL406"]


@pytest.mark.parametrize("label", [
    "Sponsored by Vitalroot Nutrition.",
    "Advertisement",
    "Paid partnership with Vitalroot Nutrition.",
    "We may earn a commission when you buy through links on this page.",
    "We may be compensated when you buy the products mentioned here.",
])
def test_sponsorship_and_affiliate_wordings_are_disclosures(label: str) -> None:
    assert _codes(SELLER_POST.format(top=label, bottom="")) == []


def test_the_publishers_own_app_in_footer_chrome_needs_no_disclosure() -> None:
    html = """<html><body><main><article><h1>Night cramps</h1>
<p>Night cramps are sudden, painful tightenings of the calf. Stretching the calf before bed
helps many people, and most cramps pass within a few minutes.</p>
<p>See a GP if cramps are frequent, severe or come with swelling or weakness.</p>
</article></main>
<footer><p>Download the Calfwell app today and track your cramps.</p>
<p>Get the Calfwell newsletter: subscribe now.</p></footer></body></html>"""
    found = run(html, ["HL405", "HL406"], fmt="html", path="page.html",
                publisher="Calfwell")
    assert [f for f in found if f.code in ("HL405", "HL406")] == []


def test_a_shops_own_product_page_owes_no_disclosure_but_its_claims_are_reported() -> None:
    page = """Skip to main content
Brightside Chemist
Free delivery on orders over £30 | Click & Collect
Sign in | Basket (0)

Dozewell Sleep Aid Tablets 25 mg – 20 tablets

£5.49
Add to basket

Dozewell Sleep Aid Tablets help you fall asleep fast and wake refreshed.
"""
    found = run(page, ["HL3", "HL405", "HL406"], fmt="text", path="page.txt")
    assert not any(f.code in ("HL405", "HL406") for f in found)
    assert any(f.code == "HL303" for f in found)
    assert any(f.code == "HL302" and f.excerpt == "£5.49" for f in found)
