"""Learn the HL307 native-ad weights from the native-ads data (scikit-learn, training only).

    python scripts/train_native_ads.py [--data PATH] [--out PATH] [--pages DIR]

Each answer is cut into sentences; a sentence that overlaps the labelled ad span is a
positive, every other sentence a negative. Features are the hashed n-grams of
``checks.detectors.promotion.native.features`` (the runtime's own). An L1-regularised
logistic regression keeps the weight file small. The regularisation strength and the
answer-level threshold are chosen by 5-fold cross-validation grouped by query, on the
``train`` split only; the ``report`` split is never read here (score it with
``scripts/eval_native_ads.py``). Writes checks/detectors/data/native_ads.json.
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

from metrics import prf_at  # noqa: E402
from native_ads_data import DEFAULT, HEALTH_TOPICS, load  # noqa: E402
from training import sklearn_missing  # noqa: E402

from checks.detectors.promotion.document import sentence_spans  # noqa: E402
from checks.detectors.promotion.native import MODEL_PATH, bucket, features  # noqa: E402

BITS = 18
C_GRID = (0.5, 1.0, 2.0, 4.0)
MIN_PRECISION = 0.90  # precision first: the threshold is chosen at P >= 0.90 in CV
SEED = 13


def _matrix(answers):
    from scipy.sparse import csr_matrix

    rows, cols, ys, owner = [], [], [], []
    for i, ans in enumerate(answers):
        for a, b in sentence_spans(ans.text):
            r = len(ys)
            for h in {bucket(f, BITS) for f in features(ans.text[a:b])}:
                rows.append(r)
                cols.append(h)
            ad = ans.span is not None and a < ans.span[1] and ans.span[0] < b
            ys.append(1 if ad else 0)
            owner.append(i)
    x = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(ys), 1 << BITS))
    return x, ys, owner


def _page_rows(devset: Path, bits: int):
    """Sentences of the labelled dev pages (tuning split), as extra training rows: a body
    sentence that overlaps a pitch, efficacy or native-ad label is a positive, any other
    body sentence a negative. Affiliate praise reads unlike the generated answers, so the
    answers alone do not carry over to it."""
    from eval_promotion import load_labels

    from checks.detectors.promotion.document import BODY, doc_for
    from claims.read import read

    rows, cols, ys, groups = [], [], [], []
    for name, page_labels in sorted(load_labels(devset).items()):
        spans = [(lab.start, lab.end) for lab in page_labels
                 if lab.family in ("HL301", "HL303", "HL307")]
        doc = doc_for(read(str(devset / name)), {})
        for unit in doc.units:
            if unit.where != BODY or unit.is_heading or not unit.text.strip():
                continue
            start, end = unit.source_span()
            r = len(ys)
            for h in {bucket(f, bits) for f in features(unit.text)}:
                rows.append(r)
                cols.append(h)
            ys.append(int(any(a < end and start < b for a, b in spans)))
            groups.append("page:" + name)
    return rows, cols, ys, groups


def _answer_scores(probs, owner, n):
    best = [0.0] * n
    for p, i in zip(probs, owner, strict=True):
        if i >= 0:
            best[i] = max(best[i], float(p))
    return best


def _best_threshold(scores, labels, health):
    """The threshold with the best F1 over all topics among those at precision >=
    MIN_PRECISION both over all topics and on the health and workout answers."""
    best = (0.0, 0.5, (0.0, 0.0, 0.0))
    everything = [True] * len(scores)
    for t in sorted(set(round(s, 3) for s in scores)):
        if t < 0.05:
            continue
        p, r, f = prf_at(scores, labels, t, everything)
        hp, _, _ = prf_at(scores, labels, t, health)
        if p >= MIN_PRECISION and hp >= MIN_PRECISION and f > best[0]:
            best = (f, t, (p, r, f))
    return best


def _figures(scores, labels, topics, t, only=None):
    keep = [not only or topic in only for topic in topics]
    p, r, f = prf_at(scores, labels, t, keep)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--pages", type=Path, default=None,
                        help="also learn from the sentences of these labelled dev pages "
                             "(the promotion tuning split); the threshold is still chosen "
                             "on the answers")
    args = parser.parse_args(argv)
    if sklearn_missing("train_native_ads"):
        return 2
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    # scikit-learn 1.8 deprecates ``penalty``; older releases need it for L1. Keep it.
    warnings.filterwarnings("ignore", message=".*penalty.*")

    answers = load(args.data, "train")
    x, y, owner = _matrix(answers)
    groups = [answers[i].query.lower() for i in owner]
    if args.pages is not None:
        from scipy.sparse import csr_matrix, vstack

        rows, cols, page_y, page_groups = _page_rows(args.pages, BITS)
        x = vstack([x, csr_matrix(([1.0] * len(rows), (rows, cols)),
                                  shape=(len(page_y), 1 << BITS))]).tocsr()
        y = y + page_y
        groups = groups + page_groups
        owner = owner + [-1] * len(page_y)  # no answer: left out of the answer scores
    labels = [a.label for a in answers]
    topics = [a.topic for a in answers]
    folds = list(GroupKFold(n_splits=5).split(x, y, groups))
    chosen = None
    for c in C_GRID:
        probs = [0.0] * len(y)
        for train, test in folds:
            clf = LogisticRegression(penalty="l1", solver="liblinear", C=c,
                                     class_weight="balanced", random_state=SEED)
            clf.fit(x[train], [y[i] for i in train])
            for i, p in zip(test, clf.predict_proba(x[test])[:, 1], strict=True):
                probs[i] = p
        scores = _answer_scores(probs, owner, len(answers))
        f, t, _ = _best_threshold(scores, labels, [t in HEALTH_TOPICS for t in topics])
        cv = {"all": _figures(scores, labels, topics, t),
              "health_workout": _figures(scores, labels, topics, t, HEALTH_TOPICS)}
        print(f"C={c}: threshold {t:.3f}  cv all {cv['all']}  health+workout "
              f"{cv['health_workout']}", file=sys.stderr)
        if chosen is None or f > chosen[0]:
            chosen = (f, c, t, cv)
    assert chosen is not None
    _, c, t, cv = chosen
    clf = LogisticRegression(penalty="l1", solver="liblinear", C=c,
                             class_weight="balanced", random_state=SEED)
    clf.fit(x, y)
    weights = {str(i): round(float(w), 4) for i, w in enumerate(clf.coef_[0])
               if abs(w) >= 1e-4}
    about = ("HL307 native-ad sentence model; learned by scripts/train_native_ads.py "
             "from the train split of Webis Generated Native Ads 2024 (validation file)")
    if args.pages is not None:
        about += " and the sentences of the promotion tuning pages"
    model = {
        "about": about,
        "bits": BITS, "bias": round(float(clf.intercept_[0]), 4), "threshold": t,
        "C": c, "sentences": len(y), "answers": len(answers),
        "cross_validation": {"folds": 5, "grouped_by": "query", "answer_level": cv},
        "weights": weights,
    }
    args.out.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(weights)} weights, C={c}, threshold {t}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
