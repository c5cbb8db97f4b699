"""The diagnostic model shared by every check and every reporter."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claims.model import Article


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(
                f"expected one of error, warning, info; got {value!r}"
            ) from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Edit:
    """Replace source ``[start, end)`` with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    """A proposed change; only ``safe`` fixes are applied by ``--fix``."""

    description: str
    edits: tuple[Edit, ...]
    applicability: str = "safe"  # "safe" | "unsafe" | "display"


@dataclass(frozen=True)
class Diagnostic:
    """What a check emits: a span of the source and a message.

    The engine turns it into a :class:`Finding`, deriving line, column and the
    excerpt from the offsets, so positions are never recomputed by a check.
    """

    start: int
    end: int
    message: str
    code: str = ""  # defaults to the emitting check's code
    severity: Severity | None = None  # defaults to the check's (configurable) severity
    fix: Fix | None = None
    data: Mapping[str, Any] | None = None


@dataclass
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    excerpt: str
    start: int = 0
    end: int = 0
    fix: Fix | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "excerpt": self.excerpt,
        }
        if self.fix is not None:
            out["fix"] = {
                "description": self.fix.description,
                "applicability": self.fix.applicability,
                "edits": [
                    {"start": e.start, "end": e.end, "content": e.text} for e in self.fix.edits
                ],
            }
        if self.data:
            out["data"] = self.data
        return out


@dataclass(frozen=True)
class Option:
    """A per-check option: its default, a one-line description and what it may be.

    ``choices`` closes the set of values, so a typo is a configuration error (exit 2)
    rather than a crash inside the check; for a list option it applies to each item.
    """

    default: Any
    help: str
    type: type | tuple[type, ...] | None = None
    choices: tuple[Any, ...] | None = None

    def accepts(self, value: Any) -> bool:
        if not self._type_accepts(value):
            return False
        if self.choices is None:
            return True
        items = value if isinstance(value, list) else [value]
        return all(self._is_choice(item) for item in items)

    def _type_accepts(self, value: Any) -> bool:
        expected = self.type or type(self.default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            return True
        if isinstance(value, bool) and expected is not bool:
            return False
        return isinstance(value, expected)

    def _is_choice(self, value: Any) -> bool:
        # ``True == 1``: a bool never passes for a number choice, nor a number for a bool.
        return any(value == c and isinstance(value, bool) == isinstance(c, bool)
                   for c in self.choices or ())

    def describe_choices(self) -> str:
        """The allowed values as users write them ("'sentence', 'paragraph'"); '' if open."""
        return ", ".join(repr(c) for c in self.choices) if self.choices else ""


RunFn = Callable[["Article", "CheckContext"], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Check:
    """A registered check: stable code, kebab-case name, default severity and why it exists."""

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    run: RunFn
    options: Mapping[str, Option] = field(default_factory=dict)
    preview: bool = False
    network: bool = False  # needs --resolve
    # Judges what the page states about itself (author, dates, content type, disclaimers),
    # which front matter may hold: not run while the front matter cannot be read (HL904).
    reads_front_matter: bool = False
    source: str = "builtin"  # entry point or rule pack that provided it
    # Loads the learned weights the check scores with (raising when their file is missing
    # or broken): read once before the first article (checks.contract.weights).
    weights: Callable[[], Any] | None = None


@dataclass
class CheckContext:
    """What a check may consult besides the article: its options and shared services."""

    check: Check
    options: Mapping[str, Any]
    settings: Any  # checks.settings.config.Settings
    services: dict[str, Any]
    memo: dict[str, Any]

    def option(self, name: str) -> Any:
        return self.options[name]
