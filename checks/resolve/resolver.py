"""Resolving one identifier at a time against doi.org, Crossref, DataCite, NCBI and the web.

Every registry answer goes through :meth:`Resolver.lookup`: answered from the
run's memory, else the persistent cache, else exactly one request (concurrent
callers wait for the first). Answers that prove something are cached with a
TTL chosen by what they prove; transient failures raise :class:`Unavailable`
and are never cached, so the next run asks again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any
from urllib.parse import quote, urlsplit

from checks.net.cache import ResultCache
from checks.net.http import FetchError, HttpClient, Response, retryable_status
from checks.resolve import parse
from checks.resolve.model import Resolution, Update, Verdict, work_from_json, work_to_json
from checks.resolve.settings import ResolverSettings
from claims.identifiers import is_valid_doi

PAGE_BYTES = 64 * 1024  # a web page check reads no more than this
NCBI_BATCH = 200
AGENCY_NAMES = {"crossref": "Crossref", "datacite": "DataCite"}
DATACITE_ACCEPT = "application/vnd.api+json, application/json"


class Unavailable(Exception):
    """No authoritative answer right now (never cached)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _unavailable(exc: FetchError) -> Unavailable:
    if exc.kind == "blocked":
        return Unavailable("blocked", f"blocked by the network guard: {exc.detail}")
    return Unavailable(exc.kind, exc.detail)


def _status_unavailable(resp: Response, who: str) -> Unavailable:
    reason = str(resp.status)
    if resp.status == 429:
        return Unavailable(reason, f"{who} is rate-limiting requests (HTTP 429)")
    if resp.status in (401, 403):
        return Unavailable(reason, f"{who} refused the request (HTTP {resp.status})")
    return Unavailable(reason, f"{who} answered HTTP {resp.status}")


class Resolver:
    """Holds the client, the cache and the run's memory of answers."""

    def __init__(self, settings: ResolverSettings, client: HttpClient | None,
                 cache: ResultCache) -> None:
        self.settings = settings
        self.client = client
        self.cache = cache
        self._memo: dict[str, Future] = {}
        self._lock = threading.Lock()
        ua_params = {"tool": "healthlint"}
        if settings.email:
            ua_params["email"] = settings.email
        if settings.ncbi_api_key:
            ua_params["api_key"] = settings.ncbi_api_key
        self._ncbi_params = ua_params

    # ------------------------------------------------------------- lookups

    def lookup(self, key: str, fetch: Callable[[], tuple[Any, float]]) -> Any:
        """A JSON answer for ``key``: memory, cache, or one call of ``fetch``.

        ``fetch`` returns ``(value, ttl)`` or raises :class:`Unavailable`.
        """
        with self._lock:
            future = self._memo.get(key)
            owner = future is None
            if owner:
                future = Future()
                self._memo[key] = future
        assert future is not None
        if not owner:
            return future.result()
        try:
            cached = self.cache.get(key)
            if cached is not None:
                future.set_result(cached)
                return cached
            if self.settings.mode == "cache-only" or self.client is None:
                raise Unavailable("cache-only", "not in the resolver cache (cache-only run)")
            value, ttl = fetch()
            self.cache.put(key, value, ttl)
            future.set_result(value)
            return value
        except BaseException as exc:
            future.set_exception(exc)
            if isinstance(exc, Unavailable):
                with self._lock:  # let a later pass of this run retry it
                    self._memo.pop(key, None)
            raise

    def _get(self, url: str, *, params: dict[str, str] | None = None,
             accept: str = "application/json", follow: bool = False) -> Response:
        assert self.client is not None
        try:
            return self.client.fetch(url, params=params, headers={"Accept": accept},
                                     follow=follow)
        except FetchError as exc:
            raise _unavailable(exc) from None

    @staticmethod
    def _json(resp: Response, who: str) -> Any:
        try:
            return resp.json()
        except (ValueError, UnicodeDecodeError):
            raise Unavailable("invalid-response",
                              f"{who} sent a response that is not valid JSON") from None

    def _key(self, endpoint: str, base: str, ident: str) -> str:
        return f"{endpoint}|{urlsplit(base).netloc}|{ident}"

    # --------------------------------------------------------------- doi.org

    def handle(self, doi: str) -> dict[str, Any]:
        s = self.settings

        def fetch() -> tuple[Any, float]:
            url = f"{s.handle_url}/api/handles/{quote(doi, safe='/')}"
            resp = self._get(url, params={"type": "URL"})
            if resp.status == 400:
                return {"code": "invalid", "url": ""}, s.ttl_not_found
            if resp.status not in (200, 404):
                raise _status_unavailable(resp, "doi.org")
            try:
                outcome = parse.handle_outcome(resp.status, self._json(resp, "doi.org"))
            except ValueError as exc:
                raise Unavailable("invalid-response", f"doi.org: {exc}") from None
            ttl = s.ttl_not_found if outcome["code"] == 100 else s.ttl_metadata
            return outcome, ttl

        return self.lookup(self._key("handle", s.handle_url, doi), fetch)

    def agency(self, prefix: str) -> dict[str, str]:
        s = self.settings

        def fetch() -> tuple[Any, float]:
            resp = self._get(f"{s.doi_url}/ra/{quote(prefix, safe='')}")
            if resp.status != 200:
                raise _status_unavailable(resp, "doi.org")
            try:
                return parse.ra_outcome(self._json(resp, "doi.org")), s.ttl_metadata
            except ValueError as exc:
                raise Unavailable("invalid-response", f"doi.org /ra/: {exc}") from None

        return self.lookup(self._key("ra", s.doi_url, prefix), fetch)

    # ------------------------------------------------------ Crossref, DataCite

    def crossref(self, doi: str) -> dict[str, Any]:
        s = self.settings

        def fetch() -> tuple[Any, float]:
            resp = self._get(f"{s.crossref_url}/works/{quote(doi, safe='')}")
            if resp.status == 404:
                return {"found": False}, s.ttl_not_found
            if resp.status != 200:
                raise _status_unavailable(resp, "Crossref")
            data = self._json(resp, "Crossref")
            if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
                raise Unavailable("invalid-response", "Crossref sent an unexpected document")
            return self._crossref_answer(data["message"]), s.ttl_status

        return self.lookup(self._key("crossref", s.crossref_url, doi), fetch)

    @staticmethod
    def _crossref_answer(message: dict[str, Any]) -> dict[str, Any]:
        work, updates = parse.crossref_work(message)
        return {"found": True, "work": work_to_json(work),
                "updates": [u.__dict__ for u in updates]}

    def datacite(self, doi: str) -> dict[str, Any]:
        s = self.settings

        def fetch() -> tuple[Any, float]:
            resp = self._get(f"{s.datacite_url}/dois/{quote(doi, safe='')}",
                             accept=DATACITE_ACCEPT)
            if resp.status == 404:
                return {"found": False}, s.ttl_not_found
            if resp.status != 200:
                raise _status_unavailable(resp, "DataCite")
            data = self._json(resp, "DataCite")
            if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
                raise Unavailable("invalid-response", "DataCite sent an unexpected document")
            return {"found": True, "work": work_to_json(parse.datacite_work(data)),
                    "updates": []}, s.ttl_metadata

        return self.lookup(self._key("datacite", s.datacite_url, doi), fetch)

    # ------------------------------------------------------------ batching

    def prime_dois(self, dois: list[str]) -> None:
        """Answer, in batched queries, what :meth:`resolve_doi` will ask for each DOI.

        doi.org's ``/ra/`` takes many prefixes, Crossref's ``/works`` a ``doi:`` filter
        per DOI (OR-ed), DataCite's ``/dois`` an ``ids`` list: one request answers up to
        ``batch-size`` identifiers. A DOI a list leaves out is not registered there,
        exactly as the single-record endpoint's 404 says. A batch that fails is simply
        not remembered, so each of its DOIs is asked on its own afterwards.
        """
        s = self.settings
        if s.batch_size < 2 or self.client is None or s.mode == "cache-only":
            return
        dois = [d for d in dict.fromkeys(dois) if is_valid_doi(d) and "," not in d]
        prefixes = list(dict.fromkeys(d.split("/", 1)[0] for d in dois))
        self._prime_agencies(prefixes)
        for prefix in prefixes:  # a lone prefix (or a failed batch): its own /ra/ request
            with contextlib.suppress(Unavailable):
                self.agency(prefix)
        crossref: list[str] = []
        datacite: list[str] = []
        for doi in dois:
            ra = self._known(self._key("ra", s.doi_url, doi.split("/", 1)[0]))
            if ra is None or "not exist" in ra.get("status", "").lower():
                continue  # asked on its own later / not a registered prefix at all
            agency = ra.get("ra", "").lower()
            if agency in ("crossref", ""):
                crossref.append(doi)
            elif agency == "datacite":
                datacite.append(doi)
        self._prime_crossref(crossref)
        for doi in crossref:  # no agency named: DataCite is asked after a Crossref miss
            ra = self._known(self._key("ra", s.doi_url, doi.split("/", 1)[0])) or {}
            answer = self._known(self._key("crossref", s.crossref_url, doi))
            if not ra.get("ra") and answer is not None and not answer.get("found"):
                datacite.append(doi)
        self._prime_datacite(datacite)

    def _known(self, key: str) -> Any | None:
        """An answer this run already holds (memory, then cache), without fetching."""
        with self._lock:
            future = self._memo.get(key)
        if future is not None and future.done() and future.exception() is None:
            return future.result()
        if future is not None:
            return None
        return self.cache.get(key)

    def _remember(self, key: str, value: Any, ttl: float) -> None:
        """Store a batched answer as if its single-record request had been made."""
        with self._lock:
            if key in self._memo:
                return
            future: Future = Future()
            future.set_result(value)
            self._memo[key] = future
        self.cache.put(key, value, ttl)

    def _unanswered(self, endpoint: str, base: str, items: list[str]) -> list[str]:
        return [i for i in items if self._known(self._key(endpoint, base, i)) is None]

    def _batches(self, items: list[str]) -> list[list[str]]:
        size = self.settings.batch_size
        return [items[i:i + size] for i in range(0, len(items), size)]

    def _prime(self, endpoint: str, base: str, items: list[str],
               fetch: Callable[[list[str]], dict[str, Any] | None],
               answer: Callable[[Any], tuple[Any, float] | None]) -> None:
        """Ask for ``items`` in batches and keep each answer as if asked alone.

        ``fetch`` gives a batch's records by lower-cased item (None: the batch failed);
        ``answer`` turns an item's record (None when absent) into the value and its TTL,
        or None to leave that item to its own request later.
        """
        todo = self._unanswered(endpoint, base, items)
        if len(todo) < 2:
            return
        for batch in self._batches(todo):
            try:
                records = fetch(batch)
            except (Unavailable, ValueError):
                continue
            if records is None:
                continue
            for item in batch:
                kept = answer(records.get(item.lower()))
                if kept is not None:
                    self._remember(self._key(endpoint, base, item), *kept)

    def _prime_agencies(self, prefixes: list[str]) -> None:
        s = self.settings

        def fetch(batch: list[str]) -> dict[str, Any] | None:
            resp = self._get(f"{s.doi_url}/ra/{','.join(quote(p, safe='') for p in batch)}")
            return parse.ra_outcomes(self._json(resp, "doi.org")) if resp.status == 200 else None

        self._prime("ra", s.doi_url, prefixes, fetch,
                    lambda found: None if found is None else (found, s.ttl_metadata))

    def _prime_crossref(self, dois: list[str]) -> None:
        s = self.settings

        def fetch(batch: list[str]) -> dict[str, Any] | None:
            params = {"filter": ",".join(f"doi:{d}" for d in batch), "rows": str(len(batch))}
            resp = self._get(f"{s.crossref_url}/works", params=params)
            return parse.crossref_messages(self._json(resp, "Crossref")) \
                if resp.status == 200 else None

        self._prime("crossref", s.crossref_url, dois, fetch, lambda record: (
            ({"found": False}, s.ttl_not_found) if record is None
            else (self._crossref_answer(record), s.ttl_status)))

    def _prime_datacite(self, dois: list[str]) -> None:
        s = self.settings

        def fetch(batch: list[str]) -> dict[str, Any] | None:
            params = {"ids": ",".join(batch), "page[size]": str(len(batch))}
            resp = self._get(f"{s.datacite_url}/dois", params=params, accept=DATACITE_ACCEPT)
            return parse.datacite_documents(self._json(resp, "DataCite")) \
                if resp.status == 200 else None

        self._prime("datacite", s.datacite_url, dois, fetch, lambda document: (
            ({"found": False}, s.ttl_not_found) if document is None
            else ({"found": True, "updates": [],
                   "work": work_to_json(parse.datacite_work(document))}, s.ttl_metadata)))

    def resolve_doi(self, doi: str) -> Resolution:
        """The registration agency's record; doi.org's handle API when the agency has none.

        A record at Crossref or DataCite proves the DOI exists, so the handle API
        is asked only when the agency cannot say (not found there, an agency
        without metadata, or an outage). "Not found" comes only from an authority:
        the handle API (responseCode 100), doi.org's /ra/ for an unknown prefix,
        or DataCite for a DOI routed to it.
        """
        if not is_valid_doi(doi):
            return Resolution("doi", doi, Verdict.INVALID, "syntax",
                              "this is not DOI syntax (10.<registrant>/<suffix>)")
        problems: list[Unavailable] = []  # the agencies' first, then doi.org's
        prefix = doi.split("/", 1)[0]
        ra: str | None = None
        try:
            answer = self.agency(prefix)
            ra = answer["ra"]
            if not ra and "not exist" in answer.get("status", "").lower():
                return Resolution("doi", doi, Verdict.NOT_FOUND, "doi.org",
                                  f"doi.org knows no DOI prefix {prefix}")
        except Unavailable as exc:
            problems.append(exc)
        ra_key = (ra or "").lower()
        agencies = [ra_key] if ra_key in AGENCY_NAMES else (
            ["crossref", "datacite"] if not ra_key else [])
        answers: dict[str, dict[str, Any]] = {}
        for agency in agencies:
            try:
                answer = self.crossref(doi) if agency == "crossref" else self.datacite(doi)
            except Unavailable as exc:
                problems.insert(0, exc)
                continue
            answers[agency] = answer
            if answer.get("found"):
                return Resolution("doi", doi, Verdict.OK, AGENCY_NAMES[agency],
                                  f"registered with {AGENCY_NAMES[agency]}",
                                  work=work_from_json(answer["work"]),
                                  updates=[Update(**u) for u in answer.get("updates", [])])
        if ra_key == "datacite" and answers.get("datacite", {}).get("found") is False:
            return Resolution("doi", doi, Verdict.NOT_FOUND, "DataCite",
                              "DataCite, its registration agency, has no such DOI (HTTP 404)")
        try:
            handle = self.handle(doi)
        except Unavailable as exc:
            problems.append(exc)
            handle = None
        if handle is not None:
            if handle["code"] == 100:
                return Resolution("doi", doi, Verdict.NOT_FOUND, "doi.org",
                                  "doi.org has no such DOI (handle API responseCode 100)")
            if handle["code"] == "invalid":
                return Resolution("doi", doi, Verdict.INVALID, "doi.org",
                                  "doi.org rejects it as not a DOI (HTTP 400)")
            who = ra or "its registration agency"
            detail = f"registered at doi.org ({who}); no metadata to compare"
            if problems:
                detail += f"; {problems[0].detail}"
            return Resolution("doi", doi, Verdict.OK, "doi.org", detail,
                              final_url=handle.get("url", ""))
        first = problems[0]
        verdict = Verdict.BLOCKED if first.reason == "blocked" else Verdict.UNVERIFIABLE
        return Resolution("doi", doi, verdict, "", first.detail, reason=first.reason)

    # ------------------------------------------------------------------ NCBI

    def esummary(self, database: str, uids: list[str]) -> dict[str, dict[str, Any]]:
        """Records for many uids in as few requests as possible (batched, cached per uid)."""
        s = self.settings
        out: dict[str, dict[str, Any]] = {}
        missing: list[str] = []
        for uid in uids:
            cached = self.cache.get(self._key(f"esummary-{database}", s.ncbi_url, uid))
            if cached is not None:
                out[uid] = cached
            else:
                missing.append(uid)
        for start in range(0, len(missing), NCBI_BATCH):
            batch = missing[start:start + NCBI_BATCH]
            key = self._key(f"esummary-{database}-batch", s.ncbi_url, ",".join(batch))

            def fetch(batch: list[str] = batch) -> tuple[Any, float]:
                params = {"db": database, "id": ",".join(batch), "retmode": "json",
                          **self._ncbi_params}
                resp = self._get(f"{s.ncbi_url}/esummary.fcgi", params=params)
                if resp.status != 200:
                    raise _status_unavailable(resp, "NCBI E-utilities")
                try:
                    records, error = parse.esummary_records(self._json(resp, "NCBI"))
                except ValueError as exc:
                    raise Unavailable("invalid-response", f"NCBI: {exc}") from None
                if error and not records:
                    raise Unavailable("ncbi-error", f"NCBI E-utilities: {error}")
                answers = {}
                for uid in batch:
                    record = records.get(uid)
                    if record is None or record.get("error"):
                        answer = {"found": False,
                                  "error": str((record or {}).get("error") or "no record")}
                        ttl = s.ttl_not_found
                    else:
                        work, updates = parse.esummary_work(record, database)
                        answer = {"found": True, "work": work_to_json(work),
                                  "updates": [u.__dict__ for u in updates]}
                        ttl = s.ttl_status if database == "pubmed" else s.ttl_metadata
                    self.cache.put(self._key(f"esummary-{database}", s.ncbi_url, uid),
                                   answer, ttl)
                    answers[uid] = answer
                return answers, 0.0  # the batch itself is not cached, its uids are

            try:
                answers = self.lookup(key, fetch)
            except Unavailable as exc:
                for uid in batch:
                    out[uid] = {"unavailable": [exc.reason, exc.detail]}
                continue
            out.update(answers)
        return out

    def resolve_ncbi(self, pmids: list[str], pmcids: list[str]) -> list[Resolution]:
        """PMCIDs via PMC, then PMIDs (plus the PMIDs of those PMC records) via PubMed."""
        pmc = self.esummary("pmc", [p[3:] for p in pmcids]) if pmcids else {}
        linked = {}
        for pmcid in pmcids:
            answer = pmc.get(pmcid[3:], {})
            if answer.get("found"):
                pmid = answer["work"].get("pmid", "")
                if pmid:
                    linked[pmcid] = pmid
        wanted = list(dict.fromkeys([*pmids, *linked.values()]))
        pub = self.esummary("pubmed", wanted) if wanted else {}
        results = [self._ncbi_resolution("pmid", p, pub.get(p, {}), "PubMed") for p in pmids]
        for pmcid in pmcids:
            res = self._ncbi_resolution("pmcid", pmcid, pmc.get(pmcid[3:], {}), "PMC")
            pmid = linked.get(pmcid)
            if pmid and pub.get(pmid, {}).get("found"):
                res.updates.extend(Update(**u) for u in pub[pmid].get("updates", []))
            results.append(res)
        return results

    @staticmethod
    def _ncbi_resolution(kind: str, key: str, answer: dict[str, Any], who: str) -> Resolution:
        if "unavailable" in answer:
            reason, detail = answer["unavailable"]
            verdict = Verdict.BLOCKED if reason == "blocked" else Verdict.UNVERIFIABLE
            return Resolution(kind, key, verdict, who, detail, reason=reason)
        if not answer:
            return Resolution(kind, key, Verdict.UNVERIFIABLE, who, "no answer",
                              reason="no-answer")
        if not answer.get("found"):
            return Resolution(kind, key, Verdict.NOT_FOUND, who,
                              f"{who} has no record {key} ({answer.get('error', '')})")
        return Resolution(kind, key, Verdict.OK, who, f"a {who} record",
                          work=work_from_json(answer["work"]),
                          updates=[Update(**u) for u in answer.get("updates", [])])

    # ------------------------------------------------------------- web pages

    def check_url(self, url: str) -> Resolution:
        """HEAD (GET when HEAD is refused), redirects followed and checked hop by hop."""
        s = self.settings

        def fetch() -> tuple[Any, float]:
            outcome = self._probe(url)
            return outcome, s.ttl_url

        try:
            answer = self.lookup(self._key("url", "", url), fetch)
        except Unavailable as exc:
            verdict = Verdict.BLOCKED if exc.reason == "blocked" else Verdict.UNVERIFIABLE
            return Resolution("url", url, verdict, "", exc.detail, reason=exc.reason)
        verdict = Verdict(answer["verdict"])
        return Resolution("url", url, verdict, urlsplit(url).hostname or "", answer["detail"],
                          final_url=answer.get("final_url", ""), status=answer.get("status"),
                          permanent_redirect=answer.get("permanent", False))

    def _probe(self, url: str) -> dict[str, Any]:
        assert self.client is not None
        headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}

        def request(method: str) -> Response:
            assert self.client is not None
            return self.client.fetch(url, method=method, headers=headers, follow=True,
                                     max_bytes=PAGE_BYTES, allow_truncated=True)

        try:
            resp = request("HEAD")
            if not (200 <= resp.status < 300) and resp.status != 429:
                resp = request("GET")
            if resp.status in (404, 410):
                self.client.sleep(min(1.0, self.settings.backoff))
                resp = request("GET")  # one retry before calling a page gone
        except FetchError as exc:
            if exc.kind == "dns":
                try:
                    self.client.sleep(min(1.0, self.settings.backoff))
                    request("GET")
                except FetchError as again:
                    if again.kind == "dns":
                        return {"verdict": "broken", "status": None,
                                "detail": "the host name does not exist (DNS), twice"}
                    raise _unavailable(again) from None
                raise Unavailable("dns-flapping", "the host name resolved only on retry") \
                    from None
            raise _unavailable(exc) from None
        final = resp.redirects[-1][1] if resp.redirects else ""
        if 200 <= resp.status < 300:
            return {"verdict": "ok", "status": resp.status, "final_url": final,
                    "permanent": resp.permanent_redirect,
                    "detail": f"HTTP {resp.status}" + (f" after redirect to {final}"
                                                       if final else "")}
        if resp.status in (404, 410):
            what = "gone" if resp.status == 410 else "not found"
            where = f" at {final}" if final else ""
            return {"verdict": "broken", "status": resp.status, "final_url": final,
                    "detail": f"HTTP {resp.status} ({what}){where}, twice"}
        if resp.status in (401, 403, 407, 429, 451, 999) or retryable_status(resp.status):
            raise _status_unavailable(resp, urlsplit(url).hostname or "the server")
        raise Unavailable(str(resp.status), f"the server answered HTTP {resp.status}")

    # ----------------------------------------------------- bibliographic search

    def bibliographic(self, query: str) -> list[dict[str, Any]]:
        s = self.settings

        def fetch() -> tuple[Any, float]:
            resp = self._get(f"{s.crossref_url}/works",
                             params={"query.bibliographic": query, "rows": "2"})
            if resp.status != 200:
                raise _status_unavailable(resp, "Crossref")
            items = parse.crossref_items(self._json(resp, "Crossref"))
            return ([{"doi": i["doi"], "score": i["score"], "work": work_to_json(i["work"])}
                     for i in items], s.ttl_metadata)

        answer = self.lookup(self._key("biblio", s.crossref_url, query.casefold()), fetch)
        return [{"doi": a["doi"], "score": a["score"], "work": work_from_json(a["work"])}
                for a in answer]

