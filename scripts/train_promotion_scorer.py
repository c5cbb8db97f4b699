"""Learn HL308's sentence-level promotion score from the labelled dev pages (training only).

    python scripts/train_promotion_scorer.py [--devset DIR] [--out PATH] [--check]

Every body sentence and heading of every page of the tuning split
(tests/devset/promotion/; the held-out split is never read here) is one example: a
positive when it overlaps a labelled promotional span (any HL3xx family but affiliate
URLs), a negative otherwise. Features are ``checks.detectors.promotion.learned.features``
(the runtime's own). An L1-regularised logistic regression keeps the weight file small.
The regularisation strength and the threshold are chosen by 5-fold cross-validation
grouped by page. The score reports only sentences no rule of HL301-HL303 reports, so the
threshold is chosen on those sentences: the one with the best out-of-fold recall among
those whose precision there is at least MIN_PRECISION (precision first). Writes
checks/detectors/data/promotion_sentences.json; ``--check`` relearns and compares with
that file instead (retrain after changing the detectors' cues or the tuning labels).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_promotion import DEVSET, load_labels  # noqa: E402
from metrics import prf_at  # noqa: E402
from training import sklearn_missing  # noqa: E402

from checks.detectors.promotion import learned  # noqa: E402
from checks.detectors.promotion.native import bucket  # noqa: E402

BITS = 16
C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0)
MIN_PRECISION = 0.92
FOLDS = 5
SEED = 13
IGNORED = ("HL306",)  # an affiliate URL is found by its shape, not by its words


def examples(devset: Path) -> tuple[list[list[str]], list[int], list[str], list[bool]]:
    """Features, label, page and whether the score may speak on it (no rule of HL301-HL303
    reports it, on a page that shows commerce) of every candidate unit of every page."""
    from checks.detectors.promotion.products import index_for
    from checks.settings.config import Settings
    from claims.read import read

    labels = load_labels(devset)
    settings = Settings(select=["HL3"], preview=True, root=str(devset))
    feats: list[list[str]] = []
    ys: list[int] = []
    pages: list[str] = []
    silent: list[bool] = []
    for name, page_labels in sorted(labels.items()):
        spans = [(lab.start, lab.end) for lab in page_labels if lab.family not in IGNORED]
        doc, products = index_for(read(str(devset / name)), {}, settings)
        spoken = learned.spoken(doc, products)
        sells = learned.page_sells(doc, products, spoken)
        for unit in learned.candidates(doc):
            start, end = unit.source_span()
            feats.append(learned.unit_features(unit, doc, products))
            ys.append(int(any(a < end and start < b for a, b in spans)))
            pages.append(name)
            silent.append(sells and unit.index not in spoken)
    return feats, ys, pages, silent


def native_examples(path: Path) -> tuple[list[list[str]], list[int], list[str]]:
    """Sentences of the native-ads answers on health and workout topics (their ``train``
    split by query; the ``report`` split is never read), each read as a page of its own
    through the same detectors: brand praise woven into informational text, the kind of
    sentence an affiliate page writes. A sentence overlapping the ad span is a positive."""
    from native_ads_data import HEALTH_TOPICS, load

    from checks.detectors.promotion.products import index_for
    from checks.settings.config import Settings
    from claims.read import read_text

    settings = Settings(select=["HL3"], preview=True)
    feats: list[list[str]] = []
    ys: list[int] = []
    groups: list[str] = []
    for ans in load(path, "train"):
        if ans.topic not in HEALTH_TOPICS:
            continue
        doc, products = index_for(read_text(ans.text, path="answer.txt", format="text"), {},
                                  settings)
        for unit in learned.candidates(doc):
            start, end = unit.source_span()
            feats.append(learned.unit_features(unit, doc, products))
            ys.append(int(ans.span is not None and start < ans.span[1] and ans.span[0] < end))
            groups.append("native:" + ans.query)
    return feats, ys, groups


def matrix(feats: list[list[str]]):
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for r, row in enumerate(feats):
        for h in {bucket(f, BITS) for f in row}:
            rows.append(r)
            cols.append(h)
    return csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(feats), 1 << BITS))


def best_threshold(scores: list[float], ys: list[int]) -> tuple[float, tuple[float, ...]]:
    """The lowest threshold (most recall) whose precision is at least MIN_PRECISION."""
    best = (1.0, prf_at(scores, ys, 1.0))
    for t in sorted({round(s, 3) for s in scores}, reverse=True):
        if t < 0.05:
            break
        figures = prf_at(scores, ys, t)
        if figures[0] >= MIN_PRECISION and figures[1] > best[1][1]:
            best = (t, figures)
    return best


def classifier(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(penalty="l1", solver="liblinear", C=c, class_weight="balanced",
                              random_state=SEED)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--out", type=Path, default=learned.MODEL_PATH)
    parser.add_argument("--native", type=Path, default=None,
                        help="also learn from the native-ads data (health and workout "
                             "answers of its train split) in this JSONL file")
    parser.add_argument("--check", action="store_true",
                        help="relearn and compare with the weight file instead of writing it")
    args = parser.parse_args(argv)
    if sklearn_missing("train_promotion_scorer"):
        return 2
    from sklearn.model_selection import GroupKFold

    warnings.filterwarnings("ignore", message=".*penalty.*")
    feats, ys, pages, silent = examples(args.devset)
    if args.native is not None:
        extra, extra_ys, groups = native_examples(args.native)
        feats += extra
        ys += extra_ys
        pages += groups
        silent += [False] * len(extra)  # the threshold is still set on the dev pages
    x = matrix(feats)
    folds = list(GroupKFold(n_splits=FOLDS).split(x, ys, pages))
    chosen = None
    for c in C_GRID:
        probs = [0.0] * len(ys)
        for train, test in folds:
            clf = classifier(c).fit(x[train], [ys[i] for i in train])
            for i, p in zip(test, clf.predict_proba(x[test])[:, 1], strict=True):
                probs[i] = float(p)
        # The threshold is set where the score speaks: on the sentences the rules miss.
        t, (p, r, f) = best_threshold([s for s, q in zip(probs, silent, strict=True) if q],
                                      [y for y, q in zip(ys, silent, strict=True) if q])
        print(f"C={c}: threshold {t:.3f}  cv precision {p:.3f} recall {r:.3f} f1 {f:.3f}",
              file=sys.stderr)
        if chosen is None or r > chosen[0]:
            chosen = (r, c, t, {"precision": round(p, 3), "recall": round(r, 3),
                                "f1": round(f, 3)})
    assert chosen is not None
    _, c, t, cv = chosen
    clf = classifier(c).fit(x, ys)
    weights = {str(i): round(float(w), 4) for i, w in enumerate(clf.coef_[0])
               if abs(w) >= 1e-4}
    model = {
        "about": "HL308 learned promotional-sentence score; learned by "
                 "scripts/train_promotion_scorer.py from tests/devset/promotion (tuning split)",
        "bits": BITS, "bias": round(float(clf.intercept_[0]), 4), "threshold": t, "C": c,
        "sentences": len(ys), "positives": sum(ys), "pages": len(set(pages)),
        "rule_silent": {"sentences": sum(silent),
                        "positives": sum(y for y, q in zip(ys, silent, strict=True) if q)},
        "cross_validation": {"folds": FOLDS, "grouped_by": "page", "rule_silent_sentences": cv,
                             "min_precision": MIN_PRECISION},
        "weights": weights,
    }
    text = json.dumps(model, indent=0, sort_keys=True) + "\n"
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print("weight file matches a fresh training run" if same else
              f"{args.out} differs from a fresh training run: rerun this script",
              file=sys.stderr)
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(weights)} weights, C={c}, threshold {t}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
