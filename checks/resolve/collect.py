"""Which identifiers an article cites, each with the reference that states it.

Pure and offline: the malformed-identifier checks (pre-commit) and the
resolution pre-pass (``--resolve``) read the same list. Identifiers come from
the parsed references, from citations, and from the article's prose and
reference-list blocks (bare DOIs and links); code, front matter and site
boilerplate are never scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.resolve.model import target_key
from claims.identifiers import IdentifierProblem, find_identifiers, is_valid_doi, validate
from claims.model import Article, BlockKind, Identifier, Reference

_SCANNED = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE,
                      BlockKind.TABLE_CELL, BlockKind.REFERENCE, BlockKind.HEADING})


@dataclass
class Cited:
    """One identifier occurrence: where it is written and the reference it belongs to."""

    identifier: Identifier
    reference: Reference | None
    problems: list[IdentifierProblem]

    @property
    def key(self) -> tuple[str, str]:
        return target_key(self.identifier.kind, self.identifier.normalized)

    @property
    def resolvable(self) -> bool:
        """Its normal form is well-formed enough to ask a registry about.

        A DOI link with a misspelt scheme, or a DOI with a look-alike dash, still
        has a valid normal form, so it is resolved (and reported as malformed too).
        """
        ident = self.identifier
        normal = ident.normalized
        if not normal:
            return False
        if ident.kind == "doi":
            return is_valid_doi(normal)
        if ident.kind == "pmid":
            return re.fullmatch(r"[1-9]\d{0,7}", normal) is not None
        if ident.kind == "pmcid":
            return re.fullmatch(r"PMC[1-9]\d{0,9}", normal) is not None
        return not any(p.reason in ("no-host", "bad-host", "malformed") for p in self.problems)


def _scan_spans(article: Article) -> list[tuple[int, int]]:
    if not article.blocks:
        return [(0, len(article.text))]
    spans = [(b.start, b.end) for b in article.blocks if b.kind in _SCANNED]
    return spans


def cited_identifiers(article: Article) -> list[Cited]:
    """Every identifier occurrence in the article, deduplicated by source span."""
    by_span: dict[tuple[int, int], Cited] = {}
    for ref in article.references:
        for ident in ref.identifiers:
            by_span[(ident.start, ident.end)] = Cited(ident, ref, validate(ident))
    for citation in article.citations:
        if citation.kind in ("identifier", "link"):
            start, end = citation.start, citation.end
            for ident in find_identifiers(article.text[start:end], start):
                by_span.setdefault((ident.start, ident.end),
                                   Cited(ident, _only(citation.references), validate(ident)))
    refs = sorted(article.references, key=lambda r: r.start)
    for start, end in _scan_spans(article):
        for ident in find_identifiers(article.text[start:end], start):
            span = (ident.start, ident.end)
            if span in by_span or _overlaps(by_span, span):
                continue
            by_span[span] = Cited(ident, _reference_at(refs, ident.start), validate(ident))
    return [by_span[k] for k in sorted(by_span)]


def _only(references: list[Reference]) -> Reference | None:
    return references[0] if len(references) == 1 else None


def _overlaps(spans: dict[tuple[int, int], Cited], span: tuple[int, int]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def _reference_at(refs: list[Reference], offset: int) -> Reference | None:
    for ref in refs:
        if ref.start <= offset < ref.end:
            return ref
    return None


def references_without_identifiers(article: Article, cited: list[Cited]) -> list[Reference]:
    """References that carry no identifier at all (candidates for a DOI suggestion)."""
    with_ids = {id(c.reference) for c in cited if c.reference is not None}
    return [r for r in article.references if id(r) not in with_ids and not r.identifiers]
