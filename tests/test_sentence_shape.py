"""The sentence-shape features the claim model weighs (claims.sentence_shape)."""

from __future__ import annotations

from claims.sentence_shape import shape_features


def _shape(text: str) -> tuple[list[str], list[str]]:
    return shape_features(text.lower().replace(",", " ,").rstrip(".").split())


def test_a_noun_phrase_and_a_third_person_verb():
    named, verbs = _shape("Bright light suppresses its release.")
    assert "shape:verb-3rd-s" in named and verbs == ["v:suppress"]
    named, verbs = _shape("Headaches often pass within a day.")
    assert "shape:open-plural" in named and verbs == []
    # A guess from endings: a plural noun after a noun reads as a verb
    assert _shape("Compression socks prevent shin splints.")[1] == ["v:sock"]


def test_a_modal_names_the_verb_it_governs():
    named, verbs = _shape("It can also interact with blood thinners.")
    assert "shape:open-pron" in named and "shape:open-pron+modal" in named
    assert verbs == ["mv:interact"]


def test_what_follows_a_copula():
    assert "shape:cop-adj" in _shape("They are common, involuntary and unpredictable.")[0]
    assert "shape:cop-det" in _shape("Myalgia is the medical term for muscle pain.")[0]
    assert "shape:cop-participle" in _shape("Most cases are caused by a virus.")[0]


def test_openings_the_reader_and_the_page_share():
    assert "shape:open-reader" in _shape("You may want to see your GP if it persists.")[0]
    assert "shape:open-prep" in _shape("In this article we look at the options.")[0]
    assert "shape:open-num" in _shape("30 % of adults sleep too little.")[0]


def test_no_verb_and_no_words():
    assert "shape:verb-none" in _shape("Headache, nausea and tiredness.")[0]
    assert shape_features([]) == ([], [])
    assert shape_features([",", "."]) == ([], [])


def test_an_opening_clause_is_skipped_for_the_main_one():
    named, verbs = _shape("If left untreated, gout can become chronic.")
    assert "shape:open-clause-if" in named and "shape:verb-modal" in named
    assert verbs == ["mv:become"]  # not 'untreated' read as the verb
    named, _ = _shape("If you feel sleepy do not drive.")
    assert "shape:open-command" in named  # no comma: the command starts the main clause
    assert "shape:open-clause-if" not in _shape("If it hurts.")[0]  # no main clause


def test_a_command_opens_as_a_command():
    assert "shape:open-command" in _shape("Do not take more than the label says.")[0]
    assert "shape:open-command" in _shape("Never give aspirin to children.")[0]


def _labelled(text: str) -> tuple[list[str], list[str]]:
    return shape_features(text.lower().replace(",", " ,").replace(":", " :").rstrip(".").split())


def test_a_short_label_is_skipped_for_the_sentence_after_it():
    named, verbs = _labelled("Recovery: After exercise, protein helps repair muscle.")
    assert "shape:after-label" in named and "shape:open-clause-after" in named
    assert verbs == ["v:help"]  # the label's words are not read as the opening
    named, verbs = _labelled("Noise exposure: loud music damages the hair cells.")
    assert "shape:after-label" in named and verbs == ["v:damage"]


def test_a_label_over_a_fragment_or_a_long_opening_is_not_skipped():
    assert "shape:after-label" not in _labelled("Dose: two tablets.")[0]
    assert "shape:after-label" not in _labelled(
        "Most people with a sprained ankle, whatever its grade: they heal.")[0]
