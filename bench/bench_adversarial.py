"""Crafted input against ordinary articles of the same size, timed in the same run.

Each adversarial kind from issue 19 (a run of ``>``, a run of ``%``, a URL of ``a=b&``
pairs without a space, ``[1]`` markers by the ten thousand) is read and linted in this
process beside an ordinary Markdown article of the same size built from the benchmark
corpus, runs interleaved, medians reported with the ratio to the ordinary article. A
second size shows how each kind scales: about 4x for 4x the bytes is linear, 16x was
the quadratic behaviour this guards against. Usage::

    .venv/bin/python bench/bench_adversarial.py [--size 1048576] [--runs 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import corpus

from checks.engine.article import lint_article
from checks.engine.runner import Planner
from checks.settings.config import ConfigResolver
from claims.read import read_text

KINDS: dict[str, tuple[str, Callable[[int], str]]] = {
    "gt-run": ("text", lambda n: "Note " + ">" * n + "\n"),
    "percent-run": ("markdown", lambda n: "%" * n + "\n"),
    "long-url": ("text", lambda n: "See https://example.org/?" + "a=b&" * (n // 4) + " x.\n"),
    "markers": ("markdown", lambda n: "Sleep helps. " + "[1] " * (n // 4) + "\n"),
}


def ordinary(size: int) -> str:
    """Ordinary Markdown articles from the benchmark corpus, joined up to ``size`` chars."""
    rng = random.Random(19)
    parts: list[str] = []
    total = 0
    while total < size:
        body = corpus.markdown(rng).split("---\n", 2)[-1]
        parts.append(body)
        total += len(body)
    return "".join(parts)[:size]


def lint_seconds(text: str, format: str, planner: Planner) -> float:
    path = os.path.join(os.getcwd(), f"bench.{'md' if format == 'markdown' else 'txt'}")
    plan = planner.plan(path)
    started = time.perf_counter()
    article = read_text(text, path=path, format=format)
    lint_article(article, plan, path)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1024 * 1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    planner = Planner(ConfigResolver(None, {"today": "2026-06-01"}))
    lint_seconds("# Warm\n\nSpaCy loads here.\n", "markdown", planner)
    sizes = (args.size // 4, args.size)
    figures: dict[str, dict[str, float]] = {}
    for size in sizes:
        baseline_text = ordinary(size)
        samples: dict[str, list[float]] = {"ordinary": [], **{k: [] for k in KINDS}}
        for _ in range(args.runs):  # interleaved, so machine noise hits every kind alike
            samples["ordinary"].append(lint_seconds(baseline_text, "markdown", planner))
            for kind, (format, make) in KINDS.items():
                samples[kind].append(lint_seconds(make(size), format, planner))
        base = statistics.median(samples["ordinary"])
        for kind, values in samples.items():
            median = statistics.median(values)
            figures.setdefault(kind, {})[f"median_s@{size}"] = round(median, 3)
            figures[kind][f"ratio_to_ordinary@{size}"] = round(median / base, 2)
    print(f"{'input':<12} " + "  ".join(f"{'median s @' + str(s):>16} {'x ordinary':>10}"
                                       for s in sizes) + f"  {'growth':>7}")
    for kind, row in figures.items():
        cells = "  ".join(f"{row[f'median_s@{s}']:>16.3f} {row[f'ratio_to_ordinary@{s}']:>10.2f}"
                          for s in sizes)
        growth = row[f"median_s@{sizes[1]}"] / max(row[f"median_s@{sizes[0]}"], 1e-9)
        row["growth_for_4x_bytes"] = round(growth, 2)
        print(f"{kind:<12} {cells}  {growth:>6.1f}x")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"sizes": sizes, "runs": args.runs, "figures": figures}, out, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
