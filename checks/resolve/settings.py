"""The ``resolver`` section of ``[tool.healthlint]``: validated keys and their defaults.

Pure standard library, so configuration can be validated on the offline path.
Every base URL is configurable so the whole resolver can run against the test
emulator (or a mirror); durations accept seconds or ``"500ms"``, ``"12h"``, ``"30d"``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from checks.settings.errors import parse_bool, parse_size, parse_string

DAY = 86400.0
MODES = ("network", "cache-only")


@dataclass(frozen=True)
class ResolverSettings:
    mode: str = "network"
    email: str = ""
    cache: bool = True
    cache_path: str = ""  # "" = the user cache directory
    doi_url: str = "https://doi.org"
    handle_url: str = "https://doi.org"
    crossref_url: str = "https://api.crossref.org"
    datacite_url: str = "https://api.datacite.org"
    ncbi_url: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
    ncbi_api_key: str = ""
    connect_timeout: float = 5.0
    timeout: float = 10.0
    request_timeout: float = 20.0
    budget: float = 300.0
    retries: int = 2
    backoff: float = 0.5
    retry_after_max: float = 30.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_loopback: tuple[str, ...] = ()
    host_overrides: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    suggest: bool = True
    check_urls: bool = True
    ttl_metadata: float = 30 * DAY
    ttl_status: float = 7 * DAY
    ttl_not_found: float = 1 * DAY
    ttl_url: float = 1 * DAY
    web_rate: float = 2.0
    web_concurrency: int = 2
    workers: int = 16
    batch_size: int = 100  # DOIs or prefixes per batched registry query; 0: one at a time

    def with_overrides(self, **changes: Any) -> ResolverSettings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _duration(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("a duration in seconds or like '30d', '12h', '500ms'")
    if isinstance(value, int | float) and value >= 0:
        return float(value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*", value)
        if m:
            scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": DAY, None: 1}[m.group(2)]
            return float(m.group(1)) * scale
    raise ValueError("a duration in seconds or like '30d', '12h', '500ms'")


def _positive(value: Any) -> float:
    seconds = _duration(value)
    if seconds <= 0:
        raise ValueError("a positive duration")
    return seconds


def _count(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ValueError("a whole number >= 0")


def _at_least_one(value: Any) -> int:
    if _count(value) < 1:
        raise ValueError("a whole number >= 1")
    return value


def _batch(value: Any) -> int:
    if _count(value) > 1000:
        raise ValueError("a whole number from 0 (no batching) to 1000")
    return value


def _rate(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    raise ValueError("a positive number of requests per second")


def _email(value: Any) -> str:
    text = parse_string(value).strip()
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise ValueError("a contact e-mail address like editor@example.org")
    return text


def _base_url(value: Any) -> str:
    text = parse_string(value).strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", text):
        raise ValueError("an http(s) base URL like https://api.crossref.org")
    return text


def _mode(value: Any) -> str:
    if value in MODES:
        return value
    raise ValueError(f"one of {', '.join(MODES)}")


def _loopback(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("a list of loopback addresses like ['127.0.0.1']")
    out = []
    for item in value:
        try:
            ip = ipaddress.ip_address(item)
        except ValueError:
            raise ValueError(f"a list of loopback addresses ({item!r} is not an address)") \
                from None
        if not ip.is_loopback:
            raise ValueError(f"only loopback addresses ({item} is not loopback)")
        out.append(str(ip))
    return tuple(out)


def _overrides(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise ValueError("a table from host name to a list of addresses")
    out: dict[str, tuple[str, ...]] = {}
    for host, addresses in value.items():
        if isinstance(addresses, str):
            addresses = [addresses]
        if not isinstance(addresses, list) or not addresses:
            raise ValueError(f"host-overrides.{host}: a list of addresses")
        for a in addresses:
            try:
                ipaddress.ip_address(a)
            except ValueError:
                raise ValueError(f"host-overrides.{host}: {a!r} is not an address") from None
        out[str(host).lower()] = tuple(addresses)
    return out


_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "mode": _mode,
    "email": _email,
    "cache": parse_bool,
    "cache-path": parse_string,
    "doi-url": _base_url,
    "handle-url": _base_url,
    "crossref-url": _base_url,
    "datacite-url": _base_url,
    "ncbi-url": _base_url,
    "ncbi-api-key": parse_string,
    "connect-timeout": _positive,
    "timeout": _positive,
    "request-timeout": _positive,
    "budget": _positive,
    "retries": _count,
    "backoff": _duration,
    "retry-after-max": _duration,
    "max-bytes": parse_size,
    "max-redirects": _count,
    "allow-loopback": _loopback,
    "host-overrides": _overrides,
    "suggest": parse_bool,
    "check-urls": parse_bool,
    "ttl-metadata": _duration,
    "ttl-status": _duration,
    "ttl-not-found": _duration,
    "ttl-url": _duration,
    "web-rate": _rate,
    "web-concurrency": _at_least_one,
    "workers": _at_least_one,
    "batch-size": _batch,
}

assert set(_VALIDATORS) == {f.name.replace("_", "-") for f in fields(ResolverSettings)}


def parse(raw: Mapping[str, Any]) -> ResolverSettings:
    """Validate a ``resolver`` table; ValueError names the key and what was expected."""
    import difflib

    values: dict[str, Any] = {}
    for key, value in raw.items():
        norm = str(key).replace("_", "-")
        validator = _VALIDATORS.get(norm)
        if validator is None:
            close = difflib.get_close_matches(norm, list(_VALIDATORS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"resolver.{key}: no such key{hint}; keys are "
                             f"{', '.join(sorted(_VALIDATORS))}")
        try:
            values[norm.replace("-", "_")] = validator(value)
        except ValueError as exc:
            raise ValueError(f"resolver.{key}: {exc}") from None
    return ResolverSettings(**values)


def validate_section(raw: Mapping[str, Any]) -> None:
    """The hook ``checks.settings.config`` calls for the ``resolver`` table."""
    parse(raw)
