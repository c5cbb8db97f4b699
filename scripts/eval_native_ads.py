"""Precision, recall and F1 of HL307 (native ad) on the native-ads data.

    python scripts/eval_native_ads.py [--data PATH] [--split report|train|all] [--json]
                                      [--threshold T] [--select CODES]

Each answer runs through the linter as plain text with only HL307 selected (preview on).
An answer is predicted to hold an ad when HL307 reports any sentence of it (with
``--select HL3``, when any promotion check reports anything: the whole family's figure); ``located``
counts predicted ads whose finding overlaps the labelled ad span. Figures are given for
the health and workout topics (the project's own ground), for all topics, and per topic.
The default split is ``report``, which training never reads (see native_ads_data.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from metrics import prf  # noqa: E402
from native_ads_data import DEFAULT, HEALTH_TOPICS, SPLITS, load  # noqa: E402


def _plan(threshold: float | None, select: str = "HL307"):
    from checks.contract.registry import load as load_checks
    from checks.engine.article import plan_for
    from checks.settings.config import Settings

    settings = Settings(select=[c.strip() for c in select.split(",")], preview=True)
    if threshold is not None:
        settings.checks = {"HL307": {"threshold": threshold}}
    return plan_for(settings, load_checks(settings))


def predict(answers, threshold: float | None = None,
            select: str = "HL307") -> list[list[tuple[int, int]]]:
    """The finding spans of each answer (of the selected checks)."""
    from checks.engine.article import lint_article
    from claims.read import read_text

    plan = _plan(threshold, select)
    prefixes = tuple(c.strip() for c in select.split(","))
    out = []
    for ans in answers:
        article = read_text(ans.text, path="answer.txt", format="text")
        out.append([(f.start, f.end) for f in lint_article(article, plan).findings
                    if f.code.startswith(prefixes)])
    return out


def figures(answers, found, topics=None) -> dict[str, float | int]:
    tp = fp = fn = located = 0
    for ans, spans in zip(answers, found, strict=True):
        if topics and ans.topic not in topics:
            continue
        if spans and ans.label:
            tp += 1
            a, b = ans.span or (0, 0)
            located += any(s < b and a < e for s, e in spans)
        elif spans:
            fp += 1
        elif ans.label:
            fn += 1
    p, r, f = prf(tp, fp, fn)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "tp": tp, "fp": fp, "fn": fn, "located": located}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--split", choices=SPLITS, default="report")
    parser.add_argument("--threshold", type=float, default=None,
                        help="HL307's threshold option (default: the model's own)")
    parser.add_argument("--select", default="HL307",
                        help="checks whose findings mark an answer as an ad (default HL307)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    answers = load(args.data, args.split)
    found = predict(answers, args.threshold, args.select)
    report = {"split": args.split, "answers": len(answers),
              "health_workout": figures(answers, found, HEALTH_TOPICS),
              "all": figures(answers, found)}
    per_topic = defaultdict(list)
    for ans in answers:
        per_topic[ans.topic].append(ans)
    report["topics"] = {t: figures(answers, found, (t,)) for t in sorted(per_topic)}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{args.select} as native-ad detector, split {args.split} ({len(answers)} answers)")
    print(f"{'set':<16} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5} {'located':>8}")
    rows = [("health+workout", report["health_workout"]), ("all topics", report["all"]),
            *((f"  {t}", v) for t, v in report["topics"].items())]
    for name, v in rows:
        print(f"{name:<16} {v['precision']:>6.2f} {v['recall']:>6.2f} {v['f1']:>6.2f} "
              f"{v['tp']:>5} {v['fp']:>5} {v['fn']:>5} {v['located']:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
