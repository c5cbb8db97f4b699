"""Slow input: crafted articles that once took minutes must read in seconds, and a file
that is still too slow is stopped at ``file-timeout`` and reported, not waited for.

Before the fix, 15 KB of ``%`` took 45-70 s (spaCy's affix search is quadratic in a
token's length) and 128 KB of ``[1] `` markers 23-105 s (the marker scan compared each
marker with every earlier one). The inputs here are larger than those, so the old code
would take many minutes; the limits leave room for a loaded machine.
"""

from __future__ import annotations

import json
import time

import pytest

from claims.long_tokens import MAX_RUN, long_runs, pieces
from claims.read import read_text
from claims.sentences import MAX_SENTENCE_TOKENS, cap_sentence_length

# Seconds. The old code needed minutes (the markers: about four) to hours (the runs) for
# these inputs; the new one takes a few seconds, and this leaves room for a machine
# shared by many jobs.
LIMIT = 60.0


def _timed_read(text: str, format: str = "markdown"):
    started = time.monotonic()
    article = read_text(text, path="crafted.md", format=format)
    return article, time.monotonic() - started


@pytest.mark.parametrize("text, format", [
    ("Note " + ">" * 200_000 + "\n", "text"),
    ("%" * 200_000 + "\n", "markdown"),
    ("See https://example.org/?" + "a=b&" * 50_000 + " here.\n", "text"),
    ("Sleep matters " + "(" * 100_000 + " end.\n", "markdown"),
], ids=["gt-run", "percent-run", "url-with-query", "open-brackets"])
def test_a_long_run_without_spaces_reads_in_seconds(text, format) -> None:
    article, took = _timed_read(text, format)
    assert took < LIMIT
    # Positions still map to the source: every sentence is the source text it claims.
    for sentence in article.sentences:
        assert article.text[sentence.start:sentence.end] == sentence.text


def test_many_citation_markers_read_in_linear_time() -> None:
    text = "Sleep helps blood pressure. " + "[1] " * 96_000 + "\n\n## References\n\n1. Doe.\n"
    article, took = _timed_read(text)
    assert took < LIMIT
    markers = [c for c in article.citations if c.kind == "marker"]
    assert len(markers) == 96_000
    assert all(c.sentence is not None for c in markers)


def test_long_runs_are_cut_into_pieces_that_rebuild_the_run() -> None:
    text = "short words " + "x" * (MAX_RUN * 3 + 7) + " and more " + "y" * MAX_RUN
    runs = long_runs(text)
    assert len(runs) == 1  # a run of exactly MAX_RUN characters is left to spaCy
    start, end = runs[0]
    cut = pieces(text[start:end])
    assert "".join(cut) == text[start:end]
    assert [len(p) for p in cut] == [MAX_RUN, MAX_RUN, MAX_RUN, 7]


def test_a_doc_with_long_runs_keeps_the_exact_text() -> None:
    from claims.sentences import get_nlp

    text = "Before  " + "%" * 1000 + "\tafter. " + "-" * 250 + "\n"
    doc = get_nlp().tokenizer(text)
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= MAX_RUN


def test_sentences_are_capped_in_length() -> None:
    assert cap_sentence_length([0], 10) == [0]
    n = MAX_SENTENCE_TOKENS * 2 + 5
    assert cap_sentence_length([0, 3], n) == [0, 3, 3 + MAX_SENTENCE_TOKENS,
                                             3 + 2 * MAX_SENTENCE_TOKENS]
    article, _ = _timed_read("Numbers " + "12 " * 5000 + "end.\n")
    assert max(len(s.doc) for s in article.sentences) <= MAX_SENTENCE_TOKENS


SLOW = """---
title: Sleep
---

# Sleep

SLOW-FILE
"""


def test_check_stops_a_slow_file_and_lints_the_next(cli, tmp_path, write, saboteur) -> None:
    write("docs/a-slow.md", SLOW)
    write("docs/b-fine.md", "# Fine\n\nPlain text.\n")
    started = time.monotonic()
    result = cli("check", "--select", "HL9,XZ002", "--file-timeout", "1", "--format", "json",
                 "docs", cwd=tmp_path)
    assert time.monotonic() - started < 20  # the plugin sleeps 30 s
    report = json.loads(result.out)
    findings = report["findings"]
    assert [(f["path"], f["code"]) for f in findings] == [("docs/a-slow.md", "HL908")]
    assert "file-timeout" in findings[0]["message"]
    assert report["summary"]["files"] == 2
    assert [e["code"] for e in report["errors"]] == ["HL908"]  # counted as not linted
    assert result.code == 1  # a finding, not a crash (exit 2)


def test_file_timeout_is_configurable_and_validated(cli, tmp_path, write) -> None:
    write("healthlint.yaml", "file-timeout: -3\n")
    write("a.md", "# A\n\nText.\n")
    result = cli("check", ".", cwd=tmp_path)
    assert result.code == 2
    assert "file-timeout" in result.err
    assert cli("check", "--file-timeout", "soon", ".", cwd=tmp_path).code == 2


def test_a_timed_out_result_is_never_cached(tmp_path, monkeypatch) -> None:
    """A file that ran out of time on a busy machine is linted again next time."""
    from checks.engine.article import timed_out_result
    from checks.engine.results_cache import ResultsCache, content_digest
    from checks.engine.runner import Planner
    from checks.settings.config import ConfigResolver

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.md"
    path.write_text("# A\n\nText.\n", encoding="utf-8")
    cache = ResultsCache(str(tmp_path / "cache"))
    plan = Planner(ConfigResolver(None)).plan(str(path))
    cached, data = cache.lookup(str(path), plan, None)
    assert cached is None and data == path.read_bytes()
    timed_out = timed_out_result(str(path), "too slow", plan)
    timed_out.digest = content_digest(data)
    cache.store(timed_out, plan, None)
    assert cache.lookup(str(path), plan, None)[0] is None


def test_the_results_cache_never_blocks_on_a_fifo(tmp_path) -> None:
    import os

    from checks.engine.results_cache import ResultsCache
    from checks.engine.runner import Planner
    from checks.settings.config import ConfigResolver
    from tests.test_special_files import _within

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    plan = Planner(ConfigResolver(None)).plan(str(fifo))
    cache = ResultsCache(str(tmp_path / "cache"))
    assert _within(10, lambda: cache.lookup(str(fifo), plan, None)) == (None, None)


def test_the_claims_command_has_the_same_limit(cli, tmp_path, write) -> None:
    write("healthlint.yaml", "file-timeout: 0.000001\n")  # no file reads in a microsecond
    write("a.md", "# Sleep\n\nSleep lowers blood pressure in adults.\n")
    result = cli("claims", "a.md", cwd=tmp_path)
    assert "file-timeout" in result.err
    assert result.code == 2  # nothing could be listed
