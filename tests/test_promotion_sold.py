"""Sellers' pages judged from their words alone: the learned gate, the sold category as the
subject of a claim, sellers' soft calls, and informative pages that stay quiet."""

from __future__ import annotations

import json

import pytest

from checks.detectors.promotion import sold
from checks.detectors.promotion.document import build
from checks.detectors.promotion.lexicon import disease_claim
from claims.read import read_text
from tests.promotion_helpers import by_code, run

# A scraped shop blog: no basket, no front matter, no site name; the category in the title.
SELLER_BLOG = """Restless Nights? Why Magnesium Could Be Your Answer

Lying awake at night is exhausting, and many of us have tried every trick in the book.

Magnesium is a mineral found in nuts, seeds and leafy greens. Adults need about 300 mg a day.

Magnesium is nature's relaxation mineral. It quiets a busy mind and relaxes tight muscles.

Magnesium glycinate is the most effective form for sleep, and it is gentle on the stomach.

Too much magnesium from supplements can cause diarrhoea, so keep to the dose on the label.

We make our Slumber Magnesium in small batches, and every tub holds 60 servings of 200 mg.

Give your body the magnesium it needs. Try magnesium tonight and see the difference for yourself.
"""

# An informative page on the same category that quotes prices and names a brand.
INFORMATIVE = """Magnesium supplements: do you need one?

Magnesium supplements cost from $6 to $40 a bottle, and one brand, Calmora, sells a spray.

Most adults get enough magnesium from food such as nuts, seeds, beans and whole grains [1].

Small trials of magnesium for sleep in older adults found modest benefits [2].

Magnesium from supplements can cause diarrhoea; people with kidney disease should ask first.

References
1. National Institutes of Health. Magnesium fact sheet.
2. Mah J, Pitre T. Oral magnesium supplementation for insomnia. BMC Complement Med Ther. 2021.
"""


def _doc(text: str):
    return build(read_text(text, path="page.txt", format="text"))


def test_the_shipped_model_is_a_small_logistic_regression_over_the_runtime_features() -> None:
    data = json.loads(sold.MODEL_PATH.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(sold.FEATURES) == set(data["features"])
    assert 0.0 < data["threshold"] < 1.0
    assert data["cv"]["precision"] >= 0.95  # precision first: the script's own bar
    assert set(sold.SELLER_CUES) <= set(sold.FEATURES)


def test_a_scraped_sellers_blog_is_judged_to_sell_its_category() -> None:
    page = sold.of(_doc(SELLER_BLOG))
    assert page.category == "magnesium" and page.sells


def test_an_informative_page_with_prices_and_a_brand_does_not_pass_the_gate() -> None:
    page = sold.of(_doc(INFORMATIVE))
    assert page.category == "magnesium"
    assert not page.sells
    assert run(INFORMATIVE, "HL3", path="page.txt", fmt="text") == []


@pytest.mark.parametrize(("statement", "disclosed"), [
    ("This guide is funded by its readers and does not take advertising or affiliate fees.", 0.0),
    ("We may earn a commission when you buy through our links.", 1.0),
])
def test_a_statement_that_the_page_takes_no_money_is_no_disclosure(statement, disclosed):
    text = ("Magnesium and cramps\n\nMagnesium is a mineral found in nuts and greens.\n\n"
            f"{statement}\n")
    assert sold.features(_doc(text))["disclosure"] == disclosed


def test_a_page_with_no_seller_cue_is_not_a_sellers_whatever_it_claims() -> None:
    text = ("Turmeric and your joints\n\nTurmeric is a root in the ginger family.\n\n"
            "Turmeric capsules are the most effective way to soothe aching joints.\n")
    assert not sold.of(_doc(text)).sells


def test_claims_whose_subject_is_the_sold_category_are_hl303() -> None:
    found = by_code(run(SELLER_BLOG, "HL303", path="page.txt", fmt="text"), "HL303")
    excerpts = " ".join(f.excerpt for f in found)
    assert "nature's relaxation mineral" in excerpts
    assert "It quiets a busy mind" in excerpts  # the pronoun carries the subject over
    assert "the most effective form for sleep" in excerpts
    assert "cause diarrhoea" not in excerpts  # a harm is not a seller's benefit
    assert "Adults need about 300 mg" not in excerpts  # information, not a benefit
    assert all(f.data["product"].startswith("the category this page sells") for f in found)


def test_the_sellers_own_range_is_a_pitch_and_its_soft_calls_are_calls_to_action() -> None:
    found = run(SELLER_BLOG, ["HL301", "HL302"], path="page.txt", fmt="text")
    pitches = [f.excerpt for f in by_code(found, "HL301")]
    assert any(e.startswith("We make our Slumber Magnesium") for e in pitches)
    calls = [f.excerpt for f in by_code(found, "HL302")]
    assert any(e.startswith("Try magnesium") for e in calls)
    assert any("for yourself" in e for e in calls)


def test_the_category_as_an_object_is_no_subject() -> None:
    doc = _doc(SELLER_BLOG)
    page = sold.of(doc)
    give = next(u for u in doc.units if u.norm.startswith("Give your body"))
    too_much = next(u for u in doc.units if u.norm.startswith("Too much"))
    assert sold.subjects(give, page) == []
    assert sold.subjects(too_much, page) == []


def test_a_sold_supplement_category_is_held_to_the_disease_rule() -> None:
    text = SELLER_BLOG + "\nMagnesium can reduce insomnia in a week.\n"
    found = by_code(run(text, "HL304", path="page.txt", fmt="text"), "HL304")
    assert [f.excerpt for f in found] == ["reduce insomnia"]
    assert "a page that sells supplements" in found[0].message


@pytest.mark.parametrize(("text", "claim"), [
    ("a spoonful can stop a cold in its tracks", True),
    ("it protects the whole family from colds", True),
    ("it works for anxiety-related insomnia", True),
    ("it treats restless legs syndrome", True),
    ("the No. 1 choice for insomnia relief", True),
    ("from heart health to cancer prevention", True),
    ("wrap up against the cold weather", False),
    ("treat a cold sore with a cream", False),
])
def test_disease_claims_in_sellers_words(text: str, claim: bool) -> None:
    assert bool(disease_claim().search(text)) is claim


def test_a_bare_price_in_news_is_no_call_to_action() -> None:
    text = ("CBD products fail label checks\n\nInspectors bought 42 products at prices from $12 "
            "for a small bottle to $79 for a jar, the county said.\n")
    assert by_code(run(text, "HL302", path="page.txt", fmt="text"), "HL302") == []


@pytest.mark.parametrize(("sentence", "call"), [
    ("Can't sleep? Try CBD tinctures.", "Try CBD tinctures"),
    ("Try magnesium gummies tonight.", "Try magnesium gummies"),
    ("If cramps persist, try a magnesium supplement.", None),  # advice names no form sold
    ("Take vitamin D drops in winter.", None),  # a dose instruction
])
def test_a_call_to_try_a_supplement_in_the_form_it_is_sold(sentence: str, call: str | None) -> None:
    found = by_code(run(f"# Sleep\n\n{sentence}\n", "HL302"), "HL302")
    assert [f.excerpt for f in found] == ([call] if call else [])


def test_the_shipped_model_is_what_the_training_script_learns() -> None:
    pytest.importorskip("sklearn")
    from tests.conftest import load_script

    assert load_script("train_seller_pages").main(["--check"]) == 0


GLASSES_SHOP = """# Blue Light Glasses: Do You Need Them?

Free delivery on orders over £40 | Basket (0)

At Clearview we make blue light glasses for people who spend the day at a screen.

Blue light glasses protect your eyes from screen glare and stop eye strain.

Wearing a posture corrector is a different matter, and we do not sell one.

Most screens give off far less blue light than the sun does.

Shop our blue light glasses from £49.
"""


def test_a_device_shop_praising_what_it_sells_in_plain_verbs_is_hl303():
    found = by_code(run(GLASSES_SHOP), "HL303")
    assert [f.line for f in found] == [7]


def test_the_same_words_on_a_page_that_sells_nothing_are_not_hl303():
    text = GLASSES_SHOP.replace("Free delivery on orders over £40 | Basket (0)\n\n", "")
    text = text.replace("At Clearview we make", "Opticians are often asked about")
    text = text.replace("Shop our blue light glasses from £49.", "Ask your optician.")
    assert by_code(run(text), "HL303") == []


def test_a_medicines_licensed_use_is_not_a_sales_claim():
    text = """# FlexaGel Ibuprofen 5% Gel 50 g

£6.99 | Add to basket

FlexaGel Ibuprofen 5% Gel is a topical painkiller for the relief of backache and sprains.

FlexaGel Ibuprofen 5% Gel brings fast relief of backache and sprains.
"""
    found = [f for f in run(text) if f.code == "HL303"]
    assert [f.line for f in found] == [7]


PICKED = ("Best Magnesium Supplements\n\nOur top pick for the best magnesium supplement is the "
          "Calmwell Magnesium Glycinate 120. It eases night cramps and helps you sleep deeply."
          "\n\nThis product provides 200 mg per capsule. It calms restless legs within a week."
          "\n\nThe best budget pick is the Norland Daily Magnesium Complex, at $14 for 90 "
          "capsules.\n")


def test_a_pronoun_after_the_pick_or_the_product_description_carries_the_product() -> None:
    found = by_code(run(PICKED, "HL303", fmt="text"), "HL303")
    assert [f.excerpt.split()[:2] for f in found] == [["It", "eases"], ["It", "calms"]], found


def test_a_pronoun_after_a_sentence_about_something_else_is_not_carried() -> None:
    text = PICKED.replace("This product provides 200 mg per capsule.",
                          "Cramps often strike after a long run.")
    found = by_code(run(text, "HL303", fmt="text"), "HL303")
    assert [f.excerpt.split()[:2] for f in found] == [["It", "eases"]], found


# A scraped supplement listing: no price, no basket, no first person; the label's sections.
LABEL_PAGE = """Northmere Vitamin D3 - 120 Softgels

Vitamin D helps the body absorb calcium and contributes to normal bones and teeth.

Supplement Facts
Serving Size: 1 Softgel
Servings per Container: 120
Other ingredients: olive oil, gelatin, glycerin.
Suggested use: take one softgel daily with a meal.
Warnings: keep out of reach of children. Do not exceed the stated dose.

These statements have not been evaluated by the Food and Drug Administration.
"""


def test_a_products_label_sections_are_counted_by_kind() -> None:
    assert sold.label_sections(_doc(LABEL_PAGE)) == {
        "facts", "ingredients", "use", "warnings", "statement"}
    assert sold.label_sections(_doc(INFORMATIVE)) == set()


def test_the_label_of_a_scraped_listing_is_a_seller_cue() -> None:
    values = sold.features(_doc(LABEL_PAGE))
    assert values["label_sections"] > 0
    assert sold.model().weights["label_sections"] > 0  # learned, not set: it must favour selling


@pytest.mark.parametrize(("line", "frames"), [
    ("Turmeric: nature's answer to aching joints", True),
    ("The Modern Solution: Concentrated Extracts", True),
    ("Why Plain Turmeric Isn't Enough", True),
    ("The key to relief could lie in your cupboard", True),
    ("Turmeric: what the evidence says", False),
    ("The solution was stirred for an hour", False),
])
def test_a_shop_blogs_framing_of_its_category(line: str, frames: bool) -> None:
    assert bool(sold._PITCH_FRAME.search(line)) is frames


def test_the_framing_is_read_in_titles_and_headings_not_mid_page() -> None:
    body = "\n\n".join(["Turmeric and your joints", *(
        f"Paragraph {i} says turmeric is a spice used in cooking." for i in range(8)),
        "Some sellers call turmeric nature's answer to aching joints, which goes too far.",
        *(f"Paragraph {i} on the evidence for turmeric." for i in range(8, 12))])
    assert sold.features(_doc(body))["pitch_frame"] == 0.0
    titled = body.replace("Turmeric and your joints", "Turmeric: nature's answer to aching joints")
    assert sold.features(_doc(titled))["pitch_frame"] > 0


# A scraped shop blog written for this test: efficacy said as if proven, with no source.
VOUCHED = "\n\n".join([
    "Struggling to Sleep? Try Hemp Drops Tonight.",
    "Poor sleep leaves millions of adults tired, irritable and less able to "
    "concentrate at work.",
    "That's why so many people are turning to CBD drops for sleep - the plant "
    "compound is not only effective for settling a busy mind, but also for deeper "
    "rest.",
    "Attention has turned to CBD: a hemp supplement that promotes relaxation after a "
    "long day.",
    "CBD oil has been shown to ease the tension that keeps you awake at night.",
    "Many studies have found that CBD may help people fall asleep faster and wake "
    "less often.",
    "Some people feel drowsy or have an upset stomach with CBD, and it can interact "
    "with blood thinners.",
    "CBD has been shown to lower anxiety in a public-speaking test. A 2019 study "
    "published in a psychiatry journal found the effect at a single dose.",
    "Chamomile is blended into our drops to help you unwind before bed.",
    "Make CBD part of your evening routine and see the difference for yourself.",
]) + "\n"


def test_efficacy_said_as_if_proven_about_the_sold_category_is_hl303() -> None:
    found = by_code(run(VOUCHED, "HL303", path="page.txt", fmt="text"), "HL303")
    lines = {f.line for f in found}
    assert {5, 7, 9, 11, 17} <= lines, found  # named again, apposition, shown, studies, recipe
    assert 13 not in lines  # a harm is not a benefit
    assert 15 not in lines  # the next sentence names the study behind it


def test_the_category_undergoing_a_verb_is_not_credited_with_it() -> None:
    text = VOUCHED.replace(
        "CBD oil has been shown to ease the tension that keeps you awake at night.",
        "CBD is poorly soluble in water and is quickly broken down and eliminated by the liver.")
    found = by_code(run(text, "HL303", path="page.txt", fmt="text"), "HL303")
    assert 9 not in {f.line for f in found}


# A scraped product listing written for this test: the description of what is sold.
DESCRIBED = """Lumen Vitamin D3 2000 IU - 120 Softgels

Vitamin D3 from Ostara Naturals provides a daily dose of vitamin D3 in a small softgel.

Cholecalciferol, the form used in this product, is the most active form of vitamin D.

Vitamin D3 is the most effective form for raising your vitamin D levels quickly.

Supports normal immune function.

Suggested use: take one softgel daily with food.
Warnings: keep out of reach of children.
"""


def test_the_products_own_description_is_hl301_and_its_efficacy_hl303() -> None:
    found = run(DESCRIBED, ["HL301", "HL303"], path="page.txt", fmt="text")
    pitches = {f.line for f in by_code(found, "HL301")}
    claims = {f.line for f in by_code(found, "HL303")}
    assert {3, 5} <= pitches, found  # the maker's product, the description's voice
    assert 5 not in claims  # the form's quality is a description, not an efficacy claim
    assert 7 in claims
    assert 9 not in claims | pitches  # an authorised nutrient claim is no finding


def test_a_titled_product_name_is_described_and_a_named_ingredient_is_not() -> None:
    doc = _doc("Calm Night CBD Tincture - 30 ml\n\nCalm Night CBD Tincture is a blend of hemp "
               "extract and chamomile in MCT oil.\n\nCBD is a compound of the hemp plant.\n\n"
               "Suggested use: one dropper at night.\n")
    page = sold.Sold("cbd", frozenset({"cbd"}), 1.0, True)
    units = {u.norm.split()[0] + u.norm.split()[1]: u for u in doc.units if len(u.norm.split()) > 4}
    assert sold._product_described(units["CalmNight"], page).startswith("Calm Night CBD Tincture")
    assert sold._product_described(units["CBDis"], page) == ""


def test_a_framing_heading_and_a_call_to_make_it_a_habit_are_pitches_on_a_sellers_page() -> None:
    text = VOUCHED.replace("Make CBD part of your evening routine and see the difference for "
                           "yourself.", "The Gentle Solution: Broad Spectrum Drops\n\n"
                           "Consider CBD as a part of your bedtime routine.")
    found = by_code(run(text, "HL301", path="page.txt", fmt="text"), "HL301")
    assert {"frames it as the answer", "recommends making it a habit"} <= {
        how for f in found for how in ("frames it as the answer", "recommends making it a habit")
        if how in f.message}, found


def test_a_titled_framing_is_a_cue_but_no_finding() -> None:
    text = VOUCHED.replace("Struggling to Sleep? Try Hemp Drops Tonight.",
                           "CBD: Nature's Answer to Restless Nights")
    found = by_code(run(text, "HL301", path="page.txt", fmt="text"), "HL301")
    assert 1 not in {f.line for f in found}
    assert sold.features(_doc(text))["pitch_frame"] > 0


def test_the_explain_script_prints_each_pages_judgement_and_its_features(
        tmp_path, capsys) -> None:
    from tests.conftest import load_script

    script = load_script("explain_seller_pages")
    (tmp_path / "seller.txt").write_text(SELLER_BLOG, encoding="utf-8")
    (tmp_path / "informative.txt").write_text(INFORMATIVE, encoding="utf-8")
    (tmp_path / "other.txt").write_text("Walking helps. Sleep matters.\n", encoding="utf-8")
    assert script.main([str(tmp_path), "--all"]) == 0
    out = capsys.readouterr().out
    seller_line = next(line for line in out.splitlines() if "seller.txt" in line)
    informative_line = next(line for line in out.splitlines() if "informative.txt" in line)
    assert seller_line.split()[0] == "PASS" and "[magnesium]" in seller_line
    assert informative_line.split()[0] == "shut"
    assert "names no category" in next(line for line in out.splitlines() if "other.txt" in line)
    assert "soft_calls" in out  # the features behind the score are printed
    assert out.rstrip().endswith("1 of 2 pages that name a category pass (3 pages read)")
    assert script.main([str(tmp_path / "missing")]) == 2


def test_a_dose_of_what_is_sold_as_the_subject_of_a_benefit_is_hl303() -> None:
    text = VOUCHED.replace("Chamomile is blended into our drops to help you unwind before bed.",
                           "Just two drops under the tongue soothe a racing mind in minutes.")
    found = by_code(run(text, "HL303", path="page.txt", fmt="text"), "HL303")
    assert 17 in {f.line for f in found}
    informative = text.replace("soothe a racing mind in minutes", "contain 10 mg of CBD")
    assert 17 not in {f.line for f in by_code(run(informative, "HL303", path="page.txt",
                                                      fmt="text"), "HL303")}


def test_on_a_recognised_shop_the_range_and_the_products_description_are_reported_once() -> None:
    text = ("Northfield Naturals\nHome   Shop   Basket (0)\n\nVitamin D3 Drops 1000 IU - 30 ml\n\n"
            "$12.99\n\nAdd to cart\n\nNorthfield Vitamin D3 Drops deliver 1000 IU of vitamin D3 "
            "in every drop of organic olive oil.\n\nOur drops are made in a certified facility "
            "and tested by an independent laboratory.\n\nVitamin D contributes to normal bones."
            "\n\nSuggested use: one drop daily.\n")
    found = by_code(run(text, "HL301", path="page.txt", fmt="text"), "HL301")
    lines = [f.line for f in found]
    assert 10 in lines and 12 in lines, found
    assert len(lines) == len(set(lines))  # one finding a sentence
    assert 14 not in lines  # an authorised nutrient claim


def test_a_capital_that_only_opens_the_sentence_names_no_product() -> None:
    text = ("Full-spectrum CBD delivers the whole plant in every drop.\n\n"
            "Our full-spectrum oils are tested twice.\n")
    doc = _doc(text)
    page = sold.Sold("cbd", frozenset({"cbd"}), 1.0, True)
    assert sold._product_described(doc.units[0], page, doc.text) == ""
    named = _doc("Ease Magnesium delivers 22 mg in every spray.\n")
    assert sold._product_described(named.units[0], sold.Sold(
        "magnesium", frozenset({"magnesium"}), 1.0, True), named.text).startswith("Ease")


def test_on_a_shop_a_call_or_a_claim_about_its_range_is_left_to_hl302_and_hl303() -> None:
    assert sold.leaves_to_others(_doc("Browse our CBD oils and find your match.\n").units[0])
    assert sold.leaves_to_others(_doc("Our drops soothe aching joints overnight.\n").units[0])
    assert not sold.leaves_to_others(_doc("Our drops are made in small batches.\n").units[0])


def test_the_category_offered_as_the_answer_to_a_wish_is_hl303_and_carries_to_the_next_paragraph(
        ) -> None:
    text = VOUCHED.replace(
        "Poor sleep leaves millions of adults tired, irritable and less able to concentrate at "
        "work.", "If you want to sleep deeper and wake refreshed, a CBD tincture might be the "
        "right place to start.\n\nThey are gentle, natural and non-habit-forming.")
    found = {f.line for f in by_code(run(text, "HL303", path="page.txt", fmt="text"), "HL303")}
    assert {3, 5} <= found, found
    plain = text.replace("might be the right place to start", "is sold in most pharmacies")
    assert 3 not in {f.line for f in by_code(run(plain, "HL303", path="page.txt", fmt="text"),
                                             "HL303")}


# A scraped shop blog with no basket, no "our" and no price: it recommends the category to
# the reader in the second person and links to its product in passing.
SECOND_PERSON_BLOG = """Magnesium Gummies: A Calmer End to the Day

Long days leave many of us wired at bedtime, scrolling when we should be sleeping.

Magnesium is a mineral that the body uses in hundreds of reactions.

For restless evenings, magnesium gummies might be the gentle support your routine has been
missing.

Capsules still work, but magnesium gummies offer a few simple advantages over tablets.

Magnesium gummies relax tight muscles and quiet a busy mind before bed.

If you want to try a chewable formula, you can find an option here: Hushberry Magnesium Gummies

Too much magnesium from supplements can upset the stomach, so keep to the dose on the label.
"""


def test_a_second_person_recommendation_and_a_soft_link_make_a_seller_page() -> None:
    doc = _doc(SECOND_PERSON_BLOG)
    values = sold.features(doc)
    assert values["reader_pitch"] > 0 and values["soft_calls"] > 0
    assert sold.of(doc).sells
    found = run(SECOND_PERSON_BLOG, "HL3", path="page.txt", fmt="text")
    pitches = [f for f in by_code(found, "HL301") if "recommends it to the reader" in f.message]
    assert {f.line for f in pitches} == {7, 10}, pitches
    assert any("a link to the seller's goods" in f.message for f in by_code(found, "HL302"))
    assert any(f.line == 12 for f in by_code(found, "HL303"))


def test_a_soft_link_is_a_call_to_action_and_a_must_in_advice_is_no_pitch() -> None:
    found = by_code(run("Stop in to see our selection of walking socks this weekend.\n",
                        "HL302", path="page.txt", fmt="text"), "HL302")
    assert found and "a link to the seller's goods" in found[0].message
    advice = ("Melatonin gummies: what parents should know\n\nMelatonin is a hormone. Gummies "
              "have some advantages for children who cannot swallow tablets, but evidence is "
              "limited [1].\n\nA regular bedtime is a must before trying any melatonin.\n")
    assert not run(advice, "HL3", path="page.txt", fmt="text")
    assert not sold.HERE_LINK.search("You can find more information about melatonin here.")


def test_the_bullets_of_a_benefit_list_the_category_opens_are_hl303_and_a_harm_list_is_not(
) -> None:
    text = SECOND_PERSON_BLOG.replace(
        "Magnesium gummies relax tight muscles and quiet a busy mind before bed.",
        "Taken nightly, magnesium gummies are worth it because they:\n\n"
        "• calm a racing mind;\n• relieve tight calves;\n• taste of cherry.\n\n"
        "Magnesium side effects can include:\n\n• loose stools;\n• nausea.")
    found = by_code(run(text, "HL303", path="page.txt", fmt="text"), "HL303")
    said = {f.line for f in found if "category this page sells" in f.message}
    lines = text.splitlines()
    assert said == {lines.index("• calm a racing mind;") + 1,
                    lines.index("• relieve tight calves;") + 1}, found


PANEL = """Our little kitchen

We simmer every batch by hand, and we only use the best ingredients:

Ginger: Fresh ginger root warms the throat and eases nausea.

Thyme: Thyme calms a tickly cough at night.

Lemon: Lemon adds a bright, sharp taste. It is thought to support immunity.

Keep the jar in the fridge and use within four weeks.
"""


def test_the_entries_of_a_sellers_ingredient_panel_are_hl303_and_a_reference_list_is_not(
) -> None:
    found = by_code(run(PANEL, "HL303", path="page.txt", fmt="text"), "HL303")
    assert {f.line for f in found} == {5, 7}, found  # the hedged lemon entry is not
    reference = PANEL.replace("We simmer every batch by hand, and we only use the best "
                              "ingredients:", "Ingredients often found in home remedies:")
    assert not by_code(run(reference, "HL303", path="page.txt", fmt="text"), "HL303")


def test_the_answer_a_seller_gives_for_its_category_is_hl303_and_no_frame() -> None:
    answer = ("Do magnesium gummies work? The simple answer is they relieve night cramps and "
              "improve sleep.")
    text = SECOND_PERSON_BLOG.replace(
        "Magnesium is a mineral that the body uses in hundreds of reactions.", answer)
    found = run(text, "HL3", path="page.txt", fmt="text")
    line = text.splitlines().index(answer) + 1
    assert any(f.line == line for f in by_code(found, "HL303")), found
    assert not any(f.line == line and "frames it as the answer" in f.message
                   for f in by_code(found, "HL301"))


def test_a_trouble_the_category_relieves_is_no_harm() -> None:
    assert not sold._harm(" can reduce eyestrain caused by long hours at a screen")
    assert sold._harm(" can ease cramps but may cause diarrhoea")


def test_a_seller_presenting_its_range_is_a_pitch_on_any_page_and_a_guide_is_not() -> None:
    text = ("Dry skin in winter\n\nCold air and central heating dry the skin.\n\n"
            "Here is a summary of our natural balms that suit dry, itchy skin.\n\n"
            "Here are our top tips for looking after your skin.\n")
    found = by_code(run(text, "HL301", path="page.txt", fmt="text"), "HL301")
    assert [f.line for f in found] == [5], found
    assert "presents its own range" in found[0].message


def test_a_chain_of_they_sentences_keeps_the_sold_category_and_the_lower_leg_is_no_claim(
) -> None:
    text = SECOND_PERSON_BLOG.replace(
        "Magnesium gummies relax tight muscles and quiet a busy mind before bed.",
        "Magnesium gummies are chewy sweets that squeeze a dose into the lower part of a jar. "
        "They taste of cherry. They cut cramps in the calves. They speed up recovery.")
    found = by_code(run(text, "HL303", path="page.txt", fmt="text"), "HL303")
    excerpts = [f.data.get("claim", "") for f in found]
    assert any(c.startswith("They cut cramps") for c in excerpts), excerpts
    assert any(c.startswith("They speed up recovery") for c in excerpts), excerpts
    assert not any("lower part" in c for c in excerpts), excerpts


def test_advice_that_opens_with_try_is_no_seller_cue() -> None:
    text = ("Night cramps and electrolytes\n\nElectrolytes such as potassium matter for "
            "muscles. Electrolyte drinks will help restore your balance after a long run.\n\n"
            "Try stretching your calves before bed. Choose water over sugary drinks.\n\n"
            "Electrolytes are found in fruit, vegetables and dairy foods.\n")
    doc = _doc(text)
    assert sold.features(doc)["sales_starts"] > 0
    assert not sold.of(doc).sells
