"""Exact positions: for every finding on every fixture, (line, column)..(end_line, end_column)
of the file's text is exactly the finding's excerpt, and every sentence maps back to its source.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from claims.source import SourceText, decode
from tests.conftest import ROOT, SEEDS

EXTENSIONS = {".md", ".markdown", ".html", ".htm", ".txt"}


def _corpus() -> list[Path]:
    roots = [ROOT / "tests" / "fixtures", ROOT / "tests" / "devset", ROOT / "articles", SEEDS]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(p for p in sorted(root.rglob("*")) if p.suffix.lower() in EXTENSIONS)
    return files


CORPUS = _corpus()


def _text_at(source: SourceText, line: int, column: int, end_line: int, end_column: int) -> str:
    return source.text[source.offset(line, column):source.offset(end_line, end_column)]


@pytest.mark.skipif(not CORPUS, reason="no fixtures yet")
def test_every_finding_excerpt_is_the_source_at_its_position(cli):
    result = cli("check", *map(str, CORPUS), "--select", "HL", "--preview", "--format", "json",
                 "--exit-zero", "--no-inline-config")
    assert result.code == 0, result.err
    findings = json.loads(result.out)["findings"]
    assert findings, "the corpus should produce findings to check"
    sources: dict[str, SourceText] = {}
    mismatches = []
    for f in findings:
        if f["path"] not in sources:
            sources[f["path"]] = SourceText(decode(Path(f["path"]).read_bytes()).text)
        got = _text_at(sources[f["path"]], f["line"], f["column"], f["end_line"],
                       f["end_column"])
        if got != f["excerpt"]:
            mismatches.append((f["path"], f["line"], f["column"], f["code"], got, f["excerpt"]))
    assert not mismatches, mismatches[:5]


@pytest.mark.skipif(not CORPUS, reason="no fixtures yet")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_sentences_and_blocks_map_to_source(path):
    from claims.read import UnreadableFile, read

    try:
        article = read(str(path))
    except UnreadableFile:
        pytest.skip("fixture is deliberately unreadable")
    text = article.text
    for block in article.blocks:
        assert 0 <= block.start <= block.end <= len(text)
        for i, ch in enumerate(block.text):
            src = text[block.projection.offsets[i]]
            # synthetic characters stand for a line break or tag (white space) or an entity
            assert src == ch or ch.isspace() or src == "&", (path.name, i, ch, src)
    for sentence in article.sentences:
        raw = text[sentence.start:sentence.end]
        assert raw.strip() == raw, f"sentence span has outer white space: {raw!r}"
        assert raw, "empty sentence"
        first_word = sentence.text.split()[0].strip("*_[(\"'“")
        # emphasis markup may sit inside the word in the source ("**A**symmetrical",
        # "<b>A</b>symmetry")
        unmarked = re.sub(r"<[^>]*>", "", html.unescape(raw)).replace("*", "").replace("_", "")
        assert first_word[:3] in raw or first_word[:3] in unmarked, (sentence.text, raw)
