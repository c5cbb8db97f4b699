"""Which codes are enabled: ruff-style select / extend-select / ignore by code or prefix.

The most specific matching prefix decides: ``--select HL1 --ignore HL10`` keeps
HL110 and drops HL101; ``--ignore HL1 --select HL101`` keeps HL101.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from typing import Any


def _longest(code: str, prefixes: Iterable[str]) -> int:
    best = -1
    for prefix in prefixes:
        p = prefix.strip().upper()
        if p == "ALL":
            best = max(best, 0)
        elif code.startswith(p):
            best = max(best, len(p))
    return best


def is_enabled(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    selected = _longest(code, select)
    if selected < 0:
        return False
    return selected > _longest(code, ignore)


def per_file_ignored(path: str, root: str, per_file_ignores: dict[str, list[str]]) -> list[str]:
    """Codes ignored for ``path`` by globs relative to the config's directory."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:
        rel = absolute
    rel = rel.replace(os.sep, "/")
    name = os.path.basename(absolute)
    codes: list[str] = []
    for pattern, ignored in per_file_ignores.items():
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern):
            codes.extend(ignored)
    return codes


def is_known(code: str, known: Iterable[str]) -> bool:
    """A code or prefix is known when some registered code starts with it (``ALL`` too)."""
    wanted = code.strip().upper()
    return wanted == "ALL" or (bool(wanted) and any(k.startswith(wanted) for k in known))


_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "B": "8"})


def suggestion(code: str, known: Iterable[str], prefixes: bool = True) -> str:
    """The closest registered code (or family prefix, with ``prefixes``) to a mistyped one."""
    from rapidfuzz import fuzz, process  # only when a code is wrong

    wanted = code.strip().upper()
    known = list(known)
    digits = wanted[:2] + wanted[2:].translate(_LOOKALIKES)  # HL1O1: a letter O for a 0
    if digits != wanted and is_known(digits, known):
        return digits
    extended = [k for k in known if wanted.startswith(k)]  # a digit too many: HL3210
    if extended:
        return max(extended, key=len)
    families = {k[:3] for k in known} | {k[:2] for k in known} if prefixes else set()
    choices = sorted(set(known) | families)
    same_length = [c for c in choices if len(c) == len(wanted)]
    for pool in (same_length, choices):
        match = process.extractOne(wanted, pool, scorer=fuzz.ratio, score_cutoff=60)
        if match is not None:
            return str(match[0])
    return ""


def unknown_code_message(code: str, known: Iterable[str]) -> str:
    """'unknown code HL1O1; did you mean HL101?' — for every place that takes codes."""
    close = suggestion(code, known)
    hint = f"; did you mean {close}?" if close else "; run `healthlint rule` to list the codes"
    return f"unknown check code {code!r}{hint}"


def unknown_codes(codes: Iterable[str], known: Iterable[str]) -> list[str]:
    """The codes (in order, once each) that name no registered check or prefix of one."""
    known = list(known)
    out: list[str] = []
    for code in codes:
        if not is_known(code, known) and code not in out:
            out.append(code)
    return out


# A finding of the key's code is dropped when one of these more specific codes reports an
# overlapping span: "unsubstantiated product efficacy" (HL303) and "prohibited disease
# claim" (HL304) already say that the sentence is an uncited claim, and more.
MORE_SPECIFIC: dict[str, tuple[str, ...]] = {"HL101": ("HL303", "HL304")}


def drop_superseded(findings: list[Any]) -> list[Any]:
    """The findings without those a more specific finding on the same text repeats."""
    specific: dict[str, list[tuple[int, int]]] = {}
    wanted = {code for codes in MORE_SPECIFIC.values() for code in codes}
    for f in findings:
        if f.code in wanted:
            specific.setdefault(f.code, []).append((f.start, f.end))
    if not specific:
        return findings
    kept = []
    for f in findings:
        spans = [span for code in MORE_SPECIFIC.get(f.code, ()) for span in specific.get(code, ())]
        if any(a < f.end and f.start < b for a, b in spans):
            continue
        kept.append(f)
    return kept
