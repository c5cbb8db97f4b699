"""Precision and recall of the promotion checks on the labelled dev set.

    python scripts/eval_promotion.py [FOLDER] [--holdout] [--verbose] [--json]

The dev set (tests/devset/promotion/) holds original commercial, advertorial and
clean articles; labels.yaml lists every promotional span with the check that should
report it. A finding is a true positive when it overlaps a label of its family
(HL301 ... HL306, or "hype" for any rule-pack check); a label is recalled when some
finding of its family overlaps it. Labels marked ``where: boilerplate`` must be
reported at info level. HL307 (native ad, preview) has no labels of its own in the
older pages: its finding is right when it overlaps a pitch (HL301), efficacy (HL303) or
native-ad (HL307) label; HL308 (learned promotional sentence, preview) is right when it
overlaps any promotion label but an affiliate link's. The last row, ``HL3xx``, scores
every promotion finding against every label, whatever the code: is the page's promotion
found, and is what is found promotion? ``--no-preview`` scores a default run, without the
checks in preview.

FOLDER scores another labelled folder in the same layout, such as real pages kept
locally under realpages/promotion/ (git-ignored, never committed).

``--holdout`` scores tests/devset/promotion-holdout/ instead: a smaller set written and
labelled after the checks were tuned on the dev set, and never used for tuning, so its
figures estimate how the checks do on unseen text.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from metrics import precision, recall  # noqa: E402

DEVSET = ROOT / "tests" / "devset" / "promotion"
HOLDOUT = ROOT / "tests" / "devset" / "promotion-holdout"
FAMILIES = ("HL301", "HL302", "HL303", "HL304", "HL305", "HL306", "HL307", "HL308", "hype")
ANY = "HL3xx"
# The label families a finding of a family may match (its own by default).
MATCHES = {"HL307": ("HL301", "HL303", "HL307"),
           "HL308": ("HL301", "HL302", "HL303", "HL304", "HL305", "hype")}
NAMES = {"HL301": "product pitch", "HL302": "call to action",
         "HL303": "unsubstantiated efficacy", "HL304": "disease claim (supplement)",
         "HL305": "testimonial", "HL306": "affiliate link", "HL307": "native ad (preview)",
         "HL308": "learned sentence (preview)",
         "hype": "hype / red flags (packs)", ANY: "any promotion finding"}
TARGETS = {"HL301": (0.90, 0.80), "HL302": (0.90, 0.80)}
# What the tests hold the dev set to: no regression below today's figures. HL301 is below
# its target since the set gained affiliate rankings and sellers' blogs whose praise no rule
# reads yet, and since the labels of the older rankings leave their award headings out
# while the newer ones (and the issue: "a heading that pitches") count them. The floors were
# measured again when the set gained product kinds beyond supplements (the kinds-* pages:
# braces, creams, mattresses, hearing aids, glasses, drinks), whose pitch, own-range praise
# and award tags the rules read less often than on supplement pages; and again when it gained
# the real-style-* pages (CBD and supplement shops' blogs, affiliate rankings, product pages
# and sponsored articles in the plain, descriptive voice of real sellers), whose own-product
# descriptions, award tags and category recommendations most rules do not read yet; and
# again when it gained the *-s6* pages (sellers' shops and product pages, device and service
# sellers, affiliate rankings, brand blogs and sponsored articles, written after reading real
# ones), on which the checks find about half of the labelled promotion; and again when it
# gained the *-s7* pages (pharmacy, grocery and clinic pages with their shop chrome, shop
# blogs that read as health information, brand FAQs, sponsored news articles); and again when
# it gained the *-s9* pages (sellers' blogs and category pages with no seller cue at all,
# device and clinic sellers, affiliate listings, food brands' blogs, and careful reference
# pages on the same products), on which the checks find about a third of the promotion.
FLOORS = {"HL301": (0.85, 0.55), "HL302": (0.90, 0.77), "HL3xx": (0.94, 0.65)}


@dataclass
class Label:
    path: str
    family: str
    start: int
    end: int
    text: str
    where: str


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    labels: int = 0
    hit: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return precision(self.tp, self.fp)

    @property
    def recall(self) -> float:  # labels found, of all labels
        return recall(self.hit, self.labels - self.hit)


def family(code: str) -> str:
    return code if code in FAMILIES else "hype"


def load_labels(devset: Path = DEVSET) -> dict[str, list[Label]]:
    import yaml

    raw = yaml.safe_load((devset / "labels.yaml").read_text(encoding="utf-8")) or {}
    articles = sorted(p.name for p in devset.iterdir() if p.suffix in (".md", ".txt", ".html"))
    missing = [a for a in articles if a not in raw]
    if missing:
        raise SystemExit(f"labels.yaml does not list: {', '.join(missing)}")
    out: dict[str, list[Label]] = {}
    for name, entries in raw.items():
        text = (devset / name).read_text(encoding="utf-8")
        labels: list[Label] = []
        for entry in entries or []:
            nth = int(entry.get("nth", 1))
            at = -1
            for _ in range(nth):
                at = text.find(entry["text"], at + 1)
                if at < 0:
                    raise SystemExit(f"{name}: label text not found: {entry['text']!r}")
            labels.append(Label(name, family(str(entry["code"])), at, at + len(entry["text"]),
                                entry["text"], entry.get("where", "body")))
        out[name] = labels
    return out


def plan(devset: Path, preview: bool = True):
    """The HL3 checks as configured for the pages of ``devset`` (one plan serves them all)."""
    from checks.contract.registry import load
    from checks.engine.article import plan_for
    from checks.settings.config import Settings

    settings = Settings(select=["HL3"], preview=preview, root=str(devset))
    return plan_for(settings, load(settings))


def lint(path: Path, run_plan) -> list:
    from checks.engine.article import lint_article
    from claims.read import read

    return lint_article(read(str(path)), run_plan).findings


def evaluate(devset: Path = DEVSET, preview: bool = True) -> dict[str, Tally]:
    labels = load_labels(devset)
    run_plan = plan(devset, preview)
    tallies = {f: Tally() for f in (*FAMILIES, ANY)}
    for name, article_labels in sorted(labels.items()):
        findings = [f for f in lint(devset / name, run_plan) if f.code.startswith("HL3")]
        for label in article_labels:
            tallies[label.family].labels += 1
        tallies[ANY].labels += len(article_labels)
        hit: set[int] = set()
        hit_any: set[int] = set()
        for finding in findings:
            fam = family(finding.code)
            where = f"{name}:{finding.line}:{finding.column}"
            # A finding that stands in for another family's label does not recall it.
            own_hits = hit if fam not in MATCHES else set()
            _score(tallies[fam], finding, article_labels, MATCHES.get(fam, (fam,)), own_hits,
                   where)
            _score(tallies[ANY], finding, article_labels, FAMILIES, hit_any, where)
        for i, lab in enumerate(article_labels):
            if i in hit:
                tallies[lab.family].hit += 1
            else:
                tallies[lab.family].misses.append(f"{name} {lab.text[:70]!r}")
        tallies[ANY].hit += len(hit_any)
    return tallies


def _score(tally: Tally, finding, labels: list[Label], families: tuple[str, ...],
           hit: set[int], where: str) -> None:
    """Count a finding as right or wrong against the labels of ``families``."""
    matched = [i for i, lab in enumerate(labels)
               if lab.family in families and finding.start < lab.end and lab.start < finding.end]
    ok_level = all(labels[i].where != "boilerplate"
                   or finding.severity.value == "info" for i in matched)
    if matched and ok_level:
        tally.tp += 1
        hit.update(matched)
        return
    tally.fp += 1
    tally.false_positives.append(f"{where} {finding.code} {finding.excerpt[:70]!r}")


def render(tallies: dict[str, Tally], verbose: bool = False) -> str:
    lines = [f"{'check':<34} {'P':>6} {'R':>6} {'TP':>4} {'FP':>4} {'hit':>4} {'labels':>6}"]
    for fam in (*FAMILIES, ANY):
        t = tallies[fam]
        target = TARGETS.get(fam)
        mark = ""
        if target:
            met = t.precision >= target[0] and t.recall >= target[1]
            mark = "  ok" if met else "  BELOW TARGET"
        lines.append(f"{fam + ' ' + NAMES[fam]:<34} {t.precision:>6.2f} {t.recall:>6.2f} "
                     f"{t.tp:>4} {t.fp:>4} {t.hit:>4} {t.labels:>6}{mark}")
    if verbose:
        for fam in FAMILIES:
            t = tallies[fam]
            for fp in t.false_positives:
                lines.append(f"  FP   {fp}")
            for miss in t.misses:
                lines.append(f"  MISS {fam} {miss}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list false positives and misses")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--holdout", action="store_true",
                        help="score the held-out set instead of the dev set")
    parser.add_argument("--no-preview", action="store_true",
                        help="leave out the checks in preview (HL307, HL308), as a default run")
    parser.add_argument("folder", nargs="?", type=Path, default=None,
                        help="a labelled folder to score instead (labels.yaml and pages)")
    args = parser.parse_args(argv)
    folder = args.folder or (HOLDOUT if args.holdout else DEVSET)
    if not (folder / "labels.yaml").is_file():
        parser.error(f"{folder}: no labels.yaml there")
    tallies = evaluate(folder, preview=not args.no_preview)
    if args.json:
        print(json.dumps({f: {"precision": round(t.precision, 3), "recall": round(t.recall, 3),
                              "tp": t.tp, "fp": t.fp, "hit": t.hit, "labels": t.labels}
                          for f, t in tallies.items()}, indent=2))
    else:
        sys.stdout.write(render(tallies, args.verbose))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
