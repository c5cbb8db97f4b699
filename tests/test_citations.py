"""In-text citations: every marker style, their exact spans, their sentence, and linking."""

from __future__ import annotations

import pytest

from claims.citations import is_source_link, match_author_year
from claims.read import read_text

REFS_MD = """
## References

1. Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. doi:10.1056/NEJMra070553
2. LeBoff MS, Chou SH, et al. Vitamin D and fractures. N Engl J Med. 2022;387. PMID: 35939577
3. Martineau AR, Jolliffe DA. Vitamin D and infections. BMJ. 2017. https://doi.org/10.1136/bmj.i6583
4. Sanders KM, Stuart AL. Annual high-dose vitamin D. JAMA. 2010;303:1815-1822.
"""


def _read(body: str, refs: str = REFS_MD, fmt: str = "markdown"):
    return read_text(body + "\n" + refs, format=fmt)


def _citations(article):
    return [(c.kind, c.text, c.labels) for c in article.citations]


@pytest.mark.parametrize(("marker", "labels"), [
    ("[1]", ["1"]),
    ("[1, 3]", ["1", "3"]),
    ("[2-4]", ["2", "3", "4"]),
    ("[2–4]", ["2", "3", "4"]),
    ("[1,3-4]", ["1", "3", "4"]),
])
def test_bracket_markers(marker, labels):
    article = _read(f"Vitamin D helps the gut absorb calcium {marker}.\n")
    (citation,) = article.citations
    assert citation.kind == "marker"
    assert citation.labels == labels
    assert article.text[citation.start:citation.end] == marker
    assert [r.label for r in citation.references] == labels


def test_superscript_digits_and_sup_tags():
    article = _read("Vitamin D helps absorb calcium.¹ It also helps bone strength.<sup>2,3</sup>\n")
    kinds = [(c.text, c.labels) for c in article.citations]
    assert ("¹", ["1"]) in kinds
    assert ("<sup>2,3</sup>", ["2", "3"]) in kinds


def test_footnote_markers_link_to_footnote_definitions():
    text = ("Anaemia affects 40% of young children.[^who]\n\n"
            "[^who]: World Health Organization. Anaemia. 2023. https://www.who.int/anaemia\n")
    article = read_text(text, format="markdown")
    (citation,) = article.citations
    assert citation.kind == "footnote" and citation.labels == ["who"]
    assert citation.references and citation.references[0].label == "who"


@pytest.mark.parametrize(("written", "labels"), [
    ("(Holick, 2007)", ["Holick 2007"]),
    ("(LeBoff & Chou, 2022)", ["LeBoff & Chou 2022"]),
    ("(LeBoff et al., 2022; Holick, 2007)", ["LeBoff et al. 2022", "Holick 2007"]),
])
def test_parenthetical_author_year(written, labels):
    article = _read(f"Vitamin D supplements did not prevent fractures {written}.\n")
    (citation,) = article.citations
    assert citation.kind == "author_year"
    assert citation.labels == labels
    assert article.text[citation.start:citation.end] == written
    assert len(citation.references) == len(labels)


def test_narrative_author_year():
    article = _read("Sanders and Stuart (2010) found more falls after a yearly high dose.\n")
    (citation,) = article.citations
    assert citation.kind == "author_year"
    assert citation.references[0].authors[0] == "Sanders"


def test_author_year_matching_ignores_case_and_accents():
    article = _read("Text (Holick, 2007).\n")
    refs = article.references
    assert match_author_year("holick 2007", refs) is refs[0]
    assert match_author_year("Holíck et al. 2007", refs) is refs[0]
    assert match_author_year("Holick 2008", refs) is None


def test_marker_after_the_period_belongs_to_the_sentence_before():
    article = _read("Vitamin D helps absorb calcium.[1] Calcium builds bone.\n")
    first, second = article.sentences[:2]
    (citation,) = article.citations
    assert citation.sentence is first
    assert second.text.startswith("Calcium")


def test_marker_before_the_period_belongs_to_its_sentence():
    article = _read("Vitamin D helps absorb calcium [1]. Calcium builds bone.\n")
    (citation,) = article.citations
    assert citation.sentence is article.sentences[0]


def test_source_links_count_and_shop_links_do_not():
    article = _read("Heat killed 2,985 people in 2022, "
                    "[official figures show](https://www.gov.uk/heat-mortality). "
                    "[Buy our cooling fan](https://shop.example.com/product/fan) today. "
                    "Read [our guide](/health/heat).\n", refs="")
    links = [c for c in article.citations if c.kind == "link"]
    assert [c.url for c in links] == ["https://www.gov.uk/heat-mortality"]
    assert links[0].text == "official figures show"


@pytest.mark.parametrize(("url", "ok"), [
    ("https://doi.org/10.1056/NEJMra070553", True),
    ("https://pubmed.ncbi.nlm.nih.gov/35939577/", True),
    ("https://www.nhs.uk/conditions/anaemia/", True),
    ("/health/anaemia", False),
    ("#ref1", False),
    ("mailto:news@example.org", False),
    ("https://www.amazon.com/dp/B000", False),
    ("https://example.com/vitamins?tag=aff-20", False),
    ("https://example.com/cart/add/1", False),
])
def test_is_source_link(url, ok):
    assert is_source_link(url) is ok


def test_bare_identifiers_in_the_sentence_are_citations_and_link_to_entries():
    article = _read("Supplements did not reduce fractures (PMID: 35939577).\n"
                    "Daily doses protected against infections, doi:10.1136/bmj.i6583.\n")
    found = [(c.kind, c.references[0].label if c.references else None)
             for c in article.citations]
    assert ("identifier", "2") in found
    assert ("identifier", "3") in found


def test_html_superscript_links_point_at_list_items():
    html = """<html><body><main>
<p>Everyone aged six months and older should get a flu vaccine.<sup><a href="#r1">1</a></sup></p>
<h2>References</h2>
<ol><li id="r1">Grohskopf LA. Influenza vaccines. MMWR. 2022;71:1-28. doi:10.15585/mmwr.rr7101a1
</li></ol>
</main></body></html>
"""
    article = read_text(html, format="html")
    (citation,) = article.citations
    assert citation.labels == ["1"]
    assert citation.references and citation.references[0].label == "1"


def test_no_citations_inside_code_or_headings():
    article = _read("# Study [1] results\n\n```\nvalues[1] = 2\n```\n\nPlain text.\n")
    assert article.citations == []


@pytest.mark.parametrize(("written", "labels"), [
    ("(World Health Organization, 2021)", ["World Health Organization 2021"]),
    ("(Collaborative Group on Hormonal Factors in Breast Cancer, 2019)",
     ["Collaborative Group on Hormonal Factors in Breast Cancer 2019"]),
    ("(NICE, 2019; Holick, 2007)", ["NICE 2019", "Holick 2007"]),
    ("(British Association of Dermatologists guideline, 2014)",
     ["British Association of Dermatologists guideline 2014"]),
])
def test_a_group_as_author_is_an_author_year_citation(written, labels):
    article = read_text(f"Combined HRT slightly raises breast cancer risk {written}.\n",
                        format="markdown")
    (citation,) = article.citations
    assert citation.kind == "author_year" and citation.labels == labels


@pytest.mark.parametrize(("written", "labels"), [
    ("(Gazzard et al., Lancet 2019)", ["Gazzard et al. 2019"]),
    ("(Smith and Jones, BMJ, 2020)", ["Smith and Jones 2020"]),
    ("(Sherrington et al., Cochrane Database Syst Rev 2019)", ["Sherrington et al. 2019"]),
])
def test_the_journal_between_the_authors_and_the_year_is_still_an_author_year_citation(
        written, labels):
    article = read_text(f"Laser treatment lowers eye pressure {written}.\n", format="markdown")
    (citation,) = article.citations
    assert citation.kind == "author_year" and citation.labels == labels


@pytest.mark.parametrize("written", [
    "(JAMA, Nov. 24, 2010)", "(New England Journal of Medicine, online, Oct. 3, 2018)",
    "(Arthritis & Rheumatism, Dec. 2012)",
])
def test_a_journal_with_its_date_cites_the_sentence(written):
    article = read_text(f"Fruit juices can trigger gout attacks {written}.\n",
                        format="markdown")
    (citation,) = article.citations
    assert citation.kind == "journal" and citation.sentence is not None


@pytest.mark.parametrize("written", ["(Updated March, 2019)", "(Published May 2020)",
                                     "(Reviewed, March 2019)"])
def test_a_date_in_parentheses_is_not_a_citation(written):
    article = read_text(f"Combined HRT slightly raises breast cancer risk {written}.\n",
                        format="markdown")
    assert article.citations == []


FLATTENED = ("Migraines affect women three times more often than men1. "
             "Attacks can last up to three days and bring nausea2. "
             "Magnesium also helps the body use vitamin D.3\n\n"
             "Triptans ease most attacks within two hours4.\n")


def test_footnote_numbers_glued_to_sentence_ends_are_markers_when_the_page_repeats_them():
    article = _read(FLATTENED)
    found = [(c.kind, c.text, c.labels) for c in article.citations]
    assert found == [("marker", "1", ["1"]), ("marker", "2", ["2"]), ("marker", "3", ["3"]),
                     ("marker", "4", ["4"])]
    assert all(c.sentence is not None and c.references for c in article.citations)


BRACKETED = ("About 70% of the body's immune cells sit in the gut (1). Fibre feeds gut "
             "bacteria (2). Probiotics may shorten diarrhoea after antibiotics (3, 4).\n\n"
             "Take two capsules (2) a day with food.\n")


def test_numbers_in_brackets_at_sentence_ends_are_markers_when_the_page_repeats_them():
    article = _read(BRACKETED)
    found = [(c.kind, c.text, c.labels) for c in article.citations]
    assert found == [("marker", "1", ["1"]), ("marker", "2", ["2"]),
                     ("marker", "3, 4", ["3", "4"])]
    assert not _read("Fibre feeds gut bacteria (2). Most people eat too little.\n").citations


@pytest.mark.parametrize("body", [
    "Migraines affect women more than men1. Most attacks pass within a day.\n",
    "Vegans may need vitamin B12. Oily fish gives omega-3. It had COVID-19. Take 2.\n",
    "Take one tablet x2. Children aged 5 to 12. The ratio is 1:2. It costs £12.\n",
])
def test_a_lone_glued_number_or_a_name_with_digits_is_no_marker(body):
    assert _read(body).citations == []
