"""Inline suppressions that must name codes, and that are reported when they suppress nothing.

Forms (HTML comments, in Markdown or HTML)::

    <!-- healthlint-disable-next-line HL301 -- reason -->
    A sentence. <!-- healthlint-disable-line HL301 -- reason -->
    <!-- healthlint-disable HL301, HL302 -->  ...  <!-- healthlint-enable HL301, HL302 -->
    <!-- healthlint-disable-file HL101 -- legacy page -->

and in front matter ``healthlint: {ignore: [HL101], reason: legacy page}``. Every code must
be a registered code or a prefix of one: a typo (``HL31O``) is an HL906 finding with a
suggestion, never a suppression that silently suppresses nothing.

The linter's own findings (HL9xx: unreadable file, broken front matter, time limit,
bad suppressions) cannot be suppressed inline: a comment must not hide that the file
around it was not read properly. Configuration can still ignore them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.model import Article

DIRECTIVE_RE = re.compile(
    r"healthlint-(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"(?P<codes>[^-]*(?:-(?!-)[^-]*)*)(?:--(?P<reason>.*))?",
    re.S,
)
CODE_RE = re.compile(r"^[A-Za-z]{2,}[0-9]{0,3}$")
FULL_CODE_RE = re.compile(r"^[A-Z]{2,}[0-9]{3}$")
OWN_PREFIX = "HL9"  # the linter's own findings: never suppressed inline


def is_own(code: str) -> bool:
    """Whether a finding code is the linter's own (see the module docstring)."""
    return code.startswith(OWN_PREFIX)


@dataclass
class Suppression:
    kind: str  # "line" | "next-line" | "range" | "file"
    codes: list[str]
    start: int  # span of the comment (or front-matter key) that declared it
    end: int
    first_line: int
    last_line: int  # inclusive; a large number for "to the end of the file"
    reason: str = ""
    origin: str = "comment"  # or "front matter"
    used: set[str] = field(default_factory=set)
    hidden: int = 0  # findings it removed

    @property
    def broad(self) -> bool:
        """Whole file, or a whole family (``HL4``) rather than one code."""
        return self.kind == "file" or any(not FULL_CODE_RE.match(c) for c in self.codes)

    def covers(self, code: str, line: int) -> str | None:
        if not (self.first_line <= line <= self.last_line):
            return None
        for c in self.codes:
            if code.startswith(c):
                return c
        return None


@dataclass
class DirectiveProblem:
    start: int
    end: int
    message: str


def _codes(raw: str) -> list[str]:
    return [c.upper() for c in re.split(r"[\s,]+", raw.strip()) if c]


def _unknown(codes: list[str], known: list[str] | None) -> str:
    """What is wrong with codes that no registered check starts with, or ''."""
    if known is None:
        return ""
    from checks.engine.selection import unknown_code_message, unknown_codes

    return "; ".join(unknown_code_message(c, known) for c in unknown_codes(codes, known))


def collect(article: Article, known: list[str] | None = None,
            ) -> tuple[list[Suppression], list[DirectiveProblem]]:
    """Parse the article's comments and front matter into suppressions.

    ``known``: the registered codes; a code none of them starts with is a problem."""
    source = article.source
    suppressions: list[Suppression] = []
    problems: list[DirectiveProblem] = []
    open_ranges: dict[str, Suppression] = {}
    end_of_file = source.line_count + 1
    for comment in article.comments:
        body = comment.text
        if body.startswith("<!--"):
            body = body[4:]
        if body.endswith("-->"):
            body = body[:-3]
        m = DIRECTIVE_RE.search(body)
        if not m:
            continue
        kind = m.group("kind")
        codes = _codes(m.group("codes"))
        reason = (m.group("reason") or "").strip()
        bad = [c for c in codes if not CODE_RE.match(c)]
        if bad and known is not None:
            problems.append(DirectiveProblem(comment.start, comment.end,
                                             f"healthlint-{kind}: {_unknown(bad, known)}"))
            continue
        if bad:
            problems.append(DirectiveProblem(
                comment.start, comment.end,
                f"suppression names {', '.join(bad)}, which is not a check code (like HL301)",
            ))
            continue
        own = [c for c in codes if is_own(c)]
        if own and kind != "enable":
            problems.append(_own_problem(comment.start, comment.end, own))
            continue
        if not codes:
            problems.append(DirectiveProblem(
                comment.start, comment.end,
                f"healthlint-{kind} must name the codes it suppresses, "
                f"e.g. <!-- healthlint-{kind} HL301 -- reason -->",
            ))
            continue
        unknown = _unknown(codes, known)
        if unknown:
            problems.append(DirectiveProblem(comment.start, comment.end,
                                             f"healthlint-{kind}: {unknown}"))
            continue
        line = source.position(comment.start).line
        end_line = source.position(comment.end).line
        if kind == "disable-line":
            suppressions.append(Suppression("line", codes, comment.start, comment.end,
                                            line, end_line, reason))
        elif kind == "disable-next-line":
            target = _next_content_line(article, end_line)
            suppressions.append(Suppression("next-line", codes, comment.start, comment.end,
                                            target, target, reason))
        elif kind == "disable-file":
            suppressions.append(Suppression("file", codes, comment.start, comment.end,
                                            1, end_of_file, reason))
        elif kind == "disable":
            for code in codes:
                sup = Suppression("range", [code], comment.start, comment.end, line,
                                  end_of_file, reason)
                open_ranges[code] = sup
                suppressions.append(sup)
        else:  # enable
            for code in codes:
                sup = open_ranges.pop(code, None)
                if sup is None:
                    problems.append(DirectiveProblem(
                        comment.start, comment.end,
                        f"healthlint-enable {code} has no matching healthlint-disable {code}",
                    ))
                else:
                    sup.last_line = line
    fm = article.front_matter
    if fm is not None:
        block = fm.data.get("healthlint")
        if isinstance(block, dict) and "ignore" in block:
            codes = block.get("ignore")
            reason = block.get("reason", "")
            start, end = fm.key_spans.get("healthlint", (fm.start, fm.start))
            unknown = _unknown([str(c).upper() for c in codes], known) \
                if isinstance(codes, list) else ""
            if unknown:
                problems.append(DirectiveProblem(start, end,
                                                 f"front matter healthlint.ignore: {unknown}"))
            elif not (isinstance(codes, list) and all(
                    isinstance(c, str) and CODE_RE.match(c) for c in codes)):
                problems.append(DirectiveProblem(
                    start, end, "front matter healthlint.ignore must be a list of check codes",
                ))
            elif not isinstance(reason, str):
                problems.append(DirectiveProblem(
                    start, end, "front matter healthlint.reason must be a sentence of text"))
            elif any(is_own(c.upper()) for c in codes):
                problems.append(_own_problem(
                    start, end, [c.upper() for c in codes if is_own(c.upper())]))
            else:
                suppressions.append(Suppression("file", [c.upper() for c in codes], start, end,
                                                1, end_of_file, reason.strip(),
                                                origin="front matter"))
    return suppressions, problems


def _own_problem(start: int, end: int, codes: list[str]) -> DirectiveProblem:
    return DirectiveProblem(
        start, end,
        f"{', '.join(codes)} cannot be suppressed inline: it says the file itself was not "
        "read properly; fix that, or ignore the code in the configuration")


def _next_content_line(article: Article, line: int) -> int:
    """The line after ``line`` that holds something other than white space."""
    source = article.source
    current = line + 1
    while current <= source.line_count and not source.line_text(current).strip():
        current += 1
    return current
