"""Learn the seller-page judgement from the labelled dev pages (training only).

    python scripts/train_seller_pages.py [--out PATH] [--check]

Every page of the promotion tuning split (tests/devset/promotion/; the held-out split is
never read here) is one example: commercial when labels.yaml gives it a promotional span
in its body, clean otherwise. The article pages of the claims tuning split
(tests/devset/claims/: health news, reference and advice pages) are clean examples too,
all but those whose label file says ``sells: true`` (shops, affiliate and pharmacy pages,
brands, device sellers, paid services, private clinics: their promotion is not labelled).
Only pages that name a category (``sold.category``) are examples: elsewhere the
judgement is never asked for.
Features are ``checks.detectors.promotion.sold.features`` (the runtime's
own). A logistic regression over the standardised features is cross-validated with
stratified folds (one page per example), shuffled ``REPEATS`` times; its regularisation
and threshold are chosen on the pooled out-of-fold scores: for each C the threshold with
the most recall among those whose precision is at least MIN_PRECISION (precision first: an
informative page must not pass), then the C whose F1 there is best, the strongest
regularisation on a tie; a page with no seller cue at all scores 0 as at runtime. The weights
are written scaled back to the raw features, so the runtime needs no scaler. Writes
checks/detectors/data/seller_pages.json; ``--check`` relearns and compares instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_claims import label_files  # noqa: E402
from eval_promotion import DEVSET, load_labels  # noqa: E402
from metrics import prf_at  # noqa: E402
from training import sklearn_missing  # noqa: E402

from checks.detectors.promotion import sold  # noqa: E402

CLAIMS = ROOT / "tests" / "devset" / "claims"
C_GRID = (0.1, 0.3, 1.0, 3.0)
MIN_PRECISION = 0.95
FOLDS = 5
REPEATS = 3  # shuffles of the folds, pooled to choose C and the threshold
SEED = 23
_PAGES = (".md", ".txt", ".html")


def _selling_claims_pages() -> set[str]:
    """The claims pages whose label file says the page sells (``sells: true``), read by the
    claims evaluation's own loader."""
    return {labels["article"] for _, labels in label_files(str(CLAIMS)) if labels.get("sells")}


def _features(path: Path) -> list[float] | None:
    """The page's features; None when it names no category (the judgement never runs)."""
    from checks.detectors.promotion.document import build
    from claims.read import read

    doc = build(read(str(path)))
    if not sold.category(doc)[0]:
        return None
    values = sold.features(doc)
    return [values[name] for name in sold.FEATURES]


def examples() -> tuple[list[list[float]], list[int], list[str]]:
    """Features, label (1: commercial) and name of every training page."""
    xs: list[list[float]] = []
    ys: list[int] = []
    names: list[str] = []
    pages = [(DEVSET / name, int(any(lab.where == "body" for lab in labels)))
             for name, labels in sorted(load_labels(DEVSET).items())]
    selling = _selling_claims_pages()
    pages += [(path, 0) for path in sorted(CLAIMS.iterdir())
              if path.suffix in _PAGES and path.name not in selling]
    for path, label in pages:
        values = _features(path)
        if values is not None:
            xs.append(values)
            ys.append(label)
            names.append(f"{path.parent.name}/{path.name}")
    return xs, ys, names


def best_threshold(scores: list[float], ys: list[int]) -> tuple[float, float, float]:
    """The lowest threshold (most recall) whose precision is at least MIN_PRECISION."""
    best = (1.0, *prf_at(scores, ys, 1.0)[:2])
    for t in sorted({round(s, 3) for s in scores}, reverse=True):
        p, r, _ = prf_at(scores, ys, t)
        if p >= MIN_PRECISION and r > best[2]:
            best = (t, p, r)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=sold.MODEL_PATH)
    parser.add_argument("--check", action="store_true",
                        help="relearn and compare with the weight file instead of writing it")
    args = parser.parse_args(argv)
    if sklearn_missing("train_seller_pages"):
        return 2
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    xs, ys, names = examples()
    # The runtime judges a page a seller's only when it shows one seller cue at all.
    cued = np.array([any(row[sold.FEATURES.index(n)] > 0 for n in sold.SELLER_CUES)
                     for row in xs])
    x = np.array(xs)
    y = np.array(ys)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    # Several shuffles of the folds, their out-of-fold scores pooled: with a hundred-odd
    # pages, one split let a single page move the threshold by a fifth.
    splits = [list(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED + k)
                   .split(z, y)) for k in range(REPEATS)]
    chosen = None
    for c in C_GRID:
        pooled = []
        for folds in splits:
            probs = np.zeros(len(y))
            for train, test in folds:
                clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
                clf.fit(z[train], y[train])
                probs[test] = clf.predict_proba(z[test])[:, 1] * cued[test]
            pooled.append(probs)
        probs = np.concatenate(pooled)
        t, p, r = best_threshold([float(s) for s in probs], ys * REPEATS)
        print(f"C={c}: threshold {t:.3f}  cv precision {p:.3f} recall {r:.3f}", file=sys.stderr)
        # the best F1 at the precision floor; on a tie the stronger regularisation (the grid
        # runs from it): taking the most recall let one page more tip C to the weakest,
        # whose threshold sits at the floor's edge and let clean comparison pages through
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if chosen is None or f1 > 2 * chosen[3] * chosen[0] / (chosen[3] + chosen[0]) + 1e-9:
            chosen = (r, c, t, p, probs)
    assert chosen is not None
    recall, c, threshold, precision, probs = chosen
    for name, s, label in zip(names, probs[:len(ys)], ys, strict=True):  # the first split
        if (s >= threshold) != bool(label):
            print(f"  cv {'FP' if not label else 'FN'} {s:.2f} {name}", file=sys.stderr)
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(z, y)
    coef = clf.coef_[0] / scale
    bias = float(clf.intercept_[0] - (coef * mean).sum())
    model = {
        "about": "Seller-page judgement (HL303/HL304 on scraped sellers' pages); learned by "
                 "scripts/train_seller_pages.py from tests/devset/promotion and "
                 "tests/devset/claims",
        "features": list(sold.FEATURES),
        "weights": {n: round(float(w), 6) for n, w in zip(sold.FEATURES, coef, strict=True)},
        "bias": round(bias, 6),
        "threshold": round(threshold, 3),
        "c": c,
        "cv": {"precision": round(precision, 3), "recall": round(recall, 3),
               "pages": len(ys), "commercial": int(sum(ys))},
    }
    text = json.dumps(model, indent=1, sort_keys=True) + "\n"
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("seller_pages.json is up to date" if same else
              "seller_pages.json differs from what the script learns", file=sys.stderr)
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} (C={c}, threshold {threshold:.3f}, cv precision {precision:.3f}, "
          f"recall {recall:.3f})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
