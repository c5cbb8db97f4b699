"""Baselines for legacy content: accept today's findings, fail only on new ones.

Entries are keyed by (path, code, fingerprint of the finding's normalised excerpt)
with a count, never by line number, so editing elsewhere in an article does not
invalidate them (the detekt / PHPStan approach). Paths are relative to the
baseline file's directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from checks.contract.model import Finding

VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or has the wrong shape."""


def fingerprint(finding: Finding) -> str:
    """Stable across moves: the code and the excerpt with white space and case folded."""
    return text_fingerprint(finding.code, finding.excerpt)


def text_fingerprint(code: str, excerpt: str) -> str:
    """:func:`fingerprint` of a finding known only by its code and excerpt (a JSON report)."""
    text = " ".join(excerpt.split()).casefold()
    return hashlib.sha256(f"{code}\0{text}".encode()).hexdigest()[:16]


def _key_path(path: str, base_dir: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), base_dir)
    return rel.replace(os.sep, "/")


def _entries(findings: Iterable[Finding], base_dir: str) -> Counter[tuple[str, str, str]]:
    return Counter((_key_path(f.path, base_dir), f.code, fingerprint(f)) for f in findings)


def write(path: str, findings: Iterable[Finding]) -> int:
    """Write a baseline of ``findings`` atomically; returns the number of findings kept."""
    base_dir = os.path.dirname(os.path.abspath(path))
    counts = _entries(findings, base_dir)
    tree: dict[str, dict[str, dict[str, int]]] = {}
    for (rel, code, fp), n in sorted(counts.items()):
        tree.setdefault(rel, {}).setdefault(code, {})[fp] = n
    text = json.dumps({"version": VERSION, "files": tree}, indent=2, sort_keys=True) + "\n"
    handle, tmp = tempfile.mkstemp(dir=base_dir, prefix=".healthlint-baseline-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return sum(counts.values())


@dataclass
class Baseline:
    base_dir: str
    remaining: Counter[tuple[str, str, str]]

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found") from None
        except (OSError, ValueError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(
            data.get("files"), dict
        ):
            raise BaselineError(f"{path}: not a healthlint baseline (version {VERSION})")
        remaining: Counter[tuple[str, str, str]] = Counter()
        try:
            for rel, codes in data["files"].items():
                for code, fps in codes.items():
                    for fp, n in fps.items():
                        remaining[(rel, code, fp)] += int(n)
        except (AttributeError, TypeError, ValueError):
            raise BaselineError(f"{path}: malformed baseline entries") from None
        return cls(os.path.dirname(os.path.abspath(path)), remaining)

    def filter(self, findings: list[Finding]) -> list[Finding]:
        """Drop findings the baseline accepts (each entry's count is used up once)."""
        kept = []
        for finding in findings:
            key = (_key_path(finding.path, self.base_dir), finding.code, fingerprint(finding))
            if self.remaining[key] > 0:
                self.remaining[key] -= 1
            else:
                kept.append(finding)
        return kept

    def stale(self, linted_paths: Iterable[str]) -> int:
        """Entries for linted files that matched nothing: fixed since, and worth pruning."""
        linted = {_key_path(p, self.base_dir) for p in linted_paths}
        return sum(n for (rel, _, _), n in self.remaining.items() if rel in linted and n > 0)
