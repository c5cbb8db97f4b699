"""Why the seller-page judgement passes or shuts each page of a folder.

    python scripts/explain_seller_pages.py FOLDER [--only commercial-] [--all]

For every page (.md, .txt, .html) of FOLDER, such as real pages labelled locally under the
git-ignored realpages/promotion/: the category the page names (``sold.category``), the
learned score against the shipped threshold, PASS or shut, and each non-zero feature with
its value and its share of the score (value times learned weight), largest first. A page
with no seller cue at all is shut whatever its score would be: the line says so. ``--all``
lists the pages that name no category too (they are never judged). Reads the shipped
checks/detectors/data/seller_pages.json; writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.detectors.promotion import sold  # noqa: E402

_PAGES = (".md", ".txt", ".html")


@dataclass(frozen=True)
class Explained:
    """One page's judgement and the features behind it."""

    name: str
    category: str
    score: float
    passes: bool
    cued: bool  # the page shows at least one seller cue (else it is never a seller's)
    shares: list[tuple[str, float, float]]  # feature, value, value x weight; largest first


def explain(path: Path) -> Explained:
    from checks.detectors.promotion.document import build
    from claims.read import read

    doc = build(read(str(path)))
    key = sold.category(doc)[0]
    if not key:
        return Explained(path.name, "", 0.0, False, False, [])
    values = sold.features(doc)
    weights = sold.model().weights
    shares = sorted(((name, value, value * weights.get(name, 0.0))
                     for name, value in values.items() if value),
                    key=lambda row: -abs(row[2]))
    page = sold.of(doc)
    cued = any(values[name] > 0 for name in sold.SELLER_CUES)
    return Explained(path.name, key, sold.model().score(values), page.sells, cued, shares)


def render(row: Explained, threshold: float) -> str:
    if not row.category:
        return f"  --   {row.name}: names no category (never judged)"
    verdict = "PASS" if row.passes else "shut"
    why = "" if row.cued else "  (no seller cue: shut whatever the score)"
    head = (f"  {verdict} {row.score:.2f} (threshold {threshold:.2f}) {row.name} "
            f"[{row.category}]{why}")
    shares = ", ".join(f"{name} {value:.2f} ({share:+.2f})" for name, value, share in row.shares)
    return f"{head}\n        {shares}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", default="", help="only pages whose name starts with this")
    parser.add_argument("--all", action="store_true",
                        help="also list pages that name no category")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"explain_seller_pages: {args.folder} is not a folder", file=sys.stderr)
        return 2
    try:
        threshold = sold.model().threshold
    except sold.ModelError as exc:
        print(f"explain_seller_pages: {exc}", file=sys.stderr)
        return 2
    pages = [p for p in sorted(args.folder.iterdir())
             if p.suffix in _PAGES and p.name.startswith(args.only)]
    passed = judged = 0
    for path in pages:
        try:
            row = explain(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            print(f"  skip {path.name}: {exc}", file=sys.stderr)
            continue
        if row.category:
            judged += 1
            passed += row.passes
        if row.category or args.all:
            print(render(row, threshold))
    print(f"{passed} of {judged} pages that name a category pass ({len(pages)} pages read)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
