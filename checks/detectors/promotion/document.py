"""The article as the promotion checks read it: units of text with where they sit.

A unit is a sentence of a prose block, a heading, or a line of site boilerplate.
Reference lists, disclaimers, code and front matter are not promotion and are
left out. Every unit keeps its block and projection offsets, so a match maps to
source offsets through ``Projection.source_span`` and is never searched for again.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from checks.detectors.promotion.chrome import enclosed, leading_chrome, trailing_chrome
from checks.detectors.promotion.lexicon import Lazy
from checks.detectors.promotion.tokens import tokens
from claims.metadata import content_type
from claims.model import Article, Block, BlockKind, Sentence

if TYPE_CHECKING:
    from collections.abc import Iterator

BODY = "body"
BOILERPLATE = "boilerplate"

_SKIPPED = frozenset({BlockKind.REFERENCE, BlockKind.DISCLAIMER, BlockKind.CODE,
                      BlockKind.FRONT_MATTER})

# Same-length normalisation: curly quotes and dashes become ASCII so that one
# pattern covers both spellings, and offsets stay valid.
_NORMALISE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-", "\u00a0": " ", "\u202f": " ",
})
# Most text has none of those characters, and a search for them is cheaper than translate.
_NORMALISED = Lazy("[" + re.escape("".join(map(chr, _NORMALISE))) + "]")

_LINK_CITATION_EXCLUDED = Lazy(
    r"amzn\.to|amazon\.[a-z.]+/|[?&](?:tag|ref|aff|affid|affiliate)=|utm_medium=affiliate"
    r"|/(?:shop|store|cart|checkout|buy|order|product)s?(?:/|$|\?)|shop\.|store\.",
    re.IGNORECASE)
_MARKER = Lazy(r"\[\^?\d{1,4}(?:\s*[,\u2013-]\s*\d{1,4})*\]|\[\^[\w-]{1,40}\]"
                     r"|\([A-Z][A-Za-z'\u2019-]+(?: et al\.?| and [A-Z][A-Za-z'-]+)?,?"
                     r" \d{4}[a-z]?\)"
                     r"|\b(?:doi:|https?://(?:dx\.)?doi\.org/|PMID:?\s*\d)")


def normalise(text: str) -> str:
    return text.translate(_NORMALISE) if _NORMALISED.search(text) else text


def _positions(text: str, mark: str) -> Iterator[int]:
    i = text.find(mark)
    while i >= 0:
        yield i
        i = text.find(mark, i + 1)


def quote_spans(norm: str) -> list[tuple[int, int]]:
    """Spans inside paired quotation marks (the marks included) of normalised text."""
    spans: list[tuple[int, int]] = []
    opened = -1
    for i in _positions(norm, '"'):  # mark to mark: most characters are neither
        if opened < 0:
            opened = i
        else:
            spans.append((opened, i + 1))
            opened = -1
    single_open = -1
    n = len(norm)
    for i in _positions(norm, "'"):
        before = norm[i - 1] if i else " "
        after = norm[i + 1] if i + 1 < n else " "
        if before.isalnum() and after.isalnum():
            continue  # an apostrophe: it's, Hempvana's
        if single_open < 0 and not before.isalnum() and after.isalnum():
            single_open = i
        elif single_open >= 0 and not after.isalnum():
            if i - single_open > 1:
                spans.append((single_open, i + 1))
            single_open = -1
    return sorted(spans)


@dataclass
class BlockView:
    """A block with its normalised text, quotation spans and units."""

    index: int
    block: Block
    where: str
    norm: str
    quotes: list[tuple[int, int]]
    quoted: bool
    section: str
    units: list[Unit] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.block.projection.text

    @property
    def is_heading(self) -> bool:
        return self.block.kind is BlockKind.HEADING

    def source_span(self, a: int, b: int) -> tuple[int, int]:
        return self.block.projection.source_span(a, b)

    def trimmed_span(self) -> tuple[int, int]:
        """Source offsets of the whole block less its leading and trailing white space."""
        text = self.text
        lead = len(text) - len(text.lstrip())
        return self.source_span(lead, max(lead, len(text.rstrip())))

    def in_quotes(self, a: int, b: int) -> bool:
        return self.quoted or any(qa <= a and b <= qb for qa, qb in self.quotes)


@dataclass
class Unit:
    """A sentence, heading or boilerplate line; ``pstart``/``pend`` index the block projection.

    ``norm`` is the unit's slice of ``view.norm``: every scan reads it, so it is cut up front.
    """

    index: int
    view: BlockView
    pstart: int
    pend: int
    sentence: Sentence | None
    norm: str
    cited: bool = False

    @cached_property
    def words(self) -> list[Any]:
        """The unit's word tokens (``tokens.tokens`` of ``norm``): several scans read them."""
        return tokens(self.norm)

    @property
    def text(self) -> str:
        return self.view.text[self.pstart:self.pend]

    @property
    def where(self) -> str:
        return self.view.where

    @property
    def is_heading(self) -> bool:
        return self.view.is_heading

    def source_span(self, a: int = 0, b: int | None = None) -> tuple[int, int]:
        """Source offsets of unit-relative ``[a, b)`` (the whole unit by default)."""
        end = self.pend - self.pstart if b is None else b
        return self.view.source_span(self.pstart + a, self.pstart + end)

    def in_quotes(self, a: int, b: int) -> bool:
        return self.view.in_quotes(self.pstart + a, self.pstart + b)


@dataclass
class PromoDoc:
    """Everything the promotion checks share for one article (built once, kept in ctx.memo)."""

    article: Article
    views: list[BlockView]
    units: list[Unit]
    content_type: str  # claims.metadata.content_type: normalised, '' when undeclared
    words: int
    memo: dict[str, Any] = field(default_factory=dict)
    product_index: Any = None  # products.ProductIndex, built once by products.index_of

    @property
    def text(self) -> str:
        """All unit text, one unit a line: what page-wide counts and scans read."""
        text = self.memo.get("text")
        if text is None:
            text = self.memo["text"] = "\n".join(u.norm for u in self.units)
        return text

    @property
    def lower(self) -> str:
        """All unit text, lower-cased: rules look for their keywords here before compiling."""
        low = self.memo.get("lower")
        if low is None:
            low = self.memo["lower"] = self.text.lower()
        return low

    def matching(self, units: list[Unit], *patterns: Lazy, how: str = "search",
                 ) -> Iterator[Unit]:
        """The ``units`` (this page's) that one of ``patterns`` matches (``how``: "search"
        or "match"), in order. A pattern a word of which is nowhere on the page is tried
        only on the units that are not ASCII (``Lazy.absent_from``): the many passes over
        one page's units then skip at once the patterns that cannot match any of them."""
        low = self.lower
        live = [getattr(p, how) for p in patterns if not p.absent_from(low)]
        every = [getattr(p, how) for p in patterns]
        for unit in units:
            norm = unit.norm
            for method in (live if norm.isascii() else every):
                if method(norm):
                    yield unit
                    break

    def count(self, units: list[Unit], *patterns: Lazy) -> int:
        """How many of ``units`` one of ``patterns`` finds something in (see ``matching``)."""
        return sum(1 for _ in self.matching(units, *patterns))

    def paragraphs(self) -> list[BlockView]:
        return [v for v in self.views if not v.is_heading]


_P = ParamSpec("_P")
_T = TypeVar("_T")


def per_document(key: str) -> Callable[[Callable[Concatenate[PromoDoc, _P], _T]],
                                       Callable[Concatenate[PromoDoc, _P], _T]]:
    """Run a detector once per document and keep its result in ``doc.memo[key]``: several
    checks read the same findings of one article."""
    def wrap(find: Callable[Concatenate[PromoDoc, _P], _T],
             ) -> Callable[Concatenate[PromoDoc, _P], _T]:
        @functools.wraps(find)
        def once(doc: PromoDoc, *args: _P.args, **kwargs: _P.kwargs) -> _T:
            found = doc.memo.get(key)
            if found is None:
                found = doc.memo[key] = find(doc, *args, **kwargs)
            return found
        return once
    return wrap


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` by the project's sentence rules, trimmed of white space."""
    from claims.sentences import boundaries

    spans: list[tuple[int, int]] = []
    for a, b in itertools.pairwise([0, *boundaries(text), len(text)]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


def _boilerplate_units(text: str) -> list[tuple[int, int]]:
    """Split site chrome into lines, then sentences (it is not segmented upstream)."""
    return [(line.start() + a, line.start() + b) for line in re.finditer(r"[^\n]+", text)
            for a, b in sentence_spans(line.group())]


def _cited_sentences(article: Article) -> tuple[set[int], bool]:
    """Ids of sentences that cite a source, and whether the article's citations were read."""
    cited: set[int] = set()
    found = False
    for citation in article.citations:
        found = True
        if citation.kind == "link" and _LINK_CITATION_EXCLUDED.search(citation.url or ""):
            continue  # a shop or affiliate link is not a source
        if citation.sentence is not None:
            cited.add(id(citation.sentence))
            continue
        for sentence in article.sentences:
            if sentence.start <= citation.start < sentence.end + 12:
                cited.add(id(sentence))
                break
    for claim in article.claims:
        if claim.citations:
            cited.add(id(claim.sentence))
    return cited, found


def _marker_cited(unit_text: str) -> bool:
    """Fallback when no citations were read: a marker, author-year or DOI in the sentence."""
    return bool(_MARKER.search(unit_text))


def build(article: Article) -> PromoDoc:
    by_block: dict[int, list[Sentence]] = {}
    for sentence in article.sentences:
        by_block.setdefault(id(sentence.block), []).append(sentence)
    cited_ids, have_citations = _cited_sentences(article)
    views: list[BlockView] = []
    units: list[Unit] = []
    section = ""
    kept = [(i, b) for i, b in enumerate(article.blocks)
            if b.kind not in _SKIPPED and b.projection.text.strip()]
    lines = [(b.kind is BlockKind.HEADING, b.projection.text) for _, b in kept]
    header, footer = leading_chrome(lines), len(kept) - trailing_chrome(lines)
    chrome_at = [b.kind is BlockKind.BOILERPLATE or n < header or n >= footer
                 for n, (_, b) in enumerate(kept)]
    for n in enclosed(chrome_at, lines):
        chrome_at[n] = True
    for n, (index, block) in enumerate(kept):
        text = block.projection.text
        norm = normalise(text)
        if block.kind is BlockKind.HEADING:
            section = text.strip()
        where = BOILERPLATE if chrome_at[n] else BODY
        quoted = block.quoted or block.kind is BlockKind.BLOCKQUOTE
        view = BlockView(index, block, where, norm, quote_spans(norm), quoted,
                         block.section or section)
        sentences = by_block.get(id(block), [])
        if sentences:
            spans = [(s.pstart, s.pend, s) for s in sentences]
        elif where == BOILERPLATE:
            spans = [(a, b, None) for a, b in _boilerplate_units(text)]
        else:
            stripped = len(text) - len(text.lstrip())
            spans = [(stripped, len(text.rstrip()), None)]
        for a, b, sentence in spans:
            unit = Unit(len(units), view, a, b, sentence, norm[a:b])
            if sentence is not None and id(sentence) in cited_ids:
                unit.cited = True
            elif not have_citations:
                unit.cited = _marker_cited(text[a:b])
            view.units.append(unit)
            units.append(unit)
        views.append(view)
    words = sum(len(u.norm.split()) for u in units if u.where == BODY)
    return PromoDoc(article, views, units, content_type(article.metadata), words)


def doc_for(article: Article, memo: dict[str, Any]) -> PromoDoc:
    """The shared PromoDoc of an article, built on first use per lint run."""
    doc = memo.get("promotion.doc")
    if doc is None or doc.article is not article:
        doc = build(article)
        memo["promotion.doc"] = doc
    return doc
