"""``audit --resume``: an audit killed midway continues from its spool, losing nothing."""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

from checks.cli.audit import SPOOL_DIR
from checks.output.audit_spool import RESULTS

TOPICS = ["magnesium", "zinc", "vitamin D", "melatonin", "iron", "fibre", "caffeine"]


def _article(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    cited = "" if n % 3 else " [1]"
    return (f"# {topic.title()} and health, part {n}\n\n"
            f"{topic.capitalize()} lowers the risk of migraine by {n % 40 + 10}%{cited}.\n"
            f"Studies show that {topic} improves sleep in adults.\n"
            f"Buy our {topic} gummies today and feel the difference!\n\n"
            "## References\n\n"
            f"1. Roe K. {topic.title()} trial {n}. BMJ. 2019;365:l{1000 + n}. "
            f"doi:10.1136/bmj.l{1000 + n}\n")


def _records(path: Path) -> int:
    """Complete records in a spool file being written."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    count, at = 0, 0
    while at + 8 <= len(data):
        (size,) = struct.unpack(">Q", data[at:at + 8])
        if at + 8 + size > len(data):
            break
        count, at = count + 1, at + 8 + size
    return count


def _corpus(tmp_path: Path, files: int) -> None:
    for n in range(files):
        path = tmp_path / "corpus" / f"s{n % 4}" / f"page-{n:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_article(n), encoding="utf-8")


ARGS = ("--today", "2025-01-01", "--select", "HL1,HL3,HL4")


def test_an_audit_killed_midway_resumes_without_loss_or_duplicates(cli, tmp_path):
    files = 48
    _corpus(tmp_path, files)
    spool = tmp_path / "out" / SPOOL_DIR / RESULTS
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "checks.cli", "audit", "corpus", "--jobs", "2", "--quiet",
         "--report-dir", "out", *ARGS], cwd=tmp_path, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while _records(spool) < 6:
            assert process.poll() is None, process.stderr.read().decode() if \
                process.stderr else "the audit ended before it could be killed"
            assert time.monotonic() < deadline, "the audit never got going"
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the audit and its workers, mid-write
        process.wait()
        if process.stderr:
            process.stderr.close()
    done = _records(spool)
    assert 6 <= done < files
    assert not (tmp_path / "out" / "report.json").exists()

    resumed = cli("audit", "corpus", "--jobs", "2", "--report-dir", "out", "--resume",
                  *ARGS, cwd=tmp_path)
    assert resumed.code in (0, 1), resumed.err
    recovered = files - int(resumed.out.split("Audited ")[1].split(" file")[0])
    assert recovered >= done - 1  # at most a torn last record is relinted
    assert f"{recovered:,} more from the interrupted run" in resumed.out
    assert "resuming" in resumed.err
    assert not (tmp_path / "out" / SPOOL_DIR).exists()  # finished: nothing left to resume

    fresh = cli("audit", "corpus", "--jobs", "1", "--report-dir", "fresh", *ARGS,
                cwd=tmp_path)
    assert fresh.code == resumed.code
    one = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "fresh" / "report.json").read_text(encoding="utf-8"))
    assert one["summary"]["files"] == files
    assert one["findings"] == two["findings"]  # nothing lost, nothing twice
    assert one["summary"] == two["summary"]


def test_resume_refuses_a_spool_of_another_audit(cli, tmp_path):
    _corpus(tmp_path, 3)
    spool_dir = tmp_path / "out" / SPOOL_DIR
    spool_dir.mkdir(parents=True)
    (spool_dir / RESULTS).write_bytes(b"")
    (spool_dir / "run.json").write_text('{"version": 1, "fingerprint": "other"}')
    result = cli("audit", "corpus", "--jobs", "1", "--report-dir", "out", "--resume", *ARGS,
                 cwd=tmp_path)
    assert result.code == 2
    assert "other files or with other options" in result.err
    assert "Traceback" not in result.err


def test_resume_with_nothing_to_resume_runs_the_whole_audit(cli, tmp_path):
    _corpus(tmp_path, 3)
    result = cli("audit", "corpus", "--jobs", "1", "--report-dir", "out", "--resume", *ARGS,
                 cwd=tmp_path)
    assert result.code in (0, 1), result.err
    assert "nothing to resume" in result.err
    assert "Audited 3 files" in result.out


def test_a_torn_last_record_is_cut_off_and_relinted(tmp_path):
    from checks.contract.model import Finding, Severity
    from checks.engine.article import FileResult
    from checks.output.audit_spool import ResultSpool

    directory = str(tmp_path / "spool")
    with ResultSpool(directory, fingerprint="run-1") as spool:
        for n in range(3):
            path = f"page-{n}.md"
            spool.add(FileResult(path, [Finding(path, 1, 1, 1, 2, "HL101", "uncited-claim",
                                                Severity.WARNING, "uncited", "x")]),
                      {"effect": (2, 1)})
        whole = spool.entries[-1].offset + spool.entries[-1].size
    results = Path(directory) / RESULTS
    results.write_bytes(results.read_bytes()[:whole - 5])  # killed mid-write
    with ResultSpool(directory, fingerprint="run-1", resume=True) as spool:
        assert spool.resumed == 2 and spool.done == {"page-0.md", "page-1.md"}
        assert spool.findings == 2 and spool.claims == 4 and spool.uncited_claims == 2
        spool.add(FileResult("page-2.md"), {})  # appended after the cut, not after garbage
        assert [r.path for r in spool.results()] == ["page-0.md", "page-1.md", "page-2.md"]
