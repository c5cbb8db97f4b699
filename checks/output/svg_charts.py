"""Small inline SVG charts for the audit report: no scripts, no external assets.

Each chart is a self-contained ``<svg>`` with a ``<title>`` per mark (the browser shows
it on hover, screen readers read it) and ``role="img"`` with a label, so the page
works offline, prints, and says what it shows without colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

COLOURS = {"error": "#b42318", "warning": "#dc6803", "info": "#2e90fa", "new": "#b42318",
           "fixed": "#039855", "claims": "#7a5af8", "uncited": "#f04438"}
ROW = 22


def _num(value: float) -> str:
    return f"{value:,.0f}"


def stacked_bars(title: str, rows: Sequence[tuple[str, Sequence[int]]],
                 series: Sequence[str], width: int = 560) -> str:
    """Horizontal bars, one per row, each split into ``series`` (errors, warnings, ...)."""
    if not rows:
        return ""
    label_width = min(260, max(60, 7 * max(len(label) for label, _ in rows) + 12))
    plot = width - label_width - 60
    top = max(sum(values) for _, values in rows) or 1
    height = ROW * len(rows) + 26
    out = [f'<svg class="chart" role="img" aria-label="{escape(title)}" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for i, (label, values) in enumerate(rows):
        y = i * ROW
        shown = label if len(label) <= 36 else label[:35] + "…"
        out.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" '
                   f'class="lbl">{escape(shown)}<title>{escape(label)}</title></text>')
        x = float(label_width)
        for name, value in zip(series, values, strict=True):
            if not value:
                continue
            w = max(1.0, value / top * plot)
            out.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}" '
                       f'fill="{COLOURS.get(name, "#667085")}"><title>{escape(label)}: '
                       f"{_num(value)} {escape(name)}</title></rect>")
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 15}" class="val">{_num(sum(values))}</text>')
    legend_y = ROW * len(rows) + 16
    x = label_width
    for name in series:
        out.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" '
                   f'fill="{COLOURS.get(name, "#667085")}"/>'
                   f'<text x="{x + 14}" y="{legend_y}" class="lbl">{escape(name)}</text>')
        x += 14 + 8 * len(name) + 16
    out.append("</svg>")
    return "".join(out)


def donut(title: str, parts: Sequence[tuple[str, int]], size: int = 180) -> str:
    """A ring split by share (severities), the total in the middle."""
    total = sum(v for _, v in parts)
    r, stroke = size / 2 - 18, 26
    c = 2 * math.pi * r
    out = [f'<svg class="chart" role="img" aria-label="{escape(title)}" '
           f'viewBox="0 0 {size + 130} {size}" width="{size + 130}" height="{size}" '
           'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>",
           f'<circle cx="{size / 2}" cy="{size / 2}" r="{r:.1f}" fill="none" '
           f'stroke="#eaecf0" stroke-width="{stroke}"/>']
    offset = 0.0
    for name, value in parts:
        if not value or not total:
            continue
        length = value / total * c
        out.append(f'<circle cx="{size / 2}" cy="{size / 2}" r="{r:.1f}" fill="none" '
                   f'stroke="{COLOURS.get(name, "#667085")}" stroke-width="{stroke}" '
                   f'stroke-dasharray="{length:.2f} {c - length:.2f}" '
                   f'stroke-dashoffset="{-offset:.2f}" '
                   f'transform="rotate(-90 {size / 2} {size / 2})">'
                   f"<title>{_num(value)} {escape(name)} ({value / total:.0%})</title></circle>")
        offset += length
    out.append(f'<text x="{size / 2}" y="{size / 2 + 7}" text-anchor="middle" '
               f'class="big">{_num(total)}</text>')
    for i, (name, value) in enumerate(parts):
        y = 40 + i * 24
        out.append(f'<rect x="{size + 10}" y="{y - 11}" width="12" height="12" '
                   f'fill="{COLOURS.get(name, "#667085")}"/><text x="{size + 28}" y="{y}" '
                   f'class="lbl">{_num(value)} {escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)
