"""Resolution benchmark: 1,000 distinct identifiers cited across 300 generated articles.

Everything runs against the loopback emulator with a fixed latency added to every
request (50 ms by default) and Crossref advertising its published polite-pool
limits (10 requests/s, 3 concurrent). The script reports:

- wall time of the whole-run pre-pass, against the lower bound the per-host
  limits allow (for each host: max(requests / rate, requests * latency / slots));
- requests made per service, against the requests needed (one per distinct
  identifier and endpoint: Crossref or DataCite per DOI, doi.org /ra/ per prefix,
  the handle API only for DOIs no agency has, one batched esummary per 200
  PubMed or PMC ids, one HEAD per web page);
- the same run with batched registry queries (doi.org ``/ra/`` for many prefixes,
  Crossref ``/works?filter=doi:...``, DataCite ``/dois?ids=...``; NCBI esummary is
  batched either way): its requests and wall time against the one-per-identifier
  run timed first, in the same process;
- a second run over the same corpus with the same cache: its request count.

Usage: ``python bench/bench_resolve.py [--latency 0.05] [--batch-size 100] [--json]``
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.resolve import prefetch  # noqa: E402
from checks.settings.config import Settings  # noqa: E402
from claims.read import read_text  # noqa: E402
from tests.emulator import Emulator  # noqa: E402
from tests.emulator import fixtures as fx  # noqa: E402

CROSSREF_PREFIXES = [f"10.60{i:02d}" for i in range(1, 6)]
N_CROSSREF, N_DATACITE, N_MISSING = 500, 100, 50
N_PMID, N_PMC, N_URL, N_HOSTS = 200, 50, 100, 20
N_ARTICLES = 300


def build_corpus(em: Emulator, rng: random.Random) -> tuple[list[str], dict[str, int]]:
    """Register the identifiers with the emulator; return cited forms and counts."""
    cited: list[str] = []
    for i in range(N_CROSSREF):
        doi = f"{CROSSREF_PREFIXES[i % len(CROSSREF_PREFIXES)]}/bench.{i}"
        em.state.extra_crossref[doi] = fx.crossref_record(
            doi, f"Benchmark study number {i} of leg cramps", [("Author", "A.")], 2015,
            "Journal of Benchmarks")
        form = rng.choice(["https://doi.org/{}", "doi:{}", "http://dx.doi.org/{}"])
        cited.append(form.format(doi.upper() if i % 7 == 0 else doi))
    for i in range(N_DATACITE):
        doi = f"10.7001/bench.{i}"
        em.state.extra_datacite[doi] = {"data": {"id": doi, "type": "dois", "attributes": {
            "doi": doi, "titles": [{"title": f"Benchmark dataset {i}"}],
            "creators": [{"familyName": "Maker", "givenName": "D."}],
            "publicationYear": 2020, "publisher": "Bench Data"}}}
        cited.append(f"https://doi.org/{doi}")
    cited += [f"https://doi.org/{CROSSREF_PREFIXES[0]}/missing.{i}" for i in range(N_MISSING)]
    for i in range(N_PMID):
        uid = str(32000000 + i)
        em.state.extra_pubmed[uid] = fx.pubmed_record(
            uid, f"Benchmark trial {i}.", ["Author A"], "2016", "Bench J", "Bench journal")
        cited.append(f"PMID: {uid}")
    for i in range(N_PMC):
        uid = str(8000000 + i)
        em.state.extra_pmc[uid] = {"uid": uid, "title": f"Benchmark trial {i}",
                                   "pubdate": "2016", "authors": [{"name": "Author A"}],
                                   "articleids": [{"idtype": "pmid", "value": str(32000000 + i)}]}
        cited.append(f"PMCID: PMC{uid}")
    web_port = em.ports["web"]
    cited += [f"http://site-{i % N_HOSTS}.test:{web_port}/page/{i}" for i in range(N_URL)]
    counts = {"crossref": N_CROSSREF, "datacite": N_DATACITE, "missing": N_MISSING,
              "pmid": N_PMID, "pmcid": N_PMC, "url": N_URL}
    return cited, counts


def build_articles(cited: list[str], rng: random.Random) -> list[str]:
    """Every identifier in at least one article; about ten references per article."""
    per_article: list[list[str]] = [[] for _ in range(N_ARTICLES)]
    order = cited[:]
    rng.shuffle(order)
    for i, ident in enumerate(order):
        per_article[i % N_ARTICLES].append(ident)
    for refs in per_article:
        refs.extend(rng.sample(cited, 7))
    texts = []
    for n, refs in enumerate(per_article):
        lines = [f"# Article {n}", "", "Magnesium may reduce cramps [1].", "", "## References", ""]
        lines += [f"{k}. Author A. A cited work. Journal. 2016. {ref}"
                  for k, ref in enumerate(refs, 1)]
        texts.append("\n".join(lines) + "\n")
    return texts


def needed_requests(counts: dict[str, int]) -> dict[str, int]:
    """One request per distinct identifier and endpoint the pipeline needs."""
    return {
        "doi": len(CROSSREF_PREFIXES) + 1 + counts["missing"],  # /ra/ per prefix + handle
        "crossref": counts["crossref"] + counts["missing"],  # missing ones: Crossref 404
        "datacite": counts["datacite"],
        "ncbi": math.ceil(counts["pmcid"] / 200) + math.ceil(counts["pmid"] / 200),
        "web": counts["url"],
    }


def bound_seconds(needed: dict[str, int], latency: float) -> dict[str, float]:
    """The fastest each host's limits allow (rate, slots) with ``latency`` per request."""
    limits = {"doi": (10.0, 5), "crossref": (10.0, 3), "datacite": (3.0, 3),
              "ncbi": (3.0, 3)}
    out = {}
    for service, n in needed.items():
        if service == "web":
            per_host = math.ceil(n / N_HOSTS)
            out[service] = max(per_host / 2.0, per_host * latency / 2)
        else:
            rate, slots = limits[service]
            out[service] = max(n / rate, n * latency / slots)
    return out


def run_once(em: Emulator, texts: list[str], config: dict) -> tuple[float, Counter, dict]:
    articles = [read_text(t, path=f"article-{i}.md", analyse=False) for i, t in enumerate(texts)]
    em.reset()
    settings = Settings(resolve=True, resolver=config)
    started = time.monotonic()
    resolutions = prefetch(articles, settings)
    elapsed = time.monotonic() - started
    stats = resolutions.stats
    verdicts = Counter(r.verdict.value for r in resolutions.values())
    resolutions.close()
    hits = Counter(h.service for h in em.hits())
    return elapsed, hits, {"stats": stats, "verdicts": dict(verdicts)}


def _config(em: Emulator, cache_path: Path, batch: int) -> dict:
    return em.resolver_config(
        cache=True, budget=600, timeout=10, **{
            "cache-path": str(cache_path), "batch-size": batch,
            "connect-timeout": 5, "request-timeout": 20, "retry-after-max": 30,
            "web-rate": 2.0, "web-concurrency": 2, "backoff": 0.5,
            "host-overrides": {f"site-{i}.test": [em.host] for i in range(N_HOSTS)}})


def _first_run(elapsed: float, hits: Counter, extra: dict) -> dict:
    return {"wall_s": round(elapsed, 2), "requests": dict(hits),
            "requests_total": sum(hits.values()), "verdicts": extra["verdicts"],
            "retries": extra["stats"]["retries"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(20260601)
    with Emulator(latency=args.latency) as em, tempfile.TemporaryDirectory() as tmp:
        em.state.crossref_limit, em.state.crossref_concurrency = 10, 3
        cited, counts = build_corpus(em, rng)
        texts = build_articles(cited, rng)
        # today's bound first: one request per identifier (batching off), its own cache
        single_time, single_hits, single = run_once(
            em, texts, _config(em, Path(tmp) / "single.sqlite3", 0))
        config = _config(em, Path(tmp) / "batched.sqlite3", args.batch_size)
        first_time, first_hits, first = run_once(em, texts, config)
        second_time, second_hits, second = run_once(em, texts, config)
    needed = needed_requests(counts)
    bounds = bound_seconds(needed, args.latency)
    report = {
        "distinct_identifiers": len(cited),
        "articles": N_ARTICLES,
        "citations": sum(t.count(". Author A. ") for t in texts),
        "latency_s": args.latency,
        "batch_size": args.batch_size,
        "one_per_identifier": _first_run(single_time, single_hits, single),
        "batched": _first_run(first_time, first_hits, first),
        "needed_one_per_identifier": needed, "needed_total": sum(needed.values()),
        "bound_s": {k: round(v, 2) for k, v in bounds.items()},
        "bound_total_s": round(max(bounds.values()), 2),
        "verdicts_equal": single["verdicts"] == first["verdicts"],
        "second_run": {"wall_s": round(second_time, 3), "requests": sum(second_hits.values()),
                       "cache_hits": second["stats"]["cache_hits"],
                       "verdicts": second["verdicts"]},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['distinct_identifiers']} distinct identifiers, {report['citations']} "
          f"citations in {N_ARTICLES} articles, {args.latency * 1000:.0f} ms per request")
    bound = report["bound_total_s"]
    print(f"one per identifier : {single_time:6.2f} s  {sum(single_hits.values()):5d} requests"
          f"  (per-host bound {bound:.2f} s, ratio {single_time / bound:.2f})")
    print(f"batched ({args.batch_size:4d})     : {first_time:6.2f} s  "
          f"{sum(first_hits.values()):5d} requests  (x{single_time / first_time:.1f} faster, "
          f"{sum(single_hits.values()) / max(1, sum(first_hits.values())):.1f}x fewer requests)")
    print("  service    one-per-id  batched  needed-one-per-id  bound-one-per-id")
    for service in needed:
        print(f"  {service:9s} {single_hits.get(service, 0):10d} {first_hits.get(service, 0):8d}"
              f" {needed[service]:18d} {bounds[service]:14.2f} s")
    print(f"  verdicts  {first['verdicts']}  (equal to one-per-id: "
          f"{report['verdicts_equal']})")
    print(f"second run: {second_time:6.3f} s   requests {sum(second_hits.values())}  "
          f"cache hits {second['stats']['cache_hits']}")


if __name__ == "__main__":
    main()
