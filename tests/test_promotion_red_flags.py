"""Red flags as commercial pages write them: wellness puffery, natural-versus-medicine
framing, immune puffery, vague appeals to new evidence, cure-alls and relief promises.

Each kind has sentences that must be reported and near misses, in the plain voice of
reference and news writing, that must not.
"""

from __future__ import annotations

import pytest

from tests.promotion_helpers import by_code, run


def _excerpts(text: str, code: str) -> list[str]:
    return [f.excerpt for f in by_code(run(f"# Page\n\n{text}\n", code), code)]


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Ginger owes its fame to its remarkable healing properties.",
     "remarkable healing properties"),
    ("Sea buckthorn has truly astonishing health-promoting benefits.",
     "astonishing health-promoting benefits"),
    ("Nettle is a real nutritional superstar.", "nutritional superstar"),
    ("Among spices, cinnamon is the superstar of blood sugar balance.", "the superstar of"),
    ("Once the drops reach your gut, incredible things happen.", "incredible things happen"),
    ("A spoonful a day can transform your wellness.", "transform your wellness"),
    ("Moringa is one of those mighty little herbs.", "mighty little herbs"),
    ("Unlock the healing potential of the humble beetroot.", "Unlock the healing potential"),
])
def test_wellness_puffery_is_reported(sentence, phrase):
    assert _excerpts(sentence, "HL322") == [phrase]


@pytest.mark.parametrize("sentence", [
    "Researchers found remarkable differences between the two groups.",
    "The new clinic is expected to transform health care in the county.",
    "The team hopes to harness the power of the immune system against tumours.",
    "She has been a superstar on the tennis court for a decade.",
    "There is no evidence that this root has remarkable healing properties.",
    "We have compiled the 12 best sleep trackers on the market.",
])
def test_plain_writing_is_not_puffery(sentence):
    assert _excerpts(sentence, "HL322") == _excerpts(sentence, "HL320") == []
    assert _excerpts(sentence, "HL323") == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Sleep soundly without the grogginess of prescription sleeping pills.",
     "without the grogginess of prescription sleeping pills"),
    ("If you are tired of the side effects of conventional painkillers, read on.",
     "tired of the side effects of conventional painkillers"),
    ("Valerian is a gentle, natural alternative to antidepressants.",
     "natural alternative to antidepressants"),
    ("Many readers now choose natural alternatives for their aches.",
     "choose natural alternatives"),
    ("Turmeric has been called nature's ibuprofen.", "nature's ibuprofen"),
    ("Our balm soothes joints without the side effects of pharmaceuticals.",
     "without the side effects of pharmaceuticals"),
])
def test_natural_products_offered_against_medicines_are_reported(sentence, phrase):
    assert _excerpts(sentence, "HL319") == [phrase]


@pytest.mark.parametrize("sentence", [
    "Ask your doctor about the side effects of prescription painkillers.",
    "To avoid the side effects of steroids, the dose is lowered slowly.",
    "Is there a natural alternative to statins?",
    "There is no good evidence that any natural alternative to sleeping pills works.",
])
def test_talking_about_medicines_is_not_natural_versus_medicine(sentence):
    assert _excerpts(sentence, "HL319") == []


@pytest.mark.parametrize(("sentence", "phrase"), [
    ("Elderberry helps your body ward off nasty germs all winter.",
     "helps your body ward off nasty germs"),
    ("Zinc strengthens your body's natural defences.", "strengthens your body's natural defences"),
])
def test_immune_puffery_is_a_general_immune_claim(sentence, phrase):
    found = by_code(run(f"# Page\n\n{sentence}\n", "HL332"), "HL332")
    assert [f.excerpt for f in found] == [phrase]
    assert "normal function of the immune system" in found[0].message


@pytest.mark.parametrize("sentence", [
    "The vaccine helps your body ward off the virus.",
    "White blood cells ward off bacteria that enter a wound.",
])
def test_immunology_is_not_immune_puffery(sentence):
    assert _excerpts(sentence, "HL332") == []


@pytest.mark.parametrize(("text", "phrase"), [
    ("Recent studies have shown that the mineral eases cramps.", "Recent studies have shown"),
    ("Science says one capsule a day is all you need.", "Science says"),
    ("Study after study has shown how well it calms the mind.", "Study after study has shown"),
])
def test_vague_appeals_to_new_evidence_are_reported(text, phrase):
    assert _excerpts(text, "HL318") == [phrase]


@pytest.mark.parametrize("text", [
    "Recent studies have shown a small benefit, according to a review in the BMJ.",
    "What the science says about standing desks",
    "New research shows that older walkers fall less often. The trial, published in "
    "JAMA, followed 900 people for two years.",
    "Numerous studies show that the vaccine is safe.",
])
def test_evidence_that_is_named_is_not_a_vague_appeal(text):
    assert _excerpts(text, "HL318") == []


@pytest.mark.parametrize(("sentence", "code", "phrase"), [
    ("Herbalists praise it as a remedy for everything from colic to gout.", "HL311",
     "remedy for everything from"),
    ("It has been used to heal just about everything from boils to bronchitis.", "HL311",
     "used to heal just about everything from"),
    ("For sore knees, relief is just one capsule away.", "HL312",
     "relief is just one capsule away"),
    ("Shoppers love its lack of digestive side effects.", "HL313",
     "lack of digestive side effects"),
])
def test_cure_alls_relief_promises_and_missing_side_effects(sentence, code, phrase):
    assert _excerpts(sentence, code) == [phrase]


@pytest.mark.parametrize(("sentence", "code"), [
    ("In medieval kitchens the herb was used for everything from soups to poultices.",
     "HL311"),
    ("Relief from hay fever usually arrives with the first frost.", "HL312"),
    ("Trials found a lack of gastrointestinal side effects at this dose (Lee et al., 2021).",
     "HL313"),
])
def test_their_near_misses_are_left_alone(sentence, code):
    assert _excerpts(sentence, code) == []


BEETROOT_SHOP = """Why Beetroot Powder Belongs in Your Morning

Beetroot is a root vegetable rich in nitrates, folate and fibre.

Beetroot has been touted as a superstar for everything from stamina to blood pressure.

We make our Ruby Roots beetroot powder in small batches, and every pouch holds 30 servings.

Stir a spoonful of beetroot powder into a smoothie.
Try beetroot powder today and see the difference for yourself.
"""

BEETROOT_NEWS = """Beetroot juice: what the trials show

Beetroot is a root vegetable rich in nitrates, folate and fibre.

Beetroot has been touted as a superstar for everything from stamina to blood pressure.

Small trials in athletes found modest gains in endurance [1].

References
1. Jones AM. Dietary nitrate supplementation and exercise performance. Sports Med. 2014.
"""


def test_a_reputation_reported_by_the_seller_is_its_own_praise():
    shop = run(BEETROOT_SHOP, "HL3", path="page.txt", fmt="text")
    assert [f.excerpt for f in by_code(shop, "HL311")] == ["a superstar for everything"]
    assert by_code(shop, "HL322") == []  # one phrase, one finding: the cure-all is HL311's
    news = run(BEETROOT_NEWS, "HL3", path="page.txt", fmt="text")
    assert by_code(news, "HL322") == by_code(news, "HL311") == []


@pytest.mark.parametrize(("sentence", "code", "phrase"), [
    ("Our serum is simply the best retinol on the market.", "HL323",
     "the best retinol on the market"),
    ("Blended to balance your hormones naturally.", "HL322", "balance your hormones naturally"),
    ("The blend melts away stress within a week.", "HL312", "melts away stress within a week"),
    ("Spray once and get relief straight away.", "HL312", "relief straight away"),
    ("Lose the weight without exercise!", "HL312", "without exercise"),
    ("Our gummies are free of side effects.", "HL313", "free of side effects"),
    ("This brace is guaranteed to keep you running.", "HL316", "guaranteed to keep you"),
    ("Recommended by orthopaedic surgeons.", "HL330", "Recommended by orthopaedic surgeons"),
    ("Meet the balm dermatologists trust.", "HL330", "the balm dermatologists trust"),
    ("The tea flushes excess sodium from your arteries.", "HL331",
     "flushes excess sodium from your arteries"),
    ("Give your immune system a boost this winter.", "HL332",
     "Give your immune system a boost"),
    ("A daily glass gives your immune system a gentle boost.", "HL332",
     "gives your immune system a gentle boost"),
    ("Each capsule helps build a stronger immune system.", "HL332",
     "build a stronger immune system"),
    ("It eases sore joints with none of the side effects.", "HL313",
     "with none of the side effects"),
    ("It is one of the purest fish oils on the market.", "HL323",
     "the purest fish oils on the market"),
    ("Harbour Biotic is our pick for the best probiotic.", "HL323", "our pick for the best"),
    ("We only use the highest quality ingredients.", "HL323", "only use the highest"),
    ("Glow C is an innovative serum for tired skin.", "HL323", "an innovative serum"),
])
def test_red_flags_as_product_copy_words_them(sentence, code, phrase):
    assert _excerpts(sentence, code) == [phrase]


@pytest.mark.parametrize(("sentence", "code"), [
    ("We tested 30 brands to find the best magnesium supplements on the market.", "HL323"),
    ("Delivery in as little as 1 hour in most postcodes.", "HL312"),
    ("If you do not get relief straight away, speak to a pharmacist.", "HL312"),
    ("The gap in how soon people feel relief is measured in minutes.", "HL312"),
    ("Powder without exercise does not build muscle.", "HL312"),
    ("Your order is guaranteed to arrive by Friday.", "HL316"),
    ("The dose doctors recommend for adults is 10 micrograms a day.", "HL330"),
    ("The kidneys flush excess salt from the blood.", "HL331"),
    ("The trial tested one of the most potent statins on the market.", "HL323"),
    ("Rosuvastatin is one of the top choices available for high cholesterol.", "HL323"),
    ("There is no evidence that it is one of the purest oils on the market.", "HL323"),
    ("Researchers picked the best of three methods for the study.", "HL323"),
])
def test_the_same_words_in_plain_use_are_left_alone(sentence, code):
    assert _excerpts(sentence, code) == []


def test_one_phrase_matched_by_two_swaps_is_one_finding():
    assert _excerpts("It strengthens your immune defences.", "HL332") == [
        "strengthens your immune defences"]
