"""What the promotion checks cost over reading the article, on the promotion dev pages.

    python bench/bench_promotion.py [--runs N] [FOLDER ...]

The floor is reading every page (``claims.read.read``: parsing, sentences, claims); it
is timed in the same run, interleaved with linting the same pages with the HL3xx checks
of a default run and with the preview checks too (HL307, HL308), so a busy machine
slows all three alike. Prints medians and their ratios to the floor.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FOLDERS = (ROOT / "tests" / "devset" / "promotion", ROOT / "tests" / "devset" / "promotion-holdout")


def _pages(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders for p in folder.iterdir()
                  if p.suffix in (".md", ".txt", ".html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("folders", nargs="*", type=Path, default=list(FOLDERS))
    args = parser.parse_args(argv)
    from checks.contract.registry import load
    from checks.engine.article import lint_article, plan_for
    from checks.settings.config import Settings
    from claims.read import read

    pages = [str(p) for p in _pages(args.folders)]
    plans = {}
    for name, preview in (("HL3 default", False), ("HL3 + preview", True)):
        settings = Settings(select=["HL3"], preview=preview)
        plans[name] = plan_for(settings, load(settings))

    def floor() -> None:
        for page in pages:
            read(page)

    def linted(plan) -> None:
        for page in pages:
            lint_article(read(page), plan)

    jobs = {"read (floor)": floor, **{name: (lambda p=plan: linted(p))
                                      for name, plan in plans.items()}}
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for job in jobs.values():
        job()  # warm-up: imports, compiled patterns, the learned weights
    for _ in range(args.runs):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["read (floor)"])
    print(f"{len(pages)} pages, {args.runs} runs, medians")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<16} {median * 1000:8.1f} ms  {median / base:5.2f}x the floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
