"""HL2xx through the engine: offline malformed identifiers, and every network verdict."""

from __future__ import annotations

import subprocess
import sys

import pytest

from checks.contract.registry import Registry
from checks.engine.article import lint_article, plan_for
from checks.resolve import services_for
from checks.rules import references as hl2
from checks.settings.config import Settings
from claims.identifiers import find_identifiers
from claims.model import BlockKind, Reference
from claims.read import read_text
from tests.conftest import ROOT, SEEDS, needs_seeds
from tests.emulator import Emulator
from tests.emulator.harness import lint_settings

REGISTRY = Registry(hl2.CHECKS)


def lint(article, settings: Settings, services=None):
    return lint_article(article, plan_for(settings, REGISTRY), services=services).findings


def with_references(text: str, meta: list[dict]) -> object:
    """An article whose reference-list entries carry the stated metadata given."""
    article = read_text(text, analyse=False)
    blocks = article.blocks_of(BlockKind.REFERENCE)
    assert len(blocks) == len(meta)
    for n, (block, stated) in enumerate(zip(blocks, meta, strict=True), 1):
        body = text[block.start:block.end]
        article.references.append(Reference(
            label=str(n), start=block.start, end=block.end, text=body,
            identifiers=find_identifiers(body, block.start), **stated))
    return article


# ------------------------------------------------------------------ offline


def test_offline_checks_do_not_load_the_network_stack() -> None:
    code = ("import sys, checks.rules.references, checks.resolve, claims.identifiers;"
            "print(sorted(m for m in ('requests', 'urllib3', 'requests_cache', 'rapidfuzz')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_loading_the_checks_leaves_identifier_collection_for_the_first_article() -> None:
    """A pre-commit run the results cache answers never reads an article: loading the
    checks must not import ``checks.resolve`` (it cost 8-14 ms of a cold start)."""
    code = ("import sys; from checks.contract.registry import load; "
            "from checks.settings.config import ConfigResolver; "
            "load(ConfigResolver(None).for_path('a.md')); "
            "print(sorted(m for m in sys.modules if m.startswith('checks.resolve')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_malformed_doi_in_markdown_with_fix_at_exact_position() -> None:
    text = ("# Cramps\n\nClaim [1].\n\n## References\n\n"
            "1. Katzberg HD. Assessment. Neurology. 2010. https://doi.org/1212/wnl.0b013e3181d0ccca\n")
    findings = lint(read_text(text, analyse=False), Settings(select=["HL2"]))
    (f,) = findings
    assert f.code == "HL201" and f.excerpt == "1212/wnl.0b013e3181d0ccca"
    assert text[f.start:f.end] == "1212/wnl.0b013e3181d0ccca"
    assert "10.1212/wnl.0b013e3181d0ccca" in f.message
    assert f.fix is not None and f.fix.applicability == "unsafe"  # not confirmed offline
    (edit,) = f.fix.edits
    assert (edit.start, edit.end, edit.text) == (f.start, f.end, "10.1212/wnl.0b013e3181d0ccca")


def test_other_offline_findings() -> None:
    text = ("# T\n\nClaim.\n\n## References\n\n"
            "1. A. PMID: 2O12345\n2. B. PMCID: 3140110\n3. C. htps://example.org/study\n"
            "4. D. http://dx.doi.org/10.1111/ene.13799\n5. E. https://doi.org/10.1111/ene.13799\n")
    found = {(f.code, f.excerpt) for f in lint(read_text(text, analyse=False),
                                                Settings(select=["HL2"]))}
    assert found == {
        ("HL202", "2O12345"), ("HL203", "3140110"), ("HL204", "htps"),
        ("HL205", "http://dx.doi.org/10.1111/ene.13799"),
    }


@needs_seeds
def test_seed_broken_doi_gets_hl201_at_its_file_position() -> None:
    pytest.importorskip("claims.readers.text")
    from claims.read import read

    path = next(SEEDS.glob("000_*.txt"))
    raw = path.read_text(encoding="utf-8")
    findings = [f for f in lint(read(str(path)), Settings(select=["HL2"]))
                if f.code == "HL201"]
    (f,) = findings
    assert raw[f.start:f.end] == "1212/wnl.0b013e3181d0ccca"
    assert raw[f.start - 16:f.start] == "https://doi.org/"
    assert "`10.1212/wnl.0b013e3181d0ccca`" in f.message
    line = raw[:f.start].count("\n") + 1
    assert (f.line, f.column) == (line, f.start - raw.rfind("\n", 0, f.start))


# ------------------------------------------------------------------ network


@pytest.fixture(scope="module")
def em():
    with Emulator() as emulator:
        yield emulator


def network_article(em: Emulator):
    web = em.urls["web"]
    entries = [
        ("Swanson M, Czerny D. Muscular cramp: causes and management. Eur J Neurol. 2018. "
         "https://doi.org/10.5555/cramps.2018.014",
         {"authors": ["Swanson M", "Czerny D"], "year": 2018, "journal": "Eur J Neurol",
          "title": "Muscular cramp: causes and management"}),
        ("Fabricant R. Quinine cures all nocturnal cramps within a week. 2015. "
         "doi:10.5555/retracted.2015.3",
         {"authors": ["Fabricant R"], "year": 2015,
          "title": "Quinine cures all nocturnal cramps within a week"}),
        ("Lindqvist S. Electrolyte drinks prevent exercise cramps in runners. 2019. "
         "https://doi.org/10.5555/concern.2019.8", {}),
        ("Duarte P. Stretching before sleep. 2016. https://doi.org/10.5555/corrected.2016.2", {}),
        ("Hartmann L. Vitamin B. 2020. https://doi.org/10.5555/newversion.2020.5", {}),
        ("Nobody A. A study that does not exist. 2019. https://doi.org/10.5555/no-such-paper",
         {"authors": ["Nobody A"], "title": "A study that does not exist", "year": 2019}),
        ("Okafor A. Deep brain stimulation in refractory depression. 2012. "
         "https://doi.org/10.5555/cramps.2010.001",
         {"authors": ["Okafor A"], "year": 2001,
          "title": "Deep brain stimulation in refractory depression"}),
        ("Millbank KC. Exercise-associated muscle cramps. Sports Health. 2004. "
         "https://doi.org/10.5555/cramps.2010.001x",
         {"authors": ["Millbank KC"], "year": 2004, "journal": "Sports Health",
          "title": "Exercise-associated muscle cramps"}),
        ("Katzenberg HD. Assessment: symptomatic treatment for muscle cramps. 2010. "
         "https://doi.org/5555/neurology.2010.74",
         {"authors": ["Katzenberg HD"], "year": 2010,
          "title": "Assessment: symptomatic treatment for muscle cramps"}),
        ("Vance TR. Pickle juice stops cramps instantly. 2014. PMID: 31000002", {}),
        (f"Gone page. {web}/gone", {}),
        (f"Moved page. {web}/moved", {}),
        (f"Forbidden page. {web}/forbidden", {}),
        (f"Internal page. {web}/to-private", {}),
        ("Abernathy J, Quist M. Calf muscle cramps and statin therapy in a cohort of veterans. "
         "Pharmacoepidemiology Letters. 2011.",
         {"authors": ["Abernathy J", "Quist M"], "year": 2011,
          "title": "Calf muscle cramps and statin therapy in a cohort of veterans"}),
        ("Moreau C. Night cramps in pregnancy: a survey. Obstetric Notes. 2014.",
         {"authors": ["Moreau C"], "year": 2014, "title": "Night cramps in pregnancy: a survey"}),
    ]
    text = "# Cramps\n\nClaim [1].\n\n## References\n\n" + "".join(
        f"{n}. {body}\n" for n, (body, _) in enumerate(entries, 1))
    return with_references(text, [meta for _, meta in entries])


def test_every_network_verdict_through_the_engine(em) -> None:
    # A Crossref record for the "discrepancy" DOI: the same paper as 10.5555/cramps.2010.001.
    from tests.emulator import fixtures as fx

    em.state.extra_crossref["10.5555/cramps.2010.001x"] = fx.crossref_record(
        "10.5555/cramps.2010.001x", "Exercise-associated muscle cramps",
        [("Millbank", "Karen C.")], 2010, "Sports Health")
    try:
        article = network_article(em)
        settings = lint_settings(em)
        services = services_for([article], settings)
        findings = lint(article, settings, services)
    finally:
        em.state.extra_crossref.clear()
    web = em.urls["web"]
    by_code: dict[str, list] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    assert sorted(by_code) == ["HL201", "HL210", "HL211", "HL212", "HL213", "HL214", "HL215",
                               "HL216", "HL217", "HL218", "HL219", "HL220"]
    excerpt = {code: [f.excerpt for f in fs] for code, fs in by_code.items()}
    assert excerpt["HL210"] == ["https://doi.org/10.5555/no-such-paper"]
    assert excerpt["HL211"] == ["https://doi.org/10.5555/cramps.2010.001"]
    assert excerpt["HL212"] == ["https://doi.org/10.5555/cramps.2010.001x"]
    assert excerpt["HL213"] == ["10.5555/retracted.2015.3", "31000002"]
    assert excerpt["HL214"] == ["https://doi.org/10.5555/concern.2019.8"]
    assert excerpt["HL215"] == ["https://doi.org/10.5555/corrected.2016.2"]
    assert excerpt["HL216"] == [f"{web}/gone"]
    assert excerpt["HL217"] == [f"{web}/moved"]
    assert excerpt["HL218"] == [f"{web}/forbidden"]
    assert excerpt["HL219"] == [f"{web}/to-private"]
    assert excerpt["HL201"] == ["5555/neurology.2010.74"]
    assert len(excerpt["HL220"]) == 1 and "Abernathy J, Quist M" in excerpt["HL220"][0]

    msg = {code: fs[0].message for code, fs in by_code.items()}
    assert "10.5555/notice.retraction.2017" in msg["HL213"] and "2017-06-01" in msg["HL213"]
    assert "retraction-watch" in msg["HL213"]
    assert "responseCode 100" in msg["HL210"]
    assert "year: cited '2004', Crossref has '2010'" in msg["HL212"]
    assert "Crossref confirms 10.5555/neurology.2010.74" in msg["HL201"]
    assert by_code["HL201"][0].fix.applicability == "safe"
    assert by_code["HL217"][0].fix.applicability == "safe"
    assert by_code["HL217"][0].fix.edits[0].text == f"{web}/new-home/article"
    assert "https://doi.org/10.5556/unique.2011.9" in msg["HL220"]
    assert "HTTP 403" in msg["HL218"]
    assert em.hits("private") == []


def test_without_a_prepass_checks_resolve_on_demand(em) -> None:
    text = ("# T\n\nClaim.\n\n## References\n\n"
            "1. Fabricant R. Quinine. 2015. doi:10.5555/retracted.2015.3\n")
    article = with_references(text, [{}])
    services: dict = {}
    findings = lint(article, lint_settings(em), services)
    assert [f.code for f in findings] == ["HL213"]
    assert "resolutions" in services


def test_network_checks_are_off_without_resolve(em) -> None:
    article = network_article(em)
    em.reset()
    findings = lint(article, Settings(select=["HL2"]))
    assert {f.code for f in findings} == {"HL201"}
    assert em.hits() == []


def test_cli_resolve_cache_and_cache_only(em, tmp_path) -> None:
    import yaml

    from tests.conftest import run_cli

    cache = tmp_path / "resolver.sqlite3"
    config = {"select": ["HL2"],
              "resolver": em.resolver_config(cache=True, **{"cache-path": str(cache)})}
    (tmp_path / "healthlint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (tmp_path / "a.md").write_text(
        "# T\n\nClaim [1].\n\n## References\n\n"
        "1. Fabricant R. Quinine cures all nocturnal cramps within a week. 2015. "
        "https://doi.org/10.5555/retracted.2015.3\n"
        f"2. Gone. {em.urls['web']}/gone\n", encoding="utf-8")
    em.reset()
    first = run_cli("check", "--resolve", str(tmp_path))
    assert first.code == 1
    assert "HL213" in first.out and "HL216" in first.out
    requests = len(em.hits())
    assert requests > 0

    again = run_cli("check", "--resolve", str(tmp_path))
    assert again.out == first.out and len(em.hits()) == requests  # all from the cache

    no_cache = run_cli("check", "--resolve", "--no-cache", str(tmp_path))
    assert no_cache.out == first.out and len(em.hits()) > requests

    em.reset()
    cold = run_cli("check", "--cache-only", "--cache-path", str(tmp_path / "empty.sqlite3"),
                   str(tmp_path))
    assert cold.code == 0 and cold.out.count("HL218") == 2 and em.hits() == []

    offline = run_cli("check", str(tmp_path))
    assert offline.code == 0 and "HL2" not in offline.out.replace("HL2xx", "")


def test_doi_with_an_invisible_character_is_flagged_and_still_resolved(em) -> None:
    text = ("# T\n\nClaim.\n\n## References\n\n"
            "1. Fabricant R. Quinine. 2015. https://doi.org/10.5555/retracted\u200b.2015.3\n")
    article = with_references(text, [{}])
    settings = lint_settings(em)
    findings = lint(article, settings, services_for([article], settings))
    assert sorted(f.code for f in findings) == ["HL201", "HL213"]
    (malformed,) = [f for f in findings if f.code == "HL201"]
    assert "U+200B" in malformed.message and "Crossref confirms" in malformed.message
    assert malformed.fix.applicability == "safe"
    assert malformed.fix.edits[0].text == "10.5555/retracted.2015.3"
