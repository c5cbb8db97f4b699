"""``audit --resolve``: the corpus's identifiers resolved once, by the driver, batched."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.emulator import Emulator

ARTICLE = """# {title}

Quinine was once said to cure night cramps [1]. Stretching may help [2].

## References

1. Fabricant R. Quinine cures all nocturnal cramps within a week. J Improb Ther. 2015.
   https://doi.org/10.5555/retracted.2015.3
2. Millbank KC, Stone MS. Exercise-associated muscle cramps: a narrative review.
   Sports Health. 2010. doi:10.5555/cramps.2010.001
3. Duarte P. Stretching before sleep and night cramps. Fam Pract Res. 2016.
   https://doi.org/10.5555/corrected.2016.2
4. A page that is gone: {web}/missing
"""


@pytest.fixture(scope="module")
def em():
    with Emulator() as emulator:
        yield emulator


def _corpus(tmp_path: Path, em: Emulator, pages: int = 6) -> None:
    config = {"select": ["HL2"], "resolver": em.resolver_config()}
    (tmp_path / "healthlint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for n in range(pages):
        section = "cramps" if n % 2 else "sleep"
        path = tmp_path / "site" / section / f"page-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(title=f"Page {n}", web=em.urls["web"]),
                        encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_identifier_is_resolved_once_across_the_corpus(cli, tmp_path, em, jobs):
    _corpus(tmp_path, em)
    em.reset()
    result = cli("audit", "site", "--resolve", "--jobs", jobs, "--report-dir", "out",
                 cwd=tmp_path)
    assert result.code == 1, result.err  # HL213 (retracted) is an error
    # Six pages cite the same three DOIs and one link: each is asked about once, the
    # Crossref records in one batched query.
    crossref = [h.path for h in em.hits("crossref")]
    assert len(crossref) == 1 and crossref[0].startswith("/works?filter=")
    assert Counter(h.path for h in em.hits("web") if "missing" in h.path).most_common(1)[0][
        1] <= 3  # HEAD, GET, and the one retry before calling a page gone
    assert len([h for h in em.hits("doi") if h.path.startswith("/ra/")]) == 1

    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    by_code = Counter(f["code"] for f in doc["findings"])
    assert by_code["HL213"] == 6 and by_code["HL215"] == 6 and by_code["HL216"] == 6
    # The report lists the retracted paper once, with every page that cites it.
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    retracted = page[page.index('id="res-retracted"'):page.index('id="res-concern"')]
    assert retracted.count("<tr><td><code>10.5555/retracted.2015.3</code>") == 1
    assert all(f"site/{s}/page-{n}.md" in retracted
               for n, s in enumerate(["sleep", "cramps"] * 3))
    broken = page[page.index('id="res-broken"'):]
    assert f"{em.urls['web']}/missing" in broken
    assert "identifiers were resolved once each" not in result.out  # the page says it
    assert "distinct identifiers cited across the site were resolved once each" in page


def test_without_resolve_the_report_says_how_to_turn_it_on(cli, tmp_path, em):
    _corpus(tmp_path, em, pages=1)
    em.reset()
    result = cli("audit", "site", "--jobs", "1", "--report-dir", "out", cwd=tmp_path)
    assert result.code == 0, result.err
    assert em.hits() == []  # offline
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "healthlint audit --resolve" in page


def test_the_pre_pass_wants_what_the_lint_pass_asks_for(tmp_path):
    """The workers' cheap read (no spaCy) must want every identifier and reference query
    the fully analysed article will look up, or those checks would find no answer."""
    from checks.cli.audit_worker import Linter, WorkerSpec
    from checks.resolve.collect import wanted_in
    from claims.read import read

    text = ARTICLE.format(title="Cramps", web="https://example.org") + (
        "5. Okafor A. Effects of magnesium on nocturnal leg cramps: a randomised crossover "
        "trial. J Sleep Med. 2012;4:1-9.\n")
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    linter = Linter(WorkerSpec(None, {"select": ["HL2"], "resolve": True}, None, 0))
    cheap = linter.wanted(str(path))
    full = wanted_in(read(str(path)))
    assert cheap is not None
    assert cheap.keys == full.keys and len(full.keys) == 4
    assert set(cheap.queries) == set(full.queries) and len(full.queries) == 1
