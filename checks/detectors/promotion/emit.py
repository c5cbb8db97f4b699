"""Turning a span of a unit into a Diagnostic, with severity set by where the text sits.

Promotion in the article body is the article's problem (the check's own severity);
the same words in site boilerplate (app-store blurbs, payment partners, footers)
are reported at info, so an audit sees them without drowning in them.
"""

from __future__ import annotations

from typing import Any

from checks.contract.model import Diagnostic, Fix, Severity
from checks.detectors.promotion.document import BOILERPLATE, Unit

BOILERPLATE_PREFIX = "site boilerplate: "


def placed(start: int, end: int, where: str, message: str, *, fix: Fix | None = None,
           data: dict[str, Any] | None = None, severity: Severity | None = None) -> Diagnostic:
    """A diagnostic at source ``[start, end)``: in boilerplate at info, prefixed, unfixed."""
    if where == BOILERPLATE:
        return Diagnostic(start, end, BOILERPLATE_PREFIX + message, severity=Severity.INFO,
                          data=data)
    return Diagnostic(start, end, message, severity=severity, fix=fix, data=data)


def diagnostic(unit: Unit, a: int, b: int, message: str, *, fix: Fix | None = None,
               data: dict[str, Any] | None = None,
               severity: Severity | None = None) -> Diagnostic:
    """A diagnostic for unit-relative ``[a, b)``."""
    start, end = unit.source_span(a, b)
    return placed(start, end, unit.where, message, fix=fix, severity=severity,
                  data={"where": unit.where, **(data or {})})


def span_diagnostic(first: Unit, a: int, last: Unit, b: int, message: str, *,
                    data: dict[str, Any] | None = None,
                    severity: Severity | None = None) -> Diagnostic:
    """A diagnostic from ``a`` in one unit to ``b`` in a later unit of the same block."""
    start, _ = first.source_span(a, a + 1)
    _, end = last.source_span(max(0, b - 1), b)
    return placed(start, end, first.where, message, severity=severity,
                  data={"where": first.where, **(data or {})})


def fill(message: str, *values: object) -> str:
    """Vale-style ``%s`` slots, filled in order; any other ``%`` is left alone."""
    out: list[str] = []
    rest = message
    for value in values:
        i = rest.find("%s")
        if i < 0:
            break
        out.append(rest[:i])
        out.append(str(value))
        rest = rest[i + 2:]
    out.append(rest)
    return "".join(out)
