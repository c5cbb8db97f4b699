"""Which identifiers an article cites, each with the reference that states it.

Pure and offline: the malformed-identifier checks (pre-commit) and the
resolution pre-pass (``--resolve``) read the same list. Identifiers come from
the parsed references, from citations, and from the article's prose and
reference-list blocks (bare DOIs and links); code, front matter and site
boilerplate are never scanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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
    # A reference's identifiers are those found in its own span (claims.references), all
    # in by_span already: a block that is one whole entry would only find them again.
    entries = {(ref.start, ref.end) for ref in refs}
    for start, end in _scan_spans(article):
        if (start, end) in entries:
            continue
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


def suggested_target(problem: IdentifierProblem) -> tuple[str, str] | None:
    """The identifier a malformed one probably meant, to confirm by resolving it."""
    if not problem.suggestion:
        return None
    kind = "pmcid" if problem.suggestion.upper().startswith("PMC") else problem.kind
    if kind == "url":
        return None
    return target_key(kind, problem.suggestion)


def query_for(reference: Reference) -> str | None:
    """The bibliographic query for a reference with no identifier, if it says enough."""
    if not reference.title or not reference.authors or len(reference.title.split()) < 3:
        return None
    text = re.sub(r"https?://\S+|www\.\S+", " ", reference.text)
    text = re.sub(r"^\s*\[?\d+[\].)]?\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:300] or None


@dataclass
class Wanted:
    """What some articles need resolved: distinct identifier keys and bibliographic queries.

    Small and picklable, so audit workers can send it to the driver, which merges the
    whole corpus's into one and resolves each identifier once.
    """

    keys: set[tuple[str, str]] = field(default_factory=set)
    queries: dict[str, Reference] = field(default_factory=dict)

    def update(self, other: Wanted) -> None:
        self.keys |= other.keys
        for query, ref in other.queries.items():
            self.queries.setdefault(query, ref)


def wanted_by(cited: Iterable[Cited], references: Iterable[Reference] = (), *,
              suggest: bool = True) -> Wanted:
    """The identifiers (and suggested forms of malformed ones) and queries to resolve."""
    out = Wanted()
    for c in cited:
        if c.resolvable:
            out.keys.add(c.key)
        for problem in c.problems:
            target = suggested_target(problem)
            if target is not None:
                out.keys.add(target)
    if suggest:
        for ref in references:
            query = query_for(ref)
            if query:
                out.queries.setdefault(query, ref)
    return out


def wanted_in(article: Article, *, suggest: bool = True) -> Wanted:
    """Everything one article needs resolved."""
    cited = cited_identifiers(article)
    return wanted_by(cited, references_without_identifiers(article, cited), suggest=suggest)
