"""Claim detection: lexicons, inflections, the cues that make or unmake a claim, attributes."""

from __future__ import annotations

import json
import os

import pytest

from claims import lexicons
from claims.detect import CLAIM_TYPES, DEFAULT_THRESHOLD, assess, detect
from claims.read import read_text


def _article(text: str, fmt: str = "markdown"):
    return read_text(text, format=fmt)


def _claim_texts(text: str, **kwargs) -> dict[str, object]:
    article = _article(text)
    return {c.text: c for c in detect(article, **kwargs)}


def _one(sentence: str):
    """The claim detected in a one-sentence article, or None."""
    claims = _claim_texts(sentence + "\n")
    assert len(claims) <= 1
    return next(iter(claims.values()), None)


# ------------------------------------------------------------------ lexicons


def test_every_lexicon_term_is_found_in_its_own_text():
    """The index's guess at how spaCy tokenizes each term must agree with the tokenizer."""
    from claims.sentences import get_nlp

    lex = lexicons.load()
    nlp = get_nlp()
    missed = []
    for term in lex.terms_by_text:
        doc = nlp.make_doc(term)
        if not any(h.start == 0 and h.end == len(doc) for h in lex.match(doc)):
            missed.append(term)
    assert missed == []


def test_compiled_index_is_up_to_date_with_the_yaml_lists():
    path = os.path.join(os.path.dirname(lexicons.__file__), lexicons.COMPILED)
    with open(path, encoding="utf-8") as handle:
        compiled = json.load(handle)
    assert compiled["fingerprint"] == lexicons.fingerprint(), \
        "run `python -m claims.lexicons` after editing a lexicon YAML file"
    built = lexicons.build()
    assert compiled["terms"] == json.loads(json.dumps(built["terms"]))
    assert compiled["starts"] == json.loads(json.dumps(built["starts"]))


def test_every_list_says_where_it_came_from():
    sources = lexicons.load().sources
    expected = [f"health:{n}" for n in lexicons.HEALTH_LISTS] + \
        [f"pred:{f}" for f in lexicons.PREDICATE_FAMILIES] + \
        ["hedge", "booster", "negation", "evidence", "imperative", "cta", "consult", "quantity"]
    for name in expected:
        assert len(sources.get(name, "")) > 30, name


@pytest.mark.parametrize(("verb", "forms"), [
    ("cause", ["causes", "caused", "causing"]),
    ("stop", ["stops", "stopped", "stopping"]),
    ("carry", ["carries", "carried", "carrying"]),
    ("relieve", ["relieves", "relieved", "relieving"]),
    ("lead to", ["leads to", "led to", "leading to"]),
    ("protect against", ["protects against", "protected against", "protecting against"]),
])
def test_verbs_are_inflected_without_a_lemmatizer(verb, forms):
    irregular = {"lead": ["leads", "led", "leading"]}
    assert set(forms) <= set(lexicons.verb_forms(verb, irregular))


@pytest.mark.parametrize(("sentence", "claim_type"), [
    ("Smoking causes lung cancer in many people.", "causal"),
    ("Smoking caused lung cancer in many of the people studied.", "causal"),
    ("Smoking is causing lung cancer in many young people.", "causal"),
    # how a condition presents
    ("A cold sore usually starts with a tingling feeling around the lip.", "correlation"),
    ("In older people, a urinary tract infection may show up as new confusion.",
     "correlation"),
])
def test_inflected_predicates_and_presentations_match(sentence, claim_type):
    claim = _one(sentence)
    assert claim is not None and claim.type == claim_type


def test_plural_health_terms_match():
    lex = lexicons.load()
    from claims.sentences import get_nlp

    doc = get_nlp()("Migraines and headaches worsen with dehydration.")
    labels = {(h.text, h.label) for h in lex.match(doc)}
    assert ("Migraines", "health:condition") in labels
    assert ("headaches", "health:symptom") in labels


def test_drug_stems_catch_unlisted_drug_names():
    claim = _one("Zorbatinib reduces tumour growth in most patients.")
    assert claim is not None
    assert any(c.startswith("drug:") for c in claim.cues)


# ------------------------------------------------------------ what is a claim


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Vitamin D is a fat-soluble vitamin that the skin makes in sunlight.", "definition"),
    ("About 40% of children under five have anaemia.", "quantity"),
    ("Smoking raises the risk of stroke.", "risk"),
    ("Ibuprofen relieves muscle pain.", "efficacy"),
    ("Short sleep is linked to high blood pressure.", "correlation"),
    ("Caffeine blocks adenosine receptors in the brain.", "mechanism"),
])
def test_claim_types(sentence, kind):
    # The type is read from the cues whatever the score; the score is the model's.
    ((_, assessment),) = assess(_article(sentence + "\n"))
    assert not assessment.excluded, sentence
    assert assessment.type == kind
    assert assessment.type in CLAIM_TYPES
    assert 0.0 < assessment.score < 1.0


def test_hedged_claim_is_still_a_claim_with_the_attribute():
    claim = _one("Magnesium may help reduce night-time leg cramps.")
    assert claim is not None
    assert claim.attributes["hedged"] is True
    assert "may" in claim.attributes["hedges"]


def test_negated_claim_is_still_a_claim_with_the_attribute():
    claim = _one("There is no evidence that vitamin C prevents colds.")
    assert claim is not None
    assert claim.attributes["negated"] is True
    assert claim.attributes["evidence"].lower().startswith("there is no evidence")


def test_booster_and_evidence_phrase_attributes():
    claim = _one("Studies clearly show that regular exercise lowers blood pressure.")
    assert claim is not None
    assert claim.attributes["boosted"] is True
    assert claim.attributes["evidence"].lower() == "studies clearly show"


def test_evidence_phrase_with_a_year():
    claim = _one("A 2019 meta-analysis found that probiotics shorten diarrhoea.")
    assert claim is not None
    assert claim.attributes["evidence"] == "A 2019 meta - analysis found" or \
        claim.attributes["evidence"].startswith("A 2019 meta")


@pytest.mark.parametrize("sentence", [
    "Does vitamin D prevent colds?",
    "Relax in a chair that supports your back.",
    "Take two capsules with water before bed.",
    "Subscribe to our newsletter for weekly health tips.",
    "Talk to your doctor if your cramps come back.",
    "I was diagnosed with asthma when I was seven.",
    "Thanks for reading!",
])
def test_not_claims(sentence):
    assert _one(sentence) is None


def test_instruction_with_a_stated_effect_is_a_claim():
    claim = _one("Avoid caffeine after midday, because it can delay sleep and trigger spasms.")
    assert claim is not None
    assert claim.type in ("causal", "risk")


def test_noun_that_looks_like_an_instruction_is_read_as_a_subject():
    claim = _one("Sleep loss raises levels of stress hormones such as cortisol.")
    assert claim is not None


def test_headings_are_never_claims():
    article = _article("# Vitamin D cuts fracture risk by 40%\n\nPlain text here.\n")
    assert detect(article) == []
    reasons = {a.excluded for _s, a in assess(article)}
    assert "heading" in reasons


def test_quoted_expert_claims_are_claims_unless_quotes_are_off():
    text = '# Exercise\n\n"Regular exercise lowers blood pressure in most adults," said Dr Marsh.\n'
    claims = _claim_texts(text)
    assert len(claims) == 1
    (claim,) = claims.values()
    assert claim.attributes["quoted"] is True
    assert _claim_texts(text, quotes=False) == {}


def test_testimonial_is_personal_experience():
    ((_, assessment),) = assess(_article(
        "My back pain disappeared after I started taking turmeric, which cured my arthritis.\n"))
    assert assessment.type == "personal_experience"


def test_pronoun_subject_inherits_the_previous_sentence_topic():
    claims = _claim_texts("Hay fever is an allergic reaction to pollen. "
                          "It affects roughly one in four adults.\n")
    assert "It affects roughly one in four adults." in claims


def test_threshold_controls_what_counts():
    text = "Levels tend to fall further in winter, when the skin makes less vitamin D.\n"
    article = _article(text)
    ((_, assessment),) = assess(article)
    assert 0.0 < assessment.score < 1.0
    below = detect(article, threshold=assessment.score + 0.01)
    at = detect(article, threshold=assessment.score - 0.01)
    assert below == [] and len(at) == 1
    assert DEFAULT_THRESHOLD == 0.5  # training moves the chosen threshold to 0.5


def test_detection_reuses_the_sentence_tokens(monkeypatch):
    """Claim scoring must not tokenize again: it works on the Sentence spans."""
    article = _article("Smoking causes lung cancer. Exercise lowers blood pressure.\n")
    import claims.sentences

    def boom():
        raise AssertionError("tokenizer used again")

    monkeypatch.setattr(claims.sentences, "get_nlp", boom)
    assert len(detect(article)) == 2


def test_claims_are_filled_by_reading():
    article = _article("Aspirin thins the blood and raises the risk of bleeding [1].\n\n"
                       "## References\n\n1. Smith J. Aspirin. BMJ. 2020;1:1. doi:10.1136/bmj.x1\n")
    assert [c.type for c in article.claims] == ["risk"]
    assert article.claims[0].cited
    assert article.claims[0].citations[0].references[0].label == "1"


# ------------------------------------------------------------------ referral lists

_REFERRAL_MD = """# Sprains

See a doctor if you have:

- swelling that has not improved after a week
- pain over the bone, which may be a sign of a fracture

Ice reduces swelling in the first two days after a sprain.
"""

_REFERRAL_TEXT = """Sprains

  • Seek medical attention if you notice:
  • Swelling that has not improved after a week.
  • Pain over the bone, which may be a sign of a fracture.

Symptoms

  • Swelling that gets worse over a week.
"""


@pytest.mark.parametrize("text,fmt", [(_REFERRAL_MD, "markdown"), (_REFERRAL_TEXT, "text")])
def test_referral_list_items_are_conditions_unless_they_say_what_a_sign_means(text, fmt):
    scored = {s.text.lower().rstrip("."): a for s, a in assess(_article(text, fmt))}
    assert scored["swelling that has not improved after a week"].excluded == "referral-condition"
    sign = scored["pain over the bone, which may be a sign of a fracture"]
    assert not sign.excluded and sign.score >= DEFAULT_THRESHOLD
    assert "cue:sign-with-meaning" in sign.features  # the model weighs the meaning given


def test_a_sentence_that_gives_a_conditions_name_carries_the_definition_cue():
    text = ("# Ageing muscles\n\nMuscle mass falls with age. Doctors call this sarcopenia. It is "
            "also known as age-related muscle loss. The walk to the shop takes ten minutes.\n")
    named = {s.text: bool({"cue:definition", "cue:definition~"} & set(a.features))
             for s, a in assess(_article(text, "markdown"))}
    assert named["Doctors call this sarcopenia."]
    assert named["It is also known as age-related muscle loss."]
    assert not named["Muscle mass falls with age."]
    assert not named["The walk to the shop takes ten minutes."]


def test_a_referral_item_that_says_what_its_sign_means_is_a_claim_by_rule():
    text = ("# Dizziness\n\nSpeak to a GP if you notice:\n\n- weak legs (which could indicate "
            "a nerve problem)\n- you have signs of dehydration, such as dark urine\n")
    scored = {s.text.lower(): a for s, a in assess(_article(text, "markdown"))}
    meaning = scored["weak legs (which could indicate a nerve problem)"]
    assert meaning.score >= DEFAULT_THRESHOLD and "cue:sign-with-meaning" in meaning.features
    condition = scored["you have signs of dehydration, such as dark urine"]
    assert condition.excluded == "referral-condition"  # a sign named, not a meaning given


def test_referral_list_ends_at_the_next_block_that_is_not_a_list_item():
    claims = _claim_texts(_REFERRAL_MD)
    assert "Ice reduces swelling in the first two days after a sprain." in claims
    article = _article(_REFERRAL_TEXT, "text")
    after_heading = [a for s, a in assess(article) if s.block.start > _REFERRAL_TEXT.index(
        "Symptoms")]
    assert after_heading and all(a.excluded != "referral-condition" for a in after_heading)


def test_a_colon_without_referral_advice_opens_no_referral_list():
    text = ("# Cramps\n\nCramps are common in:\n\n"
            "- people who take diuretics, which lower potassium\n")
    scored = {s.text: a for s, a in assess(_article(text))}
    assert scored["people who take diuretics, which lower potassium"].excluded == "list-item"
    assert scored["Cramps are common in:"].items  # the lead-in stands for its fragment item


def test_a_lead_in_and_its_fragment_items_are_one_claim_unit():
    text = ("# Iron\n\nLow iron can lead to:\n\n- tiredness and lack of energy\n"
            "- shortness of breath\n- pale skin\n\nAsk your pharmacist for advice.\n")
    article = _article(text)
    claims = {c.text: c for c in detect(article)}
    assert list(claims) == ["Low iron can lead to:"]
    lead_in = claims["Low iron can lead to:"]
    assert [s.text for s in lead_in.items] == [
        "tiredness and lack of energy", "shortness of breath", "pale skin"]
    assert lead_in.attributes["list_items"] == 3


def test_items_with_full_stops_complete_an_open_lead_in():
    """'...prone to cramps, including:' cannot end a sentence: its short items are its
    complement even when each ends in a full stop, so the unit gives one finding."""
    text = ("# Cramps\n\nSome people are prone to muscle cramps and get them often, "
            "including:\n\n- Older adults, because muscle mass falls with age.\n"
            "- Pregnant women, often because of changes in circulation.\n"
            "- People who are overweight.\n")
    article = _article(text)
    scored = {s.text: a for s, a in assess(article)}
    assert scored["Pregnant women, often because of changes in circulation."].excluded == \
        "list-item"
    lead_in = next(a for s, a in scored.items() if s.endswith("including:"))
    assert len(lead_in.items) == 3
    found = [c.text for c in detect(article)]
    assert len(found) <= 1 and all(t.endswith("including:") for t in found)


def test_full_sentence_items_after_a_closed_lead_in_stay_sentences():
    text = ("# Relief\n\nSelf-care for a cramp:\n\n- Stop the activity that set it off.\n"
            "- Stretching the muscle eases the cramp within a minute or two.\n")
    scored = {s.text: a for s, a in assess(_article(text))}
    assert scored["Stretching the muscle eases the cramp within a minute or two."].excluded \
        != "list-item"


def test_full_sentence_items_after_a_lead_in_are_scored_on_their_own():
    text = ("# Tips\n\nA few practical tips:\n\n- Keep a fan by your bed.\n"
            "- Cut down on caffeine, which triggers hot flushes in some women.\n")
    scored = {s.text: a for s, a in assess(_article(text))}
    assert scored["Keep a fan by your bed."].excluded == "instruction"
    assert not scored["A few practical tips:"].items


def test_referral_item_with_a_relative_clause_that_states_an_effect_is_a_claim():
    text = ("# Cold sores\n\nSee a doctor if you have:\n\n"
            "- sores near your eye, which can lead to an eye infection\n"
            "- sores that last more than ten days\n")
    scored = {s.text: a for s, a in assess(_article(text))}
    assert scored["sores near your eye, which can lead to an eye infection"].score >= \
        DEFAULT_THRESHOLD
    assert scored["sores that last more than ten days"].excluded == "referral-condition"


def test_a_sentence_about_the_page_itself_is_not_a_claim():
    assert _one("This page answers common questions about urinary tract infections.") is None
    assert _one("Urinary tract infections are common in women.") is not None


def test_a_health_word_inside_an_industry_name_anchors_nothing():
    assert _one("None of the authors reported links to drug companies.") is None
    assert _one("High doses of the drug are linked to liver damage.") is not None


def test_an_instruction_after_a_label_and_colon_is_not_a_claim():
    assert _one("Children aged 6 to 11: take half a tablet (5 mg) twice a day.") is None
    assert _one("Children aged 6 to 11: antihistamines cause drowsiness in one in ten.") \
        is not None


@pytest.mark.parametrize("sentence", [
    "Make sure you are getting enough minerals in your diet.",
    "Increase your speed and distance gradually over several weeks.",
    "Alternate short and long runs during the week.",
    "When you feel the cramp coming on at night, walk around the room.",
])
def test_an_instruction_opened_by_its_verb_or_after_a_when_clause_is_excluded(sentence):
    (_, assessment), = assess(_article(f"{sentence}\n", "text"))
    assert assessment.excluded == "instruction"


def test_a_title_cased_name_line_is_not_a_claim():
    text = "Cetirizine Hydrochloride 10 mg Film-Coated Tablets (30 tablets)\n"
    (_, assessment), = assess(_article(text, "text"))
    assert assessment.excluded == "title"


def test_referral_lead_in_read_as_a_heading_or_without_a_clinician_word():
    scraped = "When to see a doctor\n\nSee a GP if:\n\n  • your symptoms keep coming back\n"
    markdown = "# Menopause\n\nBook an appointment if:\n\n- your symptoms affect your sleep\n"
    for text, fmt in ((scraped, "text"), (markdown, "markdown")):
        items = [a for s, a in assess(_article(text, fmt)) if s.text.startswith("your")]
        assert [a.excluded for a in items] == ["referral-condition"], fmt


def test_a_referral_item_with_a_reason_clause_is_a_claim():
    text = ("# Hay fever\n\nSee a GP if:\n\n"
            "- you are wheezing at night, as hay fever can make asthma worse\n")
    (item,) = [a for s, a in assess(_article(text)) if s.text.startswith("you are")]
    assert not item.excluded


def test_referral_advice_to_the_reader_is_not_a_claim_unless_it_gives_a_reason():
    assert _one("If muscle spasms are new or painful, you need to speak to your doctor "
                "about them.") is None
    assert _one("If your urine is dark, speak to your doctor, as dark urine can be a sign of "
                "liver disease.") is not None


def test_exposures_anchor_a_claim_and_averages_are_quantities():
    assert _one("Smokers tend to have more frequent and more severe hot flushes.") is not None
    claim = _one("In the UK, the average age of menopause is 51.")
    assert claim is not None and claim.type == "quantity"


def test_hedging_marks_a_claim_being_weighed():
    """'may', 'seems to', 'is thought to': the writer weighs a health statement."""
    hedged = _one("Peeing often is thought to flush bacteria out of the bladder.")
    assert hedged is not None and hedged.attributes["hedged"]


@pytest.mark.parametrize(("sentence", "is_claim"), [
    ("Apply it at the first tingle to help stop a cold sore from developing.", True),
    ("Stop smoking, as smokers tend to have more frequent hot flushes.", True),
    ("Wrap the ice pack in a towel to avoid ice burns on the skin.", False),
    ("Take the tablets with food, as directed by your pharmacist.", False),
])
def test_an_instruction_is_a_claim_only_when_it_states_an_effect(sentence, is_claim):
    assert (_one(sentence) is not None) is is_claim


def test_directions_addressed_to_the_reader_are_not_claims_unless_they_state_an_effect():
    assert _one("If the cold sore has not healed after 5 days, you can carry on for up to "
                "another 5 days.") is None
    assert _one("If your ankle is swollen, you can take ibuprofen to reduce the swelling.") \
        is not None


@pytest.mark.parametrize(("sentence", "cue", "present"), [
    ("Taking 400 mg of magnesium every night lowers blood pressure.", "cue:gerund-subject",
     True),
    ("Staying active speeds up recovery from back pain.", "cue:gerund-subject", True),
    ("During a flare the joint is hot and swollen.", "cue:gerund-subject", False),
    ("What you're feeling might be a muscle strain.", "cue:reader-hedge", True),
    ("A muscle strain might cause pain for a week.", "cue:reader-hedge", False),
])
def test_sentence_shape_cues_are_features_for_the_model(sentence, cue, present):
    """Cheap cues the model weighs: an -ing subject states what an action does; a hedge
    addressed to the reader is a guess about their own case."""
    (_, assessment), = assess(_article(f"{sentence}\n"))
    assert (cue in assessment.features) is present


@pytest.mark.parametrize("verb", ["said", "explains", "tells", "notes", "adds"])
def test_reported_speech_marks_a_sentence_as_attributed(verb):
    """Claim detection and the byline reader share one list (claims.attribution): the
    present-tense forms were missing from detection's copy."""
    article = _article(f"Vitamin D supplements lower the risk of hip fracture, Dr Lee {verb}.\n")
    (assessment,) = [a for _, a in assess(article)]
    assert "cue:attributed" in assessment.features


def test_a_bare_label_leads_in_to_the_unbulleted_lines_of_plain_text():
    """Scraped text keeps a label's list as short lines without bullets ("Causes:" then one
    cause a line); the label and its lines are one unit, up to the next label."""
    text = ("Gout\n\nCauses:\nToo much uric acid in the blood\nKidneys that clear it slowly\n"
            "Risk factors:\nBeing overweight\nFamily history of gout\n\n"
            "See your GP if a joint is hot and swollen.\n")
    scored = {s.text: a for s, a in assess(_article(text, "text"))}
    assert [s.text for s in scored["Causes:"].items] == [
        "Too much uric acid in the blood", "Kidneys that clear it slowly"]
    assert [s.text for s in scored["Risk factors:"].items] == [
        "Being overweight", "Family history of gout"]
    assert scored["Being overweight"].excluded == "list-item"
    assert "cue:label-risk" in scored["Risk factors:"].features
    practical = {s.text: a for s, a in assess(_article("Bring:\nYour glasses\n", "text"))}
    assert not practical["Bring:"].items  # a label of no section kind leads in to nothing
