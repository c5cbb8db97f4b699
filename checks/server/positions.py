"""Character offsets to and from editor positions (0-based line, column in code units).

The Language Server Protocol counts columns in UTF-16 code units unless client and server
agree on UTF-8 or UTF-32; healthlint counts code points. An emoji is one code point, two
UTF-16 units and four UTF-8 bytes, so a column copied across unconverted drifts after it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _utf16(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _utf8(ch: str) -> int:
    code = ord(ch)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def _utf32(ch: str) -> int:
    return 1


UNITS: dict[str, Callable[[str], int]] = {"utf-16": _utf16, "utf-8": _utf8, "utf-32": _utf32}


class LineIndex:
    """Line starts of one text, for converting offsets both ways in one position encoding."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.units = UNITS.get(encoding, _utf16)
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """0-based line and column (in the encoding's units) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        if self.units is _utf32:
            return line, offset - start
        return line, sum(self.units(ch) for ch in self.text[start:offset])

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of a 0-based line and column, clamped to that line."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        units = 0
        for index in range(start, end):
            if units >= character or self.text[index] in "\r\n":
                return index
            units += self.units(self.text[index])
        return end
