"""Word lists as regular expressions the engine can scan quickly.

A list joined longest first (``"|".join(sorted(words, key=len, reverse=True))``) makes
Python's ``re`` try every word at every position of the text: with a hundred words and a
lookbehind in front, a page of text costs thousands of failed branches per line. The same
list written as a trie (``vitamin|vinegar`` as ``vi(?:tamin|negar)``) tries one branch per
character, and matches exactly what the longest-first list matches: at any position the
characters of the text choose one path through the trie, and each node tries its longer
continuations before it accepts the word that ends there, so the first word accepted is the
longest one, as in the sorted list (a word that fails what follows the group is given up
for the next shorter one, as the sorted list gives it up for the next alternative).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # the key that marks a word ending at a node


def one_of(words: Iterable[str], *, ignore_case: bool = False) -> str:
    """A non-capturing group matching the same text, first match for first match, as the
    longest-first alternation of ``words`` (taken literally). ``ignore_case``: the pattern
    is compiled with ``re.IGNORECASE``, so words differing only in case are one word."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word.lower() if ignore_case else word:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not trie:
        return "(?!)"  # an empty list matches nothing, as an empty alternation of words
    return "(?:" + _node(trie) + ")"


def _node(node: dict[str, dict]) -> str:
    """The pattern of the words below ``node``: its longer continuations, then (optionally)
    the end of a word here."""
    branches = [re.escape(char) + _node(child) for char, child in sorted(node.items())
                if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:  # a word ends here: the longer words first, then this one
        return body + "?" if len(branches) == 1 and _single(branches[0]) else f"(?:{body})?"
    return body


def _single(pattern: str) -> bool:
    """Whether ``pattern`` is one escaped character (so ``?`` may follow it directly)."""
    return len(pattern) == 1 or (len(pattern) == 2 and pattern[0] == "\\")
