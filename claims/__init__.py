"""Reading: a file becomes an Article (blocks, sentences, references, citations, claims)."""

from claims.model import Article
from claims.read import read, read_text

__all__ = ["Article", "read", "read_text"]
