"""Plain-text reader: scraped pages and hand-written .txt articles.

Scraped text has no markup, so structure is inferred from layout: blank lines
separate blocks, a line starting with a bullet or number is a list item, a short
title-like line standing alone before real content is a heading. In scraped pages
every line is usually its own paragraph; hard-wrapped text (a run of lines of
similar width) is joined into one. A pipe table kept as text ("| Name | Dose |" with a
"| --- |" row) is read as table cells, as the Markdown reader reads one. Roles
(references, disclaimer, site chrome) are assigned afterwards by :mod:`claims.roles`,
for every format alike.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from claims.model import Article, Block, BlockKind, Comment
from claims.roles import chrome_block
from claims.source import ProjectionBuilder

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Whitespace a scraped line may carry at either end (NBSP and a stray BOM included).
_EDGE_SPACE = " \t\u00a0\u200b\ufeff\u3000"
_BULLET = re.compile(
    r"[ \t\u00a0]*"
    r"(?P<marker>[•●○◦▪▫■□‣⁃∙·*+\-]|\d{1,3}[.)]|[a-z][.)]|\(\d{1,3}\)|\([a-z]\))"
    r"[ \t\u00a0]+(?=\S)"
)
_TERMINAL = ".!?…"
_RULE = re.compile(r"([-=*_~#•·])(?:[ \t]*\1){2,}")  # ---, ===, * * *, ___
# "Label: value" lines (metadata, contact details), not headings: a spaced colon
# ("Updated on : 08 Nov"), a one-word label ("Name: ..."), or a short label with a
# number in its value ("Reading time: 6 min"); "Spasms: Causes and Care" stays a title.
_KEY_VALUE = re.compile(
    r"[^:]*\s:\s*\S|[\w.'-]+:\s*\S|(?:[\w.'-]+ ){0,3}[\w.'-]+:[^:\d]*\d"
)
# A line of a field list ("Manufacturer: Bloomwell Ltd, ...", "Pack size: 30 tablets"): it
# starts a line of its own, never continues a paragraph wrapped across lines.
_FIELD_LINE = re.compile(r"[A-Z][\w'’()/ -]{0,30}:\s+\S")
_PATH_LIKE = re.compile(r"\S\s*[/›»>|]\s*\S.*[/›»>|]")  # breadcrumbs, "A | B | C"
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|in)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A row of a pipe table ("| Name | Strains | Best for |") and its separator ("| --- | :-: |").
_PIPE_ROW = re.compile(r"\|.*\|")
_PIPE_SEPARATOR = re.compile(r"\|(?:\s*:?-+:?\s*\|)+")

MAX_HEADING_CHARS = 100
MAX_HEADING_WORDS = 14
_SENTENCE_CASE_WORDS = 10  # longer lines in sentence case read as sentences
# A run of lines is hard-wrapped prose when every line but the last is at least this
# share of the widest one, and the widest one is a plausible wrap width.
_WRAP_SHARE = 0.6
_WRAP_WIDTH = (40, 120)


@dataclass
class _Line:
    """One physical line: where its visible content starts and ends."""

    start: int  # first visible character
    end: int  # one past the last visible character
    text: str
    indent: int  # display width of the indentation (tabs at 4)
    marker: str = ""
    underlined: bool = False  # followed by a ==== or ---- rule: a setext-style heading
    content: int = 0  # where the text after a bullet marker starts
    pieces: list[tuple[int, int]] = field(default_factory=list)  # visible spans (no comments)


@dataclass
class _Unit:
    """A candidate block: consecutive lines read as one paragraph or one list item."""

    lines: list[_Line]
    bullet: bool
    run: int  # index of its blank-line-delimited run
    alone: bool = False  # the only unit of its run
    leads: bool = False  # the first unit of its run

    @property
    def first(self) -> _Line:
        return self.lines[0]


def parse(article: Article) -> None:
    """Fill ``article.blocks`` (and comments, front matter) from plain text."""
    body_line = 0
    text = article.text
    if text.lstrip("\ufeff").startswith("---"):
        from claims.frontmatter import read_front_matter

        body_line = read_front_matter(article)
    comments = [Comment(m.group(), m.start(), m.end()) for m in _COMMENT.finditer(text)]
    article.comments.extend(comments)
    runs = _runs(article, body_line, [(c.start, c.end) for c in comments])
    units = [unit for index, run in enumerate(runs) for unit in _units(run, index)]
    headings = _headings(units)
    tables = _table_runs(units)
    section = ""
    seen_heading = False
    for i, unit in enumerate(units):
        if unit.run in tables:  # every unit of such a run is one row
            for cell in _cells(text, unit):  # a separator row has none
                cell.section = section
                article.blocks.append(cell)
            continue
        if headings[i]:
            block = _block(text, BlockKind.HEADING, unit)
            block.level = 1 if not seen_heading and _title_like(unit.first.text) else 2
            seen_heading = True
            section = block.text
            block.section = section
        else:
            kind = BlockKind.LIST_ITEM if unit.bullet else BlockKind.PARAGRAPH
            block = _block(text, kind, unit)
            block.section = section
        article.blocks.append(block)


def _table_runs(units: list[_Unit]) -> set[int]:
    """The runs that are pipe tables: every line a row, one of them a separator row (a
    scraped page keeps a Markdown table as text; its cells are read as a table's)."""
    rows: dict[int, list[str]] = {}
    other: set[int] = set()  # runs that hold anything else are no tables
    for unit in units:
        if not unit.bullet and len(unit.lines) == 1:
            rows.setdefault(unit.run, []).append(unit.first.text)
        else:
            other.add(unit.run)
    return {run for run, lines in rows.items() if run not in other and len(lines) >= 2
            and all(_PIPE_ROW.fullmatch(line) for line in lines)
            and any(_separator(line) for line in lines)}


def _separator(line: str) -> bool:
    """Whether a pipe row is the separator under a table's header ("| --- | :-: |")."""
    return bool(_PIPE_SEPARATOR.fullmatch(line.replace(" ", "")))


def _cells(text: str, unit: _Unit) -> list[Block]:
    """A pipe row's non-empty cells, each a table cell at its own place in the source."""
    line = unit.first
    if _separator(line.text):
        return []
    cells: list[Block] = []
    bars = [line.start + i for i, char in enumerate(line.text) if char == "|"]
    for left, right in itertools.pairwise(bars):
        start, end = left + 1, right
        while start < end and text[start] in _EDGE_SPACE:
            start += 1
        while end > start and text[end - 1] in _EDGE_SPACE:
            end -= 1
        if start < end:
            builder = ProjectionBuilder()
            builder.append(text[start:end], start)
            cells.append(Block(BlockKind.TABLE_CELL, start, end, builder.build()))
    return cells


def _visible(start: int, end: int, comments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` minus comment spans."""
    pieces = [(start, end)]
    for c_start, c_end in comments:
        if c_end <= start or c_start >= end:
            continue
        pieces = [
            part
            for p_start, p_end in pieces
            for part in ((p_start, min(p_end, c_start)), (max(p_start, c_end), p_end))
            if part[0] < part[1]
        ]
    return pieces


def _line(text: str, start: int, end: int, comments: list[tuple[int, int]]) -> _Line | None:
    """The visible part of a physical line, or None when it is blank (or only comments)."""
    pieces = []
    for p_start, p_end in _visible(start, end, comments):
        while p_start < p_end and text[p_start] in _EDGE_SPACE:
            p_start += 1
        while p_end > p_start and text[p_end - 1] in _EDGE_SPACE:
            p_end -= 1
        if p_start < p_end:
            pieces.append((p_start, p_end))
    if not pieces:
        return None
    first, last = pieces[0][0], pieces[-1][1]
    indent = len(text[start:first].expandtabs(4))
    line = _Line(first, last, text[first:last], indent, content=first, pieces=pieces)
    bullet = _BULLET.match(text, start, last)
    if bullet and bullet.end() >= first:
        line.marker = bullet.group("marker")
        line.content = bullet.end()
        line.pieces[0] = (bullet.end(), line.pieces[0][1])
    return line


def _runs(article: Article, body_line: int, comments: list[tuple[int, int]]) -> list[list[_Line]]:
    """Blank-line-delimited runs of visible lines, from ``body_line`` (0-based) on."""
    source = article.source
    text = article.text
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for number in range(body_line + 1, source.line_count + 1):
        start, end = source.line_span(number)
        line = _line(text, start, end, comments)
        if line is not None and _RULE.fullmatch(line.text):
            if len(current) == 1 and current[0].text[-1] not in _TERMINAL:
                current[0].underlined = True
            line = None  # a horizontal rule separates blocks and is not text
        if line is None:
            if current:
                runs.append(current)
                current = []
            continue
        current.append(line)
    if current:
        runs.append(current)
    return runs


def _units(run: list[_Line], index: int) -> list[_Unit]:
    """Split a run into list items (with their indented continuation lines) and paragraphs."""
    groups: list[tuple[bool, list[_Line]]] = []
    for line in run:
        if line.marker:
            groups.append((True, [line]))
        elif groups and groups[-1][0] and line.indent > groups[-1][1][0].indent:
            groups[-1][1].append(line)  # a hanging continuation of the list item
        elif groups and not groups[-1][0]:
            groups[-1][1].append(line)
        else:
            groups.append((False, [line]))
    units: list[_Unit] = []
    for bullet, lines in groups:
        if bullet or _wrapped(lines):
            units.append(_Unit(lines, bullet, index))
        else:
            units.extend(_Unit([line], False, index) for line in lines)
    units[0].leads = True
    units[0].alone = len(units) == 1
    return units


def _wrapped(lines: list[_Line]) -> bool:
    """Whether consecutive lines are one hard-wrapped paragraph rather than one per line."""
    if len(lines) < 2:
        return True
    if any(chrome_block(line.text) for line in lines):
        return False  # a link row or a copyright line stands alone, never wraps into prose
    if any(_FIELD_LINE.match(line.text) for line in lines[1:]):
        return False
    if any(line.text.endswith(":") for line in lines[:-1]):
        return False  # a lead-in and the unbulleted items under it, one a line
    widths = [len(line.text) for line in lines]
    widest = max(widths)
    if not _WRAP_WIDTH[0] <= widest <= _WRAP_WIDTH[1]:
        return False
    return all(width >= _WRAP_SHARE * widest for width in widths[:-1])


def _title_like(text: str) -> bool:
    """Most longer words capitalised, as in "When Spasms Indicate a Potential Condition"."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    if not words:
        return False
    return sum(w[0].isupper() for w in words) * 2 >= len(words)


def _heading_shaped(unit: _Unit) -> bool:
    """A single short line that does not read as a sentence, a label: value or a path."""
    if unit.bullet or len(unit.lines) != 1:
        return False
    text = unit.first.text
    if len(text) > MAX_HEADING_CHARS or text[-1] in ".,;" or text.endswith("..."):
        return False
    words = _WORD.findall(text)
    if not words or len(text.split()) > MAX_HEADING_WORDS:
        return False
    first = next((ch for ch in text if ch.isalnum()), "")
    if not first.isupper():
        return False
    if not _title_like(text) and (
        len(words) > _SENTENCE_CASE_WORDS or (text.endswith(":") and len(words) >= 5)
    ):
        return False  # a sentence or a lead-in ("Some groups are at risk, including:")
    return not (_KEY_VALUE.match(text) or _PATH_LIKE.search(text) or _URLISH.search(text))


def _substantial(unit: _Unit) -> bool:
    """Real content after a heading: a list item, or a line that reads as prose."""
    if unit.bullet:
        return True
    text = unit.first.text
    return len(text.split()) >= 8 or len(text) >= 50 or text[-1] in _TERMINAL


def _prose(unit: _Unit) -> bool:
    """A unit that reads as running text: several words ending in a sentence terminal."""
    text = unit.lines[-1].text
    return len(unit.first.text.split()) >= 8 and text[-1] in _TERMINAL


def _headings(units: list[_Unit]) -> list[bool]:
    """Which units are headings: heading-shaped lines leading (maybe through further
    headings) to real content, plus the page title."""
    flags = [False] * len(units)
    for i in range(len(units) - 1, -1, -1):
        unit = units[i]
        if unit.first.underlined and not unit.bullet:
            flags[i] = True
            continue
        if i == len(units) - 1 or not _heading_shaped(unit):
            continue
        following = units[i + 1]
        if unit.alone:
            flags[i] = _substantial(following) or flags[i + 1]
        else:
            # The first line of a run, directly above its content: prose, or the list it
            # titles ("Our Top Picks at a Glance" over "1. Moonlit Meadow - Best overall";
            # "Symptoms can include:" leads its list in, and stays a sentence).
            text = unit.first.text
            flags[i] = (
                unit.leads
                and following.run == unit.run
                and _title_like(text)
                and ((following.bullet and not text.endswith(":"))
                     or (following.first.text[-1] in _TERMINAL
                         and len(following.first.text.split()) >= 8))
            )
    for i, unit in enumerate(units[:-1]):
        if flags[i] or _prose(unit):
            break
        # The page title (before any prose) is often followed by a byline or a date.
        if (unit.alone and _heading_shaped(unit) and _title_like(unit.first.text)
                and len(unit.first.text.split()) >= 3):
            flags[i] = True
            break
    return flags


def _block(text: str, kind: BlockKind, unit: _Unit) -> Block:
    """A block whose projection is the unit's visible text, lines joined by one space."""
    builder = ProjectionBuilder()
    previous_end: int | None = None
    for line in unit.lines:
        if previous_end is not None:
            builder.append_synthetic(" ", previous_end)
        for index, (p_start, p_end) in enumerate(line.pieces):
            if index and not builder.ends_with_space:
                builder.append_synthetic(" ", p_start - 1)  # where a comment was cut out
            builder.append(text[p_start:p_end], p_start)
        previous_end = line.end
    first = unit.first
    block = Block(kind, first.start, unit.lines[-1].end, builder.build())
    if first.marker:
        block.data["marker"] = first.marker
    return block
