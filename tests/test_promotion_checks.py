"""HL301–HL306 on small articles: what is promotion, what is not, and where it is reported."""

from __future__ import annotations

import pytest

from tests.promotion_helpers import by_code, codes, run

PITCH = """# Heel Pain

Plantar fasciitis is the most common cause of heel pain in adults.

Stretching the calf and the sole of the foot twice a day helps many people.

## Finding relief with Solevita

A soothing balm like Solevita Arnica Foot Balm will ease heel pain in minutes.

Solevita's foot balms are formulated with arnica and menthol, and they absorb quickly.

## Head for Solevita

Order your Solevita Arnica Foot Balm today for just $14.99 with free shipping.
"""


def test_pitch_paragraphs_are_reported_and_plain_advice_is_not():
    found = run(PITCH)
    pitches = by_code(found, "HL301")
    assert [f.line for f in pitches] == [9, 11, 15]
    assert all(f.column == 1 for f in pitches)
    assert "“Solevita Arnica Foot Balm”" in pitches[0].message
    assert not any(f.line in (3, 5) for f in found)  # the health advice is left alone


LAWSUIT = """# Buyers sue the maker of Brightmane Hair Gummies

A group of customers has sued Brightmane Labs, the company behind Brightmane Hair Gummies,
over the claim on the tub that the gummies thicken hair in twelve weeks.

The customers say Brightmane Hair Gummies were sold at a premium on the strength of a single
small study that the company paid for.

Brightmane Hair Gummies contain biotin, zinc and a blend of plant extracts. A dermatologist
who is not involved in the case said extra biotin rarely helps people who are not deficient.

Brightmane Labs said it would defend Brightmane Hair Gummies in court.
"""


def test_a_news_story_saying_what_a_product_contains_is_no_pitch():
    assert by_code(run(LAWSUIT), "HL301") == []
    boast = LAWSUIT.replace("Gummies contain biotin", "Gummies are formulated with biotin")
    assert [f.line for f in by_code(run(boast), "HL301")] == [9]


def test_call_to_action_spans_the_verb_and_the_product():
    ctas = [(f.line, f.excerpt) for f in by_code(run(PITCH), "HL302")]
    assert (13, "Head for Solevita") in ctas
    assert (15, "Order your Solevita Arnica Foot Balm today") in ctas
    assert (15, "for just $14.99") in ctas
    assert (15, "free shipping") in ctas


def test_unsubstantiated_efficacy_is_an_error_and_a_citation_clears_it():
    [claim] = by_code(run(PITCH), "HL303")
    assert claim.severity.value == "error"
    assert claim.line == 9 and claim.excerpt.startswith("A soothing balm like Solevita")
    cited = PITCH.replace("in minutes.", "in minutes [1].") + (
        "\n## References\n\n1. Doe J. Arnica balm trial. Foot J. 2021;3:4-9. doi:10.1000/abc\n")
    assert by_code(run(cited), "HL303") == []


def test_hedged_product_claim_is_a_warning():
    text = PITCH.replace("will ease heel pain in minutes", "may ease heel pain")
    [claim] = by_code(run(text), "HL303")
    assert claim.severity.value == "warning"
    assert "hedged" in claim.message


def test_generic_advice_is_not_a_call_to_action():
    text = """# Sunburn

Try a cool shower, then apply an after-sun gel. Buy a sunscreen labelled SPF 30 or higher.
Pull the toes toward the head for a calf cramp. Download the leaflet from your clinic.
A month's supply of generic tablets costs about $4 [1].

## References

1. Price survey. 2023.
"""
    assert codes(run(text)) == []


def test_debunking_reporting_quoting_and_questions_are_not_promotion():
    text = """# Health Scams

There is no evidence that turmeric is a miracle cure [1].
Be wary of any product that promises instant relief or "no side effects".
Vitamin C has been marketed as a cure-all, but trials disagree.
Is apple cider vinegar a detox drink? Not according to the research.
The idea that supplements can melt belly fat is a myth.

> "This tea is a breakthrough," the advert said.

Natural remedies are not all-natural miracles, and nothing cures everything.
"""
    assert codes(run(text)) == []


def test_reference_list_and_disclaimer_are_not_promotion():
    text = """# Sleep

Good sleep habits help most people [1].

## References

1. Miracle Sleep Study Group. A breakthrough in sleep? Sleep J. 2020;1:1. doi:10.1000/s1

## Disclaimer

This product is not intended to diagnose, treat, cure, or prevent any disease.
Buy now at your own risk: this page is for information only.
"""
    assert codes(run(text)) == []


def test_disease_claims_only_on_supplement_or_food_pages():
    body = "# Elderberry\n\nElderberry gummies prevent the flu and cure colds.\n"
    plain = by_code(run(body), "HL304")
    supplement = by_code(run("---\ntype: supplement\n---\n\n" + body), "HL304")
    assert plain == []
    assert [f.excerpt for f in supplement] == ["prevent the flu", "cure colds"]
    assert all(f.severity.value == "error" for f in supplement)


def test_dshea_disclaimer_is_not_a_disease_claim():
    text = ("---\ntype: supplement\n---\n\n# Gummies\n\nTake two a day.\n\n"
            "This product is not intended to diagnose, treat, cure, or prevent any disease.\n")
    assert by_code(run(text), "HL304") == []


def test_testimonials_ratings_and_verified_buyers():
    text = """# Reviews

Rated 4.9 out of 5 stars by more than 2,000 customers.

> "Solevita changed my life. My heel pain is completely gone!" — Anne, 58, verified buyer

Solevita Foot Balm is sold in tins. I switched to Solevita last year.
"""
    found = by_code(run(text), "HL305")
    kinds = sorted(f.data["kind"] for f in found)
    assert kinds == ["rating", "result story"]
    story = next(f for f in found if f.data["kind"] == "result story")
    assert story.line == 5


def test_a_reported_testimonial_is_not_one():
    text = ('# Scams\n\nAn advert that relies on testimonials like "it cured my arthritis" '
            "tells you nothing.\n")
    assert by_code(run(text), "HL305") == []


def test_affiliate_links_are_found_by_host_parameter_and_path():
    text = """# Picks

[One](https://amzn.to/3abcDEF), [two](https://www.amazon.com/dp/B01?tag=health-20),
[three](https://shop.example.com/p/1?utm_source=blog&utm_medium=affiliate),
[four](https://example.com/go/solevita), [a study](https://doi.org/10.1000/xyz?ref=home),
[a shop](https://solevita.example/store?ref=blog7).
"""
    found = by_code(run(text), "HL306")
    urls = [f.excerpt for f in found]
    assert urls == ["https://amzn.to/3abcDEF", "https://www.amazon.com/dp/B01?tag=health-20",
                    "https://shop.example.com/p/1?utm_source=blog&utm_medium=affiliate",
                    "https://example.com/go/solevita", "https://solevita.example/store?ref=blog7"]


def test_site_boilerplate_is_reported_at_info_level():
    text = """Home / Health Library / Feet

Heel Pain

Heel pain is common and usually settles with stretching.

References

[1] Landorf KB. Plantar heel pain and plantar fasciitis. BMJ Clin Evid. 2015;2015:1111.
[2] Trojian T, Tucker AK. Plantar fasciitis. Am Fam Physician. 2019;99(12):744-750.
[3] National Health Service. Heel pain. https://www.nhs.uk/conditions/foot-pain/heel-pain/

Get the Footly App

Order foot care products in minutes and save 20% on your first order. Download the Footly app now!

Google Play
App Store

Our Payment Partners

\u00a9 2025 Footly Health Pvt Ltd. All rights reserved.
"""
    found = run(text, fmt="text", path="page.txt")
    assert found, "the chrome should be reported"
    assert all(f.severity.value == "info" for f in found)
    assert all(f.message.startswith("site boilerplate: ") for f in found)
    assert {f.line for f in found} >= {13, 15, 17, 18}
    assert not any(f.line <= 5 for f in found)
    assert not any(f.line == 20 for f in found)  # payment partners are no call to action


def test_positions_are_exact_through_markup():
    text = ("---\ntitle: Feet\n---\n\n# Feet\n\nDry skin cracks. A balm like **Solevita** "
            "*Foot Balm* will soothe `heels`.\n\nSolevita Foot Balm is sold in tins.\n")
    [claim] = by_code(run(text, brands=["Solevita"]), "HL303")
    assert (claim.line, claim.column, claim.end_line, claim.end_column) == (7, 18, 7, 75)
    assert claim.excerpt == "A balm like **Solevita** *Foot Balm* will soothe `heels`."


def test_configured_brand_makes_a_single_mention_a_product():
    text = "# Feet\n\nHead for Footly to find the right insole.\n"
    assert by_code(run(text), "HL302") == []
    [cta] = by_code(run(text, brands=["Footly"]), "HL302")
    assert cta.excerpt == "Head for Footly"


def test_min_score_option_raises_the_bar(tmp_path):
    from checks.contract.registry import load
    from checks.engine.article import lint_article, plan_for
    from checks.settings.config import Settings
    from claims.read import read_text

    settings = Settings(select=["HL301"], checks={"HL301": {"min-score": 9}})
    plan = plan_for(settings, load(settings))
    result = lint_article(read_text(PITCH, path="a.md"), plan)
    assert result.findings == []


def test_brands_public_apps_and_negated_hype_in_clean_text_are_not_promotion():
    text = """# Everyday Heart Health

Take ibuprofen with food. Try a heat pack for 20 minutes, and buy a pill organiser if you
take several medicines.

The Mayo Clinic recommends at least 150 minutes of moderate exercise a week [1].

Download the NHS App to book appointments and order repeat prescriptions.

The Apple Watch can detect atrial fibrillation, a large study found [2]. Apple Watch owners
should still see a doctor about palpitations.

Fitbit trackers count steps. In one trial, Fitbit users walked more than people without a
tracker [3].

Our study found that people who walked more slept better. Our team of doctors recommends
talking to your GP first.

No supplement is a miracle cure, and there is no evidence that detox teas remove toxins.

Aspirin is not a cure-all. Is turmeric a superfood? Not according to the trials [4].

## References

1. Mayo Clinic. Exercise. 2023.
2. Perez MV, et al. A smartwatch to identify atrial fibrillation. N Engl J Med. 2019;381:1909.
3. Example trial of activity trackers. 2020.
4. Example review of turmeric. 2021.
"""
    assert [(f.line, f.code, f.excerpt) for f in run(text)] == []


def test_a_buy_button_line_is_a_call_to_action_not_a_pitch():
    text = PITCH + "\nBuy Solevita on Amazon\n"
    found = run(text)
    last = text.count("\n")
    assert [f.line for f in by_code(found, "HL302")].count(last) == 1
    assert last not in [f.line for f in by_code(found, "HL301")]


SHOP = """# Folligum Hair Gummies

FolliGum Hair Gummies are a chewable supplement for thinning hair. FolliGum rebuilds
hair from the root. It also stops hair loss.

Price: $19.99 for 60 gummies

## Customer reviews

I was losing hair after my second baby. Six weeks in, my hair is thicker than ever.

Over 40,000 five-star reviews can't be wrong. Thousands of customers say it works better
than any shampoo.
"""


def test_customer_opinion_review_sections_and_review_counts_are_testimonials():
    found = by_code(run(SHOP), "HL305")
    kinds = {(f.line, f.data["kind"]) for f in found}
    assert (10, "result story") in kinds  # a review section ties the story to the product
    assert (12, "rating") in kinds
    assert (12, "customer opinion") in kinds


def test_customer_opinion_needs_a_product_in_the_article():
    text = "# Physio\n\nThousands of patients say physiotherapy helped their back pain.\n"
    assert not by_code(run(text), "HL305")


def test_a_pronoun_claim_after_the_product_and_a_price_label():
    found = run(SHOP)
    efficacy = [f.excerpt for f in by_code(found, "HL303")]
    assert any(e.startswith("It also stops hair loss") for e in efficacy), efficacy
    assert any(f.line == 6 and "$19.99" in f.excerpt for f in by_code(found, "HL302"))


def test_a_reviews_verdict_on_a_product_counts_towards_a_pitch():
    text = """# The best electrolyte mixes

## 1. SaltMax Endurance Mix

SaltMax is our top pick for long runs, with 1,000 mg of sodium in every stick.

[Buy SaltMax on Amazon](https://www.amazon.com/dp/B0SALT?tag=runlist-20)

## 2. Coconut water

Coconut water is the best-tasting option we tried, but it has little sodium.
"""
    pitches = by_code(run(text, checks={"HL301": {"min-score": 2}}), "HL301")
    assert [f.line for f in pitches] == [5]  # a verdict on plain coconut water is no pitch
    assert "recommends it" in pitches[0].message


def test_a_ref_link_whose_text_asks_to_buy_is_an_affiliate_link():
    text = ("# Magnesium\n\nNocturo Night Magnesium capsules cost $19.\n\n"
            "[Check price at Nocturo](https://nocturo.example/night?ref=bestlist)\n\n"
            "[Read our method](https://example.org/method?ref=footer)\n")
    found = run(text)
    assert [f.line for f in by_code(found, "HL306")] == [5]
    assert any(f.line == 5 and f.excerpt.startswith("Check price at Nocturo")
               for f in by_code(found, "HL302"))


def test_a_medicines_clinical_use_on_a_supplement_page_is_not_the_products_claim():
    text = ("---\ncontent_type: supplement\n---\n\n# Magnesium\n\n"
            "In hospital, magnesium sulfate is given by injection to prevent seizures [1].\n\n"
            "MagCalm capsules prevent migraines and cure insomnia.\n")
    claims = [f.excerpt for f in by_code(run(text), "HL304")]
    assert claims and not any("seizures" in c for c in claims)


def test_a_verdict_on_a_product_the_article_sells_is_a_pitch():
    text = """# The best knee braces

## 1. Iron Creek Hinged Knee Brace

The Iron Creek is the brace our testers trusted most after a twisted knee.

[Buy the Iron Creek on Amazon](https://amzn.to/3abc)

## 2. Plain sleeves

A plain sleeve is the one most physiotherapists suggest first.
"""
    pitches = by_code(run(text), "HL301")
    assert [f.line for f in pitches] == [5]
    assert "the article calls the reader to buy it" in pitches[0].message


def test_feature_bullets_on_a_product_page_are_said_of_its_product():
    text = """# Daybreak Decongestant Nasal Spray 15 ml

## Product description

Unlike other nasal sprays, Daybreak is a decongestant spray for adults.

- Fast relief from a blocked nose
- No side effects

## Warnings

- Do not use for more than 7 days; it can cause rebound congestion
"""
    efficacy = [(f.line, f.excerpt) for f in by_code(run(text), "HL303")]
    assert [line for line, _ in efficacy] == [7]
    assert "Daybreak" in by_code(run(text), "HL303")[0].message


@pytest.mark.parametrize("claim", [
    "Harrowgate Gut Balance capsules banish bloating in as little as a week.",
    "Harrowgate Gut Balance capsules help you drift off within minutes.",
    "Harrowgate Gut Balance capsules go to work on tense muscles overnight.",
])
def test_supplement_blurb_verbs_are_efficacy_claims(claim):
    found = by_code(run(f"# Best capsules\n\n{claim}\n\nHarrowgate Gut Balance capsules "
                        "come in bottles of 60.\n"), "HL303")
    assert len(found) == 1, found


SHOP_CALLS = """# Hearing aids at Brightear

Our Brightear Pro 2 hearing aids are fitted by our audiologists. Add to basket.

Book your free hearing test today.

Try before you buy, with 0% finance available and 60-day returns.

Free delivery on orders over £30.

Brightear is available from Boots and online at brightear.co.uk.

[Shop Brightear](https://brightear.co.uk)
"""

INFORMATIONAL_CALLS = """# Getting your hearing checked

Hearing tests are free on the NHS and are available from GP surgeries and some pharmacies.

Start your search with your GP, who can refer you to an audiology clinic.

Oral rehydration sachets are available from pharmacies.
"""


@pytest.mark.parametrize("phrase", [
    "Book your free hearing test today", "Try before you buy", "0% finance available",
    "60-day returns", "on orders over £30",
    "available from Boots and online at brightear.co.uk", "Shop Brightear"])
def test_calls_to_action_as_shops_write_them(phrase: str) -> None:
    excerpts = " | ".join(f.excerpt for f in by_code(run(SHOP_CALLS), "HL302"))
    assert phrase in excerpts


def test_where_a_public_service_is_available_is_no_call_to_action() -> None:
    assert by_code(run(INFORMATIONAL_CALLS), "HL302") == []
def test_shop_reviews_signed_or_under_a_byline_are_testimonials():
    text = """# AlignWell Posture Brace

The AlignWell brace is worn under a shirt and adjusts with two straps.

Reviews

★★★★★ Best thing I've bought this year
Tom, Leeds · Verified purchase · 3 weeks ago

One morning walk and I can breathe deeply again without my shoulders aching.

★★☆☆☆ Not for me
Ann · Verified purchase · 1 month ago

It held my shoulders back at first, but after a week it was more uncomfortable than before.

"I used to wince every time I sat at my desk. Now I work all day in comfort." – Priya, Bristol
"""
    found = [f for f in by_code(run(text), "HL305") if f.data["kind"] == "customer review"]
    assert sorted(f.line for f in found) == [10, 17]


def test_a_signed_paragraph_without_a_result_is_no_review():
    text = """# Posture at work

Set the top of the screen at eye level and take a short walk every hour. – Sarah

I used to sit badly, and my physiotherapist showed me how to set up my desk.
"""
    assert [f for f in by_code(run(text), "HL305") if f.data["kind"] == "customer review"] == []


def test_an_ingredient_bullet_says_what_it_is_for_not_what_the_product_does():
    text = """# Oatwell Calming Balm 50 ml

£7.50 | Add to basket

Key features

- Colloidal oatmeal to soothe itchy skin
- Heals cracked skin overnight
"""
    found = by_code(run(text), "HL303")
    assert [f.line for f in found] == [8]
