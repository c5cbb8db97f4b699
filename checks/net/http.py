"""One HTTP client for every resolver: guarded connections, limits, retries, caps.

- Connections go through :mod:`checks.net.guard` (resolve, check every address,
  connect to the checked address); proxies from the environment are ignored so
  nothing bypasses the guard, and cookies are never kept.
- Redirects are followed by hand, each hop checked again, with loop detection.
- Retries happen only on 408, 429, 5xx, timeouts and connection resets, with
  exponential backoff plus jitter; ``Retry-After`` is honoured but capped, and
  nothing waits beyond the run's time budget.
- Bodies are streamed and capped; one wall-clock deadline per request covers connect,
  headers and body (:mod:`checks.net.deadline`), so a server that drips its response
  cannot hold a request past ``request-timeout`` or the run past its budget.
"""

from __future__ import annotations

import email.utils
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import exceptions as urllib3_errors
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as u3conn

from checks.net.deadline import RequestDeadline, before_deadline, watch_socket
from checks.net.guard import AddressPolicy, Blocked
from checks.net.limits import Budget, BudgetExhausted, Limits

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})


def retryable_status(status: int) -> bool:
    return status in (408, 429) or 500 <= status <= 599


class FetchError(Exception):
    """A request that produced no usable response.

    ``kind``: timeout, reset, dns, connect, tls, blocked, too-large,
    redirect-loop, too-many-redirects, bad-url, budget, invalid.
    """

    TRANSIENT = frozenset({"timeout", "reset"})

    def __init__(self, kind: str, detail: str, url: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.url = url

    @property
    def transient(self) -> bool:
        return self.kind in self.TRANSIENT


@dataclass
class Response:
    """A finished response: final URL, status, lower-cased headers, (capped) body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    truncated: bool = False
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, location)
    attempts: int = 1

    def json(self) -> Any:
        import json

        return json.loads(self.body.decode("utf-8"))

    @property
    def permanent_redirect(self) -> bool:
        return bool(self.redirects) and all(s in PERMANENT_REDIRECTS for s, _ in self.redirects)


@dataclass
class HttpSettings:
    user_agent: str
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    request_timeout: float = 20.0  # whole request, body included
    retries: int = 2
    backoff: float = 0.5
    backoff_max: float = 8.0
    retry_after_max: float = 30.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


@dataclass
class Stats:
    """Requests actually sent (attempts included), by host; and what the guard stopped."""

    sent: Counter = field(default_factory=Counter)
    blocked: Counter = field(default_factory=Counter)
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, host: str, blocked: bool = False) -> None:
        with self._lock:
            (self.blocked if blocked else self.sent)[host] += 1

    def retried(self) -> None:
        with self._lock:
            self.retries += 1

    @property
    def total(self) -> int:
        return sum(self.sent.values())


# ------------------------------------------------------------ guarded transport


class _GuardedMixin:
    guard: AddressPolicy  # set on the per-client subclass

    def _new_conn(self):  # type: ignore[no-untyped-def]
        host = self._dns_host  # type: ignore[attr-defined]
        port = self.port  # type: ignore[attr-defined]
        try:
            addresses = before_deadline(lambda: self.guard.resolve(host, port))
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, f"resolving {host} timed out") from exc
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[attr-defined,arg-type]
        last: OSError | None = None
        for family, sockaddr in addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                u3conn._set_socket_options(sock, self.socket_options)  # type: ignore[attr-defined]
                if self.timeout is not None:  # type: ignore[attr-defined]
                    sock.settimeout(self.timeout)  # type: ignore[attr-defined]
                watch_socket(sock)
                sock.connect(sockaddr)
                return sock
            except TimeoutError as exc:
                sock.close()
                raise ConnectTimeoutError(self, f"connect to {host} timed out") from exc
            except OSError as exc:
                sock.close()
                last = exc
        raise NewConnectionError(self, f"failed to connect to {host}: {last}")  # type: ignore[arg-type]

    def request(self, *args: Any, **kwargs: Any) -> None:
        watch_socket(self.sock)  # type: ignore[attr-defined]  # a pooled connection's socket
        super().request(*args, **kwargs)  # type: ignore[misc]


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, guard: AddressPolicy, pool_size: int) -> None:
        http_conn = type("GuardedHTTPConnection", (_GuardedMixin, HTTPConnection),
                         {"guard": guard})
        https_conn = type("GuardedHTTPSConnection", (_GuardedMixin, HTTPSConnection),
                          {"guard": guard})
        self._pools = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,),
                          {"ConnectionCls": https_conn}),
        }
        super().__init__(pool_connections=64, pool_maxsize=pool_size, max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self._pools)


class _NoCookies(requests.cookies.RequestsCookieJar):
    def set_cookie(self, cookie: Any, *args: Any, **kwargs: Any) -> None:
        return None

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


# ------------------------------------------------------------------ the client


class HttpClient:
    """Thread-safe: one session shared by every resolver thread."""

    def __init__(self, settings: HttpSettings, policy: AddressPolicy, limits: Limits,
                 budget: Budget, *, rng: random.Random | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, pool_size: int = 32) -> None:
        self.settings = settings
        self.policy = policy
        self.limits = limits
        self.budget = budget
        self.rng = rng or random.Random()
        self.clock = clock
        self.sleep = sleep
        self.stats = Stats()
        session = requests.Session()
        session.trust_env = False  # no proxies or netrc: nothing may bypass the guard
        session.cookies = _NoCookies()
        session.headers.clear()
        session.headers.update({
            "User-Agent": settings.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Connection": "keep-alive",
        })
        adapter = _GuardedAdapter(policy, pool_size)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        self.session = session

    def close(self) -> None:
        self.session.close()

    # -- public

    def fetch(self, url: str, *, method: str = "GET", params: Mapping[str, str] | None = None,
              headers: Mapping[str, str] | None = None, max_bytes: int | None = None,
              follow: bool = False, allow_truncated: bool = False,
              retry_statuses: bool = True) -> Response:
        """One logical request, following redirects when ``follow`` (each hop checked)."""
        redirects: list[tuple[int, str]] = []
        seen: set[str] = set()
        current = url
        current_method = method
        current_params = params
        attempts = 0
        while True:
            self.policy_check(current)
            response = self._with_retries(current_method, current, current_params, headers,
                                          max_bytes, allow_truncated, retry_statuses)
            attempts += response.attempts
            if not follow or response.status not in REDIRECT_CODES:
                response.redirects = redirects
                response.attempts = attempts
                return response
            location = response.headers.get("location")
            if not location:
                response.redirects = redirects
                return response
            seen.add(_without_fragment(response.url))
            nxt = urljoin(response.url, location.strip())
            if _without_fragment(nxt) in seen:
                raise FetchError("redirect-loop", f"redirect loop back to {nxt}", url)
            redirects.append((response.status, nxt))
            if len(redirects) > self.settings.max_redirects:
                raise FetchError("too-many-redirects",
                                 f"more than {self.settings.max_redirects} redirects", url)
            if response.status == 303 and current_method != "HEAD":
                current_method = "GET"
            current, current_params = nxt, None

    def policy_check(self, url: str) -> None:
        try:
            self.policy.check_url(url)
        except Blocked as exc:
            self.stats.add(_netloc(url), blocked=True)
            raise FetchError("blocked", exc.reason, url) from None

    # -- internals

    def _with_retries(self, method: str, url: str, params: Mapping[str, str] | None,
                      headers: Mapping[str, str] | None, max_bytes: int | None,
                      allow_truncated: bool, retry_statuses: bool) -> Response:
        s = self.settings
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._once(method, url, params, headers, max_bytes, allow_truncated)
            except FetchError as exc:
                if not exc.transient or attempt > s.retries:
                    raise
                self._backoff(attempt, None, url, exc)
                continue
            response.attempts = attempt
            if retry_statuses and retryable_status(response.status) and attempt <= s.retries:
                retry_after = _retry_after(response.headers.get("retry-after"), self.clock)
                if response.status == 429:
                    self.limits.for_host(_netloc(url)).pause(
                        min(retry_after if retry_after is not None else s.backoff,
                            s.retry_after_max))
                try:
                    self._backoff(attempt, retry_after, url, None)
                except FetchError:
                    return response  # no time left to retry: the caller sees the status
                continue
            return response

    def _backoff(self, attempt: int, retry_after: float | None, url: str,
                 error: FetchError | None) -> None:
        s = self.settings
        delay = min(s.backoff_max, s.backoff * (2 ** (attempt - 1)))
        delay += self.rng.uniform(0, s.backoff)
        if retry_after is not None:
            delay = max(delay, min(retry_after, s.retry_after_max))
        if delay >= self.budget.remaining():
            if error is not None:
                raise error
            raise FetchError("budget", "no time left in the budget to retry", url)
        self.stats.retried()
        self.sleep(delay)

    def _once(self, method: str, url: str, params: Mapping[str, str] | None,
              headers: Mapping[str, str] | None, max_bytes: int | None,
              allow_truncated: bool) -> Response:
        s = self.settings
        netloc = _netloc(url)
        remaining = self.budget.remaining()
        if remaining <= 0.05:
            raise FetchError("budget", "the run's time budget is exhausted", url)
        limiter = self.limits.for_host(netloc)
        try:
            limiter.acquire(self.budget.deadline)
        except BudgetExhausted as exc:
            raise FetchError("budget", str(exc), url) from None
        try:
            return self._send(method, url, params, headers,
                              max_bytes if max_bytes is not None else s.max_bytes,
                              allow_truncated, netloc)
        finally:
            limiter.release()

    def _send(self, method: str, url: str, params: Mapping[str, str] | None,
              headers: Mapping[str, str] | None, cap: int, allow_truncated: bool,
              netloc: str) -> Response:
        s = self.settings
        remaining = self.budget.remaining()
        limit = min(s.request_timeout, remaining)
        timeout = (min(s.connect_timeout, remaining), min(s.read_timeout, remaining))
        with RequestDeadline(limit) as watchdog:
            try:
                response = self._exchange(method, url, params, headers, cap, allow_truncated,
                                          netloc, timeout, watchdog)
            except FetchError as exc:
                if watchdog.expired and exc.kind != "blocked":
                    raise _late(url, limit, watchdog) from None
                raise
            if watchdog.expired:  # a cut-off response can parse as a short, complete one
                raise _late(url, limit, watchdog)
            return response

    def _exchange(self, method: str, url: str, params: Mapping[str, str] | None,
                  headers: Mapping[str, str] | None, cap: int, allow_truncated: bool,
                  netloc: str, timeout: tuple[float, float],
                  watchdog: RequestDeadline) -> Response:
        try:
            raw = self.session.request(method, url, params=params, headers=dict(headers or {}),
                                       timeout=timeout, allow_redirects=False, stream=True)
        except Blocked as exc:
            self.stats.add(netloc, blocked=True)
            raise FetchError("blocked", exc.reason, url) from None
        except requests.RequestException as exc:
            self.stats.add(netloc)
            raise _classify(exc, url) from None
        self.stats.add(netloc)
        watchdog.headers_received = True
        try:
            lowered = {k.lower(): v for k, v in raw.headers.items()}
            self.limits.observe(netloc, lowered)
            body, truncated = self._read(raw, cap, allow_truncated, url, method)
            return Response(raw.url or url, raw.status_code, lowered, body, truncated)
        finally:
            raw.close()

    def _read(self, raw: requests.Response, cap: int, allow_truncated: bool, url: str,
              method: str) -> tuple[bytes, bool]:
        """The body, streamed and capped; the request's deadline (:meth:`_send`) stops a
        body that arrives too slowly by shutting its socket down."""
        if method == "HEAD":
            return b"", False
        declared = raw.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap and not allow_truncated:
            raise FetchError("too-large", f"the response is {int(declared):,} bytes, over the "
                             f"{cap:,}-byte cap", url)
        parts: list[bytes] = []
        size = 0
        stream = raw.raw
        try:
            while True:
                # read1 returns as soon as some bytes arrive: the cap is checked as they come
                chunk = stream.read1(65536, decode_content=True)
                if not chunk:
                    break
                parts.append(chunk)
                size += len(chunk)
                if size > cap:
                    if allow_truncated:
                        return b"".join(parts)[:cap], True
                    raise FetchError("too-large", f"the response exceeds the {cap:,}-byte cap",
                                     url)
        except (requests.RequestException, urllib3_errors.HTTPError, OSError) as exc:
            raise _classify(exc, url) from None
        return b"".join(parts), False


def _late(url: str, limit: float, watchdog: RequestDeadline) -> FetchError:
    if watchdog.headers_received:
        return FetchError("timeout", f"the response body arrived too slowly (over {limit:.1f} s)",
                          url)
    return FetchError("timeout", f"no complete response within {limit:.1f} s", url)


def _classify(exc: BaseException, url: str) -> FetchError:
    """Map the HTTP stack's exceptions to the few kinds that decide a verdict."""
    text = str(exc)
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 8:
        chain.append(cur)
        nxt = cur.__context__ or cur.__cause__
        reason = getattr(cur, "reason", None)
        if isinstance(reason, BaseException):
            nxt = reason
        elif cur.args and isinstance(cur.args[0], BaseException):
            nxt = cur.args[0]
        cur = nxt if nxt is not cur else None
    for item in chain:
        if isinstance(item, Blocked):
            return FetchError("blocked", item.reason, url)
    if isinstance(exc, requests.exceptions.SSLError | urllib3_errors.SSLError):
        return FetchError("tls", f"TLS failed: {text}", url)
    if isinstance(exc, requests.Timeout | urllib3_errors.TimeoutError | TimeoutError):
        return FetchError("timeout", "timed out", url)
    for item in chain:
        if isinstance(item, NameResolutionError | socket.gaierror):
            gai = item if isinstance(item, socket.gaierror) else item.__cause__
            code = getattr(gai, "errno", None)
            if code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
                return FetchError("dns", "the host name does not exist", url)
            return FetchError("dns-temporary", "the host name could not be resolved now", url)
        if isinstance(item, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
            return FetchError("reset", "the connection was reset", url)
        if isinstance(item, TimeoutError):
            return FetchError("timeout", "timed out", url)
    if "RemoteDisconnected" in text or "Connection aborted" in text \
            or isinstance(exc, requests.exceptions.ChunkedEncodingError
                          | urllib3_errors.ProtocolError | ConnectionError):
        return FetchError("reset", "the connection was closed mid-response", url)
    if isinstance(exc, requests.exceptions.ContentDecodingError | urllib3_errors.DecodeError):
        return FetchError("invalid", "the response could not be decoded", url)
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return FetchError("bad-url", text, url)
    if "ssl" in text.lower() or "certificate" in text.lower():
        return FetchError("tls", f"TLS failed: {text}", url)
    return FetchError("connect", f"could not connect: {text}", url)


def _retry_after(value: str | None, clock: Callable[[], float]) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _netloc(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return url
    return f"{host}:{port}"


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]
