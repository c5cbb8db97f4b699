"""Code actions as plain edits (source offsets and new text): safe fixes and suppressions.

Kept apart from the protocol types so the rules for *where* a suppression comment goes
can be read, and tested, on their own.
"""

from __future__ import annotations

from checks.contract.model import Finding
from checks.engine.article import lint_article
from checks.engine.fixes import fix_text
from checks.server.session import Linted, LintSession
from claims.read import read_text

Edit = tuple[int, int, str]
COMMENT_FORMATS = ("markdown", "html")  # formats whose readers honour <!-- --> directives


def fix_edits(finding: Finding) -> list[Edit] | None:
    """The finding's fix as edits, when it is one ``--fix`` would apply."""
    fix = finding.fix
    if fix is None or fix.applicability != "safe" or not fix.edits:
        return None
    return [(e.start, e.end, e.text) for e in fix.edits]


def fix_all_edit(session: LintSession, linted: Linted) -> Edit | None:
    """Every safe fix, applied pass after pass as ``--fix`` does, as one edit of the
    changed stretch (so the editor keeps the cursor and folds outside it)."""
    article, plan = linted.article, linted.plan
    if article is None or plan is None or not fix_edits_any(linted.result.findings):
        return None

    def relint(text: str) -> list[Finding]:
        again = read_text(text, path=linted.path, format=article.format)
        return lint_article(again, plan, linted.path).findings

    after, count = fix_text(linted.text, linted.result.findings, relint)
    if not count or after == linted.text:
        return None
    return minimal_edit(linted.text, after)


def fix_edits_any(findings: list[Finding]) -> bool:
    return any(fix_edits(f) is not None for f in findings)


def minimal_edit(before: str, after: str) -> Edit:
    """One edit that turns ``before`` into ``after``, trimmed to the part that differs."""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < limit - prefix
           and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]):
        suffix += 1
    return prefix, len(before) - suffix, after[prefix:len(after) - suffix]


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start of the line holding ``offset`` and the end of its content (before the break)."""
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    end = start
    while end < len(text) and text[end] not in "\r\n":
        end += 1
    return start, end


def _previous_line(text: str, line_start: int) -> tuple[int, int] | None:
    if line_start == 0:
        return None
    before = line_start - 1
    if text[before] == "\n" and before > 0 and text[before - 1] == "\r":
        before -= 1
    return _line_bounds(text, before)


def next_line_suppression(text: str, fmt: str, offset: int, code: str) -> Edit:
    """A ``disable-next-line`` comment for the line holding ``offset``.

    Above the line when it starts a block (or in HTML). Inside a Markdown paragraph a
    comment on a line of its own would end the paragraph and change how its sentences
    are read, so the comment closes the previous line instead; it still names the next
    line, and inline HTML leaves the paragraph whole.
    """
    comment = f"<!-- healthlint-disable-next-line {code} -->"
    start, end = _line_bounds(text, offset)
    previous = _previous_line(text, start)
    if fmt == "markdown" and previous is not None and text[previous[0]:previous[1]].strip():
        return previous[1], previous[1], " " + comment
    line = text[start:end]
    indent = line[:len(line) - len(line.lstrip())]
    return start, start, indent + comment + _newline(text)


def file_suppression(linted: Linted, code: str) -> Edit:
    """A ``disable-file`` comment at the top: after front matter or an HTML doctype."""
    text, article = linted.text, linted.article
    newline = _newline(text)
    comment = f"<!-- healthlint-disable-file {code} -->"
    front = article.front_matter if article is not None else None
    if front is not None:
        at = _line_bounds(text, front.end)[1]  # the end of the closing fence's line
        return at, at, newline + comment
    if text.lstrip()[:9].lower() == "<!doctype":
        at = _line_bounds(text, text.find(">", text.lower().find("<!doctype")) + 1)[1]
        return at, at, newline + comment
    return 0, 0, comment + newline


def suppression_edits(linted: Linted, finding: Finding) -> list[tuple[str, Edit]]:
    """Titles and edits for suppressing ``finding`` on its line and in its file."""
    article, plan = linted.article, linted.plan
    if (article is None or plan is None or article.format not in COMMENT_FORMATS
            or not plan.settings.inline_config or finding.code.startswith("HL9")):
        return []
    out: list[tuple[str, Edit]] = []
    front = article.front_matter
    in_front_matter = front is not None and front.start <= finding.start < front.end
    if not in_front_matter:
        out.append((f"Suppress {finding.code} on this line",
                    next_line_suppression(linted.text, article.format, finding.start,
                                          finding.code)))
    out.append((f"Suppress {finding.code} in this file", file_suppression(linted, finding.code)))
    return out
