"""Per-host politeness (concurrency + request rate) and the per-run time budget.

Each host gets a slot count and a minimum spacing between request starts. Both
can change while running: Crossref announces its limits in ``x-rate-limit-*``
and ``x-concurrency-limit`` headers, and a 429 with ``Retry-After`` pauses the
whole host, not just the request that saw it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

Clock = Callable[[], float]


class BudgetExhausted(Exception):
    """The run's time budget ran out before this request could start."""


@dataclass
class Budget:
    """A deadline shared by the whole run; exhaustion makes results unverifiable."""

    seconds: float
    clock: Clock = time.monotonic
    started: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.started = self.clock()

    @property
    def deadline(self) -> float:
        return self.started + self.seconds

    def remaining(self) -> float:
        return max(0.0, self.deadline - self.clock())

    @property
    def exhausted(self) -> bool:
        return self.remaining() <= 0.0


class HostLimiter:
    """At most ``concurrency`` requests in flight and ``rate`` starts per second."""

    def __init__(self, rate: float, concurrency: int, clock: Clock = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate = max(rate, 0.01)
        self.concurrency = max(1, concurrency)
        self._clock = clock
        self._sleep = sleep
        self._cond = threading.Condition()
        self._active = 0
        self._next_start = 0.0
        self._paused_until = 0.0

    def acquire(self, deadline: float) -> None:
        """Wait for a slot and a start time; raise BudgetExhausted past ``deadline``."""
        with self._cond:
            while self._active >= self.concurrency:
                wait = deadline - self._clock()
                if wait <= 0:
                    raise BudgetExhausted("waiting for a connection slot")
                self._cond.wait(min(wait, 0.5))
            now = self._clock()
            start = max(now, self._next_start, self._paused_until)
            if start > deadline:
                raise BudgetExhausted("the host's rate limit leaves no time in the budget")
            self._next_start = start + 1.0 / self.rate
            self._active += 1
        delay = start - self._clock()
        if delay > 0:
            self._sleep(delay)

    def release(self) -> None:
        with self._cond:
            self._active -= 1
            self._cond.notify_all()

    def update(self, rate: float | None = None, concurrency: int | None = None) -> None:
        with self._cond:
            if rate is not None and rate > 0:
                self.rate = rate
            if concurrency is not None and concurrency > 0:
                self.concurrency = concurrency
                self._cond.notify_all()

    def pause(self, seconds: float) -> None:
        """Hold back every request to this host (after a 429) for ``seconds``."""
        with self._cond:
            self._paused_until = max(self._paused_until, self._clock() + seconds)


def parse_interval(text: str) -> float | None:
    """``"1s"``, ``"1"``, ``"500ms"``, ``"1m"`` -> seconds."""
    text = text.strip().lower()
    scale = 1.0
    for suffix, factor in (("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)):
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], factor
            break
    try:
        value = float(text) * scale
    except ValueError:
        return None
    return value if value > 0 else None


@dataclass(frozen=True)
class HostPolicy:
    rate: float
    concurrency: int


class Limits:
    """Limiters by host (``host:port``), created on first use from the configured policies."""

    def __init__(self, policies: Mapping[str, HostPolicy], default: HostPolicy,
                 clock: Clock = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._policies = {k.lower(): v for k, v in policies.items()}
        self._default = default
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, HostLimiter] = {}
        self._lock = threading.Lock()

    def for_host(self, netloc: str) -> HostLimiter:
        key = netloc.lower()
        with self._lock:
            limiter = self._hosts.get(key)
            if limiter is None:
                policy = self._policies.get(key, self._default)
                limiter = HostLimiter(policy.rate, policy.concurrency, self._clock, self._sleep)
                self._hosts[key] = limiter
            return limiter

    def observe(self, netloc: str, headers: Mapping[str, str]) -> None:
        """Adopt limits a server announces (Crossref's ``x-rate-limit-*`` headers)."""
        limit = headers.get("x-rate-limit-limit")
        interval = headers.get("x-rate-limit-interval")
        concurrency = headers.get("x-concurrency-limit")
        rate = None
        if limit:
            try:
                seconds = parse_interval(interval or "1s") or 1.0
                rate = float(limit) / seconds
            except ValueError:
                rate = None
        conc = None
        if concurrency:
            try:
                conc = int(concurrency)
            except ValueError:
                conc = None
        if rate is not None or conc is not None:
            self.for_host(netloc).update(rate, conc)
