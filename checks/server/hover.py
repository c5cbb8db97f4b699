"""Hover on a claim: what healthlint thinks of the sentence under the cursor, and why."""

from __future__ import annotations

from checks.server.session import Linted
from claims.model import Article, Citation, Claim, Reference


def claim_at(article: Article, offset: int) -> Claim | None:
    """The claim whose span holds ``offset`` (the narrowest, when clauses nest)."""
    covering = [c for c in article.claims if c.start <= offset <= c.end]
    return min(covering, key=lambda c: c.end - c.start, default=None)


def _reference(ref: Reference) -> str:
    who = ref.authors[0] if ref.authors else ""
    head = " ".join(x for x in (f"[{ref.label}]" if ref.label else "", who,
                                str(ref.year) if ref.year else "") if x)
    ids = ", ".join(f"{i.kind.upper()} {i.normalized or i.value}" for i in ref.identifiers)
    title = f" — {ref.title}" if ref.title else ""
    return f"{head or 'reference'}{title}" + (f" ({ids})" if ids else "")


def _citation(citation: Citation) -> list[str]:
    written = " ".join(citation.text.split())
    if citation.references:
        return [f"- `{written}` → {_reference(r)}" for r in citation.references]
    target = f" → {citation.url}" if citation.url else " (no matching reference)"
    return [f"- `{written}` ({citation.kind.replace('_', '-')}){target}"]


def describe_claim(claim: Claim, linted: Linted) -> str:
    """Markdown for the hover: type, score against the threshold, cues, citations."""
    threshold = None
    if linted.plan is not None:
        threshold = linted.plan.options.get("HL101", {}).get("threshold")
    score = f"{claim.score:.2f}"
    if isinstance(threshold, int | float):
        score += f" (HL101 threshold {threshold:g})"
    lines = [f"**healthlint: {claim.type.replace('_', ' ')} claim** · score {score}", ""]
    attrs = claim.attributes
    flags = [name for name in ("hedged", "negated", "boosted") if attrs.get(name)]
    if attrs.get("evidence"):
        flags.append(f"evidence: {attrs['evidence']}")
    if claim.cues:
        lines.append("Cues: " + ", ".join(f"`{c}`" for c in claim.cues))
    if flags:
        lines.append("Qualities: " + "; ".join(flags))
    lines.append("")
    if claim.citations:
        lines.append("Citations:")
        for citation in claim.citations:
            lines.extend(_citation(citation))
    else:
        lines.append("Citations: none — this claim is uncited.")
    return "\n".join(lines).strip() + "\n"
