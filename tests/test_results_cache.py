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
from tests.sample_articles import MAGNESIUM_ARTICLE


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
    write("a.md", MAGNESIUM_ARTICLE)
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
    a = write("a.md", MAGNESIUM_ARTICLE)
    b = write("b.md", MAGNESIUM_ARTICLE.replace("[1]", ""))
    cache = ResultsCache()
    before = _lint([a, b], cache)
    assert (cache.hits, cache.misses) == (0, 2)
    again = _lint([a, b], cache)
    assert (cache.hits, cache.misses) == (2, 2)
    assert [[f.to_json() for f in r.findings] for r in again] == \
        [[f.to_json() for f in r.findings] for r in before]
    Path(b).write_text(MAGNESIUM_ARTICLE.replace("Studies show", "Zinc lozenges shorten a cold by "
                                       "three days in most adults. Studies show"))
    changed = _lint([a, b], cache)
    assert (cache.hits, cache.misses) == (3, 3)
    assert [f.to_json() for f in changed[1].findings] != \
        [f.to_json() for f in before[1].findings]


def test_a_settings_change_misses(write, tmp_path):
    path = write("a.md", MAGNESIUM_ARTICLE)
    cache = ResultsCache()
    _lint([path], cache)
    write("healthlint.yaml", "ignore: [HL5]\n")
    results = _lint([path], cache)
    assert cache.hits == 0
    assert not any(f.code.startswith("HL5") for f in results[0].findings)
    _lint([path], cache)
    assert cache.hits == 1


def test_the_day_staleness_is_judged_on_is_part_of_the_key(write, cli, tmp_path):
    write("a.md", MAGNESIUM_ARTICLE)
    cli("check", "a.md", "--today", "2026-01-01", cwd=tmp_path)
    entries = list((tmp_path / CACHE_DIR).rglob("*.json"))
    cli("check", "a.md", "--today", "2031-01-01", cwd=tmp_path)
    assert len(list((tmp_path / CACHE_DIR).rglob("*.json"))) == len(entries) + 1


def test_no_cache_writes_nothing(write, cli, tmp_path):
    write("a.md", MAGNESIUM_ARTICLE)
    cli("check", "a.md", "--no-cache", cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_a_damaged_or_unwritable_cache_never_fails_a_run(write, cli, tmp_path, monkeypatch):
    write("a.md", MAGNESIUM_ARTICLE)
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
    path = write("a.md", MAGNESIUM_ARTICLE)
    cli("check", "a.md", cwd=tmp_path)
    cli("check", "a.md", "--fix", cwd=tmp_path)
    assert "Disclaimer" in Path(path).read_text(encoding="utf-8")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_many_files_on_a_pool_give_what_one_process_gives(write, tmp_path):
    paths = []
    for i in range(PARALLEL_FROM + 4):
        body = MAGNESIUM_ARTICLE if i % 2 else MAGNESIUM_ARTICLE.replace("[1]", "")
        paths.append(write(f"n{i:02d}.md", body.replace("two weeks", f"{i + 2} weeks")))
    serial = _lint(paths, None, jobs=1)
    pooled = _lint(paths, None, jobs=2)
    assert [r.path for r in pooled] == [str(p) for p in paths]
    assert [[f.to_json() for f in r.findings] for r in pooled] == \
        [[f.to_json() for f in r.findings] for r in serial]


@pytest.mark.parametrize("count", [1, PARALLEL_FROM + 2], ids=["in-process", "pool"])
def test_a_file_edited_after_it_was_hashed_never_leaves_findings_under_that_digest(
        write, tmp_path, monkeypatch, count):
    """The file changes between the cache's hash and the linter's read; once it is back to
    what was hashed, a hit must give that content's findings, not the edit's."""
    if count > 1 and (os.cpu_count() or 1) < 2:
        pytest.skip("needs two cores")
    original = MAGNESIUM_ARTICLE
    edited = MAGNESIUM_ARTICLE.replace("[1]", "")
    paths = [write(f"n{i:02d}.md", original) for i in range(count)]
    expected = _lint(paths[:1], None)[0]
    lookup = ResultsCache.lookup

    def edit_after_hashing(self, path, plan, format_in):
        found = lookup(self, path, plan, format_in)
        Path(path).write_text(edited, encoding="utf-8")
        return found

    monkeypatch.setattr(ResultsCache, "lookup", edit_after_hashing)
    _lint(paths, ResultsCache(), jobs=2)
    monkeypatch.setattr(ResultsCache, "lookup", lookup)
    for path in paths:
        Path(path).write_text(original, encoding="utf-8")
    cache = ResultsCache()
    again = _lint(paths, cache, jobs=2)
    assert expected.findings and all(_kinds(r) == _kinds(expected) for r in again)


def _kinds(result) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.message) for f in result.findings]


def test_a_relearned_model_file_misses(write, tmp_path):
    """A development install that relearns a model keeps its version: the data file's stamp
    is part of the key, so the findings are linted again."""
    import claims

    path = write("a.md", MAGNESIUM_ARTICLE)
    cache = ResultsCache()
    _lint([path], cache)
    _lint([path], cache)
    assert cache.hits == 1
    model = Path(claims.__file__).parent / "claim_model.json"
    stat = model.stat()
    try:
        os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        _lint([path], cache)
        assert cache.hits == 1
    finally:
        os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _lint([path], cache)
    assert cache.hits == 2
