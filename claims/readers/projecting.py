"""Projection helpers shared by the HTML and Markdown readers.

HTML-style white space collapsing (:class:`TextCollector`), attribute spans in a tag's
text and section headings for blocks. They live apart from the HTML reader so that
reading a Markdown file without inline HTML does not import the HTML parser.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from claims.model import Block, BlockKind
from claims.source import Projection

# HTML white space (not NBSP): runs of it collapse to one space.
# Any white space run except a single space between two other characters.
_IRREGULAR_SPACE_RE = re.compile(
    r"^[ \t\n\r\f]+|[ \t\n\r\f]+$|[ \t\n\r\f]{2,}|[ \t\n\r\f]*[\t\n\r\f][ \t\n\r\f]*"
)
_ATTR_RE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)


class TextCollector:
    """Builds a projection with HTML-style white space: every run becomes one space.

    A break between chunks (a line end, ``<br>``) is held back and emitted as one
    space only between two visible characters, mapped to the source it stands for.
    :meth:`build` collapses whatever runs remain inside the chunks themselves and
    trims the ends; a collapsed run maps to its first character.
    """

    __slots__ = ("_offsets", "_parts", "_pending", "collapse")

    def __init__(self, collapse: bool = True) -> None:
        self._parts: list[str] = []
        self._offsets: list[int] = []
        self._pending = -1
        self.collapse = collapse

    def __len__(self) -> int:
        return len(self._offsets)

    def _flush(self) -> None:
        if self._offsets:
            self._parts.append(" ")
            self._offsets.append(self._pending)
        self._pending = -1

    def text(self, chunk: str, offset: int) -> None:
        """Source text starting at ``offset``, copied verbatim."""
        if chunk:
            if self._pending >= 0:
                self._flush()
            self._parts.append(chunk)
            self._offsets.extend(range(offset, offset + len(chunk)))

    def space(self, offset: int) -> None:
        """White space standing for the source at ``offset`` (a line break, ``<br>``)."""
        if not self.collapse:
            self._parts.append("\n")
            self._offsets.append(offset)
        elif self._pending < 0:
            self._pending = offset

    def synthetic(self, chunk: str, offset: int) -> None:
        """Text that stands for the source at ``offset`` (a decoded entity)."""
        if self.collapse and chunk.isspace():
            self.space(offset)
        elif chunk:
            if self._pending >= 0:
                self._flush()
            self._parts.append(chunk)
            self._offsets.extend([offset] * len(chunk))

    def build(self) -> Projection:
        text = "".join(self._parts)
        offsets = self._offsets
        if not self.collapse or not (
                "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text
                or text[:1] == " " or text[-1:] == " "):
            return Projection(text, tuple(offsets))
        parts: list[str] = []
        kept: list[int] = []
        pos = 0
        size = len(text)
        for match in _IRREGULAR_SPACE_RE.finditer(text):
            start, end = match.span()
            if start > pos:
                parts.append(text[pos:start])
                kept.extend(offsets[pos:start])
            if kept and end < size:
                parts.append(" ")
                kept.append(offsets[start])
            pos = end
        if pos < size:
            parts.append(text[pos:])
            kept.extend(offsets[pos:])
        return Projection("".join(parts), tuple(kept))


def text_within(projection: Projection, start: int, end: int) -> str:
    """The projected text of the source span ``[start, end)`` (offsets are in source order)."""
    offsets = projection.offsets
    return projection.text[bisect_left(offsets, start):bisect_left(offsets, end)].strip()


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def attr_span(tag_text: str, name: str) -> tuple[int, int] | None:
    """Span of attribute ``name``'s value inside a start tag's text (quotes excluded)."""
    space = re.search(r"\s", tag_text)
    if space is None:
        return None
    for match in _ATTR_RE.finditer(tag_text, space.start()):
        if match.group(1).lower() == name:
            for group in (2, 3, 4):
                if match.group(group) is not None:
                    return match.start(group), match.end(group)
            return match.end(1), match.end(1)
    return None


def assign_sections(blocks: list[Block]) -> None:
    """Give every block the text of its nearest heading and the heading path above it.

    A heading's own section is its text (it opens the section). Headings inside
    quotes do not open sections. ``data["headings"]`` is the outline path, e.g.
    ``("Muscle cramps", "References", "Journal articles")``.
    """
    outline: list[tuple[int, str]] = []
    path: tuple[str, ...] = ()
    for block in blocks:
        if block.kind is BlockKind.HEADING and not block.quoted:
            level = block.level or 1
            while outline and outline[-1][0] >= level:
                outline.pop()
            outline.append((level, block.text.strip()))
            path = tuple(text for _, text in outline)
        if outline:
            block.section = outline[-1][1]
            block.data["headings"] = path
