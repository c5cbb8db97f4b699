"""SSRF guard: only public addresses, checked at connect time for every hop.

Article content is untrusted, and a CI runner can reach cloud metadata, its own
loopback services and the private network. The guard therefore resolves every
host itself, refuses the connection unless *every* resolved address is public
(IPv4-mapped, 6to4, Teredo and NAT64 IPv6 forms are unwrapped first), and
connects to the address it checked, so DNS cannot change between check and
connect. Tests get an explicit allowance for named loopback addresses; the
allowance never admits anything that is not loopback, so the rest of the guard
keeps working under test.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
DEFAULT_PORTS = frozenset({80, 443})


class Blocked(Exception):
    """The target is not allowed: a non-public address, a bad scheme or port.

    Deliberately not an ``OSError``, so the HTTP stack never retries or wraps it.
    """

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"{target}: {reason}")
        self.target = target
        self.reason = reason


def _embedded_v4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries and would reach."""
    out: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        out.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        out.append(ip.sixtofour)
    if ip.teredo is not None:
        out.extend(ip.teredo)
    if ip in _NAT64:
        out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return out


def address_problem(ip: IPAddress) -> str | None:
    """Why an address is not public, or ``None`` when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in _embedded_v4(ip):
            problem = address_problem(inner)
            if problem:
                return f"{problem} (inside IPv6 {ip})"
        if ip.ipv4_mapped is not None:
            return None
    if ip.is_loopback:
        return f"loopback address {ip}"
    if ip.is_link_local:
        return f"link-local address {ip} (cloud metadata lives here)"
    if ip.is_multicast:
        return f"multicast address {ip}"
    if ip.is_unspecified:
        return f"unspecified address {ip}"
    if ip.is_private or not ip.is_global:
        return f"private or reserved address {ip}"
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """What the guard allows.

    ``allow_loopback`` names exact loopback addresses a test emulator listens
    on; ``host_overrides`` maps host names to addresses (like curl's
    ``--resolve``) so tests can use many host names, and the mapped addresses
    are still checked.
    """

    allow_loopback: frozenset[str] = frozenset()
    host_overrides: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ports: frozenset[int] = DEFAULT_PORTS

    def __post_init__(self) -> None:
        for text in self.allow_loopback:
            ip = ipaddress.ip_address(text)
            if not ip.is_loopback:
                raise ValueError(f"allow-loopback admits only loopback addresses, not {text}")

    @classmethod
    def build(cls, allow_loopback: Iterable[str] = (),
              host_overrides: Mapping[str, Iterable[str]] | None = None) -> AddressPolicy:
        allowed = frozenset(str(ipaddress.ip_address(a)) for a in allow_loopback)
        overrides = {k.lower(): tuple(v) for k, v in (host_overrides or {}).items()}
        return cls(allowed, overrides)

    def allowed(self, ip: IPAddress) -> str | None:
        """``None`` if the address may be contacted, else why not."""
        if str(ip) in self.allow_loopback:
            return None
        return address_problem(ip)

    def check_url(self, url: str) -> None:
        """Cheap checks before any connection: scheme, host present, literal addresses."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port
        except ValueError as exc:
            raise Blocked(url, f"unreadable URL ({exc})") from None
        if parts.scheme not in ("http", "https"):
            raise Blocked(url, f"scheme {parts.scheme or '(none)'!r} is not http or https")
        if not host:
            raise Blocked(url, "no host")
        if parts.username or parts.password:
            raise Blocked(url, "credentials in the URL are not sent")
        literal = _literal(host)
        known = [literal] if literal is not None else [
            ipaddress.ip_address(a) for a in self.host_overrides.get(host.lower().rstrip("."), ())]
        for ip in known:
            problem = self.allowed(ip)
            if problem:
                raise Blocked(url, problem)
        effective = port or (443 if parts.scheme == "https" else 80)
        if effective not in self.ports and not self._loopback_target(host):
            raise Blocked(url, f"port {effective} is not a web port")

    def _loopback_target(self, host: str) -> bool:
        literal = _literal(host)
        if literal is not None:
            return str(literal) in self.allow_loopback
        mapped = self.host_overrides.get(host.lower().rstrip("."))
        return bool(mapped) and all(m in self.allow_loopback for m in mapped)

    def resolve(self, host: str, port: int) -> list[tuple[int, tuple]]:
        """Every address of ``host`` as ``(family, sockaddr)``, all of them checked.

        Raises :class:`Blocked` when any address is not allowed, and
        ``socket.gaierror`` when the name does not resolve.
        """
        host = host.strip("[]").rstrip(".")
        literal = _literal(host)
        if literal is not None:
            candidates = [literal]
        elif host.lower() in self.host_overrides:
            candidates = [ipaddress.ip_address(a) for a in self.host_overrides[host.lower()]]
        else:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            candidates = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not candidates:
            raise socket.gaierror(socket.EAI_NONAME, "no addresses")
        out: list[tuple[int, tuple]] = []
        for ip in dict.fromkeys(candidates):
            problem = self.allowed(ip)
            if problem:
                raise Blocked(f"{host}:{port}", problem)
            if port not in self.ports and str(ip) not in self.allow_loopback:
                raise Blocked(f"{host}:{port}", f"port {port} is not a web port")
            if isinstance(ip, ipaddress.IPv6Address):
                out.append((socket.AF_INET6, (str(ip), port, 0, 0)))
            else:
                out.append((socket.AF_INET, (str(ip), port)))
        return out


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
