"""Markdown reader: CommonMark with GFM tables, strikethrough and footnotes, at exact offsets.

markdown-it-py finds the blocks and their line ranges (its inline pass is
disabled: it would cost most of the parse time and gives no offsets). For each
block this module takes the lines from ``article.source`` itself (which keeps
CRLF and tabs), strips the container prefixes (``>`` markers, list markers,
footnote labels, indentation, table pipes) and projects the inline markup with
:class:`_Inline`, so every projected character maps to its source offset.

Block kinds: headings, paragraphs, list items (one block per paragraph of an
item; later paragraphs carry ``data["continuation"]``), table cells, code (fenced
and indented), and BLOCKQUOTE for a paragraph inside a ``>`` quote (headings and
list items inside quotes keep their kind and get ``quoted=True``). Footnote
definitions are LIST_ITEM blocks with ``data["footnote"] = label``. HTML blocks
are read by the HTML reader (imported only then); comments anywhere outside code are collected.

Projection rules: emphasis, strikethrough and code-span markers are removed;
link text is kept (a link whose text is a citation number such as ``[1]`` keeps
its brackets, since they make it a marker) and recorded as a Link; images are
dropped; autolinks keep the URL; inline HTML tags are dropped but their text
kept (``<sup>`` spans go to ``data["superscripts"]``); escapes and entities are
decoded; footnote references ``[^1]`` stay verbatim; white space runs and line
breaks become one space.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.entities import html5
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import normalizeReference
from mdit_py_plugins.footnote import footnote_plugin

from claims.frontmatter import read_front_matter
from claims.model import Article, Block, BlockKind, Comment, Link
from claims.readers.projecting import (
    TextCollector,
    assign_sections,
    attr_span,
    text_within,
    trim_span,
)
from claims.source import Projection, ProjectionBuilder

_MD: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    """One block-level parser per process."""
    global _MD
    if _MD is None:
        md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
        md.disable(["inline", "footnote_tail"])
        _MD = md
    return _MD


_QUOTE_RE = re.compile(r"[ \t]*(>)[ \t]?")
_ITEM_RE = re.compile(r"[ \t]*([-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)")
_FOOTNOTE_DEF_RE = re.compile(r"[ \t]*(\[\^[^\]]+\]:)")
_ATX_RE = re.compile(r"[ \t]*#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE_RE = re.compile(r"[ \t]+#+[ \t]*$")
_FENCE_RE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_REF_DEF_RE = re.compile(
    r"[ \t>]*\[(?:\\.|[^\\\]])+\]:[ \t]*(?:\r\n|\r|\n)?[ \t>]*(?:<([^<>\r\n]*)>|(\S+))"
)


@dataclass
class _Container:
    kind: str  # "quote" | "item" | "footnote"
    line: int  # 0-based first line
    depth: int = 0  # list depth of an item
    marker: str = ""
    label: str = ""
    marker_start: int = -1  # source offset of the list marker / footnote label
    content_start: int = -1  # source offset of the content on the first line
    indent: int = 0  # columns continuation lines are indented by
    blocks: int = 0  # blocks emitted inside so far


class _Reader:
    def __init__(self, article: Article, env: dict[str, Any]) -> None:
        self.article = article
        self.text = article.text
        self.source = article.source
        self.stack: list[_Container] = []
        self.list_depth = 0
        self.blocks: list[Block] = []
        self.comments: list[Comment] = []
        self.references: dict[str, Any] = env.get("references", {})
        self._definition_spans: dict[str, tuple[int, int] | None] = {}

    # lines and container prefixes --------------------------------------------

    def line_bounds(self, line: int) -> tuple[int, int]:
        return self.source.line_span(line + 1)

    def content_start(self, line: int) -> tuple[int, int | None]:
        """Offset after the container markers of ``line``, and the first marker of a
        container that opens on this line (where a block starting there begins)."""
        text = self.text
        pos, end = self.line_bounds(line)
        first: int | None = None
        for container in self.stack:
            if container.kind == "quote":
                match = _QUOTE_RE.match(text, pos, end)
                if match is None:
                    break  # a lazy continuation line
                if container.line == line and first is None:
                    first = match.start(1)
                pos = match.end()
            elif container.line == line and container.content_start >= 0:
                if first is None:
                    first = container.marker_start
                pos = container.content_start
            else:
                pos = _skip_columns(text, pos, end, container.indent)
        return pos, first

    def _open_container(self, container: _Container, pattern: re.Pattern[str]) -> None:
        """Locate the marker on the container's first line and its content indent."""
        pos, _ = self.content_start(container.line)
        end = self.line_bounds(container.line)[1]
        match = pattern.match(self.text, pos, end)
        if match is not None:
            container.marker = match.group(1)
            container.marker_start = match.start(1)
            after = match.end()
            gap = after
            while gap < end and self.text[gap] in " \t":
                gap += 1
            spaces = _columns(self.text, after, gap)
            if container.kind == "footnote":
                container.indent = 4
                container.content_start = gap
            elif gap >= end or spaces > 4:
                container.indent = (after - pos) + 1
                container.content_start = min(after + 1, end)
            else:
                container.indent = _columns(self.text, pos, after) + spaces
                container.content_start = gap
        self.stack.append(container)

    # walking the block tokens -------------------------------------------------

    def walk(self, tokens: list[Any]) -> None:
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "blockquote_open":
                self.stack.append(_Container("quote", token.map[0]))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_depth -= 1
            elif kind == "list_item_open":
                self._open_container(_Container("item", token.map[0], depth=self.list_depth),
                                     _ITEM_RE)
            elif kind == "footnote_reference_open":
                self._open_container(
                    _Container("footnote", token.map[0], label=token.meta.get("label", "")),
                    _FOOTNOTE_DEF_RE)
            elif kind in ("blockquote_close", "list_item_close", "footnote_reference_close"):
                if self.stack:
                    self.stack.pop()
            elif kind == "heading_open":
                self._heading(token)
            elif kind == "paragraph_open":
                self._paragraph(token)
            elif kind in ("fence", "code_block"):
                self._code(token)
            elif kind == "html_block":
                self._html(token)
            elif kind == "table_open":
                index = self._table(tokens, index)
            index += 1

    def _emit(self, block: Block) -> None:
        for container in self.stack:
            container.blocks += 1
        self.blocks.append(block)

    def _prose_context(self) -> tuple[BlockKind, int, bool, dict[str, Any]]:
        quoted = any(c.kind == "quote" for c in self.stack)
        if not self.stack:
            return BlockKind.PARAGRAPH, 0, False, {}
        inner = self.stack[-1]
        if inner.kind == "quote":
            return BlockKind.BLOCKQUOTE, 0, True, {}
        data: dict[str, Any] = {}
        if inner.blocks:
            data["continuation"] = True
        if inner.kind == "footnote":
            data["footnote"] = inner.label
            return BlockKind.LIST_ITEM, 1, quoted, data
        data["marker"] = inner.marker
        if inner.marker[:1].isdigit():
            data["number"] = int(inner.marker[:-1])
        return BlockKind.LIST_ITEM, inner.depth, quoted, data

    def _prose_segments(self, first: int, last: int) -> tuple[list[tuple[int, int]], int]:
        """Content spans of lines ``first``..``last - 1`` and where the block starts."""
        text = self.text
        segments: list[tuple[int, int]] = []
        start = -1
        for line in range(first, last):
            pos, marker = self.content_start(line)
            end = self.line_bounds(line)[1]
            while pos < end and text[pos] in " \t":
                pos += 1
            while end > pos and text[end - 1] in " \t":
                end -= 1
            if line == first:
                start = marker if marker is not None else pos
            segments.append((pos, end))
        return segments, start

    def _paragraph(self, token: Any) -> None:
        first, last = token.map
        segments, start = self._prose_segments(first, last)
        kind, level, quoted, data = self._prose_context()
        self._emit(self._project(kind, start, segments, level=level, quoted=quoted, data=data))

    def _heading(self, token: Any) -> None:
        first, last = token.map
        text = self.text
        quoted = any(c.kind == "quote" for c in self.stack)
        level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        if token.markup.startswith("#"):
            segments, start = self._prose_segments(first, first + 1)
            pos, end = segments[0]
            match = _ATX_RE.match(text, pos, end)
            block_end = end
            if match is not None:
                pos = match.end()
            close = _ATX_CLOSE_RE.search(text, pos, end)
            if close is not None:
                end = close.start()
            elif not text[pos:end].strip("#"):
                end = pos  # "### ###": the closing sequence is all there is
            segments = [(pos, max(pos, end))]
        else:  # setext: the last line is the underline
            segments, start = self._prose_segments(first, last - 1)
            underline, _ = self._prose_segments(last - 1, last)
            block_end = underline[0][1]
        self._emit(self._project(BlockKind.HEADING, start, segments, level=level, quoted=quoted,
                                 end=block_end))

    def _project(self, kind: BlockKind, start: int, segments: list[tuple[int, int]], *,
                 level: int = 0, quoted: bool = False, data: dict[str, Any] | None = None,
                 end: int | None = None) -> Block:
        data = dict(data or {})
        inline = _Inline(self, segments)
        projection = inline.run()
        if inline.superscripts:
            data["superscripts"] = inline.superscripts
        block_end = segments[-1][1] if end is None else end
        return Block(kind, start, max(start, block_end), projection, level=level,
                     links=inline.links, quoted=quoted, data=data)

    def _code(self, token: Any) -> None:
        first, last = token.map
        text = self.text
        builder = ProjectionBuilder()
        fenced = token.type == "fence"
        pos, marker = self.content_start(first)
        line_end = self.line_bounds(first)[1]
        if fenced:
            fence = _FENCE_RE.match(text, pos, line_end)
            indent = _columns(text, pos, fence.start(1)) if fence else 0
            opening = fence.start(1) if fence else pos
            body_first, body_last = first + 1, last
            if last - 1 > first:
                close_pos, _ = self.content_start(last - 1)
                close = _FENCE_RE.match(text, close_pos, self.line_bounds(last - 1)[1])
                if close and close.group(1)[0] == token.markup[0] and \
                        len(close.group(1)) >= len(token.markup) and \
                        not text[close.end():self.line_bounds(last - 1)[1]].strip():
                    body_last = last - 1
        else:
            indent = 4
            opening = _skip_columns(text, pos, line_end, 4)
            body_first, body_last = first, last
        start = marker if marker is not None else opening
        end = start
        while body_last > body_first and not text[
                self.content_start(body_last - 1)[0]:self.line_bounds(body_last - 1)[1]].strip():
            body_last -= 1  # trailing blank lines of an unclosed fence are not code
        for line in range(body_first, body_last):
            pos, _ = self.content_start(line)
            line_start, line_end = self.line_bounds(line)
            pos = _skip_columns(text, pos, line_end, indent)
            if len(builder):
                builder.append_synthetic("\n", line_start - 1 if line_start else 0)
            builder.append(text[pos:line_end], pos)
        for line in range(first, last):
            _, line_end = self.line_bounds(line)
            if text[self.line_bounds(line)[0]:line_end].strip():
                end = max(end, line_end)
        data: dict[str, Any] = {"fenced": fenced}
        if fenced and token.info.strip():
            data["info"] = token.info.strip()
        self._emit(Block(BlockKind.CODE, start, end, builder.build(),
                         quoted=any(c.kind == "quote" for c in self.stack), data=data))

    def _html(self, token: Any) -> None:
        first, last = token.map
        segments, start = self._prose_segments(first, last)
        end = max(start, segments[-1][1])
        if any(c.kind == "quote" for c in self.stack):
            # Quote markers would read as text; take only the comments.
            for match in _COMMENT_RE.finditer(self.text, start, end):
                self.comments.append(Comment(match.group(), match.start(), match.end()))
            return
        from claims.readers.html import parse_fragment  # only files with HTML blocks need it

        blocks, comments = parse_fragment(self.article, start, end)
        self.comments.extend(comments)
        for block in blocks:
            self._emit(block)

    def _table(self, tokens: list[Any], index: int) -> int:
        rows: list[int] = []
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open" and token.map:
                rows.append(token.map[0])
            index += 1
        quoted = any(c.kind == "quote" for c in self.stack)
        headers: list[str] = []
        for row, line in enumerate(rows):
            segments, _ = self._prose_segments(line, line + 1)
            pos, end = segments[0]
            cells = _split_cells(self.text, pos, end)
            if row == 0:
                width = len(cells)
            for column, (cell_start, cell_end) in enumerate(cells[:width]):
                if cell_start == cell_end:
                    if row == 0:
                        headers.append("")
                    continue
                data: dict[str, Any] = {"row": row, "column": column}
                if row == 0:
                    data["header"] = True
                elif column < len(headers) and headers[column]:
                    data["column_header"] = headers[column]
                block = self._project(BlockKind.TABLE_CELL, cell_start, [(cell_start, cell_end)],
                                      quoted=quoted, data=data)
                if row == 0:
                    headers.append(block.text)
                self._emit(block)
        return index

    # link reference definitions ----------------------------------------------

    def definition(self, label: str) -> tuple[str, tuple[int, int] | None] | None:
        """URL of a reference definition and the source span of its destination."""
        key = normalizeReference(label)
        entry = self.references.get(key)
        if entry is None:
            return None
        if key not in self._definition_spans:
            span = None
            lines = entry.get("map")
            if lines:
                start = self.line_bounds(lines[0])[0]
                end = self.line_bounds(max(lines[0], lines[1] - 1))[1]
                match = _REF_DEF_RE.match(self.text, start, end)
                if match is not None:
                    group = 1 if match.group(1) is not None else 2
                    span = match.span(group)
            self._definition_spans[key] = span
        return entry.get("href", ""), self._definition_spans[key]


def _columns(text: str, start: int, end: int) -> int:
    """Width in columns of white space (tabs to the next multiple of 4)."""
    width = 0
    for ch in text[start:end]:
        width = width + 4 - width % 4 if ch == "\t" else width + 1
    return width


def _skip_columns(text: str, pos: int, end: int, columns: int) -> int:
    """Advance over up to ``columns`` columns of indentation."""
    width = 0
    while pos < end and width < columns and text[pos] in " \t":
        width = width + 4 - width % 4 if text[pos] == "\t" else width + 1
        pos += 1
    return pos


def _split_cells(text: str, pos: int, end: int) -> list[tuple[int, int]]:
    """Cell spans of a GFM table row (unescaped pipes separate cells), trimmed."""
    if pos < end and text[pos] == "|":
        pos += 1
    raw: list[tuple[int, int]] = []
    cell = pos
    i = pos
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "|":
            raw.append((cell, i))
            cell = i + 1
        i += 1
    if cell < end:
        raw.append((cell, end))
    cells = []
    for start, stop in raw:
        while start < stop and text[start] in " \t":
            start += 1
        while stop > start and text[stop - 1] in " \t":
            stop -= 1
        cells.append((start, stop))
    return cells


# Inline projection ------------------------------------------------------------

_SPECIAL_RE = re.compile(r"[\\`<&*_~\[\]\n]|!\[")
_MARKUP_RE = re.compile(r"[\\`<&*_~\[\]]")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY_RE = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|([A-Za-z][A-Za-z0-9]{1,31}));")
_AUTOLINK_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20]*)>")
_EMAIL_RE = re.compile(
    r"<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>"
)
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_CITATION_TEXT_RE = re.compile(r"\s*\d{1,4}(?:\s*[-–,]\s*\d{1,4})*\s*")

# piece kinds
_TEXT, _SYN, _DROP, _DELIM, _OPEN = range(5)


def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch)[0] in "PS"


@dataclass
class _Delim:
    char: str
    length: int
    can_open: bool
    can_close: bool
    remaining: int = 0
    left: int = 0  # consumed as a closer (from the left end of the run)
    right: int = 0  # consumed as an opener (from the right end)
    active: bool = True


@dataclass
class _Bracket:
    piece: int
    image: bool
    active: bool = True


@dataclass
class _LinkSpan:
    url: str
    start: int
    end: int
    url_start: int
    url_end: int


class _Inline:
    """Projects the inline markup of one block's content lines.

    The lines are joined with ``\n`` into ``raw``; ``offsets[i]`` is the source
    offset of ``raw[i]`` (for a joining ``\n``, the end of the previous line).
    """

    def __init__(self, reader: _Reader, segments: list[tuple[int, int]]) -> None:
        self.reader = reader
        self.segments = segments
        self.links: list[Link] = []
        self.superscripts: list[tuple[int, int]] = []
        text = reader.text
        parts: list[str] = []
        offsets: list[int] = []
        previous_end = -1
        for start, end in segments:
            if previous_end >= 0:
                parts.append("\n")
                offsets.append(previous_end)
            parts.append(text[start:end])
            offsets.extend(range(start, end))
            previous_end = end
        self.raw = "".join(parts)
        self.offsets = offsets

    def run(self) -> Projection:
        if _MARKUP_RE.search(self.raw) is None:
            return self._plain()
        try:
            return self._project()
        except Exception:  # a construct this projector misreads: fall back to the raw text
            self.links = []
            self.superscripts = []
            return self._plain()

    def _plain(self) -> Projection:
        """Lines without markup: the text itself, line breaks as spaces."""
        collector = TextCollector()
        text = self.reader.text
        for start, end in self.segments:
            collector.text(text[start:end], start)
            collector.space(end)
        return collector.build()

    # scanning -------------------------------------------------------------

    def _project(self) -> Projection:
        raw = self.raw
        n = len(raw)
        pieces: list[list[Any]] = []  # [kind, raw_start, raw_end, payload]
        brackets: list[_Bracket] = []
        delims: list[int] = []
        links: list[_LinkSpan] = []
        html_links: list[tuple[str, tuple[int, int] | None, int]] = []
        sups: list[int] = []
        offsets = self.offsets
        search = _SPECIAL_RE.search
        i = 0
        while i < n:
            match = search(raw, i)
            if match is None:
                pieces.append([_TEXT, i, n, None])
                break
            j = match.start()
            if j > i:
                pieces.append([_TEXT, i, j, None])
            ch = raw[j]
            if ch == "\\":
                nxt = raw[j + 1] if j + 1 < n else ""
                if nxt in _ASCII_PUNCT and nxt:
                    pieces.append([_DROP, j, j + 1, None])
                    pieces.append([_TEXT, j + 1, j + 2, None])
                    i = j + 2
                elif nxt == "\n":
                    pieces.append([_DROP, j, j + 1, None])
                    i = j + 1
                else:
                    pieces.append([_TEXT, j, j + 1, None])
                    i = j + 1
            elif ch == "`":
                i = self._code_span(pieces, j)
            elif ch == "<":
                i = self._angle(pieces, j, links, html_links, sups)
            elif ch == "&":
                entity = _ENTITY_RE.match(raw, j)
                decoded = html.unescape(entity.group()) if entity else ""
                if entity and decoded != entity.group() and (
                        entity.group(1) is None or f"{entity.group(1)};" in html5):
                    pieces.append([_SYN, j, entity.end(), decoded])
                    i = entity.end()
                else:
                    pieces.append([_TEXT, j, j + 1, None])
                    i = j + 1
            elif ch in "*_~":
                i = self._delimiter(pieces, delims, j)
            elif ch == "!":  # always followed by "["
                brackets.append(_Bracket(len(pieces), True))
                pieces.append([_OPEN, j, j + 2, None])
                i = j + 2
            elif ch == "[":
                footnote = _FOOTNOTE_REF_RE.match(raw, j)
                if footnote is not None:
                    pieces.append([_TEXT, j, footnote.end(), None])
                    i = footnote.end()
                else:
                    brackets.append(_Bracket(len(pieces), False))
                    pieces.append([_OPEN, j, j + 1, None])
                    i = j + 1
            elif ch == "]":
                i = self._close_bracket(pieces, brackets, delims, links, j)
            else:  # a line break inside the block
                pieces.append([_SYN, j, j + 1, " "])
                i = j + 1
        _process_emphasis([pieces[k][3] for k in delims if pieces[k][3].active])
        return self._render(pieces, links, offsets)

    def _code_span(self, pieces: list[list[Any]], j: int) -> int:
        raw = self.raw
        k = j
        while k < len(raw) and raw[k] == "`":
            k += 1
        run = k - j
        search = k
        while True:
            found = raw.find("`" * run, search)
            if found < 0:
                pieces.append([_TEXT, j, k, None])
                return k
            after = found + run
            if (after < len(raw) and raw[after] == "`") or raw[found - 1] == "`":
                while after < len(raw) and raw[after] == "`":
                    after += 1
                search = after
                continue
            pieces.append([_DROP, j, k, None])
            pieces.append([_TEXT, k, found, None])  # line breaks inside collapse to a space
            pieces.append([_DROP, found, after, None])
            return after

    def _angle(self, pieces: list[list[Any]], j: int, links: list[_LinkSpan],
               html_links: list[tuple[str, tuple[int, int] | None, int]],
               sups: list[int]) -> int:
        raw = self.raw
        offsets = self.offsets
        for pattern, prefix in ((_AUTOLINK_RE, ""), (_EMAIL_RE, "mailto:")):
            auto = pattern.match(raw, j)
            if auto is not None:
                start, end = auto.span(1)
                pieces.append([_DROP, j, j + 1, None])
                pieces.append([_TEXT, start, end, None])
                pieces.append([_DROP, end, end + 1, None])
                source_start, source_end = offsets[start], offsets[end - 1] + 1
                links.append(_LinkSpan(prefix + auto.group(1), source_start, source_end,
                                       source_start, source_end))
                return auto.end()
        tag = HTML_TAG_RE.match(raw, j)
        if tag is None:
            pieces.append([_TEXT, j, j + 1, None])
            return j + 1
        end = tag.end()
        source_start, source_end = offsets[j], offsets[end - 1] + 1
        body = tag.group()
        if body.startswith("<!--"):
            self.reader.comments.append(Comment(self.reader.text[source_start:source_end],
                                                source_start, source_end))
            pieces.append([_DROP, j, end, None])
            return end
        name_match = _TAG_NAME_RE.match(body)
        name = name_match.group(1).lower() if name_match else ""
        closing = body.startswith("</")
        if name == "br":
            pieces.append([_SYN, j, end, " "])
            return end
        pieces.append([_DROP, j, end, None])
        if name == "sup":
            if closing:
                if sups:
                    self.superscripts.append((sups.pop(), source_end))
            else:
                sups.append(source_start)
        elif name == "a":
            if closing and html_links:
                url, url_span, text_start = html_links.pop()
                url_start, url_end = url_span or (text_start, text_start)
                links.append(_LinkSpan(url, text_start, source_start, url_start, url_end))
            elif not closing:
                span = attr_span(body, "href")
                if span is not None and "\n" not in body[:span[1]]:
                    url = html.unescape(body[span[0]:span[1]])
                    url_span = (source_start + span[0], source_start + span[1])
                    html_links.append((url, url_span, source_end))
        return end

    def _delimiter(self, pieces: list[list[Any]], delims: list[int], j: int) -> int:
        raw = self.raw
        ch = raw[j]
        k = j
        while k < len(raw) and raw[k] == ch:
            k += 1
        run = k - j
        if ch == "~" and run != 2:
            pieces.append([_TEXT, j, k, None])
            return k
        before = raw[j - 1] if j > 0 else "\n"
        after = raw[k] if k < len(raw) else "\n"
        space_before, space_after = before.isspace(), after.isspace()
        punct_before, punct_after = _is_punct(before), _is_punct(after)
        left = not space_after and (not punct_after or space_before or punct_before)
        right = not space_before and (not punct_before or space_after or punct_after)
        if ch == "_":
            can_open = left and (not right or punct_before)
            can_close = right and (not left or punct_after)
        else:
            can_open, can_close = left, right
        if not (can_open or can_close):
            pieces.append([_TEXT, j, k, None])
            return k
        delims.append(len(pieces))
        pieces.append([_DELIM, j, k, _Delim(ch, run, can_open, can_close, run)])
        return k

    def _close_bracket(self, pieces: list[list[Any]], brackets: list[_Bracket],
                       delims: list[int], links: list[_LinkSpan], j: int) -> int:
        raw = self.raw
        if not brackets:
            pieces.append([_TEXT, j, j + 1, None])
            return j + 1
        opener = brackets.pop()
        if not opener.active:
            pieces[opener.piece][0] = _TEXT
            pieces.append([_TEXT, j, j + 1, None])
            return j + 1
        text_start = pieces[opener.piece][2]
        target = self._link_target(j, raw[text_start:j])
        if target is None:
            pieces[opener.piece][0] = _TEXT
            pieces.append([_TEXT, j, j + 1, None])
            return j + 1
        url, url_span, tail_end = target
        close_piece = len(pieces)
        pieces.append([_DROP, j, tail_end, None])
        inner = [k for k in delims if opener.piece < k < close_piece]
        _process_emphasis([pieces[k][3] for k in inner if pieces[k][3].active])
        for k in inner:
            pieces[k][3].active = False
        offsets = self.offsets
        if opener.image:
            for k in range(opener.piece, close_piece + 1):
                pieces[k][0] = _DROP
        else:
            pieces[opener.piece][0] = _DROP
            for other in brackets:
                if not other.image:
                    other.active = False
            start = offsets[text_start] if text_start < j else offsets[j]
            url_start, url_end = url_span if url_span else (start, offsets[j])
            links.append(_LinkSpan(url, start, offsets[j], url_start, url_end))
            if _CITATION_TEXT_RE.fullmatch(raw[text_start:j]):
                # "[1]" as a link is still a citation marker: keep its brackets.
                pieces[opener.piece][0] = _TEXT
                pieces[close_piece] = [_TEXT, j, j + 1, None]
                pieces.append([_DROP, j + 1, tail_end, None])
        return tail_end

    def _link_target(self, j: int, label_text: str,
                     ) -> tuple[str, tuple[int, int] | None, int] | None:
        """After ``]`` at ``j``: an inline destination, a full, collapsed or shortcut reference."""
        raw = self.raw
        n = len(raw)
        offsets = self.offsets
        if j + 1 < n and raw[j + 1] == "(":
            inline = _inline_destination(raw, j + 2)
            if inline is not None:
                dest_start, dest_end, end = inline
                url = _unescape(raw[dest_start:dest_end])
                if dest_end > dest_start:
                    span = (offsets[dest_start], offsets[dest_end - 1] + 1)
                else:
                    span = (offsets[dest_start], offsets[dest_start])
                return url, span, end
        if j + 1 < n and raw[j + 1] == "[":
            close = _label_end(raw, j + 2)
            if close is not None:
                label = raw[j + 2:close]
                found = self.reader.definition(label if label.strip() else label_text)
                if found is not None:
                    url, span = found
                    if span is None and label.strip():
                        span = (offsets[j + 2], offsets[close - 1] + 1)
                    return url, span, close + 1
                return None
        if label_text.strip() and len(label_text) < 1000:
            found = self.reader.definition(label_text)
            if found is not None:
                return found[0], found[1], j + 1
        return None

    # rendering -------------------------------------------------------------

    def _render(self, pieces: list[list[Any]], links: list[_LinkSpan],
                offsets: list[int]) -> Projection:
        raw = self.raw
        collector = TextCollector()
        run_start = run_end = -1  # adjacent literal pieces are copied as one run

        def flush() -> None:
            if run_end <= run_start:
                return
            if "\n" in raw[run_start:run_end]:  # a code span across lines
                for line_start, line_end in _lines(raw, run_start, run_end):
                    collector.text(raw[line_start:line_end], offsets[line_start])
                    if line_end < run_end:
                        collector.space(offsets[line_end])
            else:
                collector.text(raw[run_start:run_end], offsets[run_start])

        for kind, start, end, payload in pieces:
            if kind == _DELIM:
                start, end = start + payload.left, end - payload.right
                if end <= start:
                    continue
                kind = _TEXT
            if kind in (_TEXT, _OPEN):
                if start != run_end:
                    flush()
                    run_start = start
                run_end = end
                continue
            if kind == _DROP:
                continue
            flush()
            run_start = run_end = -1
            if payload == " ":
                collector.space(offsets[start])
            else:
                collector.synthetic(payload, offsets[start])
        flush()
        projection = collector.build()
        source = self.reader.text
        for link in links:
            start, end = trim_span(source, link.start, link.end)
            self.links.append(Link(link.url, start, end, link.url_start, link.url_end,
                                   text_within(projection, start, end)))
        return projection


def _lines(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` of ``raw`` cut at its line breaks."""
    spans = []
    while True:
        newline = raw.find("\n", start, end)
        if newline < 0:
            spans.append((start, end))
            return spans
        spans.append((start, newline))
        start = newline + 1


def _process_emphasis(delims: list[_Delim]) -> None:
    """CommonMark's delimiter algorithm: pair closers with the nearest matching opener."""
    bottoms: dict[tuple[str, bool, int], int] = {}
    for index, closer in enumerate(delims):
        if not closer.can_close or not closer.active:
            continue
        while closer.remaining > 0:
            key = (closer.char, closer.can_open, closer.length % 3)
            bottom = bottoms.get(key, -1)
            found = -1
            k = index - 1
            while k > bottom:
                opener = delims[k]
                if opener.active and opener.char == closer.char and opener.can_open and \
                        opener.remaining > 0:
                    if closer.char == "~":
                        if opener.remaining == 2 and closer.remaining == 2:
                            found = k
                            break
                    elif not ((opener.can_close or closer.can_open)
                              and (opener.length + closer.length) % 3 == 0
                              and not (opener.length % 3 == 0 and closer.length % 3 == 0)):
                        found = k
                        break
                k -= 1
            if found < 0:
                bottoms[key] = index - 1
                break
            opener = delims[found]
            use = 2 if opener.remaining >= 2 and closer.remaining >= 2 else 1
            opener.remaining -= use
            opener.right += use
            closer.remaining -= use
            closer.left += use
            for k in range(found + 1, index):
                delims[k].active = False
            if not opener.remaining:
                opener.active = False
        if not closer.remaining:
            closer.active = False


_PLAIN_DESTINATION_RE = re.compile(r"[^\s()\\\x00-\x1f]*")


def _inline_destination(raw: str, i: int) -> tuple[int, int, int] | None:
    """Parse ``dest "title")`` from ``i`` (after the ``(``): destination span and end."""
    n = len(raw)
    i = _skip_space(raw, i)
    if i < n and raw[i] == "<":
        k = i + 1
        while k < n and raw[k] not in "<>\n":
            k += 2 if raw[k] == "\\" else 1
        if k >= n or raw[k] != ">":
            return None
        dest_start, dest_end, k = i + 1, k, k + 1
    else:
        k = _PLAIN_DESTINATION_RE.match(raw, i).end()
        depth = 0
        while k < n:
            ch = raw[k]
            if ch == "\\" and k + 1 < n and raw[k + 1] in _ASCII_PUNCT:
                k += 2
                continue
            if ch == "(":
                depth += 1
                if depth > 32:
                    return None
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif ch.isspace() or ord(ch) < 0x20:
                break
            k += 1
        if depth:
            return None
        dest_start, dest_end = i, k
    after = _skip_space(raw, k)
    if after < n and after > k and raw[after] in "\"'(":
        close = ")" if raw[after] == "(" else raw[after]
        m = after + 1
        while m < n and raw[m] != close:
            m += 2 if raw[m] == "\\" else 1
        if m >= n:
            return None
        after = _skip_space(raw, m + 1)
    if after < n and raw[after] == ")":
        return dest_start, dest_end, after + 1
    return None


def _skip_space(raw: str, i: int) -> int:
    while i < len(raw) and raw[i] in " \t\n":
        i += 1
    return i


def _label_end(raw: str, i: int) -> int | None:
    """Index of the ``]`` closing a link label that starts at ``i``."""
    k = i
    limit = min(len(raw), i + 1000)
    while k < limit:
        ch = raw[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "[":
            return None
        if ch == "]":
            return k
        k += 1
    return None


_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _unescape(value: str) -> str:
    return html.unescape(_ESCAPE_RE.sub(r"\1", value))


def parse(article: Article) -> None:
    """Fill the article's front matter, blocks and comments from Markdown."""
    body_line = read_front_matter(article)
    text = article.text
    starts = article.source.line_starts
    if body_line >= len(starts):
        body = ""
    elif body_line:
        body = "\n" * body_line + text[starts[body_line]:]
    else:
        body = text
    env: dict[str, Any] = {}
    tokens = _parser().parse(body, env) if body.strip() else []
    reader = _Reader(article, env)
    reader.walk(tokens)
    blocks = article.blocks + reader.blocks
    blocks.sort(key=lambda block: block.start)
    assign_sections(blocks)
    article.blocks = blocks
    article.comments.extend(sorted(reader.comments, key=lambda comment: comment.start))
