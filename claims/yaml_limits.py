"""Refusing YAML whose aliases expand into more nodes than any real file holds.

A few hundred bytes of nested anchors and aliases ("billion laughs") describe
billions of values: PyYAML builds them as shared objects, but the first walk over
the data (validation, an error message, a copy) expands them and runs for minutes
at gigabytes. The composed node graph is measured before anything is built: each
node counts once per path that reaches it, memoised, so the measurement itself is
linear in the size of the text, and a recursive alias counts as unbounded.
"""

from __future__ import annotations

from typing import Any

MAX_NODES = 100_000  # a large front matter or configuration holds a few thousand


class AliasBomb(ValueError):
    """The YAML expands into more than :data:`MAX_NODES` nodes (or refers to itself)."""


class YamlProblem(ValueError):
    """YAML that cannot be loaded, said in words a user can act on (no path: callers add it)."""


def _children(node: Any) -> list[Any]:
    value = getattr(node, "value", None)
    if not isinstance(value, list):
        return []  # a scalar
    out: list[Any] = []
    for item in value:
        if isinstance(item, tuple):  # a mapping's (key, value) pair
            out.extend(item)
        else:
            out.append(item)
    return out


def expanded_size(root: Any, limit: int = MAX_NODES) -> int:
    """How many nodes the graph under ``root`` expands to, saturating at ``limit + 1``."""
    over = limit + 1
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            total = 1 + sum(sizes[id(c)] for c in _children(node))
            sizes[key] = min(total, over)
            visiting.discard(key)
            continue
        if key in sizes:
            continue
        if key in visiting:
            return over  # a node inside itself: an endless expansion
        visiting.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    return sizes[id(root)]


def check_expansion(root: Any, limit: int = MAX_NODES) -> None:
    """Raise :class:`AliasBomb` when ``root`` expands past ``limit`` nodes."""
    if root is not None and expanded_size(root, limit) > limit:
        raise AliasBomb(f"its aliases expand to more than {limit:,} values, or into themselves "
                        "(an alias bomb?)")


def safe_load(text: str, limit: int = MAX_NODES) -> Any:
    """``yaml.safe_load`` (libyaml's when present) that refuses an alias bomb before
    building anything."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        check_expansion(node, limit)
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def load_explained(text: str, limit: int = MAX_NODES) -> Any:
    """:func:`safe_load`, with a refused alias bomb or a syntax error (and where it stands)
    raised as one :class:`YamlProblem`, so every YAML file the linter reads reports alike."""
    import yaml

    try:
        return safe_load(text, limit)
    except AliasBomb as exc:
        raise YamlProblem(f"refused: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlProblem(f"invalid YAML{where}: {problem}") from None
