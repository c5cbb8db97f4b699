"""A unit's word tokens: the words and marks that the product and promotion scans read.

A leaf of the promotion detectors: the document model and the product index both read
tokens, so they live below both.
"""

from __future__ import annotations

from checks.detectors.promotion.lexicon import Lazy

_LETTER = "A-Za-z\u00c0-\u024f0-9"
# A word, or a mark, with its possessive ending. The word is the one group, so ``findall``
# lists the words without making a token of each (the lookbehind keeps a mark's "'s" out).
TOKEN = Lazy(rf"(?P<word>[{_LETTER}](?:[{_LETTER}&+-]*[{_LETTER}+])?|[\u00ae\u2122])"
             rf"(?:(?<=[{_LETTER}+])'s\b|(?<=s)'(?!\w))?")
MARKS = frozenset("\u00ae\u2122")


class Token:
    """A word of a unit (a plain class: thousands are made per article)."""

    __slots__ = ("end", "start", "text", "word")

    def __init__(self, start: int, end: int, text: str, word: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.word = word  # without the possessive ending (read for every token by the scans)

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "'"))

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or self.text in MARKS


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(), m.group("word")) for m in TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    """The ``word`` of each of the text's tokens, without making the tokens."""
    return TOKEN.findall(text)
