"""``healthlint claims``: the claim inventory an editor reviews before publishing.

Every claim with its position, type, score, attributes and the references it cites, as
text, JSON (the Claim JSON contract in DESIGN.md: a ``claims`` list) or CSV.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from claims.detect import explain
from claims.model import Article, Citation, Claim, Reference

FORMAT_VERSION = 1
_CSV_FIELDS = ("path", "line", "column", "end_line", "end_column", "type", "score", "cited",
               "citations", "hedged", "negated", "boosted", "evidence", "text")


def _selected(articles: list[Article], uncited_only: bool) -> list[tuple[Article, Claim]]:
    return [(article, claim) for article in articles for claim in article.claims
            if not (uncited_only and claim.cited)]


def _reference_json(ref: Reference) -> dict[str, Any]:
    return {
        "label": ref.label, "authors": ref.authors, "year": ref.year, "title": ref.title,
        "journal": ref.journal,
        "identifiers": [{"kind": i.kind, "value": i.value, "normalized": i.normalized}
                        for i in ref.identifiers],
    }


def _citation_json(citation: Citation) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": citation.kind, "text": citation.text,
                           "labels": citation.labels,
                           "references": [_reference_json(r) for r in citation.references]}
    if citation.url:
        out["url"] = citation.url
    return out


def claim_json(article: Article, claim: Claim) -> dict[str, Any]:
    """One claim in the Claim JSON contract."""
    a, b = article.position(claim.start), article.position(claim.end)
    return {
        "path": article.path, "line": a.line, "column": a.column,
        "end_line": b.line, "end_column": b.column,
        "text": claim.text, "excerpt": article.excerpt(claim.start, claim.end),
        "type": claim.type, "score": claim.score, "cited": claim.cited,
        "citations": [_citation_json(c) for c in claim.citations],
        "attributes": claim.attributes,
        "cues": [{"cue": _cue_label(name), "weight": weight} for name, weight in explain(claim)],
    }


_CUE_KINDS = {"w": "word", "b": "words", "p": "word start", "s": "word end",
              "h": "section", "k": "block", "shape": "sentence shape", "v": "verb",
              "mv": "verb after a modal"}


def _cue_label(feature: str) -> str:
    """A model feature as an editor reads it: 'evidence', "word 'lowers'", "section 'risks'"."""
    kind, _, value = feature.partition(":")
    if kind == "cue":
        return value
    value = value.replace("<s> ", "").replace(" </s>", "")
    return f"{_CUE_KINDS.get(kind, kind)} '{value}'"


def _why(claim: Claim) -> str:
    return ", ".join(f"{_cue_label(name)} +{weight:.2f}" for name, weight in explain(claim, 3))


def _cited_labels(claim: Claim) -> str:
    parts: list[str] = []
    for citation in claim.citations:
        if citation.references:
            parts.extend(f"[{r.label}]" if r.label else (r.authors[0] if r.authors else "ref")
                         for r in citation.references)
        else:
            parts.append(citation.url or citation.text.strip())
    seen: dict[str, None] = dict.fromkeys(parts)
    return ", ".join(seen)


def _flags(claim: Claim) -> str:
    attrs = claim.attributes
    flags = [name for name in ("hedged", "negated", "boosted") if attrs.get(name)]
    if attrs.get("evidence"):
        flags.append(f"evidence: {attrs['evidence']!r}")
    return "; ".join(flags)


def _text(articles: list[Article], selected: list[tuple[Article, Claim]]) -> str:
    lines: list[str] = []
    for article, claim in selected:
        pos = article.position(claim.start)
        cited = f"cites {_cited_labels(claim)}" if claim.cited else "UNCITED"
        flags = _flags(claim)
        lines.append(f"{article.path}:{pos.line}:{pos.column}: {claim.type} "
                     f"({claim.score:.2f}) {cited}" + (f" [{flags}]" if flags else ""))
        lines.append(f"    {' '.join(claim.text.split())}")
        why = _why(claim)
        if why:
            lines.append(f"    why: {why}")
    total = sum(len(a.claims) for a in articles)
    uncited = sum(1 for a in articles for c in a.claims if not c.cited)
    lines.append(f"{total} claim{'s' if total != 1 else ''} in {len(articles)} "
                 f"file{'s' if len(articles) != 1 else ''}, {uncited} uncited.")
    return "\n".join(lines) + "\n"


def _csv(selected: list[tuple[Article, Claim]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for article, claim in selected:
        row = claim_json(article, claim)
        attrs = claim.attributes
        writer.writerow({
            "path": row["path"], "line": row["line"], "column": row["column"],
            "end_line": row["end_line"], "end_column": row["end_column"],
            "type": claim.type, "score": f"{claim.score:.3f}",
            "cited": "yes" if claim.cited else "no", "citations": _cited_labels(claim),
            "hedged": "yes" if attrs.get("hedged") else "no",
            "negated": "yes" if attrs.get("negated") else "no",
            "boosted": "yes" if attrs.get("boosted") else "no",
            "evidence": attrs.get("evidence", ""), "text": " ".join(claim.text.split()),
        })
    return buffer.getvalue()


def render_claims(articles: list[Article], fmt: str, uncited_only: bool) -> str:
    """The inventory of every claim (or only the uncited ones) in ``fmt``: text, json or csv."""
    selected = _selected(articles, uncited_only)
    if fmt == "json":
        document = {
            "version": FORMAT_VERSION,
            "claims": [claim_json(article, claim) for article, claim in selected],
            "summary": {"files": len(articles),
                        "claims": sum(len(a.claims) for a in articles),
                        "uncited": sum(1 for a in articles for c in a.claims if not c.cited)},
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(selected)
    if fmt == "text":
        return _text(articles, selected)
    raise ValueError(f"unknown claims format {fmt!r}; expected text, json or csv")
