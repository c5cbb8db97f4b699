"""How well authors, reviewers and dates are read from byline lines, on a labelled dev set.

    python scripts/eval_bylines.py [--holdout] [--errors]

The dev set (tests/devset/bylines/) holds short pages in text, Markdown and HTML, written
for it, each labelled with the author a reader sees (and whether it is a team or an
organisation rather than a person), the medical reviewer, and the page's date and its
kind. Each field is scored separately: right when the linter reads the same value (names
compared without credentials and case), or reads none where none is labelled.
``--holdout`` scores heldout.yaml, never used for tuning. ``--pages DIR`` scores real pages
kept outside the repository: DIR holds the pages and a ``labels.yaml`` mapping each file
name to a table with ``author`` and ``date`` (true when the page names one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEVSET = ROOT / "tests" / "devset" / "bylines"
FIELDS = ("author", "organisation", "reviewer", "date", "date kind")
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html"}


def _context():
    from checks.contract.model import CheckContext
    from checks.rules.provenance import CHECKS
    from checks.settings.config import Settings

    return CheckContext(CHECKS[0], {}, Settings(), {}, {})


def read_entry(entry: dict) -> dict[str, object]:
    """What the linter reads from one page: author, organisation flag, reviewer, date."""
    from checks.rules.provenance import people, stated_dates
    from claims.read import read_text

    fmt = entry["format"]
    article = read_text(entry["page"], path=f"page.{EXTENSIONS[fmt]}", format=fmt)
    ctx = _context()
    found = people(article, ctx)
    author = next((p for p in found if p.role == "author"), None)
    reviewer = next((p for p in found if p.role == "reviewer"), None)
    dates = [m for m in stated_dates(article, ctx).mentions if m.reading.date is not None]
    first = dates[0] if dates else None
    return {
        "author": _name(author.name) if author else None,
        "organisation": bool(author and not author.person),
        "reviewer": _name(reviewer.name) if reviewer else None,
        "date": first.reading.date if first else None,
        "date kind": first.kind if first else None,
    }


def expected(entry: dict) -> dict[str, object]:
    day = entry.get("date")
    return {
        "author": _name(entry["author"]) if entry.get("author") else None,
        "organisation": bool(entry.get("org")),
        "reviewer": _name(entry["reviewer"]) if entry.get("reviewer") else None,
        "date": day if isinstance(day, dt.date) or day is None else dt.date.fromisoformat(day),
        "date kind": entry.get("kind"),
    }


def _name(name: str) -> str:
    words = [w for w in name.replace(".", " ").split() if w.lower() not in ("dr", "prof", "the")]
    return " ".join(words).lower()


def score(path: Path) -> tuple[Counter, int, list[str]]:
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    right: Counter = Counter()
    wrong: list[str] = []
    for entry in entries:
        got, want = read_entry(entry), expected(entry)
        for name in FIELDS:
            if got[name] == want[name]:
                right[name] += 1
            else:
                first = entry["page"].strip().splitlines()[0][:60]
                wrong.append(f"- {name}: read {got[name]!r}, labelled {want[name]!r} "
                             f"({entry['format']}: {first})")
    return right, len(entries), wrong


def score_pages(folder: Path) -> int:
    """Author present / date present on real pages, against the folder's labels."""
    import yaml

    from checks.rules.provenance import people, stated_dates
    from claims.read import read

    labels_file = folder / "labels.yaml"
    if not labels_file.is_file():
        print(f"error: {labels_file}: no labels", file=sys.stderr)
        return 2
    labels = yaml.safe_load(labels_file.read_text(encoding="utf-8")) or {}
    right: Counter = Counter()
    for name, label in sorted(labels.items()):
        article = read(str(folder / name))
        ctx = _context()
        got = {"author": any(p.role == "author" for p in people(article, ctx)),
               "date": bool(stated_dates(article, ctx).mentions)}
        for key in ("author", "date"):
            right[key] += got[key] == bool(label.get(key))
            if got[key] != bool(label.get(key)):
                print(f"- {name}: {key} {'found' if got[key] else 'not found'} "
                      f"(labelled {label.get(key)})")
    for key in ("author", "date"):
        print(f"real pages: {key} present right {right[key]}/{len(labels)} "
              f"= {right[key] / max(1, len(labels)):.3f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--holdout", action="store_true", help="score the held-out part")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--pages", type=Path, help="a folder of real pages and labels.yaml")
    args = parser.parse_args(argv)
    if args.pages is not None:
        return score_pages(args.pages)
    path = DEVSET / ("heldout.yaml" if args.holdout else "tuning.yaml")
    right, total, wrong = score(path)
    print(f"{path.name}: {total} pages\n\n| field | right | accuracy |\n| --- | ---: | ---: |")
    for name in FIELDS:
        print(f"| {name} | {right[name]}/{total} | {right[name] / total:.3f} |")
    if args.errors and wrong:
        print("\n" + "\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
