"""What every match of a regular expression contains: a cheap test that rules text out.

Python's ``re`` scans a pattern that opens with ``\\b`` or a lookbehind, or that ignores
case, by trying the whole pattern at every character: a list of forty phrases costs far
more per sentence than looking the phrases' words up with ``in``. Most sentences hold none
of the words a pattern needs, so the words are looked up first and the pattern runs only
where they all are. The words are read from the parsed pattern, so the test can only say
"cannot match", never hide a match (see :func:`guarded` for where it applies exactly).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# For each clause, one of its words is in every match (lower-cased).
Clauses = tuple[tuple[str, ...], ...]

_SHORTEST = 3  # shorter literal runs are too common to rule anything out


def clauses(pattern: str, flags: int = 0) -> Clauses:
    """The clauses of ``pattern``: "works? for (?:everyone|everybody)" gives
    (("work",), (" for every",), ("one", "body")) (the parser takes the alternatives' common
    start out of the group): a text that lacks one clause entirely cannot match. Literals
    inside lookarounds, repeats and optional parts are left out."""
    from re import _parser  # type: ignore[attr-defined]

    return tuple(_clauses(_parser.parse(pattern, flags)))


def _clauses(items: Any) -> list[tuple[str, ...]]:
    from re import _constants as c  # type: ignore[attr-defined]

    found: list[tuple[str, ...]] = []
    run: list[str] = []

    def flush() -> None:
        word = "".join(run)
        run.clear()
        if len(word) >= _SHORTEST:
            found.append((word,))

    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg).lower())
            continue
        flush()
        if op is c.SUBPATTERN:
            inner = list(arg[-1])
            if len(inner) == 1 and inner[0][0] is c.BRANCH:
                alternatives = _alternatives(inner[0][1][1])
                if alternatives:
                    found.append(alternatives)
            else:
                found.extend(_clauses(inner))
        elif op is c.BRANCH:
            alternatives = _alternatives(arg[1])
            if alternatives:
                found.append(alternatives)
    flush()
    return found


def _alternatives(branches: Any) -> tuple[str, ...] | None:
    """One required word per branch (the longest-worded clause), or None if a branch has none."""
    out: list[str] = []
    for branch in branches:
        found = _clauses(branch)
        if not found:
            return None
        out.extend(max(found, key=lambda clause: min(len(w) for w in clause)))
    return tuple(dict.fromkeys(out))


# What each search method returns when the text cannot match.
_NO_MATCH: dict[str, Callable[[], Any]] = {
    "search": lambda: None, "match": lambda: None, "fullmatch": lambda: None,
    "findall": list, "finditer": lambda: iter(()),
}


WordTests = tuple[Callable[[str], Any], ...]


def word_tests(compiled: re.Pattern[str]) -> WordTests:
    """One search per clause of ``compiled``, each to run over lower-cased ASCII text: a
    text one of them finds nothing in cannot match (() when the pattern has no clause to
    test, or one of its words is not ASCII).

    The test is exact where it runs: on ASCII text, with ASCII words, a match (ignoring case
    or not) holds each literal in lower case once the text is lower-cased. Elsewhere (a
    Kelvin sign or a long s matches "k" or "s" when case is ignored) the pattern runs as is.
    Since every test looks for a literal, a text that fails one holds no match in any of its
    parts either: a page's text can rule out every ASCII sentence of it at once.
    """
    required = clauses(compiled.pattern, compiled.flags)
    if not required or not all(w.isascii() for clause in required for w in clause):
        return ()
    # A clause's words as one case-sensitive pattern over the lower-cased text: a literal
    # alternation is one scan (its first letters found in C), where ``in`` scans per word.
    return tuple(re.compile("|".join(map(re.escape, clause))).search for clause in required)


def guarded(compiled: re.Pattern[str], tests: WordTests | None = None
            ) -> dict[str, Callable[..., Any]]:
    """``compiled``'s search methods behind its word tests (:func:`word_tests`, unless
    given), by name ({} when there is no test)."""
    tests = word_tests(compiled) if tests is None else tests
    if not tests:
        return {}
    methods = {name: _guard(getattr(compiled, name), tests, empty)
               for name, empty in _NO_MATCH.items()}
    for name in _RECALLED:
        methods[name] = _recalled(methods[name])
    return methods


# Methods whose results (a Match, which cannot change, or None) are kept per text: several
# detectors run the same pattern over the same sentences of a page. Kept per pattern, for
# the last texts only (emptied when full), so a batch's memory stays flat.
_RECALLED = ("search", "match")
_RECALL_LIMIT = 256


def _recalled(guarded_method: Callable[..., Any]) -> Callable[..., Any]:
    """``guarded_method`` (a search or match behind the word tests), its results kept per
    text; a call with a position is passed on."""
    kept: dict[str, Any] = {}
    missing = object()

    def run(text: str, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return guarded_method(text, *args, **kwargs)
        found = kept.get(text, missing)
        if found is missing:
            if len(kept) >= _RECALL_LIMIT:
                kept.clear()
            found = kept[text] = guarded_method(text)
        return found
    run.__doc__ = guarded_method.__doc__
    return run


def _guard(method: Callable[..., Any], tests: tuple[Callable[[str], Any], ...],
           empty: Callable[[], Any]) -> Callable[..., Any]:
    lowered = _LOWER  # the cache, read without a call: this runs for every unit and pattern

    def run(text: str, *args: Any, **kwargs: Any) -> Any:
        low = lowered.get(text, "")
        if low == "":
            low = _lower(text)
        if low is not None:
            for test in tests:
                if test(low) is None:
                    return empty()
        return method(text, *args, **kwargs)
    run.__doc__ = method.__doc__
    return run


# Lower-cased ASCII texts (None: not ASCII): the detectors run many patterns over each
# sentence. Bounded: emptied when full, so a batch's memory stays flat.
_LOWER: dict[str, str | None] = {}
_LOWER_LIMIT = 4096


def _lower(text: str) -> str | None:
    low = _LOWER.get(text, "")
    if low == "":
        if len(_LOWER) >= _LOWER_LIMIT:
            _LOWER.clear()
        low = _LOWER[text] = text.lower() if text.isascii() else None
    return low


# Calls of a pattern before its words are read: reading them parses the pattern again, about
# what compiling it costs, which a one-file run (a few calls of each pattern) would not win
# back; a batch passes this within its first files. A long text counts as one call per
# ``CHARS_PER_CALL`` characters: a pattern run over whole pages (once a page, over thousands
# of characters) pays for its words within a few pages, not a few hundred.
GUARD_AFTER = 200
CHARS_PER_CALL = 200


def counting(compiled: re.Pattern[str], settle: Callable[[WordTests], None]
             ) -> dict[str, Callable[..., Any]]:
    """``compiled``'s search methods, counted: once they have run ``GUARD_AFTER`` calls (a
    long text counting as several), ``settle`` receives its :func:`word_tests`, to put the
    methods behind from then on."""
    calls = [0]

    def count(method: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if calls[0] < GUARD_AFTER:
                text = args[0] if args else kwargs.get("string")
                calls[0] += 1 + (len(text) // CHARS_PER_CALL if isinstance(text, str) else 0)
                if calls[0] >= GUARD_AFTER:
                    settle(word_tests(compiled))
            return method(*args, **kwargs)
        return run

    return {name: count(getattr(compiled, name)) for name in _NO_MATCH}


# ------------------------------------------------- where a match can start: its first letters

_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_FIRST_LIMIT = 512  # characters: a wider set rules out too little to be worth a test
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def opening(pattern: str, flags: int = 0) -> str:
    """``pattern`` led by a lookahead for the characters a match can begin with, when it
    opens with ``\\b``, an anchor or a lookaround ('' when the characters cannot be read, or
    a match may be empty).

    A pattern that opens with ``\\b`` or a lookbehind, ignoring case, is tried in full at
    every character of a text; the lookahead lets the engine pass over the characters no
    match can start at. It is compiled with the pattern's own flags, so it ignores case
    where the pattern does, and it holds every character a match can start with, so it
    leaves the matches (their spans and groups) as they were.
    """
    from re import _parser  # type: ignore[attr-defined]

    if _GLOBAL_FLAGS.match(pattern):
        return ""  # flags written into the pattern must open it
    try:
        items = _parser.parse(pattern, flags)
        if not len(items) or str(items[0][0]) not in _ZERO_WIDTH:
            return ""  # a pattern that opens with a letter or a set is skipped to in C already
        first = _first(items, bool(flags & re.IGNORECASE))
    except (re.error, RecursionError):
        return ""
    if first is None or first[1] or not first[0] or len(first[0]) > _FIRST_LIMIT:
        return ""
    chars, digits = first[0] - _ALL_DIGITS, first[0] >= _ALL_DIGITS
    return "(?=[" + "".join(_class_char(c) for c in sorted(chars)) + \
        ("\\d" if digits else "") + "])" + pattern


def _class_char(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else char if char.isprintable() and \
        not char.isspace() else f"\\U{code:08x}"


def _first(items: Any, ignoring_case: bool) -> tuple[set[int], bool] | None:
    """The characters a match of ``items`` can begin with, and whether it can be empty;
    None when that cannot be read (a category such as ``\\w``, a negated set, a dot, a
    back-reference, or a part that ignores case where the pattern does not)."""
    from re import _constants as c  # type: ignore[attr-defined]

    chars: set[int] = set()
    for op, arg in items:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        if op is c.LITERAL:
            chars.add(arg)
            return chars, False
        if op is c.IN:
            found = _charset(arg)
            if found is None:
                return None
            return chars | found, False
        if op is c.BRANCH:
            inner = [_first(branch, ignoring_case) for branch in arg[1]]
        elif op is c.SUBPATTERN:
            if arg[1] & re.IGNORECASE and not ignoring_case:
                return None
            inner = [_first(arg[-1], ignoring_case)]
        elif name in _REPEATS:
            inner = [_first(arg[2], ignoring_case)]
            if arg[0] == 0 and inner[0] is not None:
                inner.append((set(), True))  # the repeat may be skipped
        else:
            return None
        if any(part is None for part in inner):
            return None
        for part in inner:
            assert part is not None
            chars |= part[0]
        if not any(part[1] for part in inner if part is not None):
            return chars, False
    return chars, True


# ``\d`` stands for every decimal digit, not only ASCII ones: a set holding it is written
# with ``\d`` in the lead (these codes only stand for it here).
_ALL_DIGITS = frozenset({-1})


def _charset(items: Any) -> set[int] | None:
    from re import _constants as c  # type: ignore[attr-defined]

    out: set[int] = set()
    for op, arg in items:
        if op is c.LITERAL:
            out.add(arg)
        elif op is c.CATEGORY and arg is c.CATEGORY_DIGIT:
            out |= _ALL_DIGITS
        elif op is c.RANGE and arg[1] - arg[0] < _FIRST_LIMIT:
            out.update(range(arg[0], arg[1] + 1))
        else:
            return None
    return out
