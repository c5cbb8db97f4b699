"""The results cache (.healthlint_cache/) and ``check`` over many files on a process pool."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checks import __version__
from checks.cli.batch import PARALLEL_FROM, lint_files
from checks.engine.results_cache import CACHE_DIR, ResultsCache
from checks.engine.runner import Planner
from checks.settings.config import ConfigResolver

ARTICLE = """\
---
title: Magnesium and sleep
---

# Magnesium and sleep

Magnesium supplements cure insomnia in adults within two weeks.
Low magnesium levels raise the risk of high blood pressure by 10 mmHg.

Studies show vitamin C prevents colds [1].

## References

1. Smith J. Vitamin C and colds. doi:10.1000/xyz123.
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Settings without a config file are rooted at the working directory: the cache too."""
    monkeypatch.chdir(tmp_path)


def _json(findings_output: str) -> list[dict]:
    return json.loads(findings_output)["findings"]


def _lint(paths: list[str], cache: ResultsCache | None, jobs: int = 1):
    planner = Planner(ConfigResolver(None))
    return lint_files(paths, planner, cache, jobs=jobs)


def test_second_run_answers_from_the_cache_with_identical_output(write, cli, tmp_path):
    write("a.md", ARTICLE)
    write("b.html", "<html><body><h1>Zinc</h1><p>Zinc lozenges shorten a cold by three "
                    "days in most adults.</p></body></html>")
    first = cli("check", ".", "--format", "json", cwd=tmp_path)
    assert (tmp_path / CACHE_DIR / __version__).is_dir()
    assert (tmp_path / CACHE_DIR / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f")
    for fmt in ("json", "sarif", "concise", "full"):
        uncached = cli("check", ".", "--format", fmt, "--no-cache", cwd=tmp_path)
        cached = cli("check", ".", "--format", fmt, cwd=tmp_path)
        assert (cached.code, cached.out) == (uncached.code, uncached.out), fmt
    assert _json(first.out) and first.code == 1


def test_unchanged_files_are_hits_and_a_changed_file_is_linted_again(write, tmp_path):
    a = write("a.md", ARTICLE)
    b = write("b.md", ARTICLE.replace("[1]", ""))
    cache = ResultsCache()
    before = _lint([a, b], cache)
    assert (cache.hits, cache.misses) == (0, 2)
    again = _lint([a, b], cache)
    assert (cache.hits, cache.misses) == (2, 2)
    assert [[f.to_json() for f in r.findings] for r in again] == \
        [[f.to_json() for f in r.findings] for r in before]
    Path(b).write_text(ARTICLE.replace("Studies show", "Zinc lozenges shorten a cold by "
                                       "three days in most adults. Studies show"))
    changed = _lint([a, b], cache)
    assert (cache.hits, cache.misses) == (3, 3)
    assert [f.to_json() for f in changed[1].findings] != \
        [f.to_json() for f in before[1].findings]


def test_a_settings_change_misses(write, tmp_path):
    path = write("a.md", ARTICLE)
    cache = ResultsCache()
    _lint([path], cache)
    write("healthlint.yaml", "ignore: [HL5]\n")
    results = _lint([path], cache)
    assert cache.hits == 0
    assert not any(f.code.startswith("HL5") for f in results[0].findings)
    _lint([path], cache)
    assert cache.hits == 1


def test_the_day_staleness_is_judged_on_is_part_of_the_key(write, cli, tmp_path):
    write("a.md", ARTICLE)
    cli("check", "a.md", "--today", "2026-01-01", cwd=tmp_path)
    entries = list((tmp_path / CACHE_DIR).rglob("*.json"))
    cli("check", "a.md", "--today", "2031-01-01", cwd=tmp_path)
    assert len(list((tmp_path / CACHE_DIR).rglob("*.json"))) == len(entries) + 1


def test_no_cache_writes_nothing(write, cli, tmp_path):
    write("a.md", ARTICLE)
    cli("check", "a.md", "--no-cache", cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_a_damaged_or_unwritable_cache_never_fails_a_run(write, cli, tmp_path, monkeypatch):
    write("a.md", ARTICLE)
    clean = cli("check", "a.md", "--no-cache", cwd=tmp_path)
    cli("check", "a.md", cwd=tmp_path)
    for entry in (tmp_path / CACHE_DIR).rglob("*.json"):
        entry.write_text("{not json")
    assert cli("check", "a.md", cwd=tmp_path).out == clean.out
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory would go")
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(blocked))
    result = cli("check", "a.md", cwd=tmp_path)
    assert (result.code, result.out, result.err) == (clean.code, clean.out, clean.err)


def test_fix_still_fixes_when_the_findings_come_from_the_cache(write, cli, tmp_path):
    path = write("a.md", ARTICLE)
    cli("check", "a.md", cwd=tmp_path)
    cli("check", "a.md", "--fix", cwd=tmp_path)
    assert "Disclaimer" in Path(path).read_text(encoding="utf-8")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_many_files_on_a_pool_give_what_one_process_gives(write, tmp_path):
    paths = []
    for i in range(PARALLEL_FROM + 4):
        body = ARTICLE if i % 2 else ARTICLE.replace("[1]", "")
        paths.append(write(f"n{i:02d}.md", body.replace("two weeks", f"{i + 2} weeks")))
    serial = _lint(paths, None, jobs=1)
    pooled = _lint(paths, None, jobs=2)
    assert [r.path for r in pooled] == [str(p) for p in paths]
    assert [[f.to_json() for f in r.findings] for r in pooled] == \
        [[f.to_json() for f in r.findings] for r in serial]
