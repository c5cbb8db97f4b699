"""Colour for the text reports, decided as ruff and most CLIs decide it.

``--color always|never`` wins; with ``auto`` the ``NO_COLOR`` convention (no-color.org:
any non-empty value turns colour off) and then ``FORCE_COLOR`` apply, and otherwise
colour is on only when the stream is a terminal. The reports are rendered as plain
text first and coloured afterwards, so colour can never change what a report says;
rich is imported only here, so a run without colour (pre-commit, CI, pipes) never
pays for importing it.
"""

from __future__ import annotations

import io
import os
import re
from typing import TextIO

_HEADER = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2,}\d{3}) "
    r"\[(?P<sev>error|warning|info)\] (?P<msg>.*)$")
_STAT = re.compile(r"^(?P<n>\s*\d+)\t(?P<code>[A-Z]{2,}\d{3})\t(?P<name>[^\t]*)\t"
                   r"\[(?P<sev>error|warning|info)\]$")
_GUTTER = re.compile(r"^(?P<gutter>\s*\d*\s\|)(?P<rest>.*)$")
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "blue"}


def wants_colour(choice: str, stream: TextIO) -> bool:
    """Whether to colour what is written to ``stream``."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def colourise(text: str) -> str:
    """The concise, full or statistics report with ANSI colour added."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard",
                      highlight=False, soft_wrap=True, emoji=False, markup=False,
                      width=10_000)
    for line in text.splitlines():
        console.print(_styled(line, Text), end="\n")
    return buffer.getvalue()


def _styled(line: str, text_type: type) -> object:
    text = text_type()
    m = _HEADER.match(line)
    if m:
        text.append(m["path"], "bold")
        text.append(f":{m['line']}:{m['col']}:", "dim")
        text.append(" ")
        text.append(m["code"], "bold red" if m["sev"] == "error" else "bold")
        text.append(" ")
        text.append(f"[{m['sev']}]", SEVERITY_STYLES[m["sev"]])
        text.append(" " + m["msg"])
        return text
    m = _STAT.match(line)
    if m:
        text.append(m["n"], "bold")
        text.append("\t")
        text.append(m["code"], "bold red" if m["sev"] == "error" else "bold")
        text.append(f"\t{m['name']}\t")
        text.append(f"[{m['sev']}]", SEVERITY_STYLES[m["sev"]])
        return text
    if line.startswith("All checks passed!"):
        text.append(line, "bold green")
    elif line.startswith("Found "):
        text.append(line, "bold")
    elif line.startswith("help: "):
        text.append("help:", "bold cyan")
        text.append(line[5:])
    elif (g := _GUTTER.match(line)) is not None:
        text.append(g["gutter"], "blue")
        rest = g["rest"]
        text.append(rest, "red" if rest.strip() and set(rest.strip()) <= {"^"} else "")
    else:
        text.append(line)
    return text
