"""Ranking lists: award lines and sales verdicts on brands made of ordinary words (HL301)."""

from __future__ import annotations

import pytest

from checks.detectors.promotion import listings
from checks.detectors.promotion.products import index_for
from checks.settings.config import Settings
from claims.read import read_text
from tests.promotion_helpers import by_code, run

RANKING = """# The best magnesium for night cramps

Night cramps are common in older adults, and stretching the calf before bed is the simplest
measure. Reviews find that magnesium makes little difference for most people.

## Best overall: Quiet Harbor Magnesium Glycinate

Quiet Harbor Magnesium Glycinate is the premier choice for anyone who wants calmer legs.

## Best value: Ease Daily Magnesium

Ease Daily Magnesium provides the best value per milligram of any product we compared.

## Best powder: Natural Balance Calm Mix

If you prefer drinks to pills, Natural Balance Calm Mix stands out.

## Side effects

Magnesium can loosen the stools. People with kidney disease should ask a doctor first.
"""

NEUTRAL_RANKING = """# Electrolyte drinks compared

## Best for long runs: Saltmarsh Endurance Mix

Saltmarsh Endurance Mix has 500 mg of sodium per serving and comes in lemon flavour.

## Best for stomach bugs: Oral Rehydration Sachets

Oral rehydration sachets follow the World Health Organization formula and are sold in
most pharmacies.
"""

GUIDE = """# Choosing a magnesium supplement

Brand names you may see include Nature Made and Ease Magnesium spray. We do not recommend
one brand over another. The National Institutes of Health lists magnesium in many foods,
and the National Institutes of Health is the best place to read about doses.

Magnesium oxide is the best form for constipation, according to the pharmacists we asked.
"""


def _pitched(text: str) -> list[str]:
    return [f.excerpt for f in by_code(run(text, "HL301"), "HL301")]


def test_the_verdicts_of_a_ranking_are_pitches_whatever_words_the_brand_is_made_of() -> None:
    found = " ".join(_pitched(RANKING))
    assert "Quiet Harbor Magnesium Glycinate is the premier choice" in found
    assert "Ease Daily Magnesium provides the best value" in found
    assert "Natural Balance Calm Mix stands out" in found


def test_an_award_heading_is_a_pitch_when_its_section_gives_a_verdict() -> None:
    found = _pitched(RANKING)
    assert any(f.startswith("Best value: Ease Daily Magnesium") for f in found)
    assert not any("Side effects" in f for f in found)


def test_a_ranking_that_only_describes_its_entries_is_not_reported() -> None:
    assert _pitched(NEUTRAL_RANKING) == []


def test_names_and_superlatives_in_a_guide_are_not_verdicts() -> None:
    # "the National Institutes of Health is the best place": a name, but not a product a
    # ranking crowns or a page sells; the lower-case form is no name at all.
    assert _pitched(GUIDE) == []


def test_the_message_names_the_brand() -> None:
    findings = by_code(run(RANKING, "HL301"), "HL301")
    verdicts = [f for f in findings if (f.data or {}).get("listing") == "praise"]
    assert any("“Ease Daily Magnesium”" in f.message for f in verdicts)


SPOTLIGHT = """Top 3 magnesium supplements of 2025

Magnesium is found in nuts, seeds, beans and whole grains, and most people get enough.

1. Blue Ridge Triple Magnesium
2. Deep Rest Magnesium Glycinate
3. Trueform Mag Citrate

Introducing Blue Ridge Triple Magnesium

Blue Ridge Triple Magnesium is the best magnesium supplement available today.

Trueform Mag Citrate

Trueform Mag Citrate is a powder that dissolves in water.

Side Effects

Magnesium can loosen the stools. The side effects are worse at high doses.
"""


def _listed(text: str, fmt: str = "text") -> set[str]:
    from checks.detectors.promotion import names
    from checks.detectors.promotion.document import doc_for

    return names.listed(doc_for(read_text(text, path=f"a.{fmt[:2]}", format=fmt), {})).slotted


def test_ranked_slots_name_products_made_of_ordinary_words() -> None:
    slotted = _listed(SPOTLIGHT)
    assert {"Blue Ridge Triple Magnesium", "Trueform Mag Citrate"} <= slotted
    # a heading of ordinary words the page also writes in lower case is not a name
    assert "Side Effects" not in slotted


def test_a_heading_that_introduces_a_praised_name_pitches_on_a_ranking() -> None:
    found = by_code(run(SPOTLIGHT, "HL301", fmt="text", path="a.txt"), "HL301")
    assert any(f.excerpt.startswith("Introducing Blue Ridge") for f in found), found
    # the plain description of another ranked product is not a pitch
    assert not any("dissolves in water" in f.excerpt for f in found), found


def test_a_name_held_up_as_the_example_of_its_kind_is_praise() -> None:
    text = RANKING + ("\nFor travel, a kit such as Harbor Light Travel Pack, intuitively "
                      "designed to fit a carry-on, saves space. Harbor Light Travel Pack "
                      "holds a month of doses.\n")
    found = by_code(run(text, "HL301"), "HL301")
    assert any("such as Harbor Light Travel Pack" in f.excerpt for f in found), found


def test_a_verdict_makes_a_name_seen_once_a_product() -> None:
    text = ("# Magnesium for sleep\n\nMagnesium is found in nuts and seeds.\n\n"
            "The Dr. Harlow Magnesium Threonate supplement is the premier choice for "
            "restless nights.\n")
    found = by_code(run(text, "HL301"), "HL301")
    assert any(f.excerpt.startswith("The Dr. Harlow") for f in found), found


def test_a_verdict_on_an_ordinary_capitalised_phrase_is_not_a_product() -> None:
    text = ("# Sleep\n\nThe National Sleep Foundation is the best source for sleep "
            "hygiene advice, and the national guidance is free.\n")
    assert by_code(run(text, "HL301"), "HL301") == []


def test_a_possessive_name_is_still_the_name() -> None:
    text = RANKING + "\nFor most readers, Ease Daily's Magnesium is our top choice.\n"
    found = by_code(run(text, "HL301"), "HL301")
    assert any("Ease Daily's Magnesium is our top choice" in f.excerpt for f in found), found


SHOWCASE = """14 Best Magnesium Supplements to Try This Year - Daily Courier Showcase

Magnesium helps muscles and nerves work. Most people get enough from food, and the
Daily Courier Showcase team is not a medical service.

For sleep, many readers like Harbour Mist Calm, and a recent study suggests magnesium may
ease anxiety. That is why Harbour Mist Calm is formulated with 350 milligrams of magnesium
per serving to melt away stress.
"""


def test_a_proper_name_written_twice_on_a_ranking_page_is_a_product() -> None:
    slotted = _listed(SHOWCASE)
    assert "Harbour Mist Calm" in slotted
    assert "Daily Courier Showcase" not in slotted  # the site, named in the title


def test_how_it_helps_heading_pitches_when_its_section_claims_benefits() -> None:
    text = SPOTLIGHT + ("\nHow Blue Ridge Triple Magnesium helps\n\nThe glycinate form calms "
                        "the nervous system, and the malate form restores your energy.\n"
                        "\nHow Trueform Mag Citrate helps\n\nIt comes in 200 g tubs.\n")
    found = by_code(run(text, "HL301", fmt="text", path="a.txt"), "HL301")
    excerpts = [f.excerpt for f in found]
    assert "How Blue Ridge Triple Magnesium helps" in excerpts, excerpts
    assert "How Trueform Mag Citrate helps" not in excerpts, excerpts


def test_the_one_we_would_buy_is_a_verdict() -> None:
    text = RANKING + "\nIf you buy one, Natural Balance Calm Mix is the one we would buy.\n"
    found = by_code(run(text, "HL301"), "HL301")
    assert any(f.excerpt.startswith("If you buy one, Natural Balance") for f in found), found


def test_a_provenance_boast_in_a_ranked_blurb_is_a_pitch() -> None:
    text = RANKING + ("\n## Best balm: Stillwater Farms Joint Balm\n\nStillwater Farms Joint "
                      "Balm is made in small batches from organic hemp sourced from the "
                      "family's own farm.\n")
    found = by_code(run(text, "HL301"), "HL301")
    assert any(f.excerpt.startswith("Stillwater Farms Joint Balm is made") for f in found), found


AFFILIATE_SUMMARY = """# The best mattresses for back pain

*We may earn a commission when you buy through our links.*

## Our top picks

- **Best Overall:** Harbour Rest Hybrid — $1,299 (queen)
- **Best Budget:** Fernlea Foam — $549 (queen)

## 1. Harbour Rest Hybrid

Harbour Rest Hybrid is the best mattress we have tested for back pain.

[Check the price](https://harbourrest.com/hybrid?ref=sleepsite)

## 2. Fernlea Foam

Fernlea Foam has a soft top layer over a dense base.
"""


def test_a_summary_of_awards_on_a_page_paid_by_its_links_is_a_pitch() -> None:
    found = _pitched(AFFILIATE_SUMMARY)
    assert any(f.startswith("Best Overall") and "Harbour Rest Hybrid" in f for f in found)
    assert any(f.startswith("Best Budget") and "Fernlea Foam" in f for f in found)


def test_a_summary_of_awards_without_paid_links_needs_a_verdict() -> None:
    unpaid = AFFILIATE_SUMMARY.replace("?ref=sleepsite", "").replace(
        "*We may earn a commission when you buy through our links.*", "")
    found = _pitched(unpaid)
    assert any(f.startswith("Best Overall") and "Harbour Rest Hybrid" in f for f in found)
    assert not any(f.startswith("Best Budget") for f in found)  # no verdict on Fernlea


AWARD_HEADINGS = """# The 3 best knee braces of 2026

{disclosure}

A brace can make a sore knee feel steadier, but it does not repair the joint.

## 1. Best overall: Ironvale Hinged Knee Brace

A hinged brace with two side stays and three straps. It comes in four sizes.

## 2. Best budget: Meadowline Compression Sleeve

A knitted sleeve that pulls on over the knee.
"""


def test_award_headings_on_a_page_paid_by_its_links_are_pitches() -> None:
    paid = AWARD_HEADINGS.format(
        disclosure="*If you buy through the links on this page, we may earn a commission.*")
    found = _pitched(paid)
    assert any(f.startswith("1. Best overall: Ironvale") for f in found)
    assert any(f.startswith("2. Best budget: Meadowline") for f in found)
    # the same ranking, paid by nobody, only labels entries that it describes
    assert _pitched(AWARD_HEADINGS.format(disclosure="We tested each brace for a month.")) == []


SCRAPED_CARDS = """The best mattresses for back pain

We may earn a commission when you buy through our links.

Editor's Choice

Harbour Rest Hybrid

Zoned coils sit firmer under the hips and softer under the shoulders.

Best Budget

Fernlea Foam

A soft top layer over a dense base.
"""


def test_a_bare_award_line_crowns_the_name_beside_it() -> None:
    found = [f.excerpt for f in by_code(run(SCRAPED_CARDS, "HL301", fmt="text",
                                            path="page.txt"), "HL301")]
    assert "Editor's Choice" in found and "Best Budget" in found


def test_a_bare_award_over_a_sentence_names_nothing() -> None:
    guide = SCRAPED_CARDS.replace("Harbour Rest Hybrid", "Most people sleep on their side.")
    found = [f.excerpt for f in by_code(run(guide, "HL301", fmt="text", path="page.txt"),
                                        "HL301")]
    assert "Editor's Choice" not in found


def test_a_pick_announced_before_a_name_seen_once_is_a_pitch() -> None:
    text = ("Best Collagen Powders\n\nOur top pick for the best collagen powder is the "
            "Larkfield Marine Collagen Powder. It mixes into coffee.\n\nThe best budget pick "
            "is Dunmore Daily Collagen Peptides, at half the price.\n")
    found = by_code(run(text, "HL301", fmt="text"), "HL301")
    assert {f.message.split("“")[1].split("”")[0] for f in found} >= {
        "Larkfield Marine Collagen Powder", "Dunmore Daily Collagen Peptides"}, found


def test_a_pick_of_a_body_or_a_person_is_not_a_product() -> None:
    text = ("# Where to get advice\n\nOur top pick for reliable advice is the National "
            "Health Service website, and the best choice for a second opinion is your GP.\n")
    assert by_code(run(text, "HL301"), "HL301") == []


PICKS = ("Best Fish Oils\n\nOur top pick for the best fish oil is the Larkfield Omega Softgels. "
         "They come in a glass bottle.\n\nOur runner-up pick is the Dunmore Triple Omega. It "
         "is rich in EPA, making it one of the best fish oils on the market.\n\nThe best "
         "budget pick is the Corran Daily Omega. It's one of the best softgels we tested.\n")


def test_a_verdict_carried_by_a_pronoun_on_a_page_of_picks_is_a_pitch() -> None:
    found = [f.excerpt for f in by_code(run(PICKS, "HL301", fmt="text"), "HL301")]
    assert any("making it one of the best fish oils" in e for e in found), found
    assert any("It's one of the best softgels" in e for e in found), found
    assert not any("glass bottle" in e for e in found), found


def test_a_superlative_bounded_by_the_market_on_a_sellers_page_is_a_pitch() -> None:
    text = ("# Upright Posture Brace\n\nOur brace retrains your shoulders while you work. Add to "
            "basket for $39.99 with free delivery.\n\nIt is the most comfortable posture brace "
            "on the market. Wear it for an hour a day to start.\n")
    found = [f.excerpt for f in by_code(run(text, "HL301"), "HL301")]
    assert any("most comfortable posture brace on the market" in e for e in found), found


@pytest.mark.parametrize("text", [
    # a verdict a pronoun carries, on a page with no picks
    "# Stretching before bed\n\nCalf stretches ease night cramps for many people. It is one "
    "of the best habits to build, and it costs nothing.\n",
    # a superlative in a guide that sells nothing
    "# Choosing a posture brace\n\nA brace can remind you to sit up, but exercises do more in "
    "the long run. It is the most common question physiotherapists hear.\n",
])
def test_a_verdict_off_a_page_that_ranks_or_sells_is_not_a_pitch(text: str) -> None:
    assert by_code(run(text, "HL301"), "HL301") == []


def test_a_superlative_set_beside_a_ranked_name_is_a_verdict() -> None:
    text = ("# The best massage guns\n\n## Best overall: Pulsar Mini Two\n\nMeet the Pulsar "
            "Mini Two, the most powerful compact massage gun ever made.\n\n## Best budget: "
            "Corran Go\n\nThe Corran Go weighs 450 g and has three heads.\n")
    doc, products = index_for(read_text(text, format="markdown"), {}, Settings())
    praised = [hit.unit.text for hit in listings.find(doc, products) if hit.kind == "praise"]
    assert praised == ["Meet the Pulsar Mini Two, the most powerful compact massage gun ever "
                       "made."], praised


@pytest.mark.parametrize("verdict", [
    "The Larkfield mattress is the best mattress on our list overall.",
    "When it comes to edge support, the Larkfield Hybrid mattress can't be beaten.",
    "The Larkfield Hybrid mattress beat out many pricier picks in our side-sleeper tests.",
])
def test_a_verdict_after_any_product_noun_pitches_a_name_seen_once(verdict: str) -> None:
    text = ("# Mattresses for back pain\n\nA medium-firm mattress suits most people with "
            f"back pain, though trials are small.\n\n{verdict}\n")
    assert any(f.excerpt.startswith(verdict[:20]) for f in by_code(run(text, "HL301"), "HL301"))


def test_a_plain_statement_about_a_named_mattress_is_no_verdict() -> None:
    text = ("# Mattresses for back pain\n\nA medium-firm mattress suits most people with "
            "back pain.\n\nThe Larkfield mattress is sold in three firmness levels.\n")
    assert by_code(run(text, "HL301"), "HL301") == []
