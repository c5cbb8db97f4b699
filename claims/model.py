"""The Article model: what a file says, where it says it, and what it cites.

All spans are ``[start, end)`` character offsets into ``Article.source.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from claims.source import Position, Projection, SourceText


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    BLOCKQUOTE = "blockquote"
    TABLE_CELL = "table_cell"
    CODE = "code"
    FRONT_MATTER = "front_matter"
    REFERENCE = "reference_list"
    DISCLAIMER = "disclaimer"
    BOILERPLATE = "boilerplate"

    @property
    def is_prose(self) -> bool:
        """Blocks whose sentences are read as the article's own statements."""
        return self in _PROSE


_PROSE = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE, BlockKind.TABLE_CELL}
)


@dataclass(frozen=True)
class Link:
    """An inline link: its visible text span and its target as written."""

    url: str
    start: int
    end: int
    url_start: int
    url_end: int
    text: str = ""


@dataclass
class Block:
    """One structural unit of the article with its source span and prose projection."""

    kind: BlockKind
    start: int
    end: int
    projection: Projection
    level: int = 0
    links: list[Link] = field(default_factory=list)
    section: str = ""
    quoted: bool = False
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.projection.text


@dataclass
class Sentence:
    """A sentence of a prose block; ``pstart``/``pend`` index the block's projection."""

    block: Block
    pstart: int
    pend: int
    start: int
    end: int
    text: str
    doc: Any = None  # the spaCy Span, kept so later stages reuse its tokens


@dataclass(frozen=True)
class ReadProblem:
    """Something wrong with the file itself, reported as an HL9xx finding."""

    code: str
    message: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Comment:
    """An HTML comment in the source (suppressions live here)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class PageMeta:
    """Provenance a page states in markup rather than text: an HTML ``<meta>`` tag or a
    ``<time datetime>`` element. Checks read it where the page has no front matter."""

    name: str  # "author" | "published" | "updated" | "reviewed"; "" for an unlabelled <time>
    value: str  # the attribute value as written
    start: int  # source span of that value (where findings point)
    end: int
    source: str  # what stated it: 'meta name="author"', 'time itemprop="dateModified"', 'time'
    element: tuple[int, int] = (0, 0)  # source span of the whole element


@dataclass
class FrontMatter:
    """Parsed YAML front matter with the source span of every top-level key and value."""

    data: dict[str, Any]
    start: int
    end: int
    key_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    value_spans: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Identifier:
    """A DOI, PMID, PMCID or URL as written in the source."""

    kind: str  # "doi" | "pmid" | "pmcid" | "url"
    value: str  # as written (without surrounding punctuation)
    start: int
    end: int
    normalized: str = ""


@dataclass
class Reference:
    """An entry of the reference list with its identifiers and stated metadata."""

    label: str
    start: int
    end: int
    text: str
    identifiers: list[Identifier] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    title: str = ""
    journal: str = ""
    block: Block | None = None


@dataclass
class Citation:
    """An in-text citation: a marker, author-year, link or bare identifier."""

    kind: str  # "marker" | "footnote" | "author_year" | "journal" | "link" | "identifier"
    start: int
    end: int
    text: str
    labels: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    sentence: Sentence | None = None
    url: str = ""


@dataclass
class Claim:
    """A sentence (or clause) that asserts a health fact an editor would want sourced."""

    sentence: Sentence
    start: int
    end: int
    text: str
    type: str
    score: float
    cues: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    # A list lead-in's claim stands for its fragment items; their citations count for it.
    items: list[Sentence] = field(default_factory=list, repr=False)
    # What the claim model weighed (``claims.detect.explain`` ranks them).
    features: list[str] = field(default_factory=list, repr=False)

    @property
    def cited(self) -> bool:
        return bool(self.citations)


@dataclass
class Article:
    """A file as healthlint read it."""

    path: str
    format: str
    source: SourceText
    encoding: str = "utf-8"
    blocks: list[Block] = field(default_factory=list)
    front_matter: FrontMatter | None = None
    comments: list[Comment] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    page_meta: list[PageMeta] = field(default_factory=list)
    # Every sentence's score without quotations (claims.detect.assess), kept from analysis so
    # checks that need the non-claims too do not score the article a second time.
    assessments: list[Any] | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.source.text

    def position(self, offset: int) -> Position:
        return self.source.position(offset)

    def excerpt(self, start: int, end: int) -> str:
        return self.source.text[start:end]

    def blocks_of(self, *kinds: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    @property
    def metadata(self) -> dict[str, Any]:
        return self.front_matter.data if self.front_matter else {}

    @property
    def front_matter_unreadable(self) -> bool:
        """Front matter is there (or opened) but could not be parsed: what it says is unknown."""
        return self.front_matter is None and any(p.code == "HL904" for p in self.problems)
