"""Score claim detection and the uncited-claim checks against the labelled dev set.

Usage: python scripts/eval_claims.py [DEVSET_DIR] [--errors] [--json] [--sweep]

DEVSET_DIR may be any folder of pages with label files in the dev-set schema, inside the
repository or not: real pages labelled by hand are measured from a local, git-ignored
folder (``realpages/claims/``) so that their text is never committed.

``tests/devset/claims`` is the dev set the rules were tuned on (the regression gate in
tests/test_checks_citations.py holds it to the targets); ``tests/devset/claims_heldout``
was written after tuning and is never tuned on, to estimate how the figures generalise.

Each article in the dev set has a sidecar ``NAME.labels.yaml`` listing every sentence's
text with ``claim`` (a careful medical editor would want it sourced) and ``cited`` (it
carries its own citation); a page that sells (a shop, an affiliate or pharmacy page, a brand,
a paid service or a private clinic) also says ``sells: true``, so the seller-page model
(scripts/train_seller_pages.py) does not take it for a clean page. Labelled sentences are
matched to the sentences healthlint found by their normalised text (case, spacing,
punctuation and citation markers ignored), so a segmentation difference shows up as a miss
rather than a crash. Prints precision, recall and F1 for claim detection and for
uncited-claim findings (HL101 + HL102 at their default options).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from metrics import Counts  # noqa: E402

DEFAULT_DEVSET = os.path.join(ROOT, "tests", "devset", "claims")
UNCITED_CODES = ("HL101", "HL102")

_CITATION_TOKENS = re.compile(r"\[\^?[^\]\s]{1,40}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def norm(text: str) -> str:
    text = _CITATION_TOKENS.sub(" ", text.lower().replace("’", "'"))
    return _NON_WORD.sub(" ", text).strip()


@dataclass
class Result:
    sentences: int = 0
    articles: int = 0
    unmatched: int = 0
    claims: Counts = field(default_factory=Counts)
    uncited: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)
    # (gold claim, best score of its matched sentences) per label, for the threshold sweep
    scored: list[tuple[bool, float]] = field(default_factory=list)

    def sweep(self, thresholds: list[float]) -> list[tuple[float, Counts]]:
        """Claim-detection counts had the detector used each of ``thresholds``."""
        out = []
        for threshold in thresholds:
            counts = Counts()
            for gold, score in self.scored:
                counts.add(gold, score >= threshold)
            out.append((threshold, counts))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "sentences": self.sentences,
                "unmatched": self.unmatched, "claim_detection": self.claims.as_dict(),
                "uncited_claim_findings": self.uncited.as_dict()}


def _plan():
    from checks.contract.registry import load
    from checks.engine.article import plan_for
    from checks.settings.config import Settings

    settings = Settings(select=list(UNCITED_CODES))
    return plan_for(settings, load(settings))


def match(label_text: str, sentences: list[Any], used: set[int]) -> list[Any]:
    """The article sentences that a labelled sentence corresponds to."""
    key = norm(label_text)
    if not key:
        return []
    exact = [s for s in sentences if norm(s.text) == key and id(s) not in used]
    if exact:
        return exact[:1]
    # A sentence split differently: one side contains the other (short texts such as a
    # navigation label "Home" must match exactly, or they would match anything).
    return [s for s in sentences if id(s) not in used and (
        (len(norm(s.text)) >= 20 and norm(s.text) in key)
        or (len(key) >= 20 and key in norm(s.text)))]


class LabelError(Exception):
    """A label file that does not follow the dev-set schema."""


def label_files(folder: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each ``*.labels.yaml`` in ``folder`` (sorted), checked against the schema; the
    folder may live anywhere, such as a git-ignored folder of real pages."""
    import yaml

    if not os.path.isdir(folder):
        raise LabelError(f"{folder}: not a folder")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".labels.yaml"):
            continue
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as handle:
                labels = yaml.safe_load(handle)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise LabelError(f"{path}: {error}") from error
        if not isinstance(labels, dict) or not isinstance(labels.get("article"), str) or \
                not isinstance(labels.get("sentences"), list):
            raise LabelError(f"{path}: expected 'article' and a 'sentences' list")
        for item in labels["sentences"]:
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or \
                    not isinstance(item.get("claim"), bool) or \
                    not isinstance(item.get("cited"), bool):
                raise LabelError(f"{path}: each sentence needs text, claim and cited: {item!r}")
        if not os.path.isfile(os.path.join(folder, labels["article"])):
            raise LabelError(f"{path}: article {labels['article']!r} not found")
        yield path, labels


def evaluate(devset: str = DEFAULT_DEVSET) -> Result:
    from checks.engine.article import lint_article
    from claims.detect import prose_assessments
    from claims.read import read

    plan = _plan()
    result = Result()
    for labels_path, labels in label_files(devset):
        article = read(os.path.join(os.path.dirname(labels_path), labels["article"]))
        result.articles += 1
        findings = lint_article(article, plan).findings
        flagged = [(f.start, f.end) for f in findings if f.code in UNCITED_CODES]
        claim_ids = {id(c.sentence) for c in article.claims}
        scores = {id(sentence): 0.0 if assessment.excluded else assessment.score
                  for sentence, assessment in prose_assessments(article)}
        used: set[int] = set()
        for item in labels["sentences"]:
            result.sentences += 1
            matched = match(item["text"], article.sentences, used)
            used.update(id(s) for s in matched)
            if not matched:
                result.unmatched += 1
            predicted_claim = any(id(s) in claim_ids for s in matched)
            predicted_uncited = any(
                start < s.end and s.start < end for s in matched for start, end in flagged)
            gold_claim = bool(item["claim"])
            result.scored.append((gold_claim, max((scores.get(id(s), 0.0) for s in matched),
                                                  default=0.0)))
            gold_uncited = gold_claim and not item["cited"]
            result.claims.add(gold_claim, predicted_claim)
            result.uncited.add(gold_uncited, predicted_uncited)
            if gold_claim != predicted_claim or gold_uncited != predicted_uncited:
                kind = []
                if gold_claim != predicted_claim:
                    kind.append("claim FN" if gold_claim else "claim FP")
                if gold_uncited != predicted_uncited:
                    kind.append("uncited FN" if gold_uncited else "uncited FP")
                note = f" [{item['note']}]" if item.get("note") else ""
                result.errors.append(f"{labels['article']}: {', '.join(kind)}{note}: "
                                     f"{item['text'][:110]}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", nargs="?", default=DEFAULT_DEVSET)
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--sweep", action="store_true",
                        help="claim-detection precision and recall at other thresholds")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.devset)
    except LabelError as error:
        print(f"eval_claims: {error}", file=sys.stderr)
        return 2
    if args.sweep:
        for threshold, counts in result.sweep([round(0.3 + 0.05 * i, 2) for i in range(9)]):
            print(f"threshold {threshold:.2f}  P={counts.precision:.3f} R={counts.recall:.3f} "
                  f"F1={counts.f1:.3f}  (tp={counts.tp} fp={counts.fp} fn={counts.fn})")
        return 0
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
        return 0
    print(f"{result.articles} articles, {result.sentences} labelled sentences "
          f"({result.unmatched} not matched to a detected sentence)")
    for title, counts in (("claim detection", result.claims),
                          ("uncited-claim findings (HL101+HL102)", result.uncited)):
        print(f"{title:<38} P={counts.precision:.3f} R={counts.recall:.3f} "
              f"F1={counts.f1:.3f}  (tp={counts.tp} fp={counts.fp} fn={counts.fn})")
    if args.errors:
        print()
        print("\n".join(result.errors))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, ROOT)
    raise SystemExit(main())
