"""Statement kinds and labels the claim model weighs (claims.statement_patterns)."""

from __future__ import annotations

import pytest

from claims.statement_patterns import opening_label, pattern_features, section_kind


def _lower(text: str) -> list[str]:
    return text.lower().replace(",", " ,").replace(":", " :").replace("%", " %") \
        .rstrip(".").split()


@pytest.mark.parametrize(("sentence", "cue"), [
    ("Snoring is present in 44 percent of men.", "cue:prevalence"),
    ("About 1 in 7 adults has it.", "cue:prevalence"),
    ("It occurs in more than two million people a year.", "cue:prevalence"),
    ("Occasional snoring is almost universal.", "cue:near-universal"),
    ("It is estimated that half of cases are missed.", "cue:estimate"),
    ("There are two main types of sleep apnoea.", "cue:classification"),
    ("These tablets are used for the short-term relief of hay fever.", "cue:indication"),
    ("It is used to treat infections of the ear.", "cue:indication"),
    ("If left untreated, gout can become chronic.", "cue:untreated-course"),
    ("Without treatment, it can spread to the eye.", "cue:untreated-course"),
])
def test_statement_kinds(sentence, cue):
    assert cue in pattern_features(_lower(sentence))


@pytest.mark.parametrize("sentence", [
    "The participants were randomly split into two groups.",
    "What it is and what it is used for",
    "Take one tablet with 30 % less water.",
    "There are three ways to order from us.",
    "If you miss a dose, take it when you remember.",
])
def test_sentences_of_no_statement_kind(sentence):
    assert pattern_features(_lower(sentence)) == []


@pytest.mark.parametrize(("heading", "kind"), [
    ("Causes", "causes"), ("Risk factors", "risk"), ("Causes and risk factors", "risk"),
    ("Possible side effects", "side-effects"), ("When to see a GP about symptoms", "referral"),
    ("How to use", "directions"), ("References", "references"), ("Our story", ""),
])
def test_section_kinds(heading, kind):
    assert section_kind(heading) == kind


def test_a_label_opening_the_sentence():
    assert opening_label(_lower("Causes: high uric acid levels.")) == "causes"
    assert opening_label(_lower("Risk factors:")) == "risk"
    assert opening_label(_lower("Note: keep it cool.")) == ""
    assert opening_label(_lower("Elevated uric acid is one cause.")) == ""
