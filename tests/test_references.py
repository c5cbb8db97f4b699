"""Reference lists: entry labels, identifiers with exact spans, and stated metadata."""

from __future__ import annotations

import pytest

from claims.read import read_text
from claims.references import normalize_label


def _refs(text: str, fmt: str = "markdown"):
    return read_text(text, format=fmt).references


def test_numbered_markdown_list():
    refs = _refs("Text [1].\n\n## References\n\n"
                 "1. Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. "
                 "doi:10.1056/NEJMra070553\n"
                 "2. World Health Organization. Anaemia. Fact sheet, 2023. "
                 "https://www.who.int/news-room/fact-sheets/detail/anaemia\n")
    assert [r.label for r in refs] == ["1", "2"]
    holick, who = refs
    assert holick.authors == ["Holick"]
    assert holick.year == 2007
    assert holick.title == "Vitamin D deficiency"
    assert holick.journal == "N Engl J Med"
    assert [(i.kind, i.normalized) for i in holick.identifiers] == \
        [("doi", "10.1056/nejmra070553")]
    assert who.authors == ["World Health Organization"]
    assert who.year == 2023
    assert who.identifiers[0].kind == "url"


def test_identifier_spans_point_at_the_source():
    text = ("Text [1].\n\n## References\n\n"
            "1. LeBoff MS, Chou SH, et al. Vitamin D and fractures. N Engl J Med. "
            "2022;387:299-309. PMID: 35939577\n")
    article = read_text(text, format="markdown")
    (ref,) = article.references
    (pmid,) = ref.identifiers
    assert text[pmid.start:pmid.end] == pmid.value
    assert pmid.normalized == "35939577"
    assert ref.authors == ["LeBoff", "Chou"]
    assert text[ref.start:ref.end].startswith("1. LeBoff")


def test_apa_entry():
    refs = _refs("Text (Swash et al., 2018).\n\n## References\n\n"
                 "- Swash, M., Czesnik, D., & De Carvalho, M. (2018). Muscular cramp: causes "
                 "and management. European Journal of Neurology, 26(2), 214–221. "
                 "https://doi.org/10.1111/ene.13799\n")
    (ref,) = refs
    assert ref.label == ""
    assert ref.authors == ["Swash", "Czesnik", "De Carvalho"]
    assert ref.year == 2018
    assert ref.title == "Muscular cramp: causes and management"
    assert ref.journal == "European Journal of Neurology"
    assert ref.identifiers[0].normalized == "10.1111/ene.13799"


def test_bracketed_entries_in_plain_text():
    text = ("Cramps are common [1].\n\nReferences\n\n"
            "[1] Miller, K. C., & Stone, M. S. (2010). Exercise-associated muscle cramps. "
            "Sports Health, 2(4), 279–283. https://doi.org/10.1177/1941738109357299\n\n"
            "[2] MedlinePlus. (2019, October). Baclofen. https://medlineplus.gov/druginfo/meds/a682530.html\n")
    refs = _refs(text, fmt="text")
    assert [r.label for r in refs] == ["1", "2"]
    assert refs[0].authors == ["Miller", "Stone"]
    assert refs[1].authors == ["MedlinePlus"] and refs[1].year == 2019
    assert refs[0].text.startswith("Miller")


def test_footnote_definitions():
    refs = _refs("Claim.[^bsg]\n\n[^bsg]: Snook J, Bhala N. Guidelines for iron deficiency "
                 "anaemia. Gut. 2021;70:2030-2051. doi:10.1136/gutjnl-2021-325210\n")
    (ref,) = refs
    assert ref.label == "bsg"
    assert ref.authors == ["Snook", "Bhala"] and ref.journal == "Gut" and ref.year == 2021


def test_html_ordered_list_items_are_numbered():
    html = """<html><body><main><p>Claim.<sup>2</sup></p><h2>References</h2><ol>
<li>Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357:266-281.</li>
<li>Zerbo O, Chan B. Influenza vaccination in pregnancy. Vaccine. 2017;35:3186. PMID: 28483192</li>
</ol></main></body></html>"""
    refs = _refs(html, fmt="html")
    assert [r.label for r in refs] == ["1", "2"]
    assert refs[1].identifiers[0].kind == "pmid"


def test_several_entries_in_one_block_are_split():
    text = ("Text [1] [2].\n\nReferences\n\n"
            "[1] Holick MF. Vitamin D deficiency. N Engl J Med. 2007.\n"
            "[2] Sanders KM. Annual vitamin D. JAMA. 2010. doi:10.1001/jama.2010.594\n")
    article = read_text(text, format="text")
    refs = article.references
    assert [r.label for r in refs] == ["1", "2"]
    assert article.text[refs[1].start:refs[1].end].startswith("[2] Sanders")
    assert refs[1].identifiers and not refs[0].identifiers


@pytest.mark.parametrize(("raw", "label"), [
    ("[^Who]", "who"), ("01", "1"), ("[3]", "3"), ("12.", "12"), ("0", "0"),
])
def test_label_normalisation(raw, label):
    assert normalize_label(raw) == label
