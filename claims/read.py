"""Entry point of the reading side: path or text -> analysed Article."""

from __future__ import annotations

import os
import stat
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
    return read_data(read_bytes(path, max_bytes), path, format, analyse=analyse)


def read_data(data: bytes, path: str, format: str | None = None, *,
              analyse: bool = True) -> Article:
    """Analyse bytes already read from ``path``: a caller that hashed them lints the same bytes."""
    if looks_binary(data):
        raise UnreadableFile("HL901", "binary file (contains NUL bytes); not an article")
    decoded = decode(data)
    article = read_text(decoded.text, path=path, format=format_for(path, format), analyse=analyse)
    article.encoding = decoded.encoding
    if decoded.problem:
        article.problems.insert(0, ReadProblem("HL902", f"encoding: {decoded.problem}"))
    return article


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A regular file's bytes, at most ``max_bytes`` of them.

    Opened without blocking and checked on the open descriptor, so a FIFO named
    ``*.md`` cannot hang the run, a symlink to ``/dev/zero`` cannot fill memory, and
    a file that grows while it is read stops at the limit.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile("HL901", f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("HL901", f"not a regular file ({_kind(info.st_mode)}); "
                                          "not an article")
        if info.st_size > max_bytes:
            raise _too_large(info.st_size, max_bytes)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableFile("HL901", f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise UnreadableFile("HL903", f"file grew past the {max_bytes:,}-byte limit while it "
                                      "was read (max-file-size)")
    return data


def _too_large(size: int, max_bytes: int) -> UnreadableFile:
    return UnreadableFile("HL903", f"file is {size:,} bytes, over the {max_bytes:,}-byte "
                                   "limit (max-file-size)")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "a special file"


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
