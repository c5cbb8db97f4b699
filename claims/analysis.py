"""After a reader: sentences, then references, citations and claims."""

from __future__ import annotations

from claims.model import Article


def analyse(article: Article) -> None:
    from claims.sentences import segment

    segment(article)
