"""HL9xx: the linter's own findings about the files it was given.

HL901 and HL903 are raised before a file can be read; HL905, HL906 and HL909 come
from the suppression pass; HL908 from the per-file time limit. They are registered
here like every other check so that selection, severity overrides and
``healthlint rule`` treat them the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from checks.contract.model import Check, CheckContext, Diagnostic, Severity
from claims.model import Article


def _from_read_problems(code: str):
    def run(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
        for problem in article.problems:
            if problem.code == code:
                yield Diagnostic(problem.start, problem.end, problem.message)

    return run


def _emitted_by_engine(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    """The engine emits these codes itself (before reading, or after suppressions)."""
    return iter(())


CHECKS = [
    Check(
        "HL901", "unreadable-file", Severity.ERROR,
        "File cannot be read as an article",
        "A binary file, a missing file or one the operating system refuses cannot be "
        "linted. It is reported as a finding so that one bad file never stops a batch.",
        _emitted_by_engine,
    ),
    Check(
        "HL902", "bad-encoding", Severity.WARNING,
        "File is not valid UTF-8 or UTF-16 with BOM",
        "healthlint reads UTF-8 (with or without BOM) and UTF-16 with a BOM. Other bytes "
        "are decoded with replacement characters so the rest of the file is still linted, "
        "but the published page will likely show mojibake: re-save the file as UTF-8.",
        _from_read_problems("HL902"),
    ),
    Check(
        "HL903", "file-too-large", Severity.ERROR,
        "File exceeds max-file-size",
        "Very large files are almost never articles (exports, logs, data dumps) and would "
        "stall a pre-commit hook. Raise `max-file-size` if the file really is an article.",
        _emitted_by_engine,
    ),
    Check(
        "HL904", "bad-front-matter", Severity.ERROR,
        "YAML front matter cannot be parsed",
        "Front matter carries the author, reviewer, dates and content type that other checks "
        "rely on. Broken YAML hides all of it, so it is reported with the line and column "
        "the YAML parser gave.",
        _from_read_problems("HL904"),
    ),
    Check(
        "HL907", "empty-file", Severity.WARNING,
        "File is empty",
        "An empty or white-space-only file has no article to lint; no other check runs on it. "
        "It is usually an export that failed or a placeholder that was committed by mistake.",
        _from_read_problems("HL907"),
    ),
    Check(
        "HL908", "file-timeout", Severity.ERROR,
        "File took longer than file-timeout to lint",
        "A crafted or corrupt file (thousands of characters without a space, tens of "
        "thousands of citation markers) can take minutes to read and would stall a "
        "pre-commit hook or CI job. Linting stops at `file-timeout` seconds (default 60; "
        "`--file-timeout`, and `audit --timeout`), the file is reported unchecked, and the "
        "run goes on with the next file.",
        _emitted_by_engine,
    ),
    Check(
        "HL909", "broad-suppression", Severity.INFO,
        "A whole-file or whole-family suppression hides errors",
        "`healthlint-disable-file`, a front-matter `ignore:` or a family prefix (`HL4`) can "
        "take a page with errors to a clean exit without a trace. Such a suppression of "
        "error-level checks must give a reason (`-- why`, or `reason:` in front matter; "
        "without one it is HL906 and not applied), and every run reports it here with the "
        "number of findings it hid, so it cannot rot silently.",
        _emitted_by_engine,
    ),
    Check(
        "HL905", "unused-suppression", Severity.WARNING,
        "Suppression comment suppresses nothing",
        "A suppression that no longer matches a finding hides nothing today but will hide "
        "a real problem tomorrow. Remove it, as ruff's RUF100 asks for unused noqa comments.",
        _emitted_by_engine,
    ),
    Check(
        "HL906", "invalid-suppression", Severity.WARNING,
        "Suppression comment is malformed",
        "Suppressions must name the codes they suppress (`<!-- healthlint-disable-next-line "
        "HL301 -- reason -->`); a blanket or misspelled suppression is reported instead of "
        "silently disabling everything.",
        _emitted_by_engine,
    ),
]
