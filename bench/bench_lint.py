"""Benchmarks for the budgets in DESIGN.md, each measured beside its floor in the same run.

(a) cold start: ``healthlint check ARTICLE`` as a fresh process, against the floor
    ``python -c "import spacy; spacy.blank('en')"`` (budget: 0.8x, DESIGN.md: 1.15x);
(b) batch: ``healthlint audit`` over a generated corpus of 1,000 articles, against
    reading and tokenizing the same files with bare ``spacy.blank("en")`` on the same
    number of processes (budget: 2x);
(c) memory: peak resident memory of the audit at 250 and at 1,000 articles (flat);
(d) warm: ``healthlint check ARTICLE`` with ``healthlint daemon`` running, against
    proselint's cold ``proselint check ARTICLE`` (budget: 1.0; skipped without proselint);
(e) cache: ``healthlint check`` over 1,000 unchanged files with a warm results cache,
    against the same run with ``--no-cache``;
(f) editor: the language server's round trip for an edit of a 1,500-word article, from
    ``didChange`` to the diagnostics of that version (budget: median 100 ms).

The cold single-article ratio is also held to the 0.8 the warm-path work aimed at.

Every figure is a median over several runs; runs of a command and of its floor are
interleaved so that machine noise hits both alike. Usage::

    .venv/bin/python bench/bench_lint.py            # everything (a few minutes)
    .venv/bin/python bench/bench_lint.py --only cold --runs 9
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import corpus

PARTS = ("cold", "warm", "cache", "lsp", "batch", "rss")
COLD_BUDGET = 0.8  # cold one-file check / the spaCy floor (DESIGN.md's 1.15, tightened)
WARM_BUDGET = 1.0  # warm one-file check (daemon) / proselint's cold one-file check
LSP_BUDGET_MS = 100.0  # median round trip of an edit in the language server
BATCH_BUDGET = 2.0
FLOOR_COLD = "import spacy; spacy.blank('en')"
# Installed tools run with their bytecode cached; a PYTHONDONTWRITEBYTECODE left in a dev
# shell would make every run recompile healthlint's modules (but not spaCy's).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# Cold runs must not reach a daemon someone left running.
COLD_ENV = {**ENV, "HEALTHLINT_NO_DAEMON": "1"}


@dataclass
class Run:
    seconds: float
    peak_tree_rss: int = 0  # bytes: the sum over the process and its children, sampled
    max_process_rss: int = 0  # bytes: the largest single process (getrusage)
    returncode: int = 0
    cpu: float = 0.0  # user + system seconds of the process and its children


def healthlint_command() -> list[str]:
    """The console script installed next to this interpreter, as pre-commit would run it."""
    script = os.path.join(os.path.dirname(sys.executable), "healthlint")
    if os.path.exists(script):
        return [script]
    found = shutil.which("healthlint")
    return [found] if found else [sys.executable, "-m", "checks.cli"]


def _children_of(root: int) -> list[int]:
    """The pids of ``root`` and every descendant (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        parents[int(entry)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid]
        tree.extend(kids)
        frontier.extend(kids)
    return tree


def _tree_rss(root: int) -> int:
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in _children_of(root):
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


def run(cmd: Sequence[str], *, sample_rss: bool = False, cwd: str | None = None,
        env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion; wall time, and memory when asked (sampling costs CPU)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd,
                            env=env or ENV)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.02)

    sampler = None
    if sample_rss and os.path.isdir("/proc"):
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    if sampler is not None:
        sampler.join()
    maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed with exit code {proc.returncode}:\n"
                 f"{stderr.decode('utf-8', 'replace')}")
    return Run(seconds, peak, maxrss, proc.returncode, usage.ru_utime + usage.ru_stime)


# -- the batch floor: read and tokenize every file with bare spacy.blank("en") --------------

_NLP = None


def _floor_init() -> None:
    global _NLP
    import spacy

    _NLP = spacy.blank("en")


def _floor_chunk(paths: Sequence[str]) -> int:
    assert _NLP is not None
    texts = []
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as handle:
            texts.append(handle.read())
    return sum(len(doc) for doc in _NLP.tokenizer.pipe(texts))


def floor_tokenize(directory: str, jobs: int) -> dict[str, int]:
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(directory) for f in names)
    if jobs <= 1:
        _floor_init()
        tokens = _floor_chunk(files)
    else:
        size = max(1, min(16, len(files) // (jobs * 16)))
        chunks = [files[i:i + size] for i in range(0, len(files), size)]
        ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        with ctx.Pool(jobs, initializer=_floor_init) as pool:
            tokens = sum(pool.imap_unordered(_floor_chunk, chunks))
    return {"files": len(files), "tokens": tokens}


# -- reporting ----------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB"


def verdict(ratio: float, budget: float) -> str:
    return "within budget" if ratio <= budget else "OVER BUDGET"


def bench_cold(article: str, runs: int, results: dict) -> None:
    hl = healthlint_command()
    floor_cmd = [sys.executable, "-c", FLOOR_COLD]
    check_cmd = [*hl, "check", "--no-cache", article]  # linted, never answered by a cache
    run(floor_cmd, env=COLD_ENV)  # warm the page cache and the bytecode cache for both
    run(check_cmd, env=COLD_ENV)
    floor: list[Run] = []
    check: list[Run] = []
    for _ in range(runs):
        floor.append(run(floor_cmd, env=COLD_ENV))
        check.append(run(check_cmd, env=COLD_ENV))
    fw, cw = [r.seconds for r in floor], [r.seconds for r in check]
    fc, cc = [r.cpu for r in floor], [r.cpu for r in check]
    ratio = median(cw) / median(fw)
    cpu_ratio = median(cc) / median(fc)
    results["cold"] = {"runs": runs, "check_median": median(cw), "check_min": min(cw),
                       "floor_median": median(fw), "floor_min": min(fw), "ratio": ratio,
                       "check_cpu_median": median(cc), "floor_cpu_median": median(fc),
                       "cpu_ratio": cpu_ratio, "budget": COLD_BUDGET}
    print(f"(a) cold single article ({runs} runs each, interleaved)")
    print(f"    healthlint check ARTICLE           median {median(cw):.3f} s   "
          f"min {min(cw):.3f} s   CPU median {median(cc):.3f} s")
    print(f"    floor: import spacy; blank('en')   median {median(fw):.3f} s   "
          f"min {min(fw):.3f} s   CPU median {median(fc):.3f} s")
    print(f"    ratio (medians) {ratio:.2f}x   budget {COLD_BUDGET}x   "
          f"{verdict(ratio, COLD_BUDGET)}")
    print(f"    ratio (minimums) {min(cw) / min(fw):.2f}x   ratio (CPU medians) {cpu_ratio:.2f}x"
          "   (CPU time is steadier on a busy machine)")


def bench_batch(directory: str, jobs: int, runs: int, work: str, results: dict) -> None:
    hl = healthlint_command()
    report_dir = os.path.join(work, "report")
    audit_cmd = [*hl, "audit", directory, "--jobs", str(jobs), "--report-dir", report_dir,
                 "--quiet", "--exit-zero"]
    me = os.path.abspath(__file__)
    floor_cmd = [sys.executable, me, "--floor", directory, "--jobs", str(jobs)]
    floor1_cmd = [sys.executable, me, "--floor", directory, "--jobs", "1"]
    out = subprocess.run(floor_cmd, capture_output=True, text=True, check=True, env=ENV).stdout
    floor_counts = json.loads(out)
    tokens, count = floor_counts["tokens"], floor_counts["files"]
    words = 0
    for d, _, names in os.walk(directory):
        for name in names:
            with open(os.path.join(d, name), encoding="utf-8") as handle:
                words += len(handle.read().split())
    run(audit_cmd)  # warm-up: page cache
    audit, floor, floor1 = [], [], []
    for _ in range(runs):
        floor.append(run(floor_cmd).seconds)
        audit.append(run(audit_cmd).seconds)
        floor1.append(run(floor1_cmd).seconds)
    with open(os.path.join(report_dir, "report.json"), encoding="utf-8") as handle:
        summary = json.load(handle).get("summary", {})
    ratio = median(audit) / median(floor)
    results["batch"] = {"articles": count, "jobs": jobs, "runs": runs, "words": words,
                        "tokens": tokens, "audit_median": median(audit),
                        "floor_median": median(floor), "floor_1_process_median": median(floor1),
                        "ratio": ratio, "budget": BATCH_BUDGET,
                        "findings": summary.get("findings")}
    print(f"(b) batch: {count} articles in {directory}, {words:,} words, {tokens:,} tokens, "
          f"{jobs} processes ({runs} runs each, interleaved)")
    print(f"    healthlint audit                   median {median(audit):.2f} s   "
          f"{count / median(audit):.0f} articles/s   {words / median(audit):,.0f} words/s   "
          f"({summary.get('findings', '?')} findings)")
    print(f"    floor: read + blank('en') tokenize median {median(floor):.2f} s   "
          f"{count / median(floor):.0f} articles/s   ({jobs} processes)")
    print(f"           the same on 1 process       median {median(floor1):.2f} s")
    print(f"    ratio (medians) {ratio:.2f}x   budget {BATCH_BUDGET}x   "
          f"{verdict(ratio, BATCH_BUDGET)}")


def bench_rss(dirs: dict[int, str], jobs: int, runs: int, work: str, results: dict) -> None:
    hl = healthlint_command()
    rows = {}
    for count, directory in sorted(dirs.items()):
        tree, single = [], []
        for _ in range(runs):
            r = run([*hl, "audit", directory, "--jobs", str(jobs), "--report-dir",
                     os.path.join(work, f"report-{count}"), "--quiet", "--exit-zero"],
                    sample_rss=True)
            tree.append(r.peak_tree_rss)
            single.append(r.max_process_rss)
        rows[count] = (median(tree), median(single))
    small, large = min(rows), max(rows)
    growth = rows[large][0] / rows[small][0] if rows[small][0] else float("nan")
    growth_single = rows[large][1] / rows[small][1]
    results["rss"] = {str(n): {"peak_tree_bytes": t, "max_process_bytes": s}
                      for n, (t, s) in rows.items()}
    results["rss"]["growth"] = growth
    print(f"(c) memory of healthlint audit, {jobs} processes ({runs} runs each, medians)")
    for count, (tree, single) in sorted(rows.items()):
        print(f"    {count:>5} articles   peak RSS, all processes {mib(tree):>9}   "
              f"largest process {mib(single):>9}")
    print(f"    growth {small} -> {large} articles: all processes {growth:.2f}x, "
          f"largest process {growth_single:.2f}x (flat is ~1.0x)")


# -- (d) warm: the daemon against proselint ---------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat", "rb") as handle:
        stat = handle.read()
    fields = stat[stat.rfind(b")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_warm(article: str, runs: int, work: str, results: dict) -> None:
    hl = healthlint_command()
    runtime = os.path.join(work, "runtime")
    os.makedirs(runtime, exist_ok=True)
    env = {k: v for k, v in ENV.items() if k not in ("XDG_RUNTIME_DIR", "HEALTHLINT_NO_DAEMON")}
    env["TMPDIR"] = runtime  # a private daemon: never one a developer left running
    proselint = os.path.join(os.path.dirname(sys.executable), "proselint")
    proselint = proselint if os.path.exists(proselint) else shutil.which("proselint")
    started = subprocess.run([*hl, "daemon", "start"], capture_output=True, text=True, env=env)
    if started.returncode != 0:
        sys.exit(f"healthlint daemon start failed:\n{started.stderr}")
    pid = int(started.stdout.split("pid ")[1].split(",")[0])
    check_cmd = [*hl, "check", "--no-cache", article]
    prose_cmd = [proselint, "check", article] if proselint else None
    try:
        run(check_cmd, env=env)
        if prose_cmd:
            run(prose_cmd)
        warm, warm_cpu, prose, prose_cpu = [], [], [], []
        for _ in range(runs):
            before = _cpu_seconds(pid) if os.path.isdir("/proc") else 0.0
            r = run(check_cmd, env=env)
            daemon_cpu = (_cpu_seconds(pid) - before) if os.path.isdir("/proc") else 0.0
            warm.append(r.seconds)
            warm_cpu.append(r.cpu + daemon_cpu)  # the client's CPU and the daemon's
            if prose_cmd:
                p = run(prose_cmd)
                prose.append(p.seconds)
                prose_cpu.append(p.cpu)
    finally:
        subprocess.run([*hl, "daemon", "stop"], capture_output=True, env=env)
    out = {"runs": runs, "warm_median": median(warm), "warm_cpu_median": median(warm_cpu),
           "budget": WARM_BUDGET}
    print(f"(d) warm single article: healthlint daemon running ({runs} runs each, interleaved)")
    print(f"    healthlint check ARTICLE (daemon)  median {median(warm):.3f} s   "
          f"CPU median {median(warm_cpu):.3f} s (client + daemon)")
    if prose_cmd:
        ratio = median(warm) / median(prose)
        cpu_ratio = median(warm_cpu) / median(prose_cpu)
        out |= {"proselint_median": median(prose), "proselint_cpu_median": median(prose_cpu),
                "ratio": ratio, "cpu_ratio": cpu_ratio}
        print(f"    proselint check ARTICLE (cold)     median {median(prose):.3f} s   "
              f"CPU median {median(prose_cpu):.3f} s")
        print(f"    ratio (medians) {ratio:.2f}x   budget {WARM_BUDGET}x   "
              f"{verdict(ratio, WARM_BUDGET)}   ratio (CPU medians) {cpu_ratio:.2f}x")
    else:
        print("    proselint is not installed: ratio skipped (pip install proselint)")
    results["warm"] = out


# -- (e) the results cache ---------------------------------------------------------------------


def bench_cache(directory: str, count: int, runs: int, work: str, results: dict) -> None:
    hl = healthlint_command()
    env = {**COLD_ENV, "HEALTHLINT_CACHE_DIR": os.path.join(work, "results-cache")}
    base = [*hl, "check", directory, "--exit-zero", "--quiet"]
    run(base, env=env)  # fills the cache (and the page cache)
    cached, uncached = [], []
    for _ in range(runs):
        cached.append(run(base, env=env).seconds)
        uncached.append(run([*base, "--no-cache"], env=env).seconds)
    ratio = median(cached) / median(uncached)
    results["cache"] = {"articles": count, "runs": runs, "cached_median": median(cached),
                        "uncached_median": median(uncached), "ratio": ratio}
    print(f"(e) healthlint check over {count} unchanged articles ({runs} runs each, interleaved)")
    print(f"    warm results cache                 median {median(cached):.2f} s")
    print(f"    --no-cache (linted, on every core) median {median(uncached):.2f} s")
    print(f"    ratio (medians) {ratio:.3f}x")


# -- (f) the language server ------------------------------------------------------------------


def article_near(directory: str, words: int) -> str:
    """The generated Markdown article whose length is closest to ``words``."""
    best, best_gap = "", None
    for d, _, names in os.walk(directory):
        for name in names:
            if not name.endswith(".md"):
                continue
            path = os.path.join(d, name)
            with open(path, encoding="utf-8") as handle:
                gap = abs(len(handle.read().split()) - words)
            if best_gap is None or gap < best_gap:
                best, best_gap = path, gap
    return best


def bench_lsp(article: str, edits: int, work: str, results: dict) -> None:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "tests"))
    from pathlib import Path

    from lsp_client import LspClient

    with open(article, encoding="utf-8") as handle:
        text = handle.read()
    lines = text.splitlines()
    line = max(range(len(lines)), key=lambda i: len(lines[i]) if not lines[i].startswith(
        ("#", "-", "[", "<")) else 0)  # a long prose line in the middle of the article
    client = LspClient(work)
    try:
        client.initialize(work)
        uri = client.open(Path(article), text)
        client.diagnostics(uri, timeout=120)
        times, cpu = [], []
        has_proc = os.path.isdir("/proc")
        for version in range(2, edits + 2):
            change = {"range": {"start": {"line": line, "character": 0},
                                "end": {"line": line, "character": 0}},
                      "text": "Very " if version % 2 == 0 else ""}
            if version % 2:  # take the word out again: every edit changes the text
                change["range"]["end"]["character"] = 5
            before = _cpu_seconds(client.proc.pid) if has_proc else 0.0
            started = time.perf_counter()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            client.diagnostics(uri, version=version, timeout=120)
            times.append((time.perf_counter() - started) * 1000)
            if has_proc:  # the server's own CPU for the edit: steady when others load the CPU
                cpu.append((_cpu_seconds(client.proc.pid) - before) * 1000)
    finally:
        client.close()
    words = len(text.split())
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    results["lsp"] = {"words": words, "edits": edits, "median_ms": median(times),
                      "p90_ms": p90, "server_cpu_median_ms": median(cpu) if cpu else None,
                      "budget_ms": LSP_BUDGET_MS}
    print(f"(f) language server: {edits} edits of a {words:,}-word article, didChange to "
          "published diagnostics (debounce rules included)")
    print(f"    median {median(times):.0f} ms   90th percentile {p90:.0f} ms   "
          f"budget {LSP_BUDGET_MS:.0f} ms   {verdict(median(times), LSP_BUDGET_MS)}")
    if cpu:
        print(f"    the server's CPU per edit: median {median(cpu):.0f} ms "
              "(clock ticks: 10 ms resolution)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=PARTS, action="append",
                        help="run only these parts (repeatable)")
    parser.add_argument("--runs", type=int, default=7, help="cold-start runs (default 7)")
    parser.add_argument("--batch-runs", type=int, default=3, help="batch runs (default 3)")
    parser.add_argument("--rss-runs", type=int, default=2, help="memory runs (default 2)")
    parser.add_argument("--warm-runs", type=int, default=9, help="daemon runs (default 9)")
    parser.add_argument("--cache-runs", type=int, default=2,
                        help="results-cache runs (default 2)")
    parser.add_argument("--edits", type=int, default=30,
                        help="language-server edits (default 30)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--small", type=int, default=250, help="the smaller corpus for RSS")
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: every core)")
    parser.add_argument("--article", help="the article for the cold run (default: generated)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--batch-corpus", metavar="DIR",
                        help="time the batch on this folder of articles (a real archive, "
                             "say) instead of the generated corpus")
    parser.add_argument("--floor", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    jobs = args.jobs or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                         else os.cpu_count() or 1)
    if args.floor:
        print(json.dumps(floor_tokenize(args.floor, jobs)))
        return 0
    parts = set(args.only or PARTS)
    work = args.keep or tempfile.mkdtemp(prefix="healthlint-bench-")
    results: dict = {"python": sys.version.split()[0], "cpus": jobs}
    try:
        print(f"healthlint benchmarks · Python {results['python']} · {jobs} processes · "
              f"{' '.join(healthlint_command())}")
        big = os.path.join(work, f"corpus-{args.articles}")
        small = os.path.join(work, f"corpus-{args.small}")
        needs_corpus = (parts & {"rss", "cache", "lsp"}
                        or (parts & {"cold", "warm"} and not args.article)
                        or ("batch" in parts and not args.batch_corpus))
        if needs_corpus and not os.path.isdir(big):
            corpus.generate(big, args.articles)
        if "cold" in parts:
            article = args.article or os.path.join(big, "section-0", "article-00000.md")
            if not os.path.exists(article):
                article = sorted(os.path.join(d, f) for d, _, n in os.walk(big) for f in n
                                 if f.endswith(".md"))[0]
            bench_cold(article, args.runs, results)
        if "warm" in parts:
            article = args.article or os.path.join(big, "section-0", "article-00000.md")
            if not os.path.exists(article):
                article = article_near(big, 1000)
            bench_warm(article, args.warm_runs, work, results)
        if "cache" in parts:
            bench_cache(big, args.articles, args.cache_runs, work, results)
        if "lsp" in parts:
            bench_lsp(article_near(big, 1500), args.edits, work, results)
        if "batch" in parts:
            bench_batch(args.batch_corpus or big, jobs, args.batch_runs, work, results)
        if "rss" in parts:
            if not os.path.isdir(small):
                corpus.generate(small, args.small)
            bench_rss({args.small: small, args.articles: big}, jobs, args.rss_runs, work,
                      results)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump(results, handle, indent=2)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
