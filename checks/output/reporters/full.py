"""Each finding with the source line(s) it points at and a caret underline, like ruff's full format.

The header line is the concise one (``path:line:col: HL101 [error] message``) so that
editors' problem matchers and ``grep`` still work; the snippet below it is for people.
Lines are re-read from the file and decoded exactly as the readers decode them, so the
columns line up with the reported positions. Display handles tabs (expanded to the next
tab stop), wide East Asian characters (two cells), zero-width characters and control
characters (shown as visible symbols), and very long lines (windowed around the span).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from checks.contract.model import Finding
from checks.output.reporters import Report
from checks.output.reporters.concise import summary_line
from claims.read import UnreadableFile, read_bytes
from claims.source import SourceText, decode, looks_binary

TAB_WIDTH = 4
MAX_WIDTH = 100  # display cells of source shown per line before windowing
CONTEXT = 30  # cells kept before the span when a long line is windowed
MAX_LINES = 6  # a longer multi-line span shows its first and last lines around an ellipsis
ELLIPSIS = "…"


@dataclass(frozen=True)
class Layout:
    """How a line is drawn: each character's glyphs and the columns they take."""

    glyphs: list[str]
    widths: list[int]

    def __len__(self) -> int:
        return len(self.widths)


@lru_cache(maxsize=4096)
def _draw(ch: str) -> tuple[str, int]:
    """Glyphs and width of any character but a tab (whose width depends on its column)."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code), 1  # ␀ … ␟
    if code == 0x7F:
        return "\u2421", 1  # ␡
    if ch == "\u00ad":
        return "", 0  # soft hyphen: invisible unless the line breaks there
    category = unicodedata.category(ch)
    if category in ("Zl", "Zp"):
        return "\u2424", 1  # ␤: a line separator must not break the terminal line
    if category in ("Mn", "Me") or ch in "\u200b\u200c\u200d\u2060\ufeff" or (
        0xFE00 <= code <= 0xFE0F
    ):
        return ch, 0
    if category in ("Cf", "Cc"):
        return "\ufffd", 1  # bidi overrides and the like must not reorder the terminal
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return ch, 2
    return ch, 1


def layout(text: str) -> Layout:
    """Display glyphs and widths for each character of one source line."""
    if text.isascii() and text.isprintable():  # the common case: one column a character
        return Layout(list(text), [1] * len(text))
    glyphs: list[str] = []
    widths: list[int] = []
    column = 0
    for ch in text:
        if ch == "\t":
            width = TAB_WIDTH - column % TAB_WIDTH
            glyph = " " * width
        else:
            glyph, width = _draw(ch)
        glyphs.append(glyph)
        widths.append(width)
        column += width
    return Layout(glyphs, widths)


def _window(widths: list[int], start: int, limit: int) -> tuple[int, int]:
    """Character range [a, b) of a line to show so that ``start`` is visible."""
    n = len(widths)
    if sum(widths) <= limit:
        return 0, n
    a = start
    used = 0
    while a > 0 and used + widths[a - 1] <= CONTEXT:
        a -= 1
        used += widths[a]
    b = a
    used = 0
    while b < n and used + widths[b] <= limit:
        used += widths[b]
        b += 1
    # A window that reaches the end may still have room on the left.
    while b == n and a > 0 and used + widths[a - 1] <= limit:
        a -= 1
        used += widths[a]
    return a, max(b, min(start + 1, n))


def underline(text: str, start: int, end: int, limit: int = MAX_WIDTH) -> tuple[str, str]:
    """The shown line and the caret line for characters [start, end) of ``text``.

    ``start``/``end`` are 0-based code-point indexes. An empty span, or one made only of
    zero-width characters, gets one caret at ``start`` (which may be one past the end).
    """
    drawn = layout(text)
    n = len(drawn)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    a, b = _window(drawn.widths, start, limit)
    lead = ELLIPSIS if a > 0 else ""
    shown = lead + "".join(drawn.glyphs[a:b]) + (ELLIPSIS if b < n else "")
    before = len(lead) + sum(drawn.widths[a:start])
    carets = max(1, sum(drawn.widths[start : min(end, b)]))
    return shown.rstrip(), " " * before + "^" * carets


class SourceCache:
    """Source files decoded once each, as the readers decode them."""

    def __init__(self, given: dict[str, str] | None = None) -> None:
        self._texts: dict[str, SourceText | None] = {
            path: SourceText(text) for path, text in (given or {}).items()}

    def get(self, path: str) -> SourceText | None:
        if path not in self._texts:
            self._texts[path] = self._load(path)
        return self._texts[path]

    @staticmethod
    def _load(path: str) -> SourceText | None:
        try:  # regular files only, within the size limit: a FIFO must not block here
            data = read_bytes(path)
        except UnreadableFile:
            return None
        if looks_binary(data):
            return None
        return SourceText(decode(data).text)


def _display_end(finding: Finding, source: SourceText) -> tuple[int, int]:
    """End line and 1-based exclusive end column, not counting a span that stops at a
    line start (a span ending with its line break underlines up to the break)."""
    line, column = finding.end_line, finding.end_column
    if column == 1 and line > finding.line:
        line -= 1
        column = len(source.line_text(line)) + 1
    return line, column


def snippet(finding: Finding, source: SourceText) -> list[str]:
    """Gutter-numbered source lines with carets under the finding's span."""
    if not 1 <= finding.line <= source.line_count:
        return []
    end_line, end_column = _display_end(finding, source)
    end_line = min(max(end_line, finding.line), source.line_count)
    numbers = list(range(finding.line, end_line + 1))
    if len(numbers) > MAX_LINES:
        keep = MAX_LINES // 2
        numbers = [*numbers[:keep], 0, *numbers[-keep:]]  # 0 marks the elided middle
    width = len(str(end_line))
    out = [f"{'':>{width}} |"]
    for number in numbers:
        if number == 0:
            out.append(f"{'':>{width}} {ELLIPSIS}")
            continue
        text = source.line_text(number)
        first = finding.column - 1 if number == finding.line else _indent(text)
        last = end_column - 1 if number == end_line else len(text)
        shown, marks = underline(text, first, last)
        out.append(f"{number:>{width}} | {shown}".rstrip())
        if number == finding.line or text.strip():
            out.append(f"{'':>{width}} | {marks}".rstrip())
    out.append(f"{'':>{width}} |")
    return out


def _indent(text: str) -> int:
    """Continuation lines are underlined from their first non-blank character."""
    return len(text) - len(text.lstrip())


def render(report: Report) -> str:
    sources = SourceCache(report.sources)
    blocks: list[str] = []
    for finding in report.findings:
        lines = [
            f"{report.relpath(finding.path)}:{finding.line}:{finding.column}: "
            f"{finding.code} [{finding.severity.value}] {finding.message}"
        ]
        whole_file = not finding.excerpt and (finding.line, finding.column) == (1, 1)
        source = None if whole_file else sources.get(finding.path)
        if source is not None:
            lines += snippet(finding, source)
        if finding.fix is not None:
            lines.append(f"help: {finding.fix.description}")
        blocks.append("\n".join(lines))
    tail = summary_line(report)
    if tail:
        blocks.append(tail)
    return "\n\n".join(blocks) + ("\n" if blocks else "")
