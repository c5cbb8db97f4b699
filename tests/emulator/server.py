"""A loopback emulator of doi.org, Crossref, DataCite, NCBI E-utilities and web pages.

Each service is a real HTTP/1.1 server on its own port (so per-host limits are
per service, as in production), sharing one request log. Scripted faults:
slow responses, timeouts, 429 + Retry-After, flapping 503, connection resets,
redirect loops, redirects to private addresses, a 50 MB body, invalid JSON,
slow-drip bodies and slow-drip headers. A "private" server on 127.0.0.2 stands for the internal
network: the resolver must never reach it, and its log proves it.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.emulator import fixtures as fx

SERVICES = ("doi", "crossref", "datacite", "ncbi", "web")
BIG = 50 * 1024 * 1024


@dataclass
class Hit:
    service: str
    method: str
    path: str
    host: str
    user_agent: str
    at: float


@dataclass
class State:
    """Shared by every service: fixtures, fault counters, the request log."""

    latency: float = 0.0
    crossref_limit: int = 50
    crossref_concurrency: int = 5
    log: list[Hit] = field(default_factory=list)
    counters: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    extra_crossref: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra_pubmed: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra_datacite: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra_pmc: dict[str, dict[str, Any]] = field(default_factory=dict)
    generated_web: bool = True  # /page/<n> on any host answers 200
    batches: list[tuple[str, int]] = field(default_factory=list)  # (service, identifiers)

    def bump(self, key: str) -> int:
        with self.lock:
            self.counters[key] += 1
            return self.counters[key]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type, service: str,
                 emulator: Emulator) -> None:
        super().__init__(address, handler)
        self.service = service
        self.emulator = emulator


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return None

    # ---------------------------------------------------------------- plumbing

    @property
    def em(self) -> Emulator:
        return self.server.emulator

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def _dispatch(self, method: str) -> None:
        service = self.server.service
        self.em.record(Hit(service, method, self.path, self.headers.get("Host", ""),
                           self.headers.get("User-Agent", ""), time.monotonic()))
        if self.em.state.latency:
            time.sleep(self.em.state.latency)
        route = getattr(self, f"_{service}")
        try:
            route(method)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send(self, status: int, body: bytes | str = b"", ctype: str = "application/json",
             headers: dict[str, str] | None = None, method: str = "GET") -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(data)

    def send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None,
                  method: str = "GET") -> None:
        self.send(status, json.dumps(payload), "application/json", headers, method)

    def redirect(self, status: int, location: str, method: str) -> None:
        self.send(status, b"", "text/html", {"Location": location}, method)

    # ---------------------------------------------------------------- faults

    def fault(self, kind: str, key: str, method: str, ok: Any = None) -> bool:
        """Play a scripted fault; True when the response has been handled."""
        if kind == "slow":
            time.sleep(3.0)
            self.send(200, "{}", method=method)
            return True
        if kind == "flap":
            if self.em.state.bump(key) <= 2:
                self.send(503, "Service Unavailable", "text/plain", method=method)
                return True
            return False
        if kind == "429":
            if self.em.state.bump(key) <= 1:
                self.send(429, "Too Many Requests", "text/plain", {"Retry-After": "1"},
                          method=method)
                return True
            return False
        if kind == "down":
            self.send(503, "Service Unavailable", "text/plain", {"Retry-After": "1"},
                      method=method)
            return True
        if kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return True
        if kind == "badjson":
            self.send(200, '{"status":"ok","message":{"DOI": "trunc', method=method)
            return True
        if kind == "huge":
            self._huge(method, chunked=False)
            return True
        if kind == "huge-chunked":
            self._huge(method, chunked=True)
            return True
        if kind == "drip-headers":
            # Status line at once, then one header byte every 0.1 s for 30 s: every read
            # returns within any read timeout, so only a whole-request deadline stops it.
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            for _ in range(300):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            self.wfile.write(b"\r\nContent-Length: 2\r\n\r\nok")
            self.close_connection = True
            return True
        if kind == "drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            if method != "HEAD":
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            return True
        return False

    def _huge(self, method: str, chunked: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(BIG))
        self.end_headers()
        if method == "HEAD":
            return
        block = b"[" + b"0," * 32767 + b"0"
        sent = 0
        while sent < BIG:
            piece = block[: min(len(block), BIG - sent)]
            if chunked:
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            else:
                self.wfile.write(piece)
            sent += len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    # ---------------------------------------------------------------- doi.org

    def _doi(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path.startswith("/api/handles/"):
            doi = path[len("/api/handles/"):].lower()
            if doi in fx.HANDLE_FAILS:
                self.send_json(500, {"responseCode": 2, "handle": doi,
                                     "message": "unexpected error"}, method=method)
                return
            if not re.match(r"^10\.\d{4,9}/\S+$", doi):
                self.send_json(400, {"responseCode": 301, "handle": doi,
                                     "message": "That prefix doesn't live here"}, method=method)
                return
            if self.em.doi_exists(doi):
                landing = f"{self.em.urls['web']}/landing/{doi}"
                self.send_json(200, {"responseCode": 1, "handle": doi, "values": [
                    {"index": 1, "type": "URL", "data": {"format": "string", "value": landing},
                     "ttl": 86400, "timestamp": "2020-01-01T00:00:00Z"}]}, method=method)
            else:
                self.send_json(404, {"responseCode": 100, "handle": doi}, method=method)
            return
        if path.startswith("/ra/"):
            prefixes = path[len("/ra/"):].split(",")
            out = []
            for prefix in prefixes:
                ra = self.em.agency_of(prefix)
                out.append({"DOI": prefix, "RA": ra} if ra else
                           {"DOI": prefix, "status": "DOI does not exist"})
            self.send_json(200, out, method=method)
            return
        doi = path.lstrip("/").lower()
        if not re.match(r"^10\.\d{4,9}/\S+$", doi):
            self.send(400, "<html><body>Error: Not a DOI</body></html>", "text/html",
                      method=method)
        elif self.em.doi_exists(doi):
            self.send(302, b"", "text/html", {
                "Location": f"{self.em.urls['web']}/landing/{doi}", "Vary": "Accept"},
                method=method)
        else:
            self.send(404, "<html><body>Error: DOI Not Found</body></html>", "text/html",
                      method=method)

    # ---------------------------------------------------------------- Crossref

    def _crossref_headers(self) -> dict[str, str]:
        polite = "mailto:" in self.headers.get("User-Agent", "")
        return {"x-api-pool": "polite-single" if polite else "public",
                "x-rate-limit-limit": str(self.em.state.crossref_limit),
                "x-rate-limit-interval": "1s",
                "x-concurrency-limit": str(self.em.state.crossref_concurrency)}

    def _crossref(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        headers = self._crossref_headers()
        if path == "/works" and "filter" in parse_qs(parts.query):
            self._crossref_filter(parse_qs(parts.query), headers, method)
            return
        if path == "/works":
            query = parse_qs(parts.query)
            text = (query.get("query.bibliographic") or [""])[0]
            rows = int((query.get("rows") or ["20"])[0])
            items = self.em.search(text)[:rows]
            self.send_json(200, {"status": "ok", "message-type": "work-list",
                                 "message-version": "1.0.0", "message": {
                                     "items": items, "total-results": len(items),
                                     "items-per-page": rows,
                                     "query": {"start-index": 0, "search-terms": text}}},
                           headers, method)
            return
        m = re.match(r"^/works/(.+?)(/agency)?$", path)
        if not m:
            self.send(404, "Resource not found.", "text/plain", headers, method)
            return
        doi = m.group(1).lower()
        fault = fx.FAULT_DOIS.get(doi)
        if fault and self.fault(fault, f"crossref:{doi}", method):
            return
        record = self.em.crossref_record(doi)
        if record is None:
            self.send(404, "Resource not found.", "text/plain", headers, method)
            return
        if m.group(2):
            self.send_json(200, {"status": "ok", "message-type": "work-agency",
                                 "message-version": "1.0.0", "message": {
                                     "DOI": doi, "agency": {"id": "crossref",
                                                            "label": "Crossref"}}},
                           headers, method)
            return
        self.send_json(200, {"status": "ok", "message-type": "work",
                             "message-version": "1.0.0", "message": record}, headers, method)

    def _crossref_filter(self, query: dict[str, list[str]], headers: dict[str, str],
                         method: str) -> None:
        """``/works?filter=doi:A,doi:B``: the records among them (filters of one name OR)."""
        dois, other = [], []
        for item in query["filter"][0].split(","):
            name, _, value = item.partition(":")
            (dois if name == "doi" else other).append(value.lower())
        if other or not dois:
            self.send_json(400, {"status": "failed", "message-type": "validation-failure",
                                 "message": [{"type": "filter-not-available"}]},
                           headers, method)
            return
        self.em.state.batches.append(("crossref", len(dois)))
        fault = next((fx.FAULT_DOIS[d] for d in dois if d in fx.FAULT_DOIS), None)
        if fault and self.fault(fault, f"crossref-filter:{','.join(dois)}", method):
            return
        rows = int((query.get("rows") or ["20"])[0])
        items = [r for r in (self.em.crossref_record(d) for d in dict.fromkeys(dois)) if r]
        self.send_json(200, {"status": "ok", "message-type": "work-list",
                             "message-version": "1.0.0", "message": {
                                 "items": items[:rows], "total-results": len(items),
                                 "items-per-page": rows,
                                 "query": {"start-index": 0, "search-terms": None}}},
                       headers, method)

    # ---------------------------------------------------------------- DataCite

    def _datacite(self, method: str) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/dois":
            self._datacite_list(parse_qs(parts.query), method)
            return
        path = unquote(parts.path)
        doi = path[len("/dois/"):].lower() if path.startswith("/dois/") else ""
        record = self.em.state.extra_datacite.get(doi) or fx.DATACITE.get(doi)
        if record is None:
            self.send_json(404, {"errors": [{"status": "404", "title":
                                             "The resource you are looking for doesn't exist."}]},
                           method=method)
            return
        self.send_json(200, record, method=method)

    def _datacite_list(self, query: dict[str, list[str]], method: str) -> None:
        """``/dois?ids=A,B``: a JSON:API list of the records that exist."""
        ids = [i.strip().lower() for i in (query.get("ids") or [""])[0].split(",") if i.strip()]
        self.em.state.batches.append(("datacite", len(ids)))
        state = self.em.state
        data = [(state.extra_datacite.get(d) or fx.DATACITE.get(d) or {}).get("data")
                for d in dict.fromkeys(ids)]
        data = [d for d in data if d]
        self.send_json(200, {"data": data, "meta": {"total": len(data)}, "links": {}},
                       method=method)

    # ---------------------------------------------------------------- NCBI

    def _ncbi(self, method: str) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/esummary.fcgi":
            self.send(404, "not found", "text/plain", method=method)
            return
        query = parse_qs(parts.query)
        db = (query.get("db") or ["pubmed"])[0]
        ids = [i for i in (query.get("id") or [""])[0].split(",") if i]
        bad = [i for i in ids if not i.isdigit()]
        if bad:
            self.send_json(200, {"header": {"type": "esummary", "version": "0.3"},
                                 "error": f"Invalid uid {bad[0]} at position=0",
                                 "result": {"uids": []}}, method=method)
            return
        state = self.em.state
        table = {**fx.PMC, **state.extra_pmc} if db == "pmc" else {**fx.PUBMED,
                                                                    **state.extra_pubmed}
        result: dict[str, Any] = {"uids": ids}
        for uid in ids:
            result[uid] = table.get(uid) or {"uid": uid, "error": "cannot get document summary"}
        self.send_json(200, {"header": {"type": "esummary", "version": "0.3"},
                             "result": result}, method=method)

    # ---------------------------------------------------------------- web pages

    def _web(self, method: str) -> None:
        path = urlsplit(self.path).path
        base = self.em.urls["web"]
        page = "<html><head><title>Page</title></head><body>ok</body></html>"
        simple = {
            "/ok": 200, "/missing": 404, "/gone": 410, "/forbidden": 403,
            "/new-home/article": 200, "/teapot": 418,
        }
        if path.startswith("/landing/") or re.match(r"^/page/\d+$", path):
            self.send(200, page, "text/html", method=method)
        elif path in simple:
            self.send(simple[path], page, "text/html", method=method)
        elif path == "/head-405":
            if method == "HEAD":
                self.send(405, b"", "text/html", {"Allow": "GET"}, method)
            else:
                self.send(200, page, "text/html", method=method)
        elif path == "/moved":
            self.redirect(301, "/new-home/article", method)
        elif path == "/moved-home":
            self.redirect(301, "/", method)
        elif path == "/temp":
            self.redirect(302, "/ok", method)
        elif path == "/loop-a":
            self.redirect(302, "/loop-b", method)
        elif path == "/loop-b":
            self.redirect(302, "/loop-a", method)
        elif path == "/to-private":
            self.redirect(302, f"{self.em.urls['private']}/secret", method)
        elif path == "/to-mapped":
            port = self.em.ports["private"]
            self.redirect(302, f"http://[::ffff:127.0.0.2]:{port}/secret", method)
        elif path == "/to-name":
            self.redirect(302, f"http://intranet.test:{self.em.ports['private']}/secret", method)
        elif path == "/to-metadata":
            self.redirect(302, "http://169.254.169.254/latest/meta-data/", method)
        elif path == "/to-ftp":
            self.redirect(302, "ftp://files.example/secret", method)
        elif path == "/via-doi":
            self.redirect(302, f"{self.em.urls['doi']}/10.5555/cramps.2010.001", method)
        elif path == "/slow":
            self.fault("slow", "web:slow", method)
        elif path == "/drip":
            self.fault("drip", "web:drip", method)
        elif path.startswith("/drip-headers"):
            self.fault("drip-headers", "web:drip-headers", method)
        elif path == "/reset":
            self.fault("reset", "web:reset", method)
        elif path == "/huge":
            self.fault("huge-chunked", "web:huge", method)
        elif path == "/flap":
            if not self.fault("flap", "web:flap", method):
                self.send(200, page, "text/html", method=method)
        elif path == "/ratelimited":
            if not self.fault("429", "web:429", method):
                self.send(200, page, "text/html", method=method)
        elif path == "/":
            self.send(200, page, "text/html", method=method)
        else:
            self.send(404, f"no page at {base}{path}", "text/html", method=method)


class PrivateHandler(Handler):
    """The internal service an attacker wants: any request reaching it is a failure."""

    def _dispatch(self, method: str) -> None:
        self.em.record(Hit("private", method, self.path, self.headers.get("Host", ""),
                           self.headers.get("User-Agent", ""), time.monotonic()))
        self.send(200, '{"secret": "instance credentials"}', method=method)


class Emulator:
    """Start with :meth:`start` (or as a context manager); base URLs in :attr:`urls`."""

    def __init__(self, latency: float = 0.0, host: str = "127.0.0.1",
                 private_host: str = "127.0.0.2", ports: dict[str, int] | None = None) -> None:
        self.state = State(latency=latency)
        self.host = host
        self.private_host = private_host
        self._wanted_ports = ports or {}
        self.urls: dict[str, str] = {}
        self.ports: dict[str, int] = {}
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []

    # -- lifecycle

    def start(self) -> Emulator:
        for service in SERVICES:
            self._serve(service, self.host, Handler)
        self._serve("private", self.private_host, PrivateHandler)
        return self

    def _serve(self, service: str, host: str, handler: type) -> None:
        server = _Server((host, self._wanted_ports.get(service, 0)), handler, service, self)
        port = server.server_address[1]
        self.ports[service] = port
        self.urls[service] = f"http://{host}:{port}"
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                  name=f"emulator-{service}", daemon=True)
        thread.start()
        self._servers.append(server)
        self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- log

    def record(self, hit: Hit) -> None:
        with self.state.lock:
            self.state.log.append(hit)

    def hits(self, service: str | None = None) -> list[Hit]:
        with self.state.lock:
            return [h for h in self.state.log if service is None or h.service == service]

    def reset(self) -> None:
        with self.state.lock:
            self.state.log.clear()
            self.state.counters.clear()
            self.state.batches.clear()

    # -- data

    def crossref_record(self, doi: str) -> dict[str, Any] | None:
        record = self.state.extra_crossref.get(doi) or fx.CROSSREF.get(doi)
        if record is None and doi in fx.FAULT_DOIS:  # what a fault DOI serves once it recovers
            record = fx.crossref_record(doi, f"Recovered record {doi}", [("Tester", "T.")],
                                        2020, "Journal of Flaky Servers")
        return record

    def doi_exists(self, doi: str) -> bool:
        state = self.state
        return (doi in fx.CROSSREF or doi in state.extra_crossref or doi in fx.DATACITE
                or doi in state.extra_datacite or doi in fx.MEDRA_DOIS or doi in fx.FAULT_DOIS)

    def agency_of(self, prefix: str) -> str:
        if prefix in fx.CROSSREF_PREFIXES or prefix.startswith("10.6"):
            return "Crossref"
        if prefix in fx.DATACITE_PREFIXES or prefix.startswith("10.7"):
            return "DataCite"
        return fx.OTHER_RA.get(prefix, "")

    def search(self, text: str) -> list[dict[str, Any]]:
        """A toy relevance score: shared words between the query and each record."""
        words = set(re.findall(r"[a-z0-9]+", text.lower()))
        scored = []
        for record in [*fx.CROSSREF.values(), *self.state.extra_crossref.values()]:
            blob = " ".join([*record["title"], *record.get("subtitle", []),
                             *record["container-title"],
                             *(a["family"] for a in record["author"]),
                             str(record["issued"]["date-parts"][0][0])])
            rec_words = set(re.findall(r"[a-z0-9]+", re.sub(r"<[^>]+>", "", blob.lower())))
            overlap = len(words & rec_words)
            if overlap:
                score = round(overlap * 10.0 / (1 + len(rec_words - words) * 0.1), 3)
                scored.append((score, record))
        scored.sort(key=lambda x: -x[0])
        return [{**record, "score": score} for score, record in scored]

    def resolver_config(self, **over: Any) -> dict[str, Any]:
        """A ``resolver`` table pointing every base URL here, with test-sized limits."""
        config: dict[str, Any] = {
            "email": "tests@healthlint.example",
            "doi-url": self.urls["doi"], "handle-url": self.urls["doi"],
            "crossref-url": self.urls["crossref"], "datacite-url": self.urls["datacite"],
            "ncbi-url": self.urls["ncbi"], "allow-loopback": [self.host],
            "connect-timeout": 0.5, "timeout": 0.5, "request-timeout": 1.0,
            "budget": 20.0, "retries": 2, "backoff": 0.05, "retry-after-max": 0.3,
            "cache": False, "web-rate": 50.0, "web-concurrency": 4,
        }
        config.update(over)
        return config
