"""Source text: decoding bytes and mapping character offsets to line:column.

Every position healthlint reports is derived here from a character offset into
the decoded file, never by searching the text again.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True)
class Decoded:
    """The decoded text of a file, and what went wrong while decoding it."""

    text: str
    encoding: str
    bom: bool
    problem: str | None = None


def looks_binary(data: bytes) -> bool:
    """A NUL byte in the first 8 KiB (outside UTF-16) marks a binary file."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM) and UTF-16 with BOM; anything else with replacement."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(body.decode(encoding), encoding, True)
            except UnicodeDecodeError as exc:
                return Decoded(
                    body.decode(encoding, errors="replace"),
                    encoding,
                    True,
                    f"invalid {encoding} at byte {exc.start + len(bom)}",
                )
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        return Decoded(
            data.decode("utf-8", errors="replace"),
            "utf-8",
            False,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "undecodable bytes were replaced",
        )


@dataclass(frozen=True)
class Position:
    """1-based line and 1-based code-point column."""

    line: int
    column: int


@dataclass
class SourceText:
    """Decoded file text with a line index (\\n, \\r\\n and lone \\r end lines)."""

    text: str
    _line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]

    @property
    def line_starts(self) -> list[int]:
        return self._line_starts

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def position(self, offset: int) -> Position:
        """Line and column of a character offset (end offsets point one past)."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(index + 1, offset - self._line_starts[index] + 1)

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position`."""
        return self._line_starts[line - 1] + column - 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of a 1-based line's content, without its line ending."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        start, end = self.line_span(line)
        return self.text[start:end]


@dataclass(frozen=True)
class Projection:
    """Text as a reader sees it (markup removed), each character mapped to its source offset.

    ``offsets[i]`` is the source offset of ``text[i]``. Built with :class:`ProjectionBuilder`.
    """

    text: str
    offsets: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a projected [start, end) to the source [start, end)."""
        if not self.offsets:
            return 0, 0
        if end <= start:
            if start < len(self.offsets):
                return self.offsets[start], self.offsets[start]
            last = self.offsets[-1] + 1
            return last, last
        return self.offsets[start], self.offsets[end - 1] + 1

    def __len__(self) -> int:
        return len(self.text)


class ProjectionBuilder:
    """Accumulates projected text chunk by chunk (linear time)."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offsets: list[int] = []

    def append(self, chunk: str, source_start: int) -> None:
        """Add text copied verbatim from the source at ``source_start``."""
        if chunk:
            self._parts.append(chunk)
            self._offsets.extend(range(source_start, source_start + len(chunk)))

    def append_synthetic(self, chunk: str, source_offset: int) -> None:
        """Add text standing for the source at one offset (a line break's space, an entity)."""
        if chunk:
            self._parts.append(chunk)
            self._offsets.extend([source_offset] * len(chunk))

    @property
    def ends_with_space(self) -> bool:
        return bool(self._parts) and self._parts[-1][-1:].isspace()

    def __len__(self) -> int:
        return len(self._offsets)

    def build(self) -> Projection:
        return Projection("".join(self._parts), tuple(self._offsets))
