"""PubMed/PMC and web-page resolution against the emulator."""

from __future__ import annotations

import socket
import time

import pytest

from checks.resolve.model import Verdict
from tests.emulator import Emulator
from tests.emulator.harness import resolutions


@pytest.fixture(scope="module")
def em():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def run(em):
    r = resolutions(em, **{"host-overrides": {"intranet.test": ["127.0.0.2"]}})
    yield r
    r.close()


def test_pmids_are_batched_into_one_request(em, run) -> None:
    em.reset()
    results = {r.key: r for r in run.resolver.resolve_ncbi(
        ["31000001", "31000002", "31000003", "39999999"], [])}
    assert [h.path.split("?")[0] for h in em.hits("ncbi")] == ["/esummary.fcgi"]
    assert "tool=healthlint" in em.hits("ncbi")[0].path
    assert "email=tests%40healthlint.example" in em.hits("ncbi")[0].path
    assert results["31000001"].verdict is Verdict.OK
    assert results["31000001"].work.authors[0].family == "Garrison"
    assert results["39999999"].verdict is Verdict.NOT_FOUND
    (retraction,) = results["31000002"].updates_in("retracted")
    assert retraction.notice == "31000009" and retraction.source == "pubmed"


def test_pmcid_takes_retraction_status_from_its_pubmed_record(em, run) -> None:
    em.reset()
    (ok, missing) = run.resolver.resolve_ncbi([], ["PMC7000001", "PMC1234"])
    assert ok.verdict is Verdict.OK and ok.work.pmid == "31000001"
    assert missing.verdict is Verdict.NOT_FOUND
    dbs = sorted("db=pmc" in h.path for h in em.hits("ncbi"))
    assert dbs == [False, True]  # one PMC request, one PubMed request


def test_ncbi_outage_is_unverifiable(em) -> None:
    down = resolutions(em, **{"ncbi-url": em.urls["web"] + "/ncbi-down"})
    (res,) = down.resolver.resolve_ncbi(["31000001"], [])
    assert res.verdict is Verdict.UNVERIFIABLE


@pytest.mark.parametrize("path, verdict", [
    ("/ok", Verdict.OK),
    ("/head-405", Verdict.OK),
    ("/via-doi", Verdict.OK),
    ("/missing", Verdict.BROKEN),
    ("/gone", Verdict.BROKEN),
    ("/forbidden", Verdict.UNVERIFIABLE),
    ("/teapot", Verdict.UNVERIFIABLE),
    ("/slow", Verdict.UNVERIFIABLE),
    ("/reset", Verdict.UNVERIFIABLE),
    ("/loop-a", Verdict.UNVERIFIABLE),
    ("/flap", Verdict.OK),
    ("/ratelimited", Verdict.OK),
    ("/to-private", Verdict.BLOCKED),
    ("/to-mapped", Verdict.BLOCKED),
    ("/to-name", Verdict.BLOCKED),
    ("/to-metadata", Verdict.BLOCKED),
])
def test_web_page_verdicts(em, run, path, verdict) -> None:
    started = time.monotonic()
    res = run.resolver.check_url(em.urls["web"] + path)
    assert res.verdict is verdict, res.detail
    assert time.monotonic() - started < 3
    assert em.hits("private") == []


def test_broken_only_after_a_second_look(em, run) -> None:
    em.reset()
    res = run.resolver.check_url(em.urls["web"] + "/gone")
    assert res.verdict is Verdict.BROKEN and res.status == 410
    assert [h.method for h in em.hits("web")] == ["HEAD", "GET", "GET"]


def test_permanent_redirect_reports_its_final_address(em, run) -> None:
    res = run.resolver.check_url(em.urls["web"] + "/moved")
    assert res.permanent_redirect and res.final_url == em.urls["web"] + "/new-home/article"
    temporary = run.resolver.check_url(em.urls["web"] + "/temp")
    assert temporary.final_url and not temporary.permanent_redirect


def test_missing_host_is_broken(run) -> None:
    try:
        socket.getaddrinfo("no-such-host.invalid", 80)
    except socket.gaierror as exc:
        if exc.errno != socket.EAI_NONAME:
            pytest.skip("this machine's resolver cannot say 'no such name'")
    res = run.resolver.check_url("http://no-such-host.invalid/page")
    assert res.verdict is Verdict.BROKEN and "does not exist" in res.detail
