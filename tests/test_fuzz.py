"""Fuzzing the readers and the whole pipeline: no input may crash, stall or misplace.

Inputs are built from the pieces that have broken linters before (front matter,
suppression comments, citation markers, identifiers, HTML, very long runs, control
and combining characters) mixed with arbitrary text. Every run checks that reading
never raises, every position maps back to the source, no check crashes (HL999), and
every finding lies inside the file.

Bounded for the suite: a fixed, derandomised sample. ``HEALTHLINT_FUZZ=5000`` runs that
many random examples per test instead (a longer campaign before a release).
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.engine.article import INTERNAL, lint_article
from checks.engine.runner import Planner
from checks.output.reporters import Report, render
from checks.settings.config import ConfigResolver
from claims.read import FORMATS, UnreadableFile, read, read_text

_CAMPAIGN = int(os.environ.get("HEALTHLINT_FUZZ", "0"))
FUZZ = settings(
    max_examples=_CAMPAIGN or 30,
    deadline=None,
    derandomize=not _CAMPAIGN,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

PIECES = [
    "---\n", "title: Sleep\n", "author: [unclosed\n", "healthlint: {ignore: [HL]}\n",
    "tags: &a [x, *a]\n", "# Heading\n", "## Sources\n", "\n\n", "\n", " ", "\t", "\r\n",
    "Sleep lowers blood pressure by 10% in adults.", " [1]", "[^1]", "[1]: Doe J. 2019.",
    "[2-4]", "[1, 3]", "²", ".[12]", "(Smith et al., 2019)", "Smith (2020) found",
    "doi:10.1000/xyz123", "https://doi.org/10.1000/abc", "PMID: 12345678", "PMC123456",
    "https://example.org/a?b=c&d=e", "<!-- healthlint-disable-next-line HL101 -->",
    "<!-- healthlint-disable-file HL4 -- legacy -->", "<!-- healthlint-enable HL301 -->",
    "<!--", "-->", "<sup>1</sup>", "<p>", "</p>", "<a href=\"#ref1\">1</a>", "<script>x",
    "```", "    code", "> quote", "- item", "1. item", "| a | b |\n|---|---|\n", "*", "_",
    "Dr. Smith", "e.g.", "10 mg/dL.", "Buy now! Use code SAVE20", "\u0000", "\u200b",
    "e\u0301", "\U0001f600", "\ufeff", "%" * 300, ">" * 150, "[" * 80, "a" * 500,
]

articles = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)),
                    max_size=40).map("".join)


def _assert_positions(article) -> None:
    n = len(article.text)
    for block in article.blocks:
        assert 0 <= block.start <= block.end <= n
    for sentence in article.sentences:
        assert 0 <= sentence.start <= sentence.end <= n
    for citation in article.citations:
        assert 0 <= citation.start <= citation.end <= n


@FUZZ
@given(text=articles, format=st.sampled_from(FORMATS))
def test_readers_never_crash_and_positions_stay_in_the_source(text, format) -> None:
    article = read_text(text, path=f"fuzz.{format}", format=format)
    _assert_positions(article)


@FUZZ
@given(data=st.one_of(articles.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.binary(max_size=400)),
       suffix=st.sampled_from([".md", ".html", ".txt"]))
def test_reading_bytes_is_a_result_or_a_clear_refusal(tmp_path_factory, data, suffix) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    try:
        article = read(str(path))
    except UnreadableFile as exc:
        assert exc.code in ("HL901", "HL903") and exc.message
        return
    _assert_positions(article)


_PLANNER = Planner(ConfigResolver(None, {"today": "2026-06-01", "preview": True}))


@FUZZ
@given(text=articles, format=st.sampled_from(FORMATS))
def test_the_whole_pipeline_never_crashes_a_check(tmp_path_factory, text, format) -> None:
    path = str(tmp_path_factory.getbasetemp() / f"fuzz.{format}")
    plan = _PLANNER.plan(path)
    article = read_text(text, path=path, format=format)
    result = lint_article(article, plan, path)
    crashed = [f.message for f in result.findings if f.code == INTERNAL]
    assert not crashed, crashed
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert 1 <= finding.line <= finding.end_line
    report = json.loads(render(Report([result], plan.registry, "fuzz"), "json"))
    assert report["summary"]["findings"] == len(result.findings)
