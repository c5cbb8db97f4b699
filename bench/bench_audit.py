"""Audit at publisher scale: the local process pool against a Dask cluster, and the report.

Over a generated corpus (``corpus.py``, 10,000 articles by default) this times, as fresh
processes the way a publisher runs them:

- ``healthlint audit DIR`` on the local process pool (every core);
- ``healthlint audit DIR --scheduler tcp://...`` against a real Dask scheduler with two
  single-threaded workers started on this machine (reading the same files), after one
  warm-up task per worker so both engines start with spaCy loaded;
- headless Chromium rendering the first page of the report (``--dump-dom``), and a
  screenshot of its first screen (``--screenshot FILE``).

Both audits must produce the same findings (report.json); the script says so. Runs of
the two engines are interleaved (``--runs``) and medians are reported with their ratio.

Usage::

    .venv/bin/python bench/bench_audit.py --articles 10000 --keep /tmp/hl-audit-corpus
    .venv/bin/python bench/bench_audit.py --articles 1000 --runs 3 --screenshot shot.png
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import corpus
from bench_lint import healthlint_command, run

from tests.dask_cluster import local_cluster

CHROMIUM = "/usr/bin/chromium"


def _warm() -> None:
    from checks.cli.audit_worker import Linter, WorkerSpec

    Linter(WorkerSpec(None, {}, None, 0)).warm_up()


def _chromium(profile: str, *options: str) -> None:
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={profile}", *options],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   timeout=600)


def render_seconds(page: str, profile: str) -> float:
    started = time.monotonic()
    _chromium(profile, "--dump-dom", f"file://{page}")
    return time.monotonic() - started


def screenshot(page: str, profile: str, path: str) -> None:
    _chromium(profile, "--hide-scrollbars", "--window-size=1280,1000",
              f"--screenshot={os.path.abspath(path)}", f"file://{page}")


def _count(directory: str) -> int:
    return sum(len(names) for _, _, names in os.walk(directory))


def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0, help="local pool size (0: every core)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers")
    parser.add_argument("--keep", metavar="DIR", help="keep (and reuse) the corpus here")
    parser.add_argument("--screenshot", metavar="PNG")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="hl-bench-audit-")
    root = args.keep or os.path.join(work, "corpus")
    site = os.path.join(root, "site")
    if _count(site) != args.articles:
        shutil.rmtree(site, ignore_errors=True)
        corpus.generate(site, args.articles)
    for directory, _, names in os.walk(site):  # warm the page cache
        for name in names:
            with open(os.path.join(directory, name), "rb") as handle:
                handle.read()
    hl = healthlint_command()
    common = ["audit", "site", "--quiet", "--today", "2025-06-01"]
    local_cmd = [*hl, *common, "--report-dir", os.path.join(work, "local")]
    if args.jobs:
        local_cmd += ["--jobs", str(args.jobs)]
    local, dask = [], []
    # spaCy and healthlint loaded on each worker before timing
    with local_cluster(args.workers, name="bench-", timeout=120,
                       worker_args=("--memory-limit", "0"),
                       ready=lambda client: client.run(_warm)) as address:
        dask_cmd = [*hl, *common, "--scheduler", address, "--report-dir",
                    os.path.join(work, "dask")]
        for _ in range(args.runs):
            local.append(run(local_cmd, cwd=root).seconds)
            dask.append(run(dask_cmd, cwd=root).seconds)
    one, two = (_load(os.path.join(work, engine, "report.json")) for engine in ("local", "dask"))
    same = one["findings"] == two["findings"] and one["summary"] == two["summary"]
    page = os.path.join(work, "local", "report.html")
    figures = {
        "articles": args.articles, "runs": args.runs, "cores": os.cpu_count(),
        "findings": one["summary"]["findings"],
        "local_wall_s": round(statistics.median(local), 1),
        "local_articles_per_s": round(args.articles / statistics.median(local), 1),
        "dask_workers": args.workers,
        "dask_wall_s": round(statistics.median(dask), 1),
        "dask_articles_per_s": round(args.articles / statistics.median(dask), 1),
        "dask_over_local": round(statistics.median(dask) / statistics.median(local), 2),
        "same_findings": same,
        "report_html_bytes": os.path.getsize(page),
        "detail_pages": len(os.listdir(os.path.join(work, "local", "files"))),
    }
    if os.path.exists(CHROMIUM):
        profile = os.path.join(work, "chromium")
        figures["chromium_render_s"] = round(statistics.median(
            render_seconds(page, profile) for _ in range(3)), 2)
        detail = os.path.join(work, "local", "files", "page-001.html")
        figures["chromium_detail_page_render_s"] = round(statistics.median(
            render_seconds(detail, profile) for _ in range(3)), 2)
        if args.screenshot:
            screenshot(page, profile, args.screenshot)
    print(json.dumps(figures, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"reports kept in {work}", file=sys.stderr)


if __name__ == "__main__":
    main()
