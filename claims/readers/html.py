"""HTML reader: a CMS export or a saved web page, with exact source offsets.

Uses the standard library's ``HTMLParser`` with ``convert_charrefs=False`` so that
text, entities, tags and comments arrive one by one with their positions
(``getpos()`` counts ``\\n`` only, so offsets come from this module's own index of
``\\n``). Site chrome that carries nothing an editor answers for (script, style,
nav, forms, and elements whose class, id or role says navigation, menu,
breadcrumb, cookie or share) is skipped. Page regions around the article —
``header``/``footer`` outside ``<article>``/``<main>``, ``aside``, and elements
whose class, id or role says footer, sidebar, banner, contentinfo or
complementary — are kept as blocks marked ``data["region"]`` (``"footer"``,
``"header"``, ``"aside"``), because a site-wide medical disclaimer or byline often
lives there; ``claims.roles`` labels them boilerplate or disclaimer, never
article prose. When the page has a ``<main>``, only blocks inside it (and the
page-level regions) are kept; otherwise, when it has ``<article>`` elements, only
those of the largest one and of those near its size (a Q&A page's answers; not a teaser
card), unless the page's own prose outside every ``<article>`` outweighs them (a Q&A page
that marks up only its question). Comments are recorded everywhere.

Metadata stated in markup rather than text goes to ``article.page_meta``:
``<meta>`` tags naming the author and the published/modified dates (``author``,
``article:published_time``, ``article:modified_time``, schema.org ``itemprop``
and Dublin Core names), and ``<time datetime>`` elements in kept blocks, with
the kind their ``itemprop``, ``class`` or ``pubdate`` gives (``""`` when none).

Block kinds follow the innermost element that gives one: ``h1``-``h6`` headings,
``li`` list items, ``td``/``th`` table cells, ``pre`` code, and ``blockquote``
(a paragraph inside a quote is a BLOCKQUOTE block with ``quoted=True``, as in the
Markdown reader); other text (``p``, ``div``, ``dd``, ``figcaption`` ...) is a
paragraph. ``block.data`` holds ``tag``, ``classes``, ``id``, ``ancestors`` and
``superscripts`` (source spans of ``<sup>`` elements, which carry citation markers).

The Markdown reader reuses :func:`parse_fragment` for its HTML blocks; the projection
helpers both readers use are in :mod:`claims.readers.projecting`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any

from claims.model import Article, Block, BlockKind, Comment, Link, PageMeta
from claims.readers.projecting import (
    TextCollector,
    assign_sections,
    attr_span,
    text_within,
    trim_span,
)

_END_TAG_RE = re.compile(r"</[^>]*>?")


_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Elements whose text gets a kind of its own (innermost wins).
_KIND_OF = {
    **{tag: BlockKind.HEADING for tag in _HEADINGS},
    "li": BlockKind.LIST_ITEM,
    "td": BlockKind.TABLE_CELL,
    "th": BlockKind.TABLE_CELL,
    "pre": BlockKind.CODE,
    "blockquote": BlockKind.BLOCKQUOTE,
    "textarea": BlockKind.CODE,
}
# Elements that end the text before them and start a new block.
_BLOCK_TAGS = frozenset({
    *_KIND_OF, "p", "div", "dd", "dt", "dl", "figcaption", "figure", "caption", "ul", "ol",
    "menu", "table", "thead", "tbody", "tfoot", "tr", "section", "article", "main", "body",
    "html", "address", "details", "summary", "center", "fieldset", "legend", "hgroup",
    "header", "footer", "nav", "aside", "form", "hr", "option", "dialog", "search",
})
# Containers whose start tag is never the start of a paragraph found directly inside them.
_STRUCTURAL = frozenset({
    "html", "body", "main", "article", "section", "ul", "ol", "menu", "dl", "table", "thead",
    "tbody", "tfoot", "tr", "figure", "header", "footer", "details", "fieldset", "hgroup",
    "center", "search",
})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen",
})
_SKIP_TAGS = frozenset({
    "script", "style", "nav", "noscript", "template", "form", "svg", "math", "head",
    "title", "iframe", "object", "canvas", "select", "button", "video", "audio", "map",
})
_PREFORMATTED = frozenset({"pre", "textarea"})
_LISTS = frozenset({"ul", "ol", "menu"})
# Page regions kept as marked blocks: header/footer unless inside <article> or <main>.
_PAGE_REGIONS = frozenset({"header", "footer"})
_CONTENT_ROOTS = frozenset({"article", "main"})
SKIP = "skip"  # what _chrome returns for chrome that is dropped
_CHROME_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "cookie",
    "cookies", "share", "sharing",
})
_REGION_WORDS = {"footer": "footer", "sidebar": "aside"}
_CHROME_ROLES = frozenset({"navigation", "search", "menu", "menubar"})
_REGION_ROLES = {"contentinfo": "footer", "banner": "header", "complementary": "aside"}
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_WORD_SPLIT_RE = re.compile(r"[^a-z0-9]+")


def _chrome(tag: str, attrs: dict[str, str]) -> str:
    """What class, id or role say: :data:`SKIP`, a region name, or '' (conservative: whole
    words only; a navigation word wins over a region word, as in ``footer-nav``)."""
    if not attrs or tag in _NEVER_CHROME:
        return ""
    if "hidden" in attrs:
        return SKIP
    role = attrs.get("role", "").strip().lower()
    if role in _CHROME_ROLES:
        return SKIP
    if role in _REGION_ROLES:
        return _REGION_ROLES[role]
    names = f"{attrs.get('class', '')} {attrs.get('id', '')}"
    chrome = _CHROME_NAMES.get(names)
    if chrome is None:
        words = _WORD_SPLIT_RE.split(names.lower())
        chrome = SKIP if any(w in _CHROME_WORDS for w in words) else next(
            (_REGION_WORDS[w] for w in words if w in _REGION_WORDS), "")
        if len(_CHROME_NAMES) < 4096:
            _CHROME_NAMES[names] = chrome
    return chrome


_CHROME_NAMES: dict[str, str] = {}  # class and id strings already judged (pages repeat them)

# <meta> names and properties (lower-cased) that state provenance, by what they state.
_META_NAMES = {
    "author": "author", "article:author": "author", "dc.creator": "author",
    "dcterms.creator": "author", "byl": "author",
    "article:published_time": "published", "datepublished": "published", "date": "published",
    "pubdate": "published", "publish-date": "published", "publish_date": "published",
    "dc.date": "published", "dc.date.issued": "published", "dcterms.issued": "published",
    "dcterms.created": "published", "datecreated": "published",
    "article:modified_time": "updated", "og:updated_time": "updated",
    "datemodified": "updated", "dcterms.modified": "updated", "last-modified": "updated",
    "lastreviewed": "reviewed", "last-reviewed": "reviewed",
}
_TIME_ITEMPROPS = {"datepublished": "published", "datecreated": "published",
                   "datemodified": "updated", "lastreviewed": "reviewed"}
_TIME_CLASSES = (
    (re.compile(r"modif|updat|revis"), "updated"),
    (re.compile(r"review"), "reviewed"),
    (re.compile(r"publish|posted|pubdate|created"), "published"),
)


@dataclass(slots=True)
class _Element:
    tag: str
    start: int
    end: int  # end of the start tag
    skip: bool = False
    classes: tuple[str, ...] = ()
    ident: str = ""
    fresh: bool = True  # no block has been emitted inside it yet
    href: str | None = None
    href_span: tuple[int, int] | None = None
    ordinal: int = -1  # for <article>: its number in document order
    preformatted: bool = False  # a <pre> or <textarea> counted in ``_Parser.preformatted``
    description: str = ""  # "tag#id.class" for ``data["ancestors"]``
    segment: _Segment | None = None
    region: str = ""  # "header" | "footer" | "aside": a page region kept as marked blocks
    record: int = -1  # for <time datetime>: its index in ``_Parser.metas``


@dataclass
class _Segment:
    """Text being collected for one block."""

    start: int
    owner: _Element | None  # the element that gave the block its kind (or its tag)
    container: _Element | None  # the innermost block element around the text
    kind: BlockKind
    level: int
    quoted: bool
    scope: tuple[bool, int]  # (inside <main>, ordinal of the outermost <article> or -1)
    data: dict[str, Any]
    collector: TextCollector = field(default_factory=TextCollector)
    last_end: int = -1  # source end of the last content (text, entity or inline tag)
    # (url, url span, content start, content end) of each <a href> closed in the block
    links: list[tuple[str, tuple[int, int], int, int]] = field(default_factory=list)


@dataclass
class _Emitted:
    block: Block
    scope: tuple[bool, int]
    region: str = ""


@dataclass
class _Found:
    """A provenance element and where it sat, so it is kept or dropped with the blocks."""

    meta: PageMeta
    scope: tuple[bool, int]
    region: str
    page_level: bool  # a <meta name|property> speaks for the whole page wherever it sits


class _Parser(HTMLParser):
    """Turns parser events into blocks; every offset is ``base`` + position in the fragment."""

    def __init__(self, article: Article, start: int, end: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = article.text
        self.base = start
        self.fragment = article.text[start:end]
        starts = [0]
        find = self.fragment.find
        index = find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self.newline_starts = starts
        self.stack: list[_Element] = []
        self.skipping = 0
        self.preformatted = 0  # open <pre>/<textarea> elements outside skipped content
        self.segment: _Segment | None = None
        self.emitted: list[_Emitted] = []
        self.comments: list[Comment] = []
        self.saw_main = False
        self.unclosed_comment = False
        # The element whose start tag began the last block: when its end tag follows with
        # nothing in between (``<li><p>...</p></li>``), the block ends there too.
        self.last_owner: _Element | None = None
        self.articles = 0
        self.metas: list[_Found] = []  # <meta> and <time datetime>, filtered like blocks

    # positions -------------------------------------------------------------

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.base + self.newline_starts[line - 1] + column

    # segments --------------------------------------------------------------

    def _ensure_segment(self, offset: int) -> _Segment:
        if self.segment is not None:
            return self.segment
        giver: _Element | None = None  # innermost element that gives a kind
        inner: _Element | None = None  # innermost block element
        quoted = in_main = False
        lists = 0
        article_id = -1
        region = ""
        ancestors: list[_Element] = []
        for element in self.stack:  # one pass, outermost first
            tag = element.tag
            if element.region:
                region = element.region
            if tag in _KIND_OF:
                giver = element
            if tag in _BLOCK_TAGS:
                inner = element
            if tag == "blockquote":
                quoted = True
            elif tag == "main":
                in_main = True
            elif tag == "article" and article_id < 0:
                article_id = element.ordinal
            elif tag in _LISTS:
                lists += 1
            if tag not in ("html", "body"):
                ancestors.append(element)
        start = offset
        if giver is not None and giver.fresh:
            start = giver.start
        elif inner is not None and inner.fresh and inner.tag not in _STRUCTURAL:
            start = inner.start
        kind = _KIND_OF[giver.tag] if giver is not None else BlockKind.PARAGRAPH
        level = 0
        if giver is not None and kind is BlockKind.HEADING:
            level = _HEADINGS[giver.tag]
        elif kind is BlockKind.LIST_ITEM:
            level = lists or 1
        owner = giver or inner
        data: dict[str, Any] = {}
        if owner is not None:
            data = {"tag": owner.tag, "classes": owner.classes}
            if owner.ident:
                data["id"] = owner.ident
            if owner.tag == "th":
                data["header"] = True
            if kind is BlockKind.LIST_ITEM and not owner.fresh:
                data["continuation"] = True
        data["ancestors"] = tuple(e.description for e in ancestors if e is not owner)
        if region:
            data["region"] = region
        self.segment = _Segment(start, owner, inner, kind, level, quoted, (in_main, article_id),
                                data, TextCollector(collapse=kind is not BlockKind.CODE))
        return self.segment

    def _close_segment(self, end: int | None = None) -> None:
        segment = self.segment
        if segment is None:
            return
        self.segment = None
        projection = segment.collector.build()
        if not projection.text:
            return
        if end is None:
            end = max(segment.last_end, segment.start)
        links = []
        for url, (url_start, url_end), content_start, content_end in segment.links:
            # an <a> closed implicitly, after its block ended, is cut at the block's end
            start, stop = trim_span(self.source, max(content_start, segment.start),
                                    min(content_end, end))
            stop = max(start, stop)
            links.append(Link(url, start, stop, url_start, url_end,
                              text_within(projection, start, stop)))
        block = Block(segment.kind, segment.start, end, projection, level=segment.level,
                      links=links, quoted=segment.quoted, data=segment.data)
        self.emitted.append(_Emitted(block, segment.scope, segment.data.get("region", "")))
        self.last_owner = segment.owner if segment.owner and segment.owner.start == block.start \
            else None
        for element in self.stack:
            element.fresh = False

    # parser events ---------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.unclosed_comment:
            return
        offset = self._offset()
        tag_text = self.get_starttag_text() or ""
        end = offset + len(tag_text)
        if tag in _VOID:
            self._void(tag, offset, end, attrs, tag_text)
            return
        attributes = {name: value or "" for name, value in attrs}
        element = _Element(tag, offset, end)
        if attributes:
            element.classes = tuple(attributes.get("class", "").split())
            element.ident = attributes.get("id", "")
            element.description = _describe(element)
        else:
            element.description = tag
        if tag == "main":
            self.saw_main = True
        elif tag == "article":
            element.ordinal = self.articles
            self.articles += 1
        chrome = _chrome(tag, attributes)
        skip = tag in _SKIP_TAGS or chrome == SKIP
        if chrome and not skip:
            element.region = chrome
        elif tag == "aside" or (tag in _PAGE_REGIONS
                                and not any(e.tag in _CONTENT_ROOTS for e in self.stack)):
            element.region = "aside" if tag == "aside" else tag
        element.skip = skip
        if self.skipping or skip:
            self.stack.append(element)
            if skip:
                self.skipping += 1
            return
        if tag in _PREFORMATTED:
            element.preformatted = True
            self.preformatted += 1
        if tag in _BLOCK_TAGS:
            self._close_segment()
        elif self.segment is not None:
            self.segment.last_end = end
        self.stack.append(element)
        if tag == "a" and "href" in attributes:
            segment = self._ensure_segment(offset)
            element.href = attributes["href"]
            span = attr_span(tag_text, "href")
            if span is not None:
                element.href_span = (offset + span[0], offset + span[1])
            element.segment = segment
        elif tag == "sup":
            self._ensure_segment(offset)
            element.segment = self.segment
        elif tag == "time" and "datetime" in attributes:
            self._ensure_segment(offset)
            element.record = self._time(attributes, offset, tag_text)

    def _time(self, attributes: dict[str, str], offset: int, tag_text: str) -> int:
        """Record a ``<time datetime>`` with the kind its markup states; its index."""
        itemprop = attributes.get("itemprop", "").strip().lower()
        kind, said = _TIME_ITEMPROPS.get(itemprop, ""), f'time itemprop="{itemprop}"'
        if not kind and "pubdate" in attributes:
            kind, said = "published", "time pubdate"
        if not kind:
            names = f"{attributes.get('class', '')} {attributes.get('id', '')}".lower()
            kind = next((k for pattern, k in _TIME_CLASSES if pattern.search(names)), "")
            said = f'time class="{attributes.get("class", "")}"' if kind else "time"
        span = attr_span(tag_text, "datetime") or (0, 0)
        self.metas.append(_Found(PageMeta(kind, attributes["datetime"].strip(),
                                          offset + span[0], offset + span[1], said,
                                          (offset, offset + len(tag_text))),
                                 self._scope(), self._region(), page_level=False))
        return len(self.metas) - 1

    def _meta(self, attrs: list[tuple[str, str | None]], offset: int, tag_text: str) -> None:
        """Record a provenance ``<meta>``: name/property ones are page-level, itemprop not."""
        attributes = {name: (value or "").strip() for name, value in attrs}
        for attr in ("name", "property", "itemprop"):
            key = attributes.get(attr, "").lower()
            kind = _META_NAMES.get(key)
            if kind is None or not attributes.get("content"):
                continue
            if kind == "author" and re.match(r"(?:https?:)?//", attributes["content"]):
                continue  # an author page URL, not a name
            span = attr_span(tag_text, "content") or (0, 0)
            found = PageMeta(kind, attributes["content"], offset + span[0], offset + span[1],
                             f'meta {attr}="{attributes[attr]}"',
                             (offset, offset + len(tag_text)))
            self.metas.append(_Found(found, self._scope(), self._region(),
                                     page_level=attr != "itemprop"))
            return

    def _scope(self) -> tuple[bool, int]:
        in_main = any(e.tag == "main" for e in self.stack)
        article = next((e.ordinal for e in self.stack if e.tag == "article"), -1)
        return in_main, article

    def _region(self) -> str:
        return next((e.region for e in reversed(self.stack) if e.region), "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.unclosed_comment:
            return
        if tag in _VOID:
            offset = self._offset()
            tag_text = self.get_starttag_text() or ""
            self._void(tag, offset, offset + len(tag_text), attrs, tag_text)
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def _void(self, tag: str, offset: int, end: int, attrs: list[tuple[str, str | None]],
              tag_text: str) -> None:
        if tag == "meta" and (not self.skipping or any(e.tag == "head" for e in self.stack)):
            self._meta(attrs, offset, tag_text)
            return
        if self.skipping:
            return
        if tag == "br":
            if self.segment is not None:
                self.segment.collector.space(offset)
                self.segment.last_end = end
        elif tag == "hr":
            self._close_segment()

    def handle_endtag(self, tag: str) -> None:
        if self.unclosed_comment:
            return
        stack = self.stack
        index = len(stack) - 1
        while index >= 0 and stack[index].tag != tag:
            index -= 1
        if index < 0:
            return  # a stray end tag
        closing = stack[index:]
        del stack[index:]
        was_skipping = self.skipping > 0
        first_skip = -1
        for position, element in enumerate(closing):
            if element.skip:
                self.skipping -= 1
                if first_skip < 0:
                    first_skip = position
            if element.preformatted:
                self.preformatted -= 1
        if was_skipping:
            if first_skip <= 0:
                return  # inside skipped content, or the skipped element itself
            closing = closing[:first_skip]  # the skipped element closed with its ancestors
        offset = self._offset()
        match = _END_TAG_RE.match(self.source, offset)
        end = match.end() if match else offset
        closes_block = False
        for element in reversed(closing):
            if element.segment is not None:
                self._close_inline(element, offset, end)
            if element.record >= 0:
                found = self.metas[element.record]
                found.meta = replace(found.meta, element=(found.meta.element[0], end))
            if element.tag in _BLOCK_TAGS:
                closes_block = True
        if self.segment is None and self.last_owner is closing[0] and self.emitted:
            self.emitted[-1].block.end = end
            self.last_owner = None
        if closes_block:
            # A block ends at its own end tag; one closed implicitly ends at its last content.
            own = self.segment is not None and self.segment.container is closing[0]
            self._close_segment(end if own else None)
        elif self.segment is not None:
            self.segment.last_end = end

    def _close_inline(self, element: _Element, close_start: int, end: int) -> None:
        segment = element.segment
        if segment is None or segment is not self.segment:
            return
        if element.tag == "sup":
            segment.data.setdefault("superscripts", []).append((element.start, end))
        elif element.tag == "a" and element.href is not None:
            url_span = element.href_span or (element.start, element.start)
            segment.links.append((element.href.strip(), url_span, element.end,
                                  max(element.end, close_start)))

    def handle_data(self, data: str) -> None:
        if self.unclosed_comment or not data:
            return
        if self.segment is None and not self.preformatted and data.isspace():
            return  # white space between tags
        offset = self._offset()
        if data[0] == "<" and self.source.startswith("<!--", offset):
            # An unclosed comment: browsers hide everything after it, and so does this reader.
            end = self.base + len(self.fragment)
            self.comments.append(Comment(self.source[offset:end], offset, end))
            self.unclosed_comment = True
            return
        if self.skipping:
            return
        in_pre = self.preformatted > 0
        content = data.rstrip()
        if self.segment is None and not in_pre and not content:
            return
        segment = self._ensure_segment(offset)
        if in_pre and not len(segment.collector) and data.startswith("\n"):
            data, offset = data[1:], offset + 1  # HTML drops the newline after <pre>
        segment.collector.text(data, offset)
        if in_pre:
            segment.last_end = offset + len(data)
        elif content.strip():
            segment.last_end = offset + len(content)

    def _reference(self, raw_body: str) -> None:
        if self.skipping or self.unclosed_comment:
            return
        offset = self._offset()
        length = len(raw_body)
        if self.source[offset + length:offset + length + 1] == ";":
            length += 1
        raw = self.source[offset:offset + length]
        decoded = html.unescape(raw)
        segment = self._ensure_segment(offset)
        if decoded == raw:
            segment.collector.text(raw, offset)
        else:
            segment.collector.synthetic(decoded, offset)
        segment.last_end = offset + length

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def handle_comment(self, data: str) -> None:
        if self.unclosed_comment:
            return
        offset = self._offset()
        end = offset + 4 + len(data) + 3
        if self.source[end - 3:end] != "-->":
            close = self.source.find(">", offset + 4 + len(data))
            end = close + 1 if close >= 0 else offset + 4 + len(data)
        self.comments.append(Comment(self.source[offset:end], offset, end))

    def finish(self) -> None:
        self._close_segment()


def _describe(element: _Element) -> str:
    name = element.tag
    if element.ident:
        name += "#" + element.ident
    return name + "".join("." + c for c in element.classes)


def parse_fragment(article: Article, start: int, end: int) -> tuple[list[Block], list[Comment]]:
    """Blocks and comments of the HTML between two source offsets (no content filtering)."""
    parser = _run(article, start, end)
    return [e.block for e in parser.emitted], parser.comments


def _run(article: Article, start: int, end: int) -> _Parser:
    parser = _Parser(article, start, end)
    try:
        parser.feed(parser.fragment)
        parser.close()
    except Exception:  # malformed markup: keep what was read up to the failure
        pass
    parser.finish()
    return parser


_PAGE_LEVEL = (False, -1)  # the scope of what sits outside <main> and every <article>


def _everything(scope: tuple[bool, int], region: str) -> bool:
    return True


# An <article> at least this share of the largest one's text is content too: a Q&A page's
# or a thread's answers are of a size; a related story's teaser card is a small fraction.
_SIBLING_SHARE = 0.25


def _content_scope(parser: _Parser) -> Callable[[tuple[bool, int], str], bool]:
    """Which blocks are kept, by scope and region: the page's <main>, else its largest
    <article> and those near its size (``_SIBLING_SHARE``), plus the page-level regions
    (site header, footer, sidebar); everything when neither is found or the chosen part has
    no prose of its own."""
    emitted = parser.emitted
    kept: set[int] = set()
    if not parser.saw_main and parser.articles:
        sizes: dict[int, int] = {}
        for e in emitted:
            if e.scope[1] >= 0:
                sizes[e.scope[1]] = sizes.get(e.scope[1], 0) + len(e.block.text)
        if sizes:
            largest = max(sizes.values())
            kept = {key for key, size in sizes.items() if size >= _SIBLING_SHARE * largest}
            outside = sum(len(e.block.text) for e in emitted if e.scope == _PAGE_LEVEL
                          and not e.region and e.block.kind.is_prose)
            if outside > sum(sizes[key] for key in kept):
                kept = set()  # the <article> holds only a question: the answers are outside
    if not parser.saw_main and not kept:
        return _everything
    saw_main = parser.saw_main

    def keep(scope: tuple[bool, int], region: str) -> bool:
        if region and scope == _PAGE_LEVEL:
            return True
        return scope[0] if saw_main else scope[1] in kept

    if not any(e.block.kind.is_prose and not e.region and keep(e.scope, e.region)
               for e in emitted):
        return _everything
    return keep


def parse(article: Article) -> None:
    """Fill the article's blocks, comments and page metadata from an HTML document."""
    parser = _run(article, 0, len(article.text))
    keep = _content_scope(parser)
    blocks = [e.block for e in parser.emitted if keep(e.scope, e.region)]
    blocks.sort(key=lambda b: b.start)
    assign_sections(blocks)
    article.blocks.extend(blocks)
    article.comments.extend(sorted(parser.comments, key=lambda c: c.start))
    article.page_meta.extend(sorted(
        (f.meta for f in parser.metas if f.page_level or keep(f.scope, f.region)),
        key=lambda m: m.start))
