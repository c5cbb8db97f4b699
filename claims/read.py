"""Entry point of the reading side: path or text -> analysed Article."""

from __future__ import annotations

import os
from importlib import import_module

from claims.model import Article, ReadProblem
from claims.roles import assign_roles
from claims.source import SourceText, decode, looks_binary

FORMATS = ("markdown", "html", "text")

_EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
}

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
EMPTY = "HL907"  # reported by checks.rules.core; no other check runs on an empty file


class UnreadableFile(Exception):
    """The file could not be read at all; carries an HL9xx code for the finding."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def format_for(path: str, override: str | None = None) -> str:
    """The reader for a path: ``override`` if given, else by extension, else plain text."""
    if override:
        if override not in FORMATS:
            raise ValueError(
                f"unknown input format {override!r}; expected one of {', '.join(FORMATS)}"
            )
        return override
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


def read(path: str, format: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
         analyse: bool = True) -> Article:
    """Read and analyse one file. Raises :class:`UnreadableFile` for files that cannot be linted."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise UnreadableFile(
                "HL903",
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (max-file-size)",
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise UnreadableFile("HL901", f"cannot read file: {exc.strerror or exc}") from None
    if looks_binary(data):
        raise UnreadableFile("HL901", "binary file (contains NUL bytes); not an article")
    decoded = decode(data)
    article = read_text(decoded.text, path=path, format=format_for(path, format), analyse=analyse)
    article.encoding = decoded.encoding
    if decoded.problem:
        article.problems.insert(0, ReadProblem("HL902", f"encoding: {decoded.problem}"))
    return article


def read_text(text: str, *, path: str = "<text>", format: str = "markdown",
              analyse: bool = True) -> Article:
    """Read already-decoded text (used by tests and by :func:`read`)."""
    article = Article(path=path, format=format, source=SourceText(text))
    if not text.strip():
        article.problems.append(ReadProblem(EMPTY, "file is empty: there is no article to lint"))
        return article
    reader = import_module(f"claims.readers.{format}")
    reader.parse(article)
    assign_roles(article)
    if analyse:
        from claims.analysis import analyse as run_analysis

        run_analysis(article)
    return article
