"""What finding the page's statements costs: disclaimer clauses by meaning, bylines and DOIs.

    python bench/bench_statements.py [--articles 150] [--repeats 5]

Reads the benchmark corpus (``corpus.py``: Markdown, HTML and scraped text with
disclaimers, bylines and reference lists) once, then times, per pass over every
article:

- **floor**: reading the articles (``read_text``, analysis included), the work every
  check run does anyway;
- **statements**: finding the medical disclaimer, DSHEA and disclosure passages, the
  bylines with their dates, and every cited identifier with its validation.

Medians over the repeats, and the ratio of statements to floor (both timed in the
same run, so a busy machine shows in both).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    import corpus

    from checks.detectors.bylines import find_bylines
    from checks.detectors.disclaimers import find_passages, load_statements
    from checks.resolve.collect import cited_identifiers
    from claims.read import format_for, read_text

    with tempfile.TemporaryDirectory() as tmp:
        paths = corpus.generate(tmp, args.articles)
        sources = [(Path(p).read_text(encoding="utf-8"), p, format_for(p)) for p in paths]
    statements = list(load_statements().values())

    def floor() -> list:
        return [read_text(text, path=path, format=fmt) for text, path, fmt in sources]

    articles = floor()

    def find_statements() -> None:
        for article in articles:
            for statement in statements:
                find_passages(article, statement, ("emergency",))
            find_bylines(article)
            cited_identifiers(article)

    floors, found = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        find_statements()
        found.append(time.perf_counter() - start)
    base, cost = statistics.median(floors), statistics.median(found)
    n = len(articles)
    print(f"{n} articles, {args.repeats} repeats (medians)")
    print(f"floor (read + analyse): {base / n * 1000:.2f} ms/article")
    print(f"statements (disclaimer, DSHEA, disclosure, bylines, identifiers): "
          f"{cost / n * 1000:.2f} ms/article = {cost / base:.3f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
