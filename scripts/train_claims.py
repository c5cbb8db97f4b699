"""Learn the claim detector's weights from the labelled dev set and write the model file.

Usage: python scripts/train_claims.py [TUNING_DIR ...] [--out PATH] [--check] [--json]
       [--errors PATH]

Every labelled sentence of the tuning folders (default ``tests/devset/claims``) that the
detector's rules leave open (not a heading, question, instruction...) becomes one training
row: its features as the detector names them (``Assessment.features``: cues and hashed
word n-grams) and its gold ``claim`` label. A logistic regression (scikit-learn, a training
dependency only: ``pip install -e .[train]``) is cross-validated with folds grouped by
article, so no article is both trained and scored on, over three different splits of the
articles into folds; the decision threshold (the best F1 at ``MIN_PRECISION`` or more) and
the regularisation strength (by the one-standard-error rule over the folds) are chosen on
the out-of-fold predictions of all three, and the per-fold precision and recall at that
threshold are reported as mean and spread. The final model is fitted
on all rows, its bias shifted so that the chosen threshold falls at 0.5, and written as
``claims/claim_model.json``. The held-out folder is never read here.

``--check`` retrains and compares with the shipped file instead of writing it: the model
is reproducible from the repository (the solver is deterministic). ``--errors PATH``
writes the first split's out-of-fold misses and false alarms at the chosen threshold,
one a line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import zlib
from dataclasses import dataclass, field
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from eval_claims import DEFAULT_DEVSET, label_files, match  # noqa: E402
from metrics import prf_at  # noqa: E402
from training import sklearn_missing  # noqa: E402

from claims import claim_model  # noqa: E402

BUCKETS = 1 << 18
TEXT_SCALE = 3.0  # the n-grams' share against one cue (chosen by cross-validation)
C_GRID = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0)
FOLDS = 5
REPEATS = 3  # splits of the articles into folds, averaged to choose C and the threshold
# The threshold is the one with the best F1 at this precision or more: the issue's own
# precision target (an editor who sees false alarms turns the linter off); on real pages a
# model's precision falls below its cross-validated figure, never above.
MIN_PRECISION = 0.95
PRUNE = 1e-2  # smaller weights move no decision on the dev set and only slow loading


@dataclass
class Rows:
    features: list[list[str]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    ruled: int = 0  # labelled sentences the rules decide (no row)
    unmatched: int = 0


def _ensure_model_file(path: str) -> None:
    """Features do not depend on the weights, but reading an article scores it: the first
    training run starts from a neutral model."""
    if not os.path.exists(path):
        write_model(path, 0.0, {}, {"note": "neutral model before the first training run"})


def collect(folders: list[str]) -> Rows:
    """One row per labelled sentence that the rules leave to the model."""
    from claims.detect import prose_assessments
    from claims.read import read

    rows = Rows()
    for folder in folders:
        for labels_path, labels in label_files(folder):
            article = read(os.path.join(os.path.dirname(labels_path), labels["article"]))
            scored = {id(s): a for s, a in prose_assessments(article)}
            used: set[int] = set()
            for item in labels["sentences"]:
                matched = match(item["text"], article.sentences, used)
                used.update(id(s) for s in matched)
                if not matched:
                    rows.unmatched += 1
                    continue
                open_ = [scored[id(s)] for s in matched
                         if id(s) in scored and not scored[id(s)].excluded]
                if not open_:
                    rows.ruled += 1
                    continue
                rows.features.append(open_[0].features)
                rows.labels.append(int(bool(item["claim"])))
                rows.groups.append(f"{os.path.basename(folder)}/{labels['article']}")
                rows.texts.append(" ".join(item["text"].split()))
    return rows


def matrix(features: list[list[str]]) -> Any:
    """The rows as the runtime scorer sees them (``claim_model.feature_values``)."""
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for row in features:
        values = claim_model.feature_values(row, BUCKETS, TEXT_SCALE)
        for bucket in sorted(values):
            indices.append(bucket)
            data.append(values[bucket])
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(features), BUCKETS))


def _model(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", max_iter=1000)


def choose_threshold(y: list[int], p: list[float]) -> tuple[float, float]:
    """(threshold, F1): best F1 among thresholds whose precision is at least
    ``MIN_PRECISION``; the best F1 overall if none is."""
    candidates = [round(0.05 + 0.01 * i, 2) for i in range(91)]
    scored = []
    for t in candidates:
        prec, _, f1 = prf_at(p, y, t)
        scored.append((prec >= MIN_PRECISION, f1, -t, t))
    best = max(scored)
    return best[3], best[1]


def cross_validate(x: Any, y: list[int], groups: list[str], c: float) -> tuple[
        list[float], list[int]]:
    """Out-of-fold probabilities and each row's fold, over ``REPEATS`` splits of the
    articles into ``FOLDS`` folds (no article is both trained and scored on): the rows
    repeat once per split, fold ``k`` of split ``r`` numbered ``r * FOLDS + k``. One split
    left the choice of C to noise (F1 equal to the fourth decimal from C=2 to C=10);
    the mean over several is steadier."""
    oof: list[float] = []
    fold_of: list[int] = []
    for repeat in range(REPEATS):
        fold = _article_folds(groups, repeat)
        probs = [0.0] * len(y)
        for k in range(FOLDS):
            train = [i for i, g in enumerate(groups) if fold[g] != k]
            test = [i for i, g in enumerate(groups) if fold[g] == k]
            model = _model(c).fit(x[train], [y[i] for i in train])
            for i, prob in zip(test, model.predict_proba(x[test])[:, 1], strict=True):
                probs[i] = float(prob)
        oof += probs
        fold_of += [repeat * FOLDS + fold[g] for g in groups]
    return oof, fold_of


def _article_folds(groups: list[str], repeat: int) -> dict[str, int]:
    """Each article's fold in split ``repeat``: the articles in an order fixed by CRC-32 of
    the split number and their name (reproducible anywhere), dealt out in turn."""
    order = sorted(set(groups), key=lambda g: (zlib.crc32(f"{repeat}:{g}".encode()), g))
    return {g: i % FOLDS for i, g in enumerate(order)}


def _per_fold(y: list[int], oof: list[float], fold_of: list[int],
              threshold: float) -> list[tuple[float, float, float]]:
    """Precision, recall and F1 of each fold's out-of-fold predictions at ``threshold``."""
    return [prf_at([oof[i] for i in range(len(y)) if fold_of[i] == k],
                   [y[i] for i in range(len(y)) if fold_of[i] == k], threshold)
            for k in range(FOLDS * REPEATS)]


def write_model(path: str, bias: float, weights: dict[int, float], meta: dict[str, Any]) -> None:
    index = sorted(weights)
    data = {"format": claim_model.FORMAT, "version": claim_model.VERSION,
            "buckets": BUCKETS, "text_scale": TEXT_SCALE, "bias": round(bias, 6),
            "meta": meta,
            "index": index, "weight": [weights[i] for i in index]}
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, separators=(",", ":"))
        handle.write("\n")
    os.replace(tmp, path)


def out_of_fold_errors(rows: Rows, oof: list[float], threshold: float) -> list[str]:
    """The rows the cross-validated model gets wrong at ``threshold``, one tab-separated
    line each (FN or FP, out-of-fold score, article, sentence), misses first, surest first:
    what to study before adding a cue or labelled text."""
    wrong = []
    for prob, label, group, text in zip(oof, rows.labels, rows.groups, rows.texts,
                                        strict=True):
        if (prob >= threshold) != bool(label):
            kind = "FN" if label else "FP"
            wrong.append((kind, -abs(prob - threshold), f"{kind}\t{prob:.2f}\t{group}\t{text}"))
    wrong.sort()
    return [line for _, _, line in wrong]


def train(folders: list[str], errors_path: str | None = None) -> tuple[
        float, dict[int, float], dict[str, Any]]:
    rows = collect(folders)
    y = rows.labels
    x = matrix(rows.features)
    report: dict[str, Any] = {"rows": len(y), "claims": sum(y), "ruled_by_rules": rows.ruled,
                              "unmatched": rows.unmatched,
                              "articles": len(set(rows.groups)), "folds": FOLDS,
                              "repeats": REPEATS, "grid": {}}
    pooled_y = y * REPEATS
    tried: list[tuple[float, float, float, list[float], list[int], float]] = []
    for c in C_GRID:
        oof, fold_of = cross_validate(x, y, rows.groups, c)
        threshold, f1 = choose_threshold(pooled_y, oof)
        folds_f1 = [f for _, _, f in _per_fold(pooled_y, oof, fold_of, threshold)]
        error = statistics.stdev(folds_f1) / math.sqrt(len(folds_f1))
        report["grid"][str(c)] = {"threshold": threshold, "f1": round(f1, 4),
                                  "f1_se": round(error, 4)}
        tried.append((c, f1, threshold, oof, fold_of, error))
    # The one-standard-error rule: the strongest regularisation whose F1 is within one
    # standard error (over the folds) of the best. The grid's F1s differ by less than their
    # spread, and a weaker one only fits the tuning set's words more closely and pushes
    # every score towards 0 or 1, where HL101's threshold option can no longer tell them
    # apart.
    top = max(tried, key=lambda t: t[1])
    c, _, threshold, oof, fold_of, _ = min(
        (t for t in tried if t[1] >= top[1] - top[5]), key=lambda t: t[0])
    per_fold = _per_fold(pooled_y, oof, fold_of, threshold)
    overall = prf_at(oof, pooled_y, threshold)
    if errors_path:
        with open(errors_path, "w", encoding="utf-8") as handle:
            first = oof[:len(y)]  # the first split's out-of-fold scores
            handle.writelines(f"{line}\n" for line in out_of_fold_errors(rows, first, threshold))
    report.update({
        "C": c, "threshold": threshold,
        "cv_precision": round(overall[0], 4), "cv_recall": round(overall[1], 4),
        "cv_f1": round(overall[2], 4),
        "fold_precision_mean": round(statistics.mean(p for p, _, _ in per_fold), 4),
        "fold_precision_sd": round(statistics.stdev(p for p, _, _ in per_fold), 4),
        "fold_recall_mean": round(statistics.mean(r for _, r, _ in per_fold), 4),
        "fold_recall_sd": round(statistics.stdev(r for _, r, _ in per_fold), 4),
    })
    final = _model(c).fit(x, y)
    coef = final.coef_[0]
    weights = {int(i): round(float(coef[i]), 4) for i in coef.nonzero()[0]
               if abs(coef[i]) >= PRUNE}
    bias = float(final.intercept_[0]) - math.log(threshold / (1 - threshold))
    return bias, weights, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", default=[DEFAULT_DEVSET])
    parser.add_argument("--out", default=claim_model.MODEL_PATH)
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with the model file instead of writing it")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--errors", metavar="PATH",
                        help="write the out-of-fold errors at the chosen threshold to PATH")
    args = parser.parse_args(argv)
    if sklearn_missing("train_claims"):
        return 2
    _ensure_model_file(args.out)
    bias, weights, report = train([os.path.abspath(f) for f in args.folders], args.errors)
    meta = {k: report[k] for k in ("rows", "claims", "articles", "C", "threshold",
                                   "cv_precision", "cv_recall", "fold_precision_sd",
                                   "fold_recall_sd")}
    if args.check:
        with open(args.out, encoding="utf-8") as handle:
            shipped = json.load(handle)
        same = dict(zip(shipped["index"], shipped["weight"], strict=True)) == weights and \
            abs(shipped["bias"] - round(bias, 6)) < 1e-6
        print("model file matches a fresh training run" if same else
              "model file differs from a fresh training run: rerun scripts/train_claims.py")
        return 0 if same else 1
    write_model(args.out, bias, weights, meta)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['rows']} rows ({report['claims']} claims) from {report['articles']} "
              f"articles; {report['ruled_by_rules']} labelled sentences decided by rules, "
              f"{report['unmatched']} unmatched")
        for c, figures in report["grid"].items():
            print(f"  C={c:<4} threshold {figures['threshold']:.2f}  CV F1 {figures['f1']:.3f}")
        print(f"chosen C={report['C']} threshold {report['threshold']:.2f}: cross-validated "
              f"P={report['cv_precision']:.3f} R={report['cv_recall']:.3f} "
              f"F1={report['cv_f1']:.3f}; per fold P {report['fold_precision_mean']:.3f} "
              f"± {report['fold_precision_sd']:.3f}, R {report['fold_recall_mean']:.3f} "
              f"± {report['fold_recall_sd']:.3f}")
        print(f"wrote {args.out}: {len(weights)} weights")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
