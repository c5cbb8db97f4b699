"""``healthlint inspect``: how a file was read — blocks with kinds and spans, and sentences."""

from __future__ import annotations

import json
from typing import Any

from claims.model import Article


def _span(article: Article, start: int, end: int) -> str:
    a, b = article.position(start), article.position(end)
    return f"{a.line}:{a.column}-{b.line}:{b.column}"


def _clip(text: str, width: int = 72) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _sentences_by_block(article: Article) -> dict[int, list[Any]]:
    """The article's sentences grouped under their block's id, in reading order."""
    by_block: dict[int, list[Any]] = {}
    for sentence in article.sentences:
        by_block.setdefault(id(sentence.block), []).append(sentence)
    return by_block


def inspection_json(article: Article) -> dict[str, Any]:
    by_block = _sentences_by_block(article)

    def pos(start: int, end: int) -> dict[str, int]:
        a, b = article.position(start), article.position(end)
        return {"line": a.line, "column": a.column, "end_line": b.line, "end_column": b.column}

    return {
        "path": article.path,
        "format": article.format,
        "encoding": article.encoding,
        "front_matter": article.front_matter.data if article.front_matter else None,
        "problems": [{"code": p.code, "message": p.message, **pos(p.start, p.end)}
                     for p in article.problems],
        "blocks": [
            {"kind": b.kind.value, **pos(b.start, b.end), "section": b.section,
             "text": b.text, "sentences": [
                 {**pos(s.start, s.end), "text": s.text}
                 for s in by_block.get(id(b), [])]}
            for b in article.blocks
        ],
        "references": [{"label": r.label, **pos(r.start, r.end),
                        "identifiers": [{"kind": i.kind, "value": i.value,
                                         "normalized": i.normalized} for i in r.identifiers]}
                       for r in article.references],
        "claims": len(article.claims),
    }


def render_inspections_json(documents: list[dict[str, Any]]) -> str:
    """One file's :func:`inspection_json` document, or a list of them for several files."""
    body = documents[0] if len(documents) == 1 else documents
    return json.dumps(body, indent=2, ensure_ascii=False, default=str) + "\n"


def render_inspection(article: Article, fmt: str = "text") -> str:
    if fmt == "json":
        return render_inspections_json([inspection_json(article)])
    lines = [f"{article.path} ({article.format}, {article.encoding}): "
             f"{len(article.blocks)} blocks, {len(article.sentences)} sentences, "
             f"{len(article.references)} references, {len(article.claims)} claims"]
    for problem in article.problems:
        lines.append(f"  ! {problem.code} {_span(article, problem.start, problem.end)} "
                     f"{problem.message}")
    by_block = _sentences_by_block(article)
    for block in article.blocks:
        lines.append(f"{block.kind.value:<15} {_span(article, block.start, block.end):<16} "
                     f"{_clip(block.text)}")
        sentences = by_block.get(id(block), [])
        if len(sentences) > 1:
            for s in sentences:
                lines.append(f"{'':<15} · {_span(article, s.start, s.end):<14} {_clip(s.text, 68)}")
    return "\n".join(lines) + "\n"
