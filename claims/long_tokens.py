"""Keeping very long whitespace-free runs away from spaCy's tokenizer.

spaCy peels prefixes and suffixes off a token one at a time, and every suffix search
scans the rest of the token: a run of ``n`` punctuation characters costs ``n**2``
regex steps (10 KB of ``>`` took 11 s, 15 KB of ``%`` 45 s). No word, number or
citation is that long, so a run over :data:`MAX_RUN` characters is cut into fixed
pieces that become tokens directly; everything else is tokenized as before, and
the Doc's text stays the input text character for character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

MAX_RUN = 100  # characters; the longest run spaCy still tokenizes (0.1 ms at worst)
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def long_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every whitespace-free run longer than :data:`MAX_RUN`.

    ``str.split`` cuts at the characters ``\\s`` matches, in C: most texts have no long run,
    and the pattern, which tries ``MAX_RUN`` characters from every position, runs only on
    the few that do."""
    if len(text) <= MAX_RUN or max(map(len, text.split()), default=0) <= MAX_RUN:
        return []
    return [m.span() for m in _LONG_RUN.finditer(text)]


def pieces(run: str) -> list[str]:
    """A long run cut into pieces of at most :data:`MAX_RUN` characters."""
    return [run[i:i + MAX_RUN] for i in range(0, len(run), MAX_RUN)]


def _segments(text: str, runs: list[tuple[int, int]]) -> Iterator[tuple[str, bool]]:
    """The text as consecutive ``(segment, is_long_run)`` parts."""
    at = 0
    for start, end in runs:
        if start > at:
            yield text[at:start], False
        yield text[start:end], True
        at = end
    if at < len(text):
        yield text[at:], False


def tokenize_capped(tokenize: Callable[[str], Doc], vocab: Vocab, text: str) -> Doc:
    """``tokenize(text)``, except that long runs become fixed pieces without spaCy."""
    runs = long_runs(text)
    if not runs:
        return tokenize(text)
    from spacy.tokens import Doc

    docs = []
    for segment, is_long in _segments(text, runs):
        if not is_long:
            docs.append(tokenize(segment))
            continue
        words = pieces(segment)
        docs.append(Doc(vocab, words=words, spaces=[False] * len(words)))
    return Doc.from_docs([d for d in docs if len(d)], ensure_whitespace=False)
