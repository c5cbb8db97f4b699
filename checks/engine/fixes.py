"""Applying safe fixes: ``check --fix`` writes them, ``check --diff`` only shows them.

Every finding may carry a :class:`checks.contract.model.Fix`; only ``safe`` ones are
applied. Fixes whose edits overlap an already accepted fix wait for the next
pass; each pass re-reads and re-lints the fixed text, so fixes that depend on
each other settle, as in ruff. Files are written atomically: a temporary file in
the same directory, flushed and fsynced, then ``os.replace``d over the original
with its permission bits kept. Nothing else in healthlint writes a user's file.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from checks.contract.model import Edit, Finding
from checks.engine.staging import remove_stale

MAX_PASSES = 10


class FixError(Exception):
    """A fixed file could not be written; the original is left as it was."""


@dataclass
class Applied:
    text: str
    fixed: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)  # overlapped another fix this pass


def apply_fixes(text: str, findings: Iterable[Finding]) -> Applied:
    """Apply every safe fix whose edits overlap no earlier accepted fix, from the end."""
    accepted: list[Edit] = []
    result = Applied(text)
    candidates = [f for f in findings if f.fix is not None and f.fix.applicability == "safe"
                  and f.fix.edits]
    candidates.sort(key=lambda f: (min(e.start for e in f.fix.edits), f.code))  # type: ignore[union-attr]
    for finding in candidates:
        edits = sorted(finding.fix.edits, key=lambda e: (e.start, e.end))  # type: ignore[union-attr]
        if any(e.start < 0 or e.end > len(text) or e.start > e.end for e in edits) or any(
                a.end > b.start for a, b in itertools.pairwise(edits)):
            result.skipped.append(finding)  # malformed: never guess
            continue
        if any(_overlap(e, other) for e in edits for other in accepted):
            result.skipped.append(finding)
            continue
        if any(a == b for a in edits for b in accepted):
            result.fixed.append(finding)  # the same edit proposed twice is applied once
            continue
        accepted.extend(edits)
        result.fixed.append(finding)
    out = text
    for edit in sorted(accepted, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end:]
    result.text = out
    return result


def _overlap(a: Edit, b: Edit) -> bool:
    if a == b:
        return False
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one point: order would be a guess
    return a.start < b.end and b.start < a.end


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file, as ``diff -u`` and ``git apply`` expect it.

    Paths under the working directory are shown relative to it (``a/articles/x.md``).
    """
    shown = path
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        shown = rel if not rel.startswith("..") else path.lstrip("/")
    shown = shown.replace(os.sep, "/")
    lines = difflib.unified_diff(before.splitlines(keepends=True),
                                 after.splitlines(keepends=True),
                                 fromfile=f"a/{shown}", tofile=f"b/{shown}")
    marker = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith(("\n", "\r")) else line + marker for line in lines)


def _encode(path: str, text: str, encoding: str) -> bytes:
    """Encode as the file was: same encoding, and the byte-order mark if it had one."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    boms = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE}
    bom = boms.get(encoding, b"")
    data = text.encode(encoding)
    if encoding.startswith("utf-16") or (bom and head.startswith(bom)):
        return bom + data
    return data


_TEMPORARY = re.compile(r"^\..+\.healthlint-(?P<pid>\d+)\.tmp$")


def write_atomic(path: str, data: bytes, *, read_only_ok: bool = False) -> None:
    """Replace the file at ``path`` with ``data``, keeping what makes it that file.

    - Through symlinks: the link's target is fixed and the link stays a link.
    - A read-only file is refused unless ``read_only_ok`` (``--fix-read-only``).
    - Normally a temporary file beside the target takes the new bytes and is renamed
      over it, so a crash leaves the old or the new file, whole; it gets the old
      file's mode and owner first. A hard-linked file, or one whose owner this user
      cannot give away, is rewritten in place instead (one write, then truncate): a
      rename would split the link or hand the file to this user.
    - The temporary carries this process's id; one left by a killed run is removed
      the next time a file in that directory is fixed.
    """
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except OSError as exc:
        raise FixError(f"{path}: cannot stat: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise FixError(f"{path}: not a regular file; not fixed")
    if not read_only_ok and _read_only(target, info):
        raise FixError(f"{path}: the file is read-only; not fixed (--fix-read-only fixes "
                       "it anyway, keeping its mode)")
    if info.st_nlink > 1:
        _write_in_place(path, target, data)
        return
    directory = os.path.dirname(target)
    remove_stale(directory, _TEMPORARY)
    tmp = os.path.join(directory, f".{os.path.basename(target)}.healthlint-{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise FixError(f"{path}: cannot write the fixed file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            kept_owner = _keep_owner(handle.fileno(), info)
        if not kept_owner:
            os.unlink(tmp)
            _write_in_place(path, target, data)
            return
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FixError(f"{path}: cannot write the fixed file: {exc.strerror or exc}") from None
    except BaseException:  # Ctrl-C between write and rename: leave nothing behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_directory(directory)


def _read_only(target: str, info: os.stat_result) -> bool:
    """No write permission for this user, or no write bit at all (root can write anything)."""
    return not os.access(target, os.W_OK) or not info.st_mode & 0o222


def _keep_owner(fd: int, info: os.stat_result) -> bool:
    """Give the new file the old one's owner and group; False where that is not allowed."""
    if not hasattr(os, "fchown"):
        return True
    try:
        new = os.fstat(fd)
        if (new.st_uid, new.st_gid) != (info.st_uid, info.st_gid):
            os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        return False
    return True


def _write_in_place(path: str, target: str, data: bytes) -> None:
    """Overwrite the file's own bytes: its inode, links, owner and mode stay."""
    try:
        fd = os.open(target, os.O_WRONLY)
    except OSError as exc:
        raise FixError(f"{path}: cannot write the fixed file: {exc.strerror or exc}") from None
    try:
        view = memoryview(data)
        written = 0
        while written < len(view):
            written += os.pwrite(fd, view[written:], written)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    except OSError as exc:
        raise FixError(f"{path}: cannot write the fixed file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable; not every platform can open a directory."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


@dataclass
class FileFix:
    """What fixing one file did: the text before and after, and the findings fixed."""

    path: str
    before: str
    after: str
    encoding: str
    fixed: int

    @property
    def changed(self) -> bool:
        return self.before != self.after


def fix_text(text: str, findings: list[Finding],
             relint: Callable[[str], list[Finding]]) -> tuple[str, int]:
    """Apply safe fixes pass after pass until none apply; return the text and count."""
    total = 0
    for _ in range(MAX_PASSES):
        applied = apply_fixes(text, findings)
        if not applied.fixed or applied.text == text:
            break
        total += len(applied.fixed)
        text = applied.text
        findings = relint(text)
    return text, total


def _has_safe_fix(findings: Iterable[Finding]) -> bool:
    return any(f.fix is not None and f.fix.applicability == "safe" for f in findings)


def fix_results(results: list, planner: object, format_in: str | None, *, write: bool,
                services: dict | None = None,
                read_only_ok: bool = False) -> tuple[list, list[FileFix], list[str]]:
    """Fix every file whose findings carry a safe fix; re-lint what changed.

    Returns the results (fixed files re-linted), what changed per file, and errors
    (files that could not be written; their results are kept as they were).
    """
    from claims.read import UnreadableFile, read

    out: list = []
    changes: list[FileFix] = []
    errors: list[str] = []
    for result in results:
        if result.error is not None or not _has_safe_fix(result.findings):
            out.append(result)
            continue
        path = result.path
        plan = planner.plan(path)  # type: ignore[attr-defined]
        try:
            article = read(path, format_in, max_bytes=plan.settings.max_file_size)
        except UnreadableFile as exc:
            errors.append(f"{path}: {exc.message}")
            out.append(result)
            continue
        after, count, final = _fix_article(article, plan, path, services)
        change = FileFix(path, article.text, after, article.encoding, count)
        if change.changed and write:
            try:
                write_atomic(path, _encode(path, after, article.encoding),
                             read_only_ok=read_only_ok)
            except (FixError, UnicodeEncodeError) as exc:
                errors.append(str(exc))
                out.append(result)
                continue
        if change.changed:
            changes.append(change)
        out.append(final if write else result)
    return out, changes, errors


def _fix_article(article: object, plan: object, path: str, services: dict | None
                 ) -> tuple[str, int, object]:
    """Lint, fix and re-lint one article; return the fixed text, fix count, last result."""
    from checks.engine.article import lint_article
    from claims.read import read_text

    results = [lint_article(article, plan, path, services)]  # type: ignore[arg-type]

    def relint(text: str) -> list[Finding]:
        fixed = read_text(text, path=path, format=article.format)  # type: ignore[attr-defined]
        results.append(lint_article(fixed, plan, path, services))  # type: ignore[arg-type]
        return results[-1].findings

    after, count = fix_text(article.text, results[-1].findings, relint)  # type: ignore[attr-defined]
    return after, count, results[-1]
