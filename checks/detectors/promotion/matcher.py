"""Running a rule-pack rule over an article: existence, substitution, occurrence, conditional."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from checks.contract.model import Diagnostic, Edit, Fix
from checks.detectors.promotion import names
from checks.detectors.promotion.context import why_not_own
from checks.detectors.promotion.document import BODY, BOILERPLATE, PromoDoc, Unit
from checks.detectors.promotion.emit import diagnostic, fill, span_diagnostic
from checks.detectors.promotion.lexicon import Lazy
from checks.detectors.promotion.packs import CITATION, Rule, live, token_regex
from claims.metadata import normalise_content_type


def _pattern(parts: tuple[str, ...], ignorecase: bool) -> Lazy | None:
    """The parts as one alternation: a Lazy pattern, so that once it has run often, only
    the units holding its words are searched."""
    parts = tuple(p for p in parts if p != CITATION)
    if not parts:
        return None
    body = "|".join("(?:" + token_regex(p) + ")" for p in parts)
    flags = re.IGNORECASE if ignorecase else 0
    return Lazy(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


@lru_cache(maxsize=1024)  # the parts live in one article: bounded across a batch
def _alternation(parts: tuple[str, ...], ignorecase: bool) -> Lazy | None:
    return _pattern(parts, ignorecase)


@cache
def _exceptions(rule: Rule) -> re.Pattern[str] | None:
    if not rule.exceptions:
        return None
    flags = re.IGNORECASE if rule.ignorecase else 0
    return re.compile("|".join(f"(?:{e})" for e in rule.exceptions), flags)


@dataclass(frozen=True)
class Compiled:
    """A rule's patterns that can match this article, compiled (the rest are skipped)."""

    rule: Rule
    tokens: Lazy | None
    swaps: tuple[tuple[Lazy, str], ...]
    first: Lazy | None

    @property
    def exceptions(self) -> re.Pattern[str] | None:
        return _exceptions(self.rule)

    @property
    def second(self) -> Lazy | None:
        return _alternation(self.rule.second, self.rule.ignorecase)

    @property
    def empty(self) -> bool:
        return self.tokens is None and not self.swaps and self.first is None


def compile_rule(rule: Rule, lower: str | None = None) -> Compiled:
    """Compile the patterns of ``rule`` that may match a text (all of them when None)."""
    searched = {"existence": rule.tokens, "occurrence": rule.tokens, "conditional": rule.first,
                "substitution": tuple(k for k, _ in rule.swap)}[rule.extends]
    if lower is not None:
        searched = live(searched, rule.prefilter, lower)
    ic = rule.ignorecase
    if rule.extends == "substitution":
        keep = set(searched)
        swaps = tuple((p, v) for p, v in ((_alternation((k,), ic), v) for k, v in rule.swap
                                          if k in keep) if p is not None)
        return Compiled(rule, None, swaps, None)
    pattern = _alternation(searched, ic) if searched else None
    if rule.extends == "conditional":
        return Compiled(rule, None, (), pattern)
    return Compiled(rule, pattern, (), None)


def applies(rule: Rule, doc: PromoDoc) -> bool:
    """Rules limited to content types (``content-types: [supplement, food]``)."""
    if not rule.content_types:
        return True
    kind = doc.content_type
    return bool(kind) and any(normalise_content_type(t) == kind for t in rule.content_types)


def _units(rule: Rule, doc: PromoDoc) -> list[Unit]:
    return [u for u in doc.units
            if (rule.headings or not u.is_heading)
            and (rule.boilerplate or u.where != BOILERPLATE)]


_REPUTATION_WORDS = ("touted", "hailed", "heralded", "billed")


def seller_voice(doc: PromoDoc, unit: Unit) -> bool:
    """The unit may report a reputation ("has been touted as") on a page that sells what it
    writes about (a seller's page, or one judged from its words to sell a category): then
    the reputation is the seller's own praise (see ``context.why_not_own``)."""
    if not any(w in unit.norm for w in _REPUTATION_WORDS):
        return False
    from checks.detectors.promotion import seller, sold

    return sold.of(doc).sells or seller.of(doc).selling


def _own(rule: Rule, unit: Unit, a: int, b: int, compiled: Compiled, doc: PromoDoc) -> bool:
    """The match is the article's own wording (not an exception, quotation or debunking,
    nor, for a rule with ``names: false``, a word of a product's name: "Magnesium
    Breakthrough" names a product, it does not hype one)."""
    if compiled.exceptions is not None and compiled.exceptions.fullmatch(unit.norm[a:b]):
        return False
    if not rule.names and unit.norm[a:a + 1].isupper() and names.inside_name(doc, unit, a, b):
        return False
    if not rule.context:
        return rule.quotes or not unit.in_quotes(a, b)
    reason = why_not_own(unit.norm, a, b, quoted=not rule.quotes and unit.in_quotes(a, b),
                         section=unit.view.section, seller=seller_voice(doc, unit))
    return reason is None


def _data(rule: Rule, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {"source": rule.source, "pack": rule.pack}
    if rule.link:
        data["link"] = rule.link
    data.update(extra)
    return data


def run(rule: Rule, doc: PromoDoc) -> Iterator[Diagnostic]:
    if not applies(rule, doc):
        return
    compiled = compile_rule(rule, doc.lower)
    if compiled.empty:
        return  # no pattern's required words are in the article: nothing compiled or run
    for emitted, diag in enumerate(_RUNNERS[rule.extends](compiled, doc), start=1):
        yield diag
        if rule.limit and emitted >= rule.limit:
            return


def _existence(c: Compiled, doc: PromoDoc) -> Iterator[Diagnostic]:
    assert c.tokens is not None
    for unit in _units(c.rule, doc):
        for m in c.tokens.finditer(unit.norm):
            a, b = m.span()
            if _own(c.rule, unit, a, b, c, doc):
                match = unit.text[a:b]
                yield diagnostic(unit, a, b, fill(c.rule.message, match),
                                 data=_data(c.rule, match=match))


def _substitution(c: Compiled, doc: PromoDoc) -> Iterator[Diagnostic]:
    text = doc.article.text
    for unit in _units(c.rule, doc):
        taken: list[tuple[int, int]] = []  # one finding per phrase, whichever swaps match it
        for pattern, replacement in c.swaps:
            for m in pattern.finditer(unit.norm):
                a, b = m.span()
                if any(a < y and x < b for x, y in taken) or not _own(c.rule, unit, a, b, c,
                                                                      doc):
                    continue
                taken.append((a, b))
                match = unit.text[a:b]
                start, end = unit.source_span(a, b)
                fix = None
                if text[start:end] == match:  # no markup inside: the edit is exact
                    fix = Fix(f"replace with '{replacement}'",
                              (Edit(start, end, replacement),), "unsafe")
                yield diagnostic(unit, a, b, fill(c.rule.message, match, replacement),
                                 fix=fix, data=_data(c.rule, match=match,
                                                     suggestion=replacement))


def _scopes(rule: Rule, doc: PromoDoc) -> list[list[Unit]]:
    units = _units(rule, doc)
    if rule.scope == "sentence":
        return [[u] for u in units]
    if rule.scope == "paragraph":
        groups: dict[int, list[Unit]] = {}
        for u in units:
            groups.setdefault(u.view.index, []).append(u)
        return list(groups.values())
    return [[u for u in units if u.where == BODY]]


def _occurrence(c: Compiled, doc: PromoDoc) -> Iterator[Diagnostic]:
    assert c.tokens is not None
    rule = c.rule
    for scope in _scopes(rule, doc):
        hits: list[tuple[Unit, int, int]] = []
        words = 0
        for unit in scope:
            words += len(unit.norm.split())
            for m in c.tokens.finditer(unit.norm):
                if _own(rule, unit, m.start(), m.end(), c, doc):
                    hits.append((unit, m.start(), m.end()))
        count = len(hits)
        if not count:
            continue
        if rule.max and count <= rule.max:
            continue
        if rule.density and (words < max(rule.min_words, 1)
                             or count * 100.0 / words <= rule.density):
            continue
        first, a, _ = hits[0]
        last, _, b = hits[-1]
        message = fill(rule.message, count)
        data = _data(rule, count=count, words=words)
        if first.view is last.view:
            yield span_diagnostic(first, a, last, b, message, data=data)
        else:
            yield diagnostic(first, a, first.pend - first.pstart, message, data=data)


def _second_found(c: Compiled, unit: Unit, doc: PromoDoc) -> bool:
    rule = c.rule
    if rule.scope == "sentence":
        scope = [unit]
    elif rule.scope == "paragraph":
        scope = unit.view.units
    else:
        scope = [u for u in doc.units if u.where == unit.where]
    if CITATION in rule.second and any(u.cited for u in scope):
        return True
    return c.second is not None and any(c.second.search(u.norm) for u in scope)


def _conditional(c: Compiled, doc: PromoDoc) -> Iterator[Diagnostic]:
    assert c.first is not None
    for unit in _units(c.rule, doc):
        for m in c.first.finditer(unit.norm):
            a, b = m.span()
            if not _own(c.rule, unit, a, b, c, doc) or _second_found(c, unit, doc):
                continue
            match = unit.text[a:b]
            yield diagnostic(unit, a, b, fill(c.rule.message, match),
                             data=_data(c.rule, match=match))


_RUNNERS = {"existence": _existence, "substitution": _substitution,
            "occurrence": _occurrence, "conditional": _conditional}
