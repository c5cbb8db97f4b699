"""After a reader: sentences, then references, citations and claims."""

from __future__ import annotations

from claims.model import Article


def analyse(article: Article) -> None:
    from claims.citations import analyse_citations
    from claims.detect import attach_citations, detect
    from claims.references import parse_references
    from claims.sentences import segment

    segment(article)
    article.references = parse_references(article)
    analyse_citations(article)
    article.claims = detect(article)
    attach_citations(article)
