"""Sentence segmentation: abbreviations, citation markers, brackets, quotes, headings, offsets."""

from __future__ import annotations

import pytest

from claims.model import BlockKind
from claims.read import read_text
from claims.sentences import COMPONENT, boundaries, bracket_spans, get_nlp


def sentences(text: str) -> list[str]:
    return [span.text for span in get_nlp()(text).sents]


# Each case: a paragraph and the sentences it must come out as.
CASES = {
    "title-dr": (
        "Dr. Rao prescribed magnesium for the cramps. They eased within a week.",
        ["Dr. Rao prescribed magnesium for the cramps.", "They eased within a week."],
    ),
    "eg-before-capital": (
        "Some drugs, e.g. Statins in high doses, can cause cramps. Stopping them helps.",
        ["Some drugs, e.g. Statins in high doses, can cause cramps.", "Stopping them helps."],
    ),
    "ie-before-capital": (
        "Take it once a day, i.e. Before breakfast. Never double a dose.",
        ["Take it once a day, i.e. Before breakfast.", "Never double a dose."],
    ),
    "et-al": (
        "A review by Swash et al. Described three causes of cramp. Treatment varies.",
        ["A review by Swash et al. Described three causes of cramp.", "Treatment varies."],
    ),
    "vs": (
        "Stretching vs. Massage: which works better? Both help.",
        ["Stretching vs. Massage: which works better?", "Both help."],
    ),
    "approx": (
        "Cramps affect approx. 60% of adults at night. Most are harmless.",
        ["Cramps affect approx. 60% of adults at night.", "Most are harmless."],
    ),
    "unit-mid-sentence": (
        "A value of 5.6 mg/dL. in adults is normal. Higher values need review.",
        ["A value of 5.6 mg/dL. in adults is normal.", "Higher values need review."],
    ),
    "unit-at-sentence-end": (
        "Fasting glucose was 126 mg/dL. Treatment began the next day.",
        ["Fasting glucose was 126 mg/dL.", "Treatment began the next day."],
    ),
    "fig": (
        "As Fig. 2 shows, cramps peak at night. Rest helps.",
        ["As Fig. 2 shows, cramps peak at night.", "Rest helps."],
    ),
    "number-abbreviation": (
        "Trial No. 5 enrolled 40 adults. It ended early.",
        ["Trial No. 5 enrolled 40 adults.", "It ended early."],
    ),
    "no-as-a-word": (
        "Is quinine safe for cramps? The answer is no. It can harm the blood.",
        ["Is quinine safe for cramps?", "The answer is no.", "It can harm the blood."],
    ),
    "us": (
        "The U.S. National Library of Medicine lists baclofen. It relaxes muscles.",
        ["The U.S. National Library of Medicine lists baclofen.", "It relaxes muscles."],
    ),
    "decimal": (
        "Take 2.5 mg twice daily. Do not exceed 10 mg.",
        ["Take 2.5 mg twice daily.", "Do not exceed 10 mg."],
    ),
    "initials": (
        "J. N. Dijkstra and E. Boon studied cramps in 2022. They reviewed treatments.",
        ["J. N. Dijkstra and E. Boon studied cramps in 2022.", "They reviewed treatments."],
    ),
    "letter-after-noun": (
        "Adults often lack vitamin D. Sunlight helps the skin make it.",
        ["Adults often lack vitamin D.", "Sunlight helps the skin make it."],
    ),
    "letters-listed-after-noun": (
        "Formula already has vitamins A, C and D. Babies rarely need more. "
        "A. B. and C. Jones found nothing.",
        ["Formula already has vitamins A, C and D.", "Babies rarely need more.",
         "A. B. and C. Jones found nothing."],
    ),
    "letter-after-noun-before-a-number": (
        "Each capsule holds 500 mg of vitamin C. 60 capsules per bottle. It lasted c. 40 days.",
        ["Each capsule holds 500 mg of vitamin C.", "60 capsules per bottle.",
         "It lasted c. 40 days."],
    ),
    "marker-before-period": (
        "Spasms are involuntary contractions of muscles [1]. They are common.",
        ["Spasms are involuntary contractions of muscles [1].", "They are common."],
    ),
    "marker-after-period": (
        "Spasms are involuntary contractions of muscles.[1] They are common.",
        ["Spasms are involuntary contractions of muscles.[1]", "They are common."],
    ),
    "marker-after-period-and-space": (
        "Spasms are involuntary contractions of muscles. [1] They are common.",
        ["Spasms are involuntary contractions of muscles. [1]", "They are common."],
    ),
    "marker-list": (
        "Magnesium rarely helps [1, 3]. Stretching does [2-4]. Heat soothes [^1]. Ice too.",
        ["Magnesium rarely helps [1, 3].", "Stretching does [2-4].", "Heat soothes [^1].",
         "Ice too."],
    ),
    "footnote-after-period": (
        "Heat soothes sore muscles.[^heat] Ice reduces swelling.",
        ["Heat soothes sore muscles.[^heat]", "Ice reduces swelling."],
    ),
    "author-year": (
        "Cramps are common in older adults (Smith et al., 2019). Stretching helps.",
        ["Cramps are common in older adults (Smith et al., 2019).", "Stretching helps."],
    ),
    "superscript-marker": (
        "Spasms are involuntary contractions of muscles.² They are common.",
        ["Spasms are involuntary contractions of muscles.²", "They are common."],
    ),
    "glued-digit-marker": (
        "Spasms are involuntary contractions of muscles.12 They are common.",
        ["Spasms are involuntary contractions of muscles.12", "They are common."],
    ),
    "glued-digit-marker-after-a-percentage": (
        "Decay fell by 37%.1 Most of the trials were small.",
        ["Decay fell by 37%.1", "Most of the trials were small."],
    ),
    "parentheses": (
        "Some spasms (see Table 2. It lists causes.) need care. Most do not.",
        ["Some spasms (see Table 2. It lists causes.) need care.", "Most do not."],
    ),
    "whole-sentence-in-parentheses": (
        "Rest the muscle. (Ice can help. Heat too.) Then stretch gently.",
        ["Rest the muscle.", "(Ice can help. Heat too.)", "Then stretch gently."],
    ),
    "question-and-exclamation": (
        "Who is at risk? Anyone can be. Stop now! Then rest.",
        ["Who is at risk?", "Anyone can be.", "Stop now!", "Then rest."],
    ),
    "straight-quotes": (
        'She said "rest the muscle." Then she left.',
        ['She said "rest the muscle."', "Then she left."],
    ),
    "curly-quotes": (
        "He called it “a charley horse.” The name stuck.",
        ["He called it “a charley horse.”", "The name stuck."],
    ),
    "etc": (
        "Eat bananas, nuts, beans, etc. Then drink water.",
        ["Eat bananas, nuts, beans, etc.", "Then drink water."],
    ),
    "inline-enumeration": (
        "Follow three steps: 1. Stop the activity. 2. Stretch the muscle.",
        ["Follow three steps: 1. Stop the activity.", "2. Stretch the muscle."],
    ),
    "vancouver-reference": (
        "See Hempel S, et al. Probiotics for diarrhoea. JAMA. 2012;307(18):1959-69. It helps.",
        ["See Hempel S, et al. Probiotics for diarrhoea.", "JAMA. 2012;307(18):1959-69.",
         "It helps."],
    ),
    "sentence-starting-with-a-number": (
        "Cramps were common in 2019. 40 of the 120 runners had one.",
        ["Cramps were common in 2019.", "40 of the 120 runners had one."],
    ),
    "lowercase-continuation": (
        "Use warm packs, cold packs etc. as needed. Rest.",
        ["Use warm packs, cold packs etc. as needed.", "Rest."],
    ),
    "casual-lowercase-start": (
        "It flares every winter without fail. stress is a trigger too. Add 1 tbsp. of oil.",
        ["It flares every winter without fail.", "stress is a trigger too.",
         "Add 1 tbsp. of oil."],
    ),
    "lowercase-inside-brackets": (
        "Bacteria such as E. coli (see the box. it lists them.) spread fast.",
        ["Bacteria such as E. coli (see the box. it lists them.) spread fast."],
    ),
    "footnote-asterisk": (
        "Shake well after each use.* Preservatives in some drops sting.",
        ["Shake well after each use.*", "Preservatives in some drops sting."],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_sentence_split(case: str) -> None:
    text, expected = CASES[case]
    assert sentences(text) == expected


def test_the_pipeline_is_built_once_on_a_blank_english_model() -> None:
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert nlp.lang == "en"
    assert nlp.pipe_names == [COMPONENT]


def test_every_token_gets_a_sentence_flag() -> None:
    doc = get_nlp()("One sentence here. Another one (with Dr. Smith) follows. Third.")
    assert doc.has_annotation("SENT_START", require_complete=True)
    assert [t.is_sent_start for t in doc].count(True) == 3


def test_glued_markers_become_their_own_tokens() -> None:
    tokens = [t.text for t in get_nlp()("muscles.[1] Next muscles.12 Next 126 mg/dL. approx. 5")]
    assert tokens[:5] == ["muscles", ".", "[", "1", "]"]
    assert tokens[6:9] == ["muscles", ".", "12"]
    assert "approx." in tokens
    assert tokens[tokens.index("dL") + 1] == "."


def test_boundaries_are_character_offsets_of_sentence_starts() -> None:
    text = "First one.  Second one? Third!"
    assert boundaries(text) == [text.index("Second"), text.index("Third")]


def test_bracket_spans_ignore_unbalanced_brackets() -> None:
    text = "a (b [c] d) e) f (g"
    assert bracket_spans(text) == [(2, 10)]


def test_unbalanced_parenthesis_does_not_swallow_the_paragraph() -> None:
    assert sentences("Rest (if possible. Then stretch. Drink water.") == [
        "Rest (if possible.", "Then stretch.", "Drink water."]


def test_segment_maps_sentences_to_exact_source_spans() -> None:
    text = "Intro line that is a heading?\r\n\r\n  Cramps hurt [1].  They pass.\r\n"
    article = read_text(text, format="text")
    got = [(s.block.kind, s.text, text[s.start:s.end]) for s in article.sentences]
    assert got == [
        (BlockKind.HEADING, "Intro line that is a heading?", "Intro line that is a heading?"),
        (BlockKind.PARAGRAPH, "Cramps hurt [1].", "Cramps hurt [1]."),
        (BlockKind.PARAGRAPH, "They pass.", "They pass."),
    ]
    for sentence in article.sentences:
        assert sentence.doc.text == sentence.text
        assert sentence.text == sentence.block.text[sentence.pstart:sentence.pend]


def test_a_heading_is_one_sentence_even_with_inner_punctuation() -> None:
    text = "Cramps? Spasms! What Is the Difference\n\nBoth are sudden contractions of a muscle.\n"
    article = read_text(text, format="text")
    heading = [s for s in article.sentences if s.block.kind is BlockKind.HEADING]
    assert [s.text for s in heading] == ["Cramps? Spasms! What Is the Difference"]


def test_list_items_are_never_merged_with_neighbours() -> None:
    text = (
        "Common triggers include the following ones, in no order:\n"
        "- dehydration\n"
        "- long standing\n"
        "and they often combine.\n"
    )
    article = read_text(text, format="text")
    assert [s.text for s in article.sentences] == [
        "Common triggers include the following ones, in no order:",
        "dehydration",
        "long standing",
        "and they often combine.",
    ]


def test_wrapped_paragraph_sentence_spans_cover_the_line_break() -> None:
    text = (
        "Muscle cramps are sudden and painful contractions that most people\n"
        "have felt at least once. They usually pass within a few minutes.\n"
    )
    article = read_text(text, format="text")
    first, second = article.sentences
    assert first.text == ("Muscle cramps are sudden and painful contractions that most people "
                          "have felt at least once.")
    assert text[first.start:first.end] == first.text.replace("people have", "people\nhave")
    assert text[second.start:second.end] == "They usually pass within a few minutes."


def test_non_prose_blocks_get_no_sentences() -> None:
    text = "Sources\n\n[1] Smith, J. (2020). Cramps. Journal of Muscles, 1(2), 3-4.\n"
    article = read_text(text, format="text")
    kinds = {s.block.kind for s in article.sentences}
    assert BlockKind.REFERENCE not in kinds
