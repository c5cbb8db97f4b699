"""The SSRF guard: public addresses only, every hop, IPv6 wrappers unwrapped."""

from __future__ import annotations

import ipaddress

import pytest

from checks.net.guard import AddressPolicy, Blocked, address_problem
from checks.net.http import FetchError, HttpClient, HttpSettings
from checks.net.limits import Budget, HostPolicy, Limits
from tests.emulator import Emulator


@pytest.fixture(scope="module")
def em():
    with Emulator() as emulator:
        yield emulator


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
    "100.64.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
    "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "224.0.0.1",
])
def test_non_public_addresses_are_refused(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None


def test_allowance_admits_only_named_loopback_addresses() -> None:
    with pytest.raises(ValueError):
        AddressPolicy.build(["10.0.0.1"])
    policy = AddressPolicy.build(["127.0.0.1"])
    assert policy.allowed(ipaddress.ip_address("127.0.0.1")) is None
    assert policy.allowed(ipaddress.ip_address("127.0.0.2")) is not None
    assert policy.allowed(ipaddress.ip_address("::ffff:127.0.0.1")) is not None


@pytest.mark.parametrize("url", [
    "ftp://example.org/x", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:a9fe:a9fe]/", "http://user:pw@example.org/", "http://example.org:22/",
    "http://10.0.0.5/",
])
def test_url_precheck_blocks(url: str) -> None:
    with pytest.raises(Blocked):
        AddressPolicy.build(["127.0.0.1"]).check_url(url)


def test_every_resolved_address_must_pass() -> None:
    policy = AddressPolicy.build(["127.0.0.1"], {"mixed.test": ["127.0.0.1", "10.0.0.7"]})
    with pytest.raises(Blocked):
        policy.resolve("mixed.test", 80)
    ok = AddressPolicy.build(["127.0.0.1"], {"ok.test": ["127.0.0.1"]})
    assert ok.resolve("ok.test", 8080) == [(2, ("127.0.0.1", 8080))]


def _client(policy: AddressPolicy) -> HttpClient:
    return HttpClient(HttpSettings("healthlint-test", connect_timeout=0.5, read_timeout=0.5,
                                   retries=0),
                      policy, Limits({}, HostPolicy(100, 4)), Budget(10))


def test_connect_time_guard_blocks_names_that_resolve_to_private_addresses(em) -> None:
    """The transport itself refuses: even a request that skips the URL pre-check never lands."""
    port = em.ports["private"]
    client = _client(AddressPolicy.build([em.host], {"internal.test": ["127.0.0.2"]}))
    try:
        with pytest.raises(Blocked):
            client.session.get(f"http://internal.test:{port}/secret", timeout=1)
        with pytest.raises(Blocked):
            client.session.get(f"http://127.0.0.2:{port}/secret", timeout=1)
        with pytest.raises(FetchError) as info:
            client.fetch(f"http://internal.test:{port}/secret")
        assert info.value.kind == "blocked"
    finally:
        client.close()
    assert em.hits("private") == []


@pytest.mark.parametrize("path", ["/to-private", "/to-mapped", "/to-name", "/to-metadata",
                                  "/to-ftp"])
def test_redirect_hops_are_checked_and_nothing_reaches_the_private_server(em, path) -> None:
    before = len(em.hits("web"))
    client = _client(AddressPolicy.build([em.host], {"intranet.test": ["127.0.0.2"]}))
    try:
        with pytest.raises(FetchError) as info:
            client.fetch(em.urls["web"] + path, follow=True)
    finally:
        client.close()
    assert info.value.kind == "blocked"
    assert len(em.hits("web")) == before + 1  # the first hop was fetched, the next was not
    assert em.hits("private") == []
    assert sum(client.stats.blocked.values()) == 1


def test_the_allowance_still_lets_the_emulator_through(em) -> None:
    client = _client(AddressPolicy.build([em.host], {"site.test": [em.host]}))
    try:
        port = em.ports["web"]
        assert client.fetch(f"http://site.test:{port}/ok").status == 200
    finally:
        client.close()
