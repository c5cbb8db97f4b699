"""Reference metadata: an entry that is only a link states no title, author or journal."""

from __future__ import annotations

import pytest

from claims.read import read_text


def entry(line: str):
    article = read_text(f"# A\n\nText [1].\n\n## References\n\n1. {line}\n")
    [reference] = article.references
    return reference


@pytest.mark.parametrize("line", [
    "https://doi.org/10.1136/bmj.n71",
    "http://dx.doi.org/10.1136/bmj.n71",
    "<https://www.nhs.uk/conditions/sunburn/>",
    "https://pubmed.ncbi.nlm.nih.gov/23853635/",
    "[https://www.nhs.uk/conditions/](https://www.nhs.uk/conditions/)",
    "www.nhs.uk/conditions/sunburn",
    "doi:10.1056/NEJMra070553",
])
def test_url_only_reference_has_no_title(line: str) -> None:
    reference = entry(line)
    assert reference.identifiers
    assert (reference.title, reference.authors, reference.journal) == ("", [], "")


def test_words_starting_with_doi_are_not_identifiers() -> None:
    reference = entry("Smith J. What are we doing about obesity? BMJ. 2010;340:c1. "
                      "doi:10.1136/bmj.c1")
    assert reference.title == "What are we doing about obesity?"
    assert (reference.authors, reference.journal, reference.year) == (["Smith"], "BMJ", 2010)


def test_a_bare_doi_label_before_a_link_is_not_metadata() -> None:
    reference = entry("Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357(3):266-281. "
                      "DOI: https://doi.org/10.1056/NEJMra070553")
    assert (reference.title, reference.journal) == ("Vitamin D deficiency", "N Engl J Med")
