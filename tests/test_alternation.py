"""claims.alternation: a word list as a trie matches what the longest-first list matches."""

from __future__ import annotations

import random
import re

import pytest

from claims.alternation import one_of


def _sorted_alternation(words: set[str]) -> str:
    return "(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


def _matches(pattern: str, text: str, flags: int) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in re.finditer(pattern, text, flags)]


WORDS = {"cream", "creams", "cre", "gel", "gels", "gel-cap", "hearing aid", "hearing aids",
         "aid", "aids", "omega", "omega-3", "a", "c++", "vitamin", "vitamins"}
TAILS = [r"(?![\w-])", r"\b", r"\s+(?:oil|gel)s?\b", ""]


@pytest.mark.parametrize("tail", TAILS)
@pytest.mark.parametrize("ignore_case", [False, True])
def test_same_matches_as_the_longest_first_list(tail: str, ignore_case: bool) -> None:
    flags = re.IGNORECASE if ignore_case else 0
    old = r"(?<![\w-])(?:(?P<mod>[a-z]+)\s+)?(?P<w>" + _sorted_alternation(WORDS) + ")" + tail
    new = r"(?<![\w-])(?:(?P<mod>[a-z]+)\s+)?(?P<w>" + one_of(WORDS, ignore_case=ignore_case) \
        + ")" + tail
    pieces = [*WORDS, "Cream", "GELS", "x", "-", " ", "s", "3", "oil", "Hearing", "es", "++"]
    rnd = random.Random(41)
    texts = ["".join(rnd.choice(pieces) + rnd.choice(["", " ", "-", ", "])
                     for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    for text in texts:
        assert _matches(new, text, flags) == _matches(old, text, flags), text


def test_an_empty_list_matches_nothing() -> None:
    assert re.search(one_of([]), "anything") is None


def test_regex_characters_are_literal() -> None:
    pattern = re.compile(one_of(["a.b", "c++", "(x)"]))
    assert pattern.fullmatch("a.b") and pattern.fullmatch("c++") and pattern.fullmatch("(x)")
    assert pattern.search("axb") is None
