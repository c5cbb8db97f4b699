"""The product entries of a ranking page and the sentences that describe them (HL301)."""

from __future__ import annotations

from tests.promotion_helpers import by_code, run

# A scraped "best X" page as text: numbered lines lose their numbers, tags survive.
RANKED = """Best Joint Balms for Stiff Knees 2026 - Top Picks Reviewed

Stiff knees are common after fifty. Exercise and weight loss help most, and balms add a
little warmth at best. We compared eleven balms to bring you the best ones.

Brand Summary

1. Kelpmoor Naturals - Editor's Choice
2. HollowOak - Best Value

Full Reviews

1. Kelpmoor Naturals - Editor's Choice

Kelpmoor Naturals Arnica Balm is made in small batches with cold-pressed hemp oil from
the maker's own fields. It comes in a tin with a twist lid, making each application a
pleasant ritual. The balm is sold in one size.

Key Features
- Full spectrum
- Certified by the Northern Hemp Council
- Made in Vermont

2. HollowOak - Best Value

HollowOak Cooling Stick is a convenient roll-on stick that fits in a gym bag. Each stick
delivers 500 mg of CBD. The menthol smell is strong, and it is not cheap per gram.

How to choose a balm

Look at the label for the amount of CBD per container. A balm is not a treatment for
arthritis, and the evidence for CBD on the skin is weak.
"""

# The same products in a guide that compares them without ranking them.
GUIDE = """Joint balms on the pharmacy shelf: what the labels say

Pharmacists are often asked about balms for stiff knees. We do not recommend brands.

Kelpmoor Naturals Arnica Balm

Kelpmoor Naturals Arnica Balm is made with hemp oil and arnica. It comes in a tin.

HollowOak Cooling Stick

HollowOak Cooling Stick is a roll-on stick with menthol. Each stick delivers 500 mg of CBD.
"""


def _found(text: str) -> list[str]:
    return [f.excerpt for f in by_code(run(text, "HL301", fmt="text", path="a.txt"), "HL301")]


def _covered(text: str) -> list[str]:
    """The source text of every HL301 finding (a paragraph's finding covers its sentences)."""
    return [" ".join(text[f.start:f.end].split())
            for f in by_code(run(text, "HL301", fmt="text", path="a.txt"), "HL301")]


def test_tagged_entry_lines_of_a_ranking_are_pitches() -> None:
    found = _found(RANKED)
    assert any(f.startswith("Kelpmoor Naturals - Editor's Choice") for f in found), found
    assert any(f.startswith("HollowOak - Best Value") for f in found), found


def test_sentences_that_describe_the_entry_product_are_pitches() -> None:
    found = " | ".join(_covered(RANKED))
    assert "Kelpmoor Naturals Arnica Balm is made in small batches" in found
    # "it" right after a sentence about the product is the product
    assert "It comes in a tin with a twist lid" in found
    assert "Certified by the Northern Hemp Council" in found
    assert "HollowOak Cooling Stick is a convenient roll-on stick" in found
    assert "Each stick delivers 500 mg of CBD" in found


def test_plain_facts_criticism_and_the_buying_guide_are_not_pitches() -> None:
    found = " | ".join(_found(RANKED))
    assert "Full spectrum" not in found  # a feature line without a certification
    assert "is not cheap per gram" not in found  # criticism is the review's
    assert "A balm is not a treatment" not in found  # the page's own guide, after the entries


def _entries(text: str) -> list:
    from checks.detectors.promotion import entries
    from checks.detectors.promotion.document import doc_for
    from claims.read import read_text

    return entries.find(doc_for(read_text(text, path="a.txt", format="text"), {}))


def test_a_guide_that_does_not_rank_has_no_entries() -> None:
    assert _entries(RANKED)
    assert _entries(GUIDE) == []


def test_the_message_names_the_entry_product() -> None:
    findings = by_code(run(RANKED, "HL301", fmt="text", path="a.txt"), "HL301")
    described = [f for f in findings if (f.data or {}).get("listing") == "describes"]
    assert any("“Kelpmoor Naturals" in f.message for f in described), described


def test_a_sentence_naming_another_product_starts_its_entry() -> None:
    # scraped pages lose name lines: the product a sentence opens with is the entry's
    text = ("The 9 Best Magnesium Powders We Tested\n\nMost people get enough magnesium "
            "from food.\n\nThat is why Brackenridge Calm Powder is formulated with 300 mg "
            "of magnesium per scoop. Brackenridge Calm Powder comes in a resealable tub.\n\n"
            "Tollan Mag Drink comes in lemon and berry flavours, and Brackenridge Calm "
            "Powder is on this list too.\n")
    found = " | ".join(_covered(text))
    assert "Brackenridge Calm Powder is formulated with 300 mg" in found
    assert "Brackenridge Calm Powder comes in a resealable tub" in found


def test_a_single_product_review_page_is_no_ranking() -> None:
    text = ("Kelpmoor Naturals Arnica Balm review\n\nKelpmoor Naturals Arnica Balm is made "
            "with hemp oil. It comes in a tin.\n")
    assert _entries(text) == []


def test_lists_of_foods_drugs_and_study_arms_are_no_product_entries() -> None:
    foods = ("Top 10 Foods High in Magnesium\n\nMost adults need 310 to 420 mg a day.\n\n"
             "1. Almond Butter\nAlmond Butter is packed with magnesium and comes in jars. "
             "It is a great choice for breakfast.\n\n2. Black Beans\nBlack Beans deliver "
             "about 120 mg per cooked cup.\n")
    drugs = ("The 5 Best-Studied Statins\n\nStatins lower LDL cholesterol.\n\n"
             "Atorvastatin (Lipitor)\nAtorvastatin comes in 10 to 80 mg tablets. It is a "
             "potent statin.\n\nRosuvastatin (Crestor)\nRosuvastatin comes in 5 to 40 mg "
             "tablets.\n")
    arms = ("We tested three sleep programmes in a trial\n\nResearchers tested three "
            "programmes in 300 adults.\n\nGroup A: Sleep Restriction Therapy\nSleep "
            "Restriction Therapy is delivered by a nurse. It comes with a sleep diary.\n\n"
            "Group B: Digital CBT Programme\nThe programme is available free.\n")
    for text in (foods, drugs, arms):
        assert _entries(text) == [], text.splitlines()[0]


def test_a_long_scraped_line_of_names_is_read_in_linear_time() -> None:
    # names are matched case-sensitively even in patterns that ignore case: a line of
    # many lower-case and capitalised words must not send the matcher backtracking
    line = " ".join(["harborlight Magnesium Glycinate 500 mg - Best for sleep"] * 40)
    text = "Best Magnesium Supplements of 2026\n\nOur picks.\n\n" + line + "\n"
    assert _entries(text)


def test_an_award_on_its_own_line_under_the_name_tags_the_entry() -> None:
    text = ("Ranked: The 4 Best Collagen Powders of 2026\n\nWe compared 20 powders.\n\n"
            "#1 Fernhill Grass-Fed Collagen\nRating: 4.8/5\nAward: Best Overall\n\n"
            "Fernhill's peptides are sourced from pasture-raised cattle.\n"
            "Why it wins: the purest powder we found.\n\n"
            "#2 Tidewater Marine Collagen\nAward: Best Marine\n\n"
            "If you do not eat beef, Tidewater is a close runner-up.\n")
    found = " | ".join(_covered(text))
    for line in ("#1 Fernhill Grass-Fed Collagen", "Award: Best Overall", "Award: Best Marine",
                 "Why it wins: the purest powder we found.",
                 "Fernhill's peptides are sourced from pasture-raised cattle.",
                 "Tidewater is a close runner-up"):
        assert line in found, line


def test_the_crowds_love_and_a_verdict_without_a_verb_are_pitches_in_an_entry() -> None:
    text = ("The 3 Best Vitamin D Gummies of 2026\n\nMost adults need 10 micrograms a day in "
            "winter.\n\n1. Bramble Bear D3 Gummies - Best for Kids\nKids love the apple "
            "flavour.\n\n2. Fennick Liquid D3 - Best Liquid\nA good option for people who "
            "measure their own dose. A dropper is not included.\n")
    found = " | ".join(_covered(text))
    assert "Kids love the apple flavour." in found
    assert "A good option for people who measure their own dose." in found
    assert "A dropper is not included" not in found


def test_a_summary_box_of_tagged_lines_is_one_finding() -> None:
    text = ("Best Magnesium Supplements 2026\n\nWe examine 4 of the best magnesium "
            "supplements.\n\n1. Quillon Magnesium Complex - Best overall\n"
            "2. Brisa Magnesium Glycinate - Best for sleep\n3. Orvel MagTech - Best for focus\n"
            "4. Sennet Magnesium Caps - Best budget\n\nMagnesium is found in nuts.\n")
    findings = by_code(run(text, "HL301", fmt="text", path="a.txt"), "HL301")
    boxes = [f for f in findings if (f.data or {}).get("listing") == "summary"]
    assert len(boxes) == 1, findings
    box = text[boxes[0].start:boxes[0].end]
    assert box.startswith("Quillon Magnesium Complex") and box.endswith("Best budget"), box
    assert "crowns 4 products" in boxes[0].message


# An award, the product and its price opening a paragraph that runs on into the entry.
PRICED_AWARDS = """The best mattresses for back pain in 2026

We tested 30 mattresses over six months to find the best mattress for back pain.

Best mattress for back pain overall: Dunmore Hybrid Mattress, $1,299 on Dunmore The Dunmore
Hybrid Mattress has firm edges and quiet springs.

Best budget mattress for back pain: Kestrel Midnight Mattress, $849 on Kestrel It is one of
the cheaper mattresses we tested.
"""


def _pitched_lines(text: str) -> list[int]:
    """The lines where an HL301 or HL303 finding starts (the first award also claims that
    the mattress helps back pain, which HL303 reports in HL301's place)."""
    return sorted(f.line for f in run(text, ["HL301", "HL303"], fmt="text", path="a.txt")
                  if f.code in ("HL301", "HL303"))


def test_an_award_with_its_product_and_price_opens_an_entry():
    assert _pitched_lines(PRICED_AWARDS) == [5, 8]
    assert any("“Kestrel Midnight Mattress” as an entry of a ranking" in f.message
               for f in run(PRICED_AWARDS, "HL301", fmt="text", path="a.txt"))


def test_an_award_without_a_price_in_running_prose_opens_no_entry():
    prose = PRICED_AWARDS.replace(", $1,299 on Dunmore", "").replace(", $849 on Kestrel", "")
    assert _found(prose) == []
    assert _pitched_lines(prose) == [5]  # the claim that it helps back pain stays


# A comparison table scraped to text: columns run together, each row's award behind a medal.
MEDAL_TABLE = """9 Best Probiotic Supplements (2026) Reviewed

We researched dozens of probiotic supplements to find the best ones for gut health.

ProductFormServing SizeBest ForWinner
Kelpmoor Daily 50 Billion CFUCapsule2 capsulesGeneral digestive health\U0001F3C6 TOP PICK
Brightfield Synbiotic+Delayed-release capsule1 capsuleComplete gut support\U0001F947 Best 3-in-1
Tallgrass FloraCapsule1 capsuleWomen's digestive health\U0001F947 Best for Women

How we chose

We looked at strains, doses and third-party testing.
"""


def test_a_table_of_medalled_rows_is_one_summary_naming_its_products():
    findings = by_code(run(MEDAL_TABLE, "HL301", fmt="text", path="a.txt"), "HL301")
    assert len(findings) == 1
    assert "“Kelpmoor Daily”, “Brightfield Synbiotic+Delayed-release”, “Tallgrass Flora”" \
        in findings[0].message


def test_one_medal_on_a_page_that_ranks_nothing_is_no_entry():
    rows = MEDAL_TABLE.splitlines()
    text = "\n".join(rows[:6] + rows[8:]).replace(
        "9 Best Probiotic Supplements (2026) Reviewed", "Probiotics and the gut").replace(
        "to find the best ones for gut health", "and the trials behind them")
    assert "\U0001F947" not in text and "\U0001F3C6" in text
    assert _found(text) == []


def test_two_medalled_rows_rank_a_page_whose_title_was_lost():
    text = MEDAL_TABLE.replace("9 Best Probiotic Supplements (2026) Reviewed",
                               "Probiotics and the gut").replace(
        "to find the best ones for gut health", "and the trials behind them")
    assert len(_found(text)) == 1
