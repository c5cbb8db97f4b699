"""``audit --scheduler``: a real Dask scheduler and two workers on loopback give the
findings of a local run."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.dask_cluster import DASK, free_port, local_cluster
from tests.test_audit_resume import _corpus

# (found, not imported: collecting the suite must not pay for importing Dask)
pytestmark = pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                reason="Dask is not installed (pip install '.[dask]')")

ARGS = ("--today", "2025-01-01", "--select", "HL1,HL3,HL4,HL9")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """``dask scheduler`` and two ``dask worker`` processes, one thread each."""
    if not DASK.exists():
        pytest.skip("the dask command is not installed")
    with local_cluster(2, logs=tmp_path_factory.mktemp("dask")) as address:
        yield address


def test_findings_on_a_dask_cluster_equal_a_local_run(cli, tmp_path, cluster):
    _corpus(tmp_path, 12)
    (tmp_path / "corpus" / "s0" / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    local = cli("audit", "corpus", "--jobs", "1", "--report-dir", "local", *ARGS, cwd=tmp_path)
    dask = cli("audit", "corpus", "--scheduler", cluster, "--report-dir", "dask", *ARGS,
               cwd=tmp_path)
    assert dask.code == local.code, dask.err
    assert "2 jobs" in dask.out
    one = json.loads((tmp_path / "local" / "report.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "dask" / "report.json").read_text(encoding="utf-8"))
    assert two["summary"]["files"] == 13
    assert two["findings"] == one["findings"]
    assert two["errors"] == one["errors"]
    assert (tmp_path / "dask" / "findings.csv").read_bytes() == (
        tmp_path / "local" / "findings.csv").read_bytes()
    page = (tmp_path / "dask" / "report.html").read_text(encoding="utf-8")
    assert f"Dask at {cluster}" in page


def test_an_unreachable_scheduler_is_a_clear_error(cli, tmp_path, monkeypatch):
    from checks.cli import audit_dask

    monkeypatch.setattr(audit_dask, "CONNECT_TIMEOUT", "1s")
    _corpus(tmp_path, 1)
    result = cli("audit", "corpus", "--scheduler", f"tcp://127.0.0.1:{free_port()}",
                 "--report-dir", "out", cwd=tmp_path)
    assert result.code == 2
    assert "cannot reach the Dask scheduler" in result.err
    assert "Traceback" not in result.err


def test_resolution_on_a_cluster_is_done_once_by_the_driver(cli, tmp_path, cluster):
    from tests.emulator import Emulator
    from tests.test_audit_resolve import _corpus as _citing_corpus

    with Emulator() as em:
        _citing_corpus(tmp_path, em, pages=4)
        local = cli("audit", "site", "--resolve", "--jobs", "1", "--report-dir", "local",
                    cwd=tmp_path)
        em.reset()
        dask = cli("audit", "site", "--resolve", "--scheduler", cluster, "--report-dir",
                   "dask", cwd=tmp_path)
        crossref = [h.path for h in em.hits("crossref")]
    assert dask.code == local.code == 1, dask.err
    assert len(crossref) == 1  # one batched query, from the driver, for the whole cluster
    one = json.loads((tmp_path / "local" / "report.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "dask" / "report.json").read_text(encoding="utf-8"))
    assert two["findings"] == one["findings"]
    assert any(f["code"] == "HL213" for f in two["findings"])
