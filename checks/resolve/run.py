"""The whole-run pre-pass: deduplicate every identifier, then resolve them concurrently.

Work is split into lanes so one slow authority never starves another: DOIs and
bibliographic queries (doi.org, Crossref, DataCite), NCBI (batched esummary,
its own thread), and web pages. Per-host limits in the HTTP layer pace each
host; the run's time budget bounds everything, and whatever it cuts off ends as
"unverifiable". Checks read the results through :class:`Resolutions`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any
from urllib.parse import urlsplit

from checks import __version__
from checks.net.cache import ResultCache, default_cache_path
from checks.resolve.collect import (
    Cited,
    Wanted,
    cited_identifiers,
    references_without_identifiers,
    wanted_by,
)
from checks.resolve.frozen import AnswerReader, FrozenResolutions
from checks.resolve.match import clearly_best
from checks.resolve.model import Resolution, Suggestion, Verdict, target_key
from checks.resolve.resolver import Resolver, Unavailable
from checks.resolve.settings import ResolverSettings
from claims.model import Article, Reference


class Resolutions(AnswerReader):
    """Resolved identifiers and DOI suggestions for a run; fills itself on demand."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.settings = resolver.settings
        self.by_key: dict[tuple[str, str], Resolution] = {}
        self.suggestions: dict[str, Suggestion | None] = {}
        self._lock = threading.Lock()
        self.errors: list[str] = []

    # -- reading (get, suggestion_for, len: AnswerReader)

    def values(self) -> list[Resolution]:
        with self._lock:
            return list(self.by_key.values())

    @property
    def stats(self) -> dict[str, Any]:
        client = self.resolver.client
        cache = self.resolver.cache
        return {
            "identifiers": len(self.by_key),
            "suggestions": len(self.suggestions),
            "requests": client.stats.total if client else 0,
            "requests_by_host": dict(client.stats.sent) if client else {},
            "blocked": dict(client.stats.blocked) if client else {},
            "retries": client.stats.retries if client else 0,
            "cache_hits": cache.hits,
            "cache_misses": cache.misses,
            "cache_problem": cache.problem,
        }

    # -- filling

    def ensure_articles(self, articles: Iterable[Article]) -> None:
        cited: list[Cited] = []
        refs: list[Reference] = []
        for article in articles:
            found = cited_identifiers(article)
            cited.extend(found)
            refs.extend(references_without_identifiers(article, found))
        self.ensure(cited, refs)

    def ensure(self, cited: Iterable[Cited], references: Iterable[Reference] = ()) -> None:
        """Resolve what is not resolved yet: each distinct identifier exactly once."""
        self.ensure_wanted(wanted_by(cited, references, suggest=self.settings.suggest))

    def ensure_wanted(self, wanted: Wanted) -> None:
        """Resolve a (corpus-wide, already deduplicated) set of identifiers and queries."""
        with self._lock:
            todo = [k for k in wanted.keys if k not in self.by_key]
            queries = {q: ref for q, ref in wanted.queries.items()
                       if q not in self.suggestions}
        if not self.settings.check_urls:
            todo = [k for k in todo if k[0] != "url"]
        if not self.settings.suggest:
            queries = {}
        if not todo and not queries:
            return
        self._run(sorted(todo), queries)

    def frozen(self) -> FrozenResolutions:
        """What the checks read, without the network: for workers on other processes."""
        with self._lock:
            return FrozenResolutions(dict(self.by_key), dict(self.suggestions))

    def _run(self, todo: list[tuple[str, str]], queries: dict[str, Reference]) -> None:
        dois = [k for _, k in (t for t in todo if t[0] == "doi")]
        urls = [k for _, k in (t for t in todo if t[0] == "url")]
        pmids = [k for _, k in (t for t in todo if t[0] == "pmid")]
        pmcids = [k.upper() for _, k in (t for t in todo if t[0] == "pmcid")]
        workers = self.settings.workers
        with ThreadPoolExecutor(workers, thread_name_prefix="hl-doi") as doi_pool, \
                ThreadPoolExecutor(workers, thread_name_prefix="hl-web") as web_pool, \
                ThreadPoolExecutor(1, thread_name_prefix="hl-ncbi") as ncbi_pool:
            futures = [web_pool.submit(self._one, "url", u, self.resolver.check_url)
                       for u in urls]
            if pmids or pmcids:
                futures.append(ncbi_pool.submit(self._ncbi, pmids, pmcids))
            self._prime(dois)
            futures += [doi_pool.submit(self._one, "doi", d, self.resolver.resolve_doi)
                        for d in dois]
            futures += [doi_pool.submit(self._suggest, q, ref) for q, ref in queries.items()]
            wait(futures)

    def _prime(self, dois: list[str]) -> None:
        """Batched registry queries first; the per-DOI pass then mostly reads memory."""
        try:
            self.resolver.prime_dois(dois)
        except Exception as exc:  # batching is an optimisation: never fatal
            self.errors.append(f"batched DOI queries: {type(exc).__name__}: {exc}")

    def _store(self, resolution: Resolution) -> None:
        with self._lock:
            self.by_key[target_key(resolution.kind, resolution.key)] = resolution

    def _one(self, kind: str, key: str, fn: Any) -> None:
        try:
            resolution = fn(key)
        except Unavailable as exc:
            resolution = Resolution(kind, key, Verdict.UNVERIFIABLE, "", exc.detail,
                                    reason=exc.reason)
        except Exception as exc:  # a resolver bug must not sink the run; it is reported
            self.errors.append(f"{kind} {key}: {type(exc).__name__}: {exc}")
            resolution = Resolution(kind, key, Verdict.UNVERIFIABLE, "",
                                    f"internal error while resolving: {exc}",
                                    reason="internal-error")
        self._store(resolution)

    def _ncbi(self, pmids: list[str], pmcids: list[str]) -> None:
        try:
            results = self.resolver.resolve_ncbi(pmids, pmcids)
        except Exception as exc:
            self.errors.append(f"NCBI: {type(exc).__name__}: {exc}")
            results = [Resolution(k, v, Verdict.UNVERIFIABLE, "NCBI",
                                  f"internal error while resolving: {exc}",
                                  reason="internal-error")
                       for k, vs in (("pmid", pmids), ("pmcid", pmcids)) for v in vs]
        for res in results:
            self._store(res)

    def _suggest(self, query: str, ref: Reference) -> None:
        try:
            items = self.resolver.bibliographic(query)
        except Unavailable:
            items = []
        except Exception as exc:
            self.errors.append(f"bibliographic query: {type(exc).__name__}: {exc}")
            items = []
        best = clearly_best(items, ref.title, ref.authors, ref.year)
        suggestion = None
        if best is not None:
            runner_up = items[1]["score"] if len(items) > 1 else None
            suggestion = Suggestion(best["doi"], best["work"], best["score"], runner_up)
        with self._lock:
            self.suggestions[query] = suggestion

    def close(self) -> None:
        if self.resolver.client is not None:
            self.resolver.client.close()
        self.resolver.cache.close()


# ---------------------------------------------------------------- construction


def user_agent(email: str) -> str:
    contact = f"; mailto:{email}" if email else ""
    return f"healthlint/{__version__} (https://pypi.org/project/healthlint/{contact})"


def _netloc(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def build_resolver(settings: ResolverSettings) -> Resolver:
    """Cache, guard, limits, budget and client for one run."""
    from checks.net.guard import AddressPolicy
    from checks.net.http import HttpClient, HttpSettings
    from checks.net.limits import Budget, HostPolicy, Limits

    path = settings.cache_path or default_cache_path()
    if not settings.cache:
        mode = "off"
    elif settings.mode == "cache-only":
        mode = "read-only"
    else:
        mode = "read-write"
    cache = ResultCache(path, mode)
    if settings.mode == "cache-only":
        return Resolver(settings, None, cache)
    polite = bool(settings.email)
    policies = {
        _netloc(settings.crossref_url): HostPolicy(10.0 if polite else 5.0, 3 if polite else 1),
        _netloc(settings.ncbi_url): HostPolicy(10.0 if settings.ncbi_api_key else 3.0, 3),
        _netloc(settings.datacite_url): HostPolicy(3.0, 3),
        _netloc(settings.doi_url): HostPolicy(10.0, 5),
        _netloc(settings.handle_url): HostPolicy(10.0, 5),
    }
    limits = Limits(policies, HostPolicy(settings.web_rate, settings.web_concurrency))
    client = HttpClient(
        HttpSettings(
            user_agent=user_agent(settings.email), connect_timeout=settings.connect_timeout,
            read_timeout=settings.timeout, request_timeout=settings.request_timeout,
            retries=settings.retries, backoff=settings.backoff,
            retry_after_max=settings.retry_after_max, max_bytes=settings.max_bytes,
            max_redirects=settings.max_redirects,
        ),
        AddressPolicy.build(settings.allow_loopback, settings.host_overrides),
        limits, Budget(settings.budget), pool_size=max(8, settings.workers * 2),
    )
    return Resolver(settings, client, cache)


def resolver_settings(settings: Any, overrides: dict[str, Any] | None = None
                      ) -> ResolverSettings:
    """The run's resolver settings: the config's ``resolver`` table plus CLI flags."""
    from checks.resolve.settings import parse

    base = parse(getattr(settings, "resolver", {}) or {})
    return base.with_overrides(**(overrides or {}))


def prefetch(articles: Iterable[Article], settings: Any,
             overrides: dict[str, Any] | None = None) -> Resolutions:
    """Resolve every distinct identifier cited in ``articles`` (one request per answer)."""
    resolutions = Resolutions(build_resolver(resolver_settings(settings, overrides)))
    resolutions.ensure_articles(articles)
    return resolutions
