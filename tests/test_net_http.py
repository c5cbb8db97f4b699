"""The HTTP layer against the emulator: retries, caps, timeouts, limits, budget."""

from __future__ import annotations

import random
import threading
import time

import pytest

from checks.net.guard import AddressPolicy
from checks.net.http import FetchError, HttpClient, HttpSettings
from checks.net.limits import Budget, HostLimiter, HostPolicy, Limits, parse_interval
from tests.emulator import Emulator


@pytest.fixture(scope="module")
def em():
    with Emulator() as emulator:
        yield emulator


def client_for(em: Emulator, budget: float = 10.0, **over) -> HttpClient:
    settings = HttpSettings(user_agent="healthlint/test (mailto:tests@healthlint.example)",
                            connect_timeout=0.5, read_timeout=0.5, request_timeout=1.0,
                            retries=2, backoff=0.02, retry_after_max=0.3)
    for key, value in over.items():
        setattr(settings, key, value)
    return HttpClient(settings, AddressPolicy.build([em.host]),
                      Limits({}, HostPolicy(200.0, 8)), Budget(budget), rng=random.Random(7))


def web_hits(em: Emulator, path: str) -> int:
    return sum(1 for h in em.hits("web") if h.path == path)


def test_flapping_503_is_retried_until_it_recovers(em) -> None:
    em.reset()
    client = client_for(em)
    response = client.fetch(em.urls["web"] + "/flap")
    assert response.status == 200 and response.attempts == 3
    assert web_hits(em, "/flap") == 3


def test_429_retry_after_is_honoured_but_capped(em) -> None:
    em.reset()
    client = client_for(em)
    started = time.monotonic()
    response = client.fetch(em.urls["web"] + "/ratelimited")
    elapsed = time.monotonic() - started
    assert response.status == 200 and response.attempts == 2
    assert 0.25 <= elapsed < 0.9  # Retry-After said 1 s; the cap is 0.3 s


def test_persistent_503_gives_up_with_the_status(em) -> None:
    client = client_for(em)
    response = client.fetch(f"{em.urls['crossref']}/works/10.5555/fault.down")
    assert response.status == 503 and response.attempts == 3


def test_404_is_never_retried(em) -> None:
    em.reset()
    response = client_for(em).fetch(em.urls["web"] + "/missing")
    assert response.status == 404 and response.attempts == 1
    assert web_hits(em, "/missing") == 1


def test_connection_reset_is_retried_then_reported(em) -> None:
    em.reset()
    with pytest.raises(FetchError) as info:
        client_for(em).fetch(em.urls["web"] + "/reset")
    assert info.value.kind == "reset"
    assert web_hits(em, "/reset") == 3


def test_slow_response_times_out(em) -> None:
    client = client_for(em, retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        client.fetch(em.urls["web"] + "/slow")
    assert info.value.kind == "timeout"
    assert time.monotonic() - started < 1.5


def test_slow_drip_body_is_cut_at_the_request_deadline(em) -> None:
    client = client_for(em, retries=0, request_timeout=0.6)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        client.fetch(em.urls["web"] + "/drip")
    assert info.value.kind == "timeout"
    assert time.monotonic() - started < 1.5


def test_50mb_body_is_refused_by_declared_length(em) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        client_for(em).fetch(f"{em.urls['crossref']}/works/10.5555/fault.huge")
    assert info.value.kind == "too-large"
    assert time.monotonic() - started < 2


def test_50mb_chunked_body_is_cut_while_streaming(em) -> None:
    client = client_for(em, max_bytes=256 * 1024)
    with pytest.raises(FetchError) as info:
        client.fetch(f"{em.urls['crossref']}/works/10.5555/fault.hugechunked")
    assert info.value.kind == "too-large"
    page = client.fetch(em.urls["web"] + "/huge", max_bytes=64 * 1024, allow_truncated=True)
    assert page.truncated and len(page.body) == 64 * 1024


def test_redirect_loop_and_redirect_limit(em) -> None:
    with pytest.raises(FetchError) as info:
        client_for(em).fetch(em.urls["web"] + "/loop-a", follow=True)
    assert info.value.kind == "redirect-loop"
    response = client_for(em).fetch(em.urls["web"] + "/moved", follow=True)
    assert response.status == 200 and response.permanent_redirect
    assert response.redirects == [(301, em.urls["web"] + "/new-home/article")]
    temporary = client_for(em).fetch(em.urls["web"] + "/temp", follow=True)
    assert not temporary.permanent_redirect


def test_tls_failure_is_its_own_kind(em) -> None:
    with pytest.raises(FetchError) as info:
        client_for(em, retries=0).fetch(em.urls["web"].replace("http:", "https:") + "/ok")
    assert info.value.kind == "tls"


def test_budget_exhaustion_stops_retries_and_new_requests(em) -> None:
    client = client_for(em, budget=0.4, retry_after_max=5.0)
    started = time.monotonic()
    response = client.fetch(f"{em.urls['crossref']}/works/10.5555/fault.down")
    assert response.status == 503  # Retry-After 1 s does not fit in a 0.4 s budget
    assert time.monotonic() - started < 0.6
    time.sleep(0.4)
    with pytest.raises(FetchError) as info:
        client.fetch(em.urls["web"] + "/ok")
    assert info.value.kind == "budget"


def test_user_agent_carries_the_contact_address(em) -> None:
    em.reset()
    client_for(em).fetch(em.urls["web"] + "/ok")
    assert "mailto:tests@healthlint.example" in em.hits("web")[-1].user_agent


def test_crossref_rate_limit_headers_retune_the_host_limiter(em) -> None:
    em.state.crossref_limit, em.state.crossref_concurrency = 7, 2
    try:
        client = client_for(em)
        client.fetch(f"{em.urls['crossref']}/works/10.5555/cramps.2010.001")
        limiter = client.limits.for_host(f"{em.host}:{em.ports['crossref']}")
        assert (limiter.rate, limiter.concurrency) == (7.0, 2)
    finally:
        em.state.crossref_limit, em.state.crossref_concurrency = 50, 5


def test_host_limiter_paces_starts_and_caps_concurrency() -> None:
    limiter = HostLimiter(rate=20.0, concurrency=2)
    active = 0
    peak = 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal active, peak
        limiter.acquire(time.monotonic() + 5)
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        limiter.release()

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak <= 2
    assert time.monotonic() - started >= 7 / 20.0  # 8 starts, 1/20 s apart


def test_limiter_refuses_to_wait_past_the_deadline() -> None:
    from checks.net.limits import BudgetExhausted

    limiter = HostLimiter(rate=1.0, concurrency=1)
    limiter.acquire(time.monotonic() + 5)
    limiter.release()
    with pytest.raises(BudgetExhausted):
        limiter.acquire(time.monotonic() + 0.2)  # next start is 1 s away


def test_parse_interval() -> None:
    assert parse_interval("1s") == 1.0
    assert parse_interval("500ms") == 0.5
    assert parse_interval("2") == 2.0
    assert parse_interval("bogus") is None


# -- one deadline per request: a server that drips its headers (each byte well inside
# -- the read timeout) once held a 4 s request for 84 s and a 10 s run for 150 s.


def test_dripped_headers_are_cut_at_the_request_deadline(em) -> None:
    client = client_for(em, retries=0, request_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        client.fetch(em.urls["web"] + "/drip-headers")
    assert info.value.kind == "timeout"
    assert time.monotonic() - started < 2.0  # the server would drip for 30 s


def test_the_deadline_covers_a_pooled_connection_too(em) -> None:
    client = client_for(em, retries=0, request_timeout=1.0)
    assert client.fetch(em.urls["web"] + "/ok").status == 200  # leaves a kept-alive socket
    started = time.monotonic()
    with pytest.raises(FetchError):
        client.fetch(em.urls["web"] + "/drip-headers/again")
    assert time.monotonic() - started < 2.0
    assert client.fetch(em.urls["web"] + "/ok").status == 200  # the pool still works


def test_retries_of_a_dripping_server_stay_inside_the_budget(em) -> None:
    client = client_for(em, budget=2.5, retries=5, request_timeout=1.0, backoff=0.01)
    started = time.monotonic()
    with pytest.raises(FetchError):
        client.fetch(em.urls["web"] + "/drip-headers/retried")
    assert time.monotonic() - started < 3.5


def test_a_resolve_run_against_dripping_servers_keeps_its_budget(em, cli, tmp_path) -> None:
    import json

    config = em.resolver_config(budget=2.0, **{"request-timeout": 1.0, "timeout": 1.0,
                                               "retries": 1})
    (tmp_path / "healthlint.yaml").write_text(
        json.dumps({"select": ["HL2"], "resolve": True, "resolver": config}), encoding="utf-8")
    links = "\n".join(f"- [Source {n}]({em.urls['web']}/drip-headers/{n})" for n in range(8))
    (tmp_path / "a.md").write_text(f"# Sleep\n\nSleep matters.\n\n## Sources\n\n{links}\n",
                                   encoding="utf-8")
    started = time.monotonic()
    result = cli("check", "--format", "json", "a.md", cwd=tmp_path)
    assert time.monotonic() - started < 12.0  # 30 s before the fix (spaCy may load first)
    assert result.code == 0, result.err
    findings = json.loads(result.out)["findings"]
    assert {f["code"] for f in findings} == {"HL218"}  # unverifiable, never "broken"


def test_a_slow_name_lookup_is_cut_at_the_request_deadline(em, monkeypatch) -> None:
    """getaddrinfo cannot be interrupted; the request stops waiting for it. (The resolver
    is the one thing here not served on loopback: a lookup that hangs is simulated.)"""
    import socket

    real = socket.getaddrinfo

    def hanging(host, *args, **kwargs):
        if host == "slow-dns.test":
            time.sleep(5)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    client = client_for(em, retries=0, request_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        client.fetch("http://slow-dns.test/page")
    assert info.value.kind == "timeout"
    assert time.monotonic() - started < 2.0
