"""Offsets to editor positions in each position encoding a client may choose, and back."""

from __future__ import annotations

import pytest

from checks.server.positions import LineIndex

TEXT = "héllo 😴 wörld\r\nsecond line\rthird 😴\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_every_offset_round_trips(encoding: str) -> None:
    index = LineIndex(TEXT, encoding)
    codec = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[encoding]
    width = {"utf-8": 1, "utf-16": 2, "utf-32": 4}[encoding]
    lines = TEXT.splitlines(keepends=True)
    for offset in range(len(TEXT) + 1):
        line, character = index.position(offset)
        start = sum(len(x) for x in lines[:line])
        assert character == len(TEXT[start:offset].encode(codec)) // width
        if offset < len(TEXT) and TEXT[offset] == "\n" and TEXT[offset - 1] == "\r":
            continue  # between \r and \n: both map to the end of the line
        assert index.offset(line, character) == offset


def test_positions_past_a_line_or_the_text_are_clamped() -> None:
    index = LineIndex(TEXT)
    assert index.offset(0, 999) == TEXT.index("\r")
    assert index.offset(99, 0) == len(TEXT)
    assert index.offset(-1, 5) == 0
    assert index.position(10_000) == (3, 0)
