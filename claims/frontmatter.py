"""YAML front matter: the leading ``---`` ... ``---`` block of a Markdown article.

Parsed with PyYAML's safe loader in two steps (compose, then construct) so that
every top-level key and value keeps its source span from the YAML node marks.
What cannot be read becomes an HL904 ReadProblem located at the parser's mark,
never an exception. PyYAML is imported only when a file has front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claims.model import Article, Block, BlockKind, FrontMatter, ReadProblem
from claims.source import ProjectionBuilder
from claims.yaml_limits import AliasBomb, check_expansion

_OPEN_RE = re.compile(r"---[ \t]*(?:\r\n|\r|\n|$)")
_CLOSE_RE = re.compile(r"(?:---|\.\.\.)[ \t]*$")
# A line that looks like the first key of a YAML mapping (used to tell an unclosed
# front matter from a document that merely starts with a thematic break).
_KEY_LINE_RE = re.compile(r"[A-Za-z_][\w .-]*:(?:\s|$)")
# The first line of a fenced block that makes it YAML rather than prose between two
# thematic breaks: a key, a comment, a list entry, a flow collection or a quoted key.
_YAML_START_RE = re.compile(r"""[ \t]*(?:[A-Za-z_][\w .-]*:(?:\s|$)|#|- |-$|[\[{"'?])""")


@dataclass(frozen=True)
class FrontMatterSpan:
    """Where the front matter sits: the whole block and the YAML text inside the fences."""

    start: int
    end: int
    yaml_start: int
    yaml_end: int
    body_start: int
    body_line: int  # 0-based index of the first line after the front matter


def locate(article: Article) -> FrontMatterSpan | None:
    """Find a front matter block at the very start of the file (after an optional BOM)."""
    text = article.text
    start = 1 if text.startswith("\ufeff") else 0
    if not _OPEN_RE.match(text, start):
        return None
    source = article.source
    starts = source.line_starts
    for index in range(1, source.line_count):
        line_start, line_end = source.line_span(index + 1)
        if _CLOSE_RE.match(text, line_start, line_end):
            if not _is_yaml(article, 2, index):
                return None
            body_line = index + 1
            body_start = starts[body_line] if body_line < len(starts) else len(text)
            return FrontMatterSpan(start, line_end, starts[1], line_start, body_start, body_line)
    return None


def _is_yaml(article: Article, first: int, last: int) -> bool:
    """Whether lines ``first``..``last`` (1-based) read as YAML rather than prose."""
    for line in range(first, last + 1):
        content = article.source.line_text(line)
        if content.strip():
            return bool(_YAML_START_RE.match(content))
    return True


def looks_unclosed(article: Article) -> bool:
    """A ``---`` first line followed by a ``key:`` line, with no closing fence."""
    source = article.source
    start = 1 if article.text.startswith("\ufeff") else 0
    if source.line_count < 2 or not _OPEN_RE.match(article.text, start):
        return False
    for line in range(2, min(source.line_count, 6) + 1):
        content = source.line_text(line)
        if content.strip():
            return bool(_KEY_LINE_RE.match(content))
    return False


def read_front_matter(article: Article) -> int:
    """Fill ``front_matter``, its block and any HL904 problem; return the 0-based body line.

    The caller parses the rest of the file from that line on. An unclosed front
    matter is reported and the whole file is read as the body.
    """
    span = locate(article)
    if span is None:
        if looks_unclosed(article):
            end = article.source.line_span(1)[1]
            article.problems.append(ReadProblem(
                "HL904",
                "front matter opened at line 1 is never closed (expected a line with --- or ...)",
                0, end,
            ))
        return 0
    article.blocks.append(Block(BlockKind.FRONT_MATTER, span.start, span.end,
                                ProjectionBuilder().build(), data={"format": "yaml"}))
    article.front_matter = _parse(article, span)
    return span.body_line


def _parse(article: Article, span: FrontMatterSpan) -> FrontMatter | None:
    import yaml
    from yaml.constructor import SafeConstructor

    text = article.text[span.yaml_start:span.yaml_end]
    if not text.strip():
        return FrontMatter({}, span.start, span.end)
    node = _compose_with_libyaml(text)
    loader = None
    try:
        if node is None:
            loader = yaml.SafeLoader(text)  # checks for unprintable characters up front
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        _problem_at_mark(article, span, exc)
        return None
    except yaml.reader.ReaderError as exc:
        _problem(article, span.yaml_start + exc.position, "front matter has a character "
                 "YAML does not allow", exc.reason)
        return None
    except (yaml.YAMLError, RecursionError) as exc:
        _problem(article, span.yaml_start, "front matter is not valid YAML", str(exc))
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return FrontMatter({}, span.start, span.end)
    try:
        check_expansion(node)
    except AliasBomb as exc:
        _problem(article, span.yaml_start, "front matter refused", str(exc))
        return None
    if not isinstance(node, yaml.MappingNode):
        kind = "list" if isinstance(node, yaml.SequenceNode) else "single value"
        _problem(article, span.yaml_start + node.start_mark.index,
                 "front matter must be a mapping of keys to values", f"found a {kind}")
        return None
    try:
        data = SafeConstructor().construct_document(node)
    except Exception as exc:  # PyYAML raises ValueError etc. for bad dates and numbers
        _constructor_problem(article, span, node, exc)
        return None
    if not isinstance(data, dict):
        _problem(article, span.yaml_start, "front matter must be a mapping of keys to values",
                 f"found {type(data).__name__}")
        return None
    front = FrontMatter(data, span.start, span.end)
    _record_spans(article, span, node, front)
    return front


def _compose_with_libyaml(text: str) -> Any:
    """The node tree from libyaml's parser (more than ten times faster), or None.

    Used only for ASCII text, where libyaml's marks count the same characters as
    Python's; anything it cannot parse is left to the pure-Python loader, whose
    error messages and positions the problems quote.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None or not text.isascii():
        return None
    loader = fast(text)
    try:
        return loader.get_single_node()
    except Exception:
        return None
    finally:
        loader.dispose()


def _record_spans(article: Article, span: FrontMatterSpan, node: Any, front: FrontMatter) -> None:
    """Key and value spans of every top-level entry; duplicate keys are reported."""
    text = article.text
    base = span.yaml_start
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = str(key_node.value) if not isinstance(key_node.value, list) else None
        if key is None:
            continue
        key_span = (base + key_node.start_mark.index, base + key_node.end_mark.index)
        if key in front.key_spans:
            first = article.position(front.key_spans[key][0]).line
            where = article.position(key_span[0])
            article.problems.append(ReadProblem(
                "HL904", f"front matter key {key!r} is repeated at line {where.line}, column "
                         f"{where.column} (first set at line {first}); YAML keeps only the last "
                         "value", *key_span))
        value_start = base + value_node.start_mark.index
        value_end = base + value_node.end_mark.index
        while value_end > value_start and text[value_end - 1].isspace():
            value_end -= 1
        front.key_spans[key] = key_span
        front.value_spans[key] = (value_start, value_end)


def _constructor_problem(article: Article, span: FrontMatterSpan, node: Any,
                         exc: Exception) -> None:
    """Point at the top-level value whose construction failed."""
    from yaml.constructor import SafeConstructor

    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        _problem(article, span.yaml_start + mark.index, "front matter value cannot be read",
                 str(getattr(exc, "problem", "") or exc))
        return
    for key_node, value_node in node.value:
        try:
            SafeConstructor().construct_document(value_node)
        except Exception:
            _problem(article, span.yaml_start + value_node.start_mark.index,
                     f"front matter value of {key_node.value!r} cannot be read", str(exc))
            return
    _problem(article, span.yaml_start, "front matter cannot be read", str(exc))


def _problem_at_mark(article: Article, span: FrontMatterSpan, exc: Any) -> None:
    mark = exc.problem_mark or exc.context_mark
    offset = span.yaml_start + (mark.index if mark is not None else 0)
    problem = exc.problem or "invalid YAML"
    context = ""
    if exc.context and exc.context_mark is not None:
        where = article.position(span.yaml_start + exc.context_mark.index)
        context = f" ({exc.context}, opened at line {where.line}, column {where.column})"
    _problem(article, offset, "front matter is not valid YAML",
             f"{problem}{context}{_hint(article.text, offset, problem)}")


def _hint(text: str, offset: int, problem: str) -> str:
    """What usually fixes the commonest YAML slip in a title: an unquoted ': ' in a value."""
    if problem != "mapping values are not allowed here":
        return ""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start:line_end if line_end >= 0 else len(text)].rstrip("\r")
    key, sep, value = line.partition(": ")
    if not sep or not key.strip() or not value.strip() or value.lstrip()[:1] in "\"'":
        return ""
    quoted = value.strip().replace('"', '\\"')
    return f"; quote a value that contains ': ', as in {key.strip()}: \"{quoted}\""


def _problem(article: Article, offset: int, lead: str, detail: str = "") -> None:
    """Add HL904 with the file's own line and column, spanning the character at the mark."""
    text = article.text
    offset = max(0, min(offset, len(text)))
    where = article.position(offset)
    if offset < len(text) and text[offset] not in "\r\n":
        start, end = offset, offset + 1
    else:
        start, end = article.source.line_span(where.line)
        if start == end:
            start = end = offset
    article.problems.append(
        ReadProblem("HL904", f"{lead} at line {where.line}, column {where.column}"
                             + (f": {detail}" if detail else ""), start, end)
    )
