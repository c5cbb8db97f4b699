"""How HL201 treats DOIs as real reference lists write them: flagged with the right fix,
normalised silently, or missed — per cleaning rule of Boente et al. (2021).

    python scripts/eval_dois.py [DATASET] [--errors] [--json]

DATASET is a JSON-lines file of ``{"invalid", "valid", "pattern"}`` rows (default
``../shared/datasets/doi-errors/per-rule.jsonl``; see that folder's README). Each
invalid DOI is written into a reference entry in four ways people write them — after
``doi:`` at the end of a Markdown entry, as a ``https://doi.org/`` link, as the target
of a Markdown link, and in an HTML link's ``href`` (escaped as HTML escapes it) — and
linted offline.

* **flagged**: HL201 reports it, suggests exactly the dataset's correction, and its fix,
  applied, leaves a DOI that reads as the correction and is not reported again;
* **silent**: no finding, and the DOI is read as the correction (a reference entry's
  final "." is punctuation, not part of the DOI);
* **missed**: anything else (no finding on a wrong reading, or a wrong fix).

The rules are split: TUNING rules were looked at while the cleaning rules were written,
the others are reported separately as held out (rows of the same source, unseen rules).
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent / "shared" / "datasets" / "doi-errors" / "per-rule.jsonl"
ARTICLE = "# Cramps\n\nCramps are common [1].\n\n## References\n\n{entry}"
HTML_ARTICLE = ("<html><body><article><h1>Cramps</h1><p>Cramps are common "
                "<a href=\"#r1\">[1]</a>.</p><h2>References</h2><ol><li id=\"r1\">{entry}</li>"
                "</ol></article></body></html>")
# name -> (format, the whole page with {doi} where the DOI is written)
CONTEXTS = {
    "doi: entry": ("markdown", ARTICLE.format(
        entry="1. Doe J, Roe R. A trial of things. J Things. 2019;12:34-56. doi:{doi}\n")),
    "doi.org link": ("markdown", ARTICLE.format(
        entry="1. Doe J, Roe R. A trial of things. J Things. 2019;12:34-56. "
              "https://doi.org/{doi}\n")),
    "markdown link": ("markdown", ARTICLE.format(
        entry="1. Doe J, Roe R. [A trial of things](https://doi.org/{doi}). J Things. "
              "2019;12:34-56.\n")),
    "html href": ("html", HTML_ARTICLE.format(
        entry="Doe J, Roe R. A trial of things. J Things. 2019;12:34-56. "
              "<a href=\"https://doi.org/{doi}\">Full text</a>")),
}
# Rules whose examples were read while writing the cleaning rules; the rest are held out.
TUNING = (
    r"(\/-\/DCSUPPLEMENTAL)$", r"([\.|\(|,|;]?PMID:\d+.*?)$", r"([\.|\(|,|;]*HTTP:\/\/.*?)$",
    r"([\.|,|<|&|\(|;]+)$", r"(\[DOI\].*?)$", r"(\(\d{4}\)?)$", r"(\?.*?=.*?)$",
    r"HTTPS:\/\/D[0|O]I\.[0|O]RG\/", r"\.\.", r"(\.{5}.*?)$",
)


@dataclass
class Outcome:
    verdict: str  # flagged | silent | missed
    detail: str


def _plan():
    from checks.contract.registry import Registry
    from checks.engine.article import plan_for
    from checks.rules import references
    from checks.settings.config import Settings

    return plan_for(Settings(select=["HL201"]), Registry(references.CHECKS))


def _lint(text: str, plan, fmt: str = "markdown") -> tuple[list, list]:
    from checks.engine.article import lint_article
    from claims.identifiers import find_identifiers
    from claims.read import read_text

    article = read_text(text, path="ref.html" if fmt == "html" else "ref.md", format=fmt,
                        analyse=False)
    findings = lint_article(article, plan).findings
    dois = [i for i in find_identifiers(text) if i.kind == "doi"]
    return findings, dois


def _apply(text: str, finding) -> str:
    for edit in sorted(finding.fix.edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def judge(invalid: str, valid: str, context: str, plan) -> Outcome:
    fmt, page = CONTEXTS[context]
    text = page.replace("{doi}", html.escape(invalid) if fmt == "html" else invalid)
    want = valid.lower()
    findings, dois = _lint(text, plan, fmt)
    if not findings:
        got = [d.normalized for d in dois]
        if want in got:
            return Outcome("silent", "")
        return Outcome("missed", f"read as {got} without a finding")
    suggested = [f for f in findings if (f.data or {}).get("suggestion") == want and f.fix]
    if not suggested:
        return Outcome("missed", "flagged, suggesting "
                       + ", ".join(repr((f.data or {}).get("suggestion")) for f in findings))
    fixed = _apply(text, suggested[0])
    after, dois = _lint(fixed, plan, fmt)
    if after or want not in [d.normalized for d in dois]:
        return Outcome("missed", f"the fix leaves {[d.normalized for d in dois]}"
                       + (f" and {after[0].message}" if after else ""))
    return Outcome("flagged", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", default=str(DEFAULT))
    parser.add_argument("--errors", action="store_true", help="list every missed DOI")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    args = parser.parse_args(argv)
    path = Path(args.dataset)
    if not path.is_file():
        print(f"error: {path}: no such dataset (see ../shared/datasets/README.md)",
              file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    plan = _plan()
    table: dict[tuple[str, str], Counter] = defaultdict(Counter)
    errors: list[str] = []
    for row in rows:
        for context in CONTEXTS:
            outcome = judge(row["invalid"], row["valid"], context, plan)
            table[(row["pattern"], context)][outcome.verdict] += 1
            if outcome.verdict == "missed":
                errors.append(f"{context:14} {row['invalid']!r} -> {row['valid']!r}: "
                              f"{outcome.detail}")
    report = _report(table)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    if args.errors:
        print("\nmissed:")
        print("\n".join(errors) or "(none)")
    return 0


def _report(table: dict[tuple[str, str], Counter]) -> dict:
    rules: dict[str, dict[str, int]] = defaultdict(Counter)
    groups: dict[str, Counter] = defaultdict(Counter)
    contexts: dict[str, Counter] = defaultdict(Counter)
    for (pattern, context), counts in table.items():
        rules[pattern].update(counts)
        groups["tuning" if pattern in TUNING else "held-out"].update(counts)
        contexts[context].update(counts)
    return {"rules": {p: dict(c) for p, c in rules.items()},
            "groups": {g: dict(c) for g, c in groups.items()},
            "contexts": {c: dict(n) for c, n in contexts.items()}}


def _line(name: str, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    right = counts.get("flagged", 0) + counts.get("silent", 0)
    return (f"| {name} | {counts.get('flagged', 0)} | {counts.get('silent', 0)} | "
            f"{counts.get('missed', 0)} | {right / total:.1%} |" if total else f"| {name} | |")


def _print(report: dict) -> None:
    head = "| {} | flagged with the fix | normalised silently | missed | right |\n" \
           "| --- | ---: | ---: | ---: | ---: |"
    print(head.format("rule (Boente et al.)"))
    for pattern in sorted(report["rules"], key=lambda p: (p not in TUNING, p)):
        mark = "" if pattern in TUNING else " (held out)"
        print(_line(f"`{pattern}`{mark}", report["rules"][pattern]))
    print()
    print(head.format("context"))
    for context, counts in report["contexts"].items():
        print(_line(context, counts))
    print()
    print(head.format("rules"))
    for group in ("tuning", "held-out"):
        print(_line(group, report["groups"].get(group, {})))
    total: Counter = Counter()
    for counts in report["groups"].values():
        total.update(counts)
    print(_line("all", dict(total)))


if __name__ == "__main__":
    sys.exit(main())
