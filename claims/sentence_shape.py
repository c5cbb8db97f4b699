"""The grammatical shape of a sentence's opening, read from its lower-cased tokens alone.

A claim is mostly a subject followed by a finite verb ("Bright light suppresses its
release", "Most cases clear up", "It can interact with blood thinners", "They are common
and harmless"); narration, advice and page framing open otherwise ("You may want to...",
"In this article we..."). No tagger is loaded (the pipeline is ``spacy.blank``), so the
word classes are guessed from closed word lists and endings: how the sentence opens, the
first verb-like word after the opening and, for a modal or third-person verb, the verb's
stem. The claim model weighs these like any other feature (``claims.claim_model``).
"""

from __future__ import annotations

from collections.abc import Sequence

from claims.claim_model import stem

# Openers of a noun phrase: articles, possessives, demonstratives and quantifiers
OPENING_DETERMINERS = frozenset([
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "my", "some", "many", "most", "all", "any", "each", "every", "no", "few",
    "several", "both", "such",
])
_THIRD_PERSON_PRONOUNS = frozenset(["it", "they", "he", "she"])
_READER_OR_WRITER = frozenset(["you", "your", "we", "i", "our", "my"])
_MODALS = frozenset(["can", "may", "might", "could", "will", "would", "should", "must",
                     "cannot"])
_COPULAS = frozenset(["is", "are", "was", "were", "be", "been"])
_DO_HAVE = frozenset(["does", "do", "did", "has", "have", "had"])
_PREPOSITIONS = frozenset([
    "of", "in", "on", "at", "for", "with", "to", "from", "by", "about", "into", "over",
    "under", "after", "before", "during", "as", "than", "without", "between", "among", "per",
])
# Words between a modal or copula and what it governs ("can also cause", "is very common")
_MODIFIERS = frozenset([
    "not", "also", "often", "sometimes", "usually", "very", "more", "most", "less", "quite",
    "rarely", "generally",
])
_ADJECTIVE_ENDINGS = ("al", "ous", "ic", "ive", "ful", "able", "ible", "ent", "ant", "ary",
                      "less", "ular", "ile")
_COMMON_ADJECTIVES = frozenset(["common", "rare", "safe", "normal", "harmless", "likely",
                                "unlikely", "high", "low"])
_VERB_WINDOW = 10  # the first verb is looked for among the first words only
# Openers of a clause that comes before the main one ("If left untreated, gout can become
# chronic", "When blood pressure drops, you feel light-headed"): the shape is read from
# the main clause, after the clause's comma.
_SUBORDINATORS = frozenset(["if", "when", "unless", "once", "without", "while", "although",
                            "though", "because", "after", "before", "whenever", "until"])
_CLAUSE_WINDOW = 14  # the comma that closes the opening clause comes among the first tokens


_LABEL_WINDOW = 5  # a label is a few words before a colon
_LABEL_REST = 4  # ... followed by a sentence, not by a fragment ("Dose: 2 tablets")


# Openers of a command ("Do not take more than...", "Never give aspirin to...")
_COMMAND_OPENERS = frozenset(["do", "don't", "dont", "never", "please", "always"])


def _opening(first: str) -> str:
    if first in _COMMAND_OPENERS:
        return "command"
    if first in OPENING_DETERMINERS:
        return "det"
    if first in _THIRD_PERSON_PRONOUNS or first in ("this", "these", "those"):
        return "pron"
    if first in _READER_OR_WRITER:
        return "reader"
    if first in _PREPOSITIONS:
        return "prep"
    if first[0].isdigit():
        return "num"
    if first.endswith("ing"):
        return "ing"
    if _plural_or_third_person(first):
        return "plural"
    return "other"


def _plural_or_third_person(word: str) -> bool:
    """'cases', 'suppresses', not 'stress', 'virus', 'this' or "it's"."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))


def _skip_modifiers(words: Sequence[str], i: int) -> str:
    """The word at ``i``, or the one after it if ``i`` holds a modifier."""
    if i < len(words) and words[i] in _MODIFIERS:
        i += 1
    return words[i] if i < len(words) else ""


def _after_copula(word: str) -> str:
    if word in OPENING_DETERMINERS:
        return "cop-det"  # "X is the medical term for Y", "It is a condition that..."
    if word.endswith(_ADJECTIVE_ENDINGS) or word in _COMMON_ADJECTIVES:
        return "cop-adj"  # "They are common, involuntary and unpredictable"
    if word.endswith("ed"):
        return "cop-participle"
    return "cop-other"


def shape_features(lower: Sequence[str]) -> tuple[list[str], list[str]]:
    """(named shape features, verb-stem features) of a sentence's lower-cased tokens.

    The named ones say how the sentence opens and what its first verb-like word is
    ("shape:open-det+modal", "shape:cop-adj"); the verb-stem ones name that verb
    ("v:suppress", "mv:interact") and are weighed with the sentence's words.
    """
    named: list[str] = []
    after = _after_label(lower)
    if after is not None:
        named.append("shape:after-label")
        lower = after
    main = _main_clause(lower)
    if main is not None:
        named.append(f"shape:open-clause-{lower[0]}")
        lower = main
    words = [w for w in lower if w[:1].isalnum()]
    if not words:
        return named, []
    opening = _opening(words[0])
    if opening != "other":
        named.append(f"shape:open-{opening}")
    verbs: list[str] = []
    verb = "none"
    for i in range(1, min(len(words), _VERB_WINDOW)):
        word, before = words[i], words[i - 1]
        if word in _MODALS:
            verb = "modal"
            verbs.append(f"mv:{stem(_skip_modifiers(words, i + 1))}")
            break
        if word in _COPULAS:
            verb = "cop"
            named.append(f"shape:{_after_copula(_skip_modifiers(words, i + 1))}")
            break
        if word in _DO_HAVE:
            verb = "aux"
            named.append(f"shape:aux-{word}")
            break
        after_noun = before not in OPENING_DETERMINERS and before not in _PREPOSITIONS
        if _plural_or_third_person(word) and after_noun and \
                before not in _READER_OR_WRITER and not before[0].isdigit():
            verb = "3rd-s"
            verbs.append(f"v:{stem(word)}")
            break
        if word.endswith("ed") and len(word) > 4 and after_noun:
            verb = "past"
            break
    named.append(f"shape:verb-{verb}")
    named.append(f"shape:open-{opening}+{verb}")
    return named, verbs


def _after_label(lower: Sequence[str]) -> Sequence[str] | None:
    """The tokens after a short label that opens the sentence ("loud music : | one of the
    main reasons...", "recovery : | after exercise, protein helps..."): the sentence's own
    shape is read after it. None when no label opens it or too little follows."""
    for i in range(1, min(len(lower), _LABEL_WINDOW + 1)):
        if lower[i] == ":":
            rest = lower[i + 1:]
            return rest if len(rest) >= _LABEL_REST else None
        if not lower[i][:1].isalnum():
            return None
    return None


def _main_clause(lower: Sequence[str]) -> Sequence[str] | None:
    """The tokens after an opening subordinate clause's comma ("if left untreated, | gout
    can become chronic"), or None when the sentence does not open with one."""
    if not lower or lower[0] not in _SUBORDINATORS:
        return None
    window = range(2, min(len(lower) - 2, _CLAUSE_WINDOW))
    for i in window:
        if lower[i] == ",":
            return lower[i + 1:]
    for i in window:  # no comma: "If you feel sleepy do not drive"
        if lower[i] in ("don't", "never") or (lower[i] == "do" and lower[i + 1] == "not"):
            return lower[i:]
    return None


__all__ = ["OPENING_DETERMINERS", "shape_features"]
