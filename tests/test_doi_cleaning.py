"""DOIs as reference lists really write them: glued-on junk flagged with the corrected DOI,
a reference entry's final "." left alone, a link target's final "." reported."""

from __future__ import annotations

import pytest

from checks.contract.registry import Registry
from checks.engine.article import lint_article, plan_for
from checks.rules import references as hl2
from checks.settings.config import Settings
from claims.doi_cleaning import clean_doi
from claims.identifiers import find_identifiers, normalize_doi, validate
from claims.read import read_text

PLAN = plan_for(Settings(select=["HL201"]), Registry(hl2.CHECKS))


@pytest.mark.parametrize(("written", "doi", "reason"), [
    ("10.5555/abcd.2020.1/-/DCSupplemental", "10.5555/abcd.2020.1", "supplement-path"),
    ("10.5555/abcd.77.PMID:31234567", "10.5555/abcd.77", "glued-pmid"),
    ("10.5555/abcd.77pmid: 31234567", "10.5555/abcd.77", "glued-pmid"),
    ("10.5555/xyz-12,http://example.org/paper/12", "10.5555/xyz-12", "glued-url"),
    ("10.5555/xyz-12https://doi.org/10.5555/xyz-12", "10.5555/xyz-12", "glued-url"),
    ("10.5555/xyz-12.www.example.com/x", "10.5555/xyz-12", "glued-url"),
    ("10.5555/xyz-12(Epub ahead of print)", "10.5555/xyz-12", "epub-note"),
    ("10.5555/gr.1234.Article published online before print in June 2003",
     "10.5555/gr.1234", "online-note"),
    ("10.5555/q.ab12/full", "10.5555/q.ab12", "landing-path"),
    ("10.5555/q.ab12/epdf", "10.5555/q.ab12", "landing-path"),
    ("10.5555/q.ab12>accessed 3", "10.5555/q.ab12", "access-note"),
    ("10.5555/0012345678journals.example.com/home/x", "10.5555/0012345678", "glued-host"),
    ("10.5555/j.x.2001.01.001.........12,345(2001)", "10.5555/j.x.2001.01.001", "dot-run"),
    ("10.5555/j.x.2001.01.001(2001)", "10.5555/j.x.2001.01.001", "year"),
    ("10.5555/j.x.2001.01.001(1999", "10.5555/j.x.2001.01.001", "year"),
    ("10.5555/9876?src=recsys", "10.5555/9876", "query"),
    ("10.5555/9876#page-3", "10.5555/9876", "fragment"),
    ("10.5555/ab..2014.09.038", "10.5555/ab.2014.09.038", "doubled-dot"),
    ("10.5555/978-3-1-2__7", "10.5555/978-3-1-2_7", "doubled-underscore"),
    ("10.5555/ann-x<br/>-102", "10.5555/ann-x-102", "markup"),
    ("10.5555/0022-<i>e</i>3514.52", "10.5555/0022-3514.52", "markup"),
])
def test_junk_is_removed(written: str, doi: str, reason: str) -> None:
    cleaning = clean_doi(written)
    assert cleaning is not None and cleaning.doi == doi and cleaning.reasons[0] == reason


@pytest.mark.parametrize("doi", [
    "10.1016/S0140-6736(19)32345-0", "10.1002/(SICI)1097-4636(199706)35:4",
    "10.1093/acprof:oso/9780199592197.001.0001", "10.1021/acs.orglett.5b01234",
    "10.1002/14651858.CD012345.pub2", "10.1000.10/abc", "10.1371/journal.pone.0044815",
    "10.1007/978-3-319-90698-0_26", "10.3389/fpsyg.2017.00084", "10.1146/annurev-nucl-102115",
])
def test_real_dois_have_no_junk(doi: str) -> None:
    assert clean_doi(doi) is None
    assert [p for i in find_identifiers(f"doi:{doi}") for p in validate(i)] == []


def _findings(text: str) -> list:
    return lint_article(read_text(text, path="a.md", analyse=False), PLAN).findings


def _entry(written: str) -> str:
    return f"# T\n\nClaim [1].\n\n## References\n\n1. Doe J. A trial. J X. 2019;1:2. {written}\n"


def test_final_full_stop_of_a_reference_entry_is_punctuation() -> None:
    text = _entry("doi:10.5555/abc.2019.12.")
    assert _findings(text) == []
    (doi,) = [i for i in find_identifiers(text) if i.kind == "doi"]
    assert doi.normalized == "10.5555/abc.2019.12"


@pytest.mark.parametrize("link", [
    "[A trial](https://doi.org/10.5555/abc.12.)", '<a href="https://doi.org/10.5555/abc.12.">x</a>',
])
def test_full_stop_inside_a_link_target_is_reported(link: str) -> None:
    text = _entry(link)
    (finding,) = _findings(text)
    assert finding.data["suggestion"] == "10.5555/abc.12" and finding.fix is not None
    assert text[finding.start:finding.end] == "."


@pytest.mark.parametrize(("written", "fixed"), [
    ("doi:10.5555/abc.12/-/DCSupplemental", "doi:10.5555/abc.12"),
    ("https://doi.org/10.5555/abc.12?utm_source=feed", "https://doi.org/10.5555/abc.12"),
    ("doi:10.5555/abc.12,http://example.org/a", "doi:10.5555/abc.12"),
    ("doi:10.5555/abc.12[doi]", "doi:10.5555/abc.12"),
    ("doi:doi:10.5555/abc.12", "doi:10.5555/abc.12"),
    ("doi:10.5555/abc\u201312", "doi:10.5555/abc-12"),
])
def test_junk_is_flagged_with_the_corrected_doi_as_the_fix(written: str, fixed: str) -> None:
    text = _entry(written)
    (finding,) = _findings(text)
    edit = finding.fix.edits[0]
    assert text[:edit.start] + edit.text + text[edit.end:] == _entry(fixed)
    assert _findings(_entry(fixed)) == []


def test_normal_form_drops_junk_so_the_resolver_asks_for_the_doi() -> None:
    assert normalize_doi("https://doi.org/10.5555/ABC.12/full") == "10.5555/abc.12"


def test_markdown_link_whose_text_is_the_doi_keeps_its_target():
    text = "See [10.5555/abc.12](https://doi.org/10.5555/abc.12) and (doi:10.5555/x.1).\n"
    found = [(i.kind, i.value) for i in find_identifiers(text)]
    assert ("doi", "https://doi.org/10.5555/abc.12") in found and ("doi", "10.5555/abc.12") in found
    assert _findings(_entry("[10.5555/abc.12](https://doi.org/10.5555/abc.12)")) == []


@pytest.mark.parametrize("written", ["doi:10.5555/abc.12(", "doi:10.5555/abc.12(http://example.com)",
                                     "doi:10.5555/abc.12;pmid:1234567"])
def test_more_glued_junk(written):
    (finding,) = _findings(_entry(written))
    assert finding.data["suggestion"] == "10.5555/abc.12"


def test_junk_in_an_html_href_is_read_through_its_character_references():
    page = ("<html><body><h1>T</h1><p>Claim <a href='#r1'>[1]</a>.</p><h2>References</h2><ol>"
            "<li id='r1'>Doe J. A trial. 2019. <a href=\"https://doi.org/10.5555/abc.12&lt;br/&gt;\">"
            "Full text</a></li></ol></body></html>")
    article = read_text(page, path="a.html", format="html", analyse=False)
    (finding,) = lint_article(article, PLAN).findings
    assert finding.data["suggestion"] == "10.5555/abc.12"
    edit = finding.fix.edits[0]
    fixed = page[:edit.start] + edit.text + page[edit.end:]
    assert 'href="https://doi.org/10.5555/abc.12"' in fixed


def test_real_invalid_dois_from_crossref_references_are_fixed_or_read_right():
    """The per-rule sample of Boente et al. (2021), where the shared datasets are present."""
    import importlib.util
    import sys

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("eval_dois", ROOT / "scripts" / "eval_dois.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    if not module.DEFAULT.is_file():
        pytest.skip("../shared/datasets/doi-errors is not present")
    import json

    rows = [json.loads(line) for line in module.DEFAULT.read_text(encoding="utf-8").splitlines()
            if line.strip()][::4]  # a quarter of the rows keeps the suite fast
    plan = module._plan()
    verdicts = [module.judge(r["invalid"], r["valid"], context, plan).verdict
                for r in rows for context in ("doi: entry", "html href")]
    assert verdicts.count("missed") <= 0.05 * len(verdicts)
