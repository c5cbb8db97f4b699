"""Per-clause precision and recall of the medical-disclaimer detector on its dev set, and
the page verdict (none / partial / full) it leads to.

    python scripts/eval_disclaimers.py [--holdout] [--errors] [--pages DIR]

The dev set (tests/devset/disclaimers/) holds disclaimer wordings written for it, each
labelled with the clauses it states (``inf`` informational or general only, ``sub`` not
a substitute / not medical advice, ``con`` consult a professional, ``emg`` emergency; ``v``
gives the verdict where the clauses alone do not: general advice to consult, stated
alone, is a partial disclaimer),
and negatives (results disclaimers, DSHEA notices, cookie and legal notices, editorial
notes, advice in an article's body) that state none. Each wording is read as the last
paragraph of a short Markdown article and the detector's best passage is compared
with the labels. ``--holdout`` scores heldout.yaml, never used for tuning;
``--set heldout2.yaml`` a second held-out part, written after the tuning was done.

The verdict follows the default policy: *none* without a disclaimer clause that marks a
passage, *full* when every required clause (or its alternative) is there, else *partial*.

``--pages DIR`` scores real pages kept outside the repository: DIR holds the pages and a
``labels.yaml`` mapping each file name to its verdict (none, partial or full), or to a
table whose ``disclaimer`` key holds it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from metrics import precision, recall  # noqa: E402

DEVSET = ROOT / "tests" / "devset" / "disclaimers"
CLAUSES = {"inf": "informational", "sub": "not-substitute", "con": "consult",
           "emg": "emergency"}
ARTICLE = "# Leg cramps\n\nStretch the calf gently when a cramp starts.\n\n{text}\n"


def found_clauses(article) -> tuple[set[str], str]:
    """The clauses of the article's best disclaimer passage, and the page verdict."""
    from checks.detectors.disclaimers import best_passage, find_passages, load_statements

    statement = load_statements()["medical-disclaimer"]
    passage = best_passage(find_passages(article, statement, ["emergency"]))
    if passage is None:
        return set(), "none"
    found = set(passage.hits)
    if "referral" in found:  # general advice to consult: the consult clause, stated alone
        found = (found - {"referral"}) | {"consult"}
    return found, "partial" if passage.missing() else "full"


def expected_verdict(clauses: set[str]) -> str:
    from checks.detectors.disclaimers import load_statements

    statement = load_statements()["medical-disclaimer"]
    if not clauses & set(statement.anchors):
        return "none"
    return "partial" if statement.absent(clauses) else "full"


def score_entries(path: Path) -> dict:
    """Per-clause counts, precision and recall, the verdict accuracy and every disagreement."""
    import yaml

    from claims.read import read_text

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    right = 0
    wrong: list[str] = []
    for entry in entries:
        want = {CLAUSES[c] for c in entry["c"]}
        got, verdict = found_clauses(read_text(ARTICLE.format(text=entry["t"]), path="a.md"))
        for name in CLAUSES.values():
            if name in want and name in got:
                tp[name] += 1
            elif name in got:
                fp[name] += 1
            elif name in want:
                fn[name] += 1
        expected = entry.get("v") or expected_verdict(want)
        right += verdict == expected
        if got != want or verdict != expected:
            extra = ", ".join(sorted(got - want))
            lost = ", ".join(sorted(want - got))
            wrong.append(f"- {verdict} (want {expected})" + (f"; extra {extra}" if extra else "")
                         + (f"; missed {lost}" if lost else "") + f"\n    {entry['t']}")
    names = list(CLAUSES.values())
    return {
        "entries": len(entries), "positives": sum(1 for e in entries if e["c"]),
        "tp": dict(tp), "fp": dict(fp), "fn": dict(fn),
        "precision": {n: precision(tp[n], fp[n]) for n in names},
        "recall": {n: recall(tp[n], fn[n]) for n in names},
        "verdict": right / len(entries), "verdict_right": right, "wrong": wrong,
    }


def score_devset(path: Path, errors: bool) -> None:
    report = score_entries(path)
    n, positives = report["entries"], report["positives"]
    print(f"{path.name}: {n} wordings ({positives} disclaimers, {n - positives} negatives)\n")
    print("| clause | precision | recall | tp | fp | fn |\n"
          "| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in CLAUSES.values():
        print(f"| {name} | {report['precision'][name]:.3f} | {report['recall'][name]:.3f} | "
              f"{report['tp'].get(name, 0)} | {report['fp'].get(name, 0)} | "
              f"{report['fn'].get(name, 0)} |")
    print(f"\nverdict (none / partial / full) right: {report['verdict_right']}/{n} "
          f"= {report['verdict']:.3f}")
    if errors and report["wrong"]:
        print("\n" + "\n".join(report["wrong"]))


def score_pages(folder: Path) -> int:
    import yaml

    from claims.read import read

    labels_file = folder / "labels.yaml"
    if not labels_file.is_file():
        print(f"error: {labels_file}: no labels (a mapping of file name to none, partial or "
              "full)", file=sys.stderr)
        return 2
    labels = yaml.safe_load(labels_file.read_text(encoding="utf-8")) or {}
    right = 0
    for name, label in sorted(labels.items()):
        want = label.get("disclaimer") if isinstance(label, dict) else label
        _, verdict = found_clauses(read(str(folder / name)))
        right += verdict == want
        if verdict != want:
            print(f"- {name}: {verdict} (labelled {want})")
    print(f"real pages: verdict right {right}/{len(labels)} = {right / max(1, len(labels)):.3f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--holdout", action="store_true", help="score the held-out part")
    parser.add_argument("--set", help="score this file of the dev set (e.g. heldout2.yaml)")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--pages", type=Path, help="a folder of real pages and labels.yaml")
    args = parser.parse_args(argv)
    if args.pages is not None:
        return score_pages(args.pages)
    name = args.set or ("heldout.yaml" if args.holdout else "tuning.yaml")
    score_devset(DEVSET / name, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
