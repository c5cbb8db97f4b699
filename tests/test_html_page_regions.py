"""HTML pages: the site footer, header and sidebar, and provenance stated in markup.

A site-wide medical disclaimer in the page footer counts (no false HL401), footer
text never becomes article prose, and ``<meta>``/``<time datetime>`` feed the
provenance checks.
"""

from __future__ import annotations

from typing import Any

from checks.contract.registry import load
from checks.engine.article import lint_article, plan_for
from checks.settings.config import Settings
from claims.model import Article, BlockKind
from claims.read import read, read_text
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "readers" / "site-footer.html"


def lint(article: Article, select: str = "HL", **settings: Any):
    settings.setdefault("today", "2026-01-01")
    s = Settings(select=select.split(","), preview=True, **settings)
    return lint_article(article, plan_for(s, load(s))).findings


def page() -> Article:
    return read(str(FIXTURE))


def region_blocks(article: Article) -> list[tuple[str, BlockKind, str]]:
    return [(b.data["region"], b.kind, b.text[:30]) for b in article.blocks
            if "region" in b.data]


def footer_start(article: Article) -> int:
    return article.text.index("<footer>")


def test_footer_and_header_are_kept_as_marked_blocks_with_roles():
    assert region_blocks(page()) == [
        ("header", BlockKind.BOILERPLATE, "Example Health: trusted health"),
        ("footer", BlockKind.BOILERPLATE, "Medical disclaimer"),
        ("footer", BlockKind.DISCLAIMER, "The content on this website is"),
        ("footer", BlockKind.BOILERPLATE, "Magnesium cures insomnia and p"),
        ("footer", BlockKind.BOILERPLATE, "© 2025 Example Health. All rig"),
    ]
    disclaimer = next(b for b in page().blocks if b.kind is BlockKind.DISCLAIMER)
    assert disclaimer.data["role"] == "site-disclaimer"


def test_sidebar_teaser_articles_are_not_read():
    article = page()
    assert "Ashwagandha" not in "\n".join(b.text for b in article.blocks)
    assert all(m.value != "2012-01-01" for m in article.page_meta)


def test_footer_text_is_never_article_prose():
    article = page()
    footer = footer_start(article)
    assert all(s.start < footer for s in article.sentences)
    assert all(c.start < footer for c in article.claims)


def test_footer_disclaimer_satisfies_hl401_and_footer_gives_no_body_findings():
    findings = lint(page())
    assert "HL401" not in {f.code for f in findings}
    footer = footer_start(page())
    in_footer = [f for f in findings if f.start >= footer]
    assert not [f for f in in_footer if f.code.startswith("HL1")]
    assert all(f.severity.value == "info" and f.data.get("where") == "boilerplate"
               for f in in_footer if f.code.startswith("HL3"))


def test_without_the_footer_the_disclaimer_is_missing():
    text = FIXTURE.read_text(encoding="utf-8")
    cut = text[:text.index("<footer>")] + text[text.index("</footer>") + 9:]
    findings = lint(read_text(cut, path="p.html", format="html"), select="HL401,HL402")
    # The body's general advice to ask a pharmacist before adding a supplement is a
    # disclaimer in part: what is left says neither "for information only" nor "not a
    # substitute".
    assert [f.code for f in findings] == ["HL402"]
    assert set(findings[0].data["missing"]) == {"informational", "not-substitute"}


def test_meta_tags_are_read_with_exact_spans():
    article = page()
    shown = [(m.name, m.value, m.source) for m in article.page_meta]
    assert shown == [
        ("author", "Priya Raman, RD", 'meta name="author"'),
        ("published", "2025-03-02T09:00:00+00:00", 'meta property="article:published_time"'),
        ("updated", "2025-11-08T10:30:00Z", 'meta property="article:modified_time"'),
        ("", "2025-11-08", "time"),
    ]
    for meta in article.page_meta:
        assert article.text[meta.start:meta.end] == meta.value
    time = article.page_meta[-1]
    assert article.text[time.element[0]:time.element[1]] == \
        '<time datetime="2025-11-08">11/08/2025</time>'


def test_provenance_reads_author_and_dates_from_markup():
    findings = lint(page(), select="HL5")
    codes = {f.code for f in findings}
    assert "HL501" not in codes  # <meta name="author">
    assert "HL504" not in codes
    # "11/08/2025" is ambiguous as text, but <time datetime="2025-11-08"> says which day
    assert "HL505" not in codes
    stale = lint(page(), select="HL506", today="2028-01-01")
    assert [f.code for f in stale] == ["HL506"]
    assert "2025-11-08" in stale[0].message


def test_meta_dates_stand_in_when_the_page_shows_none():
    text = ("<html><head><meta name='author' content='Jane Doe'>"
            "<meta property='article:published_time' content='2019-04-01T08:00:00Z'>"
            "</head><body><main><h1>Cramps</h1><p>Stretching the calf can ease a cramp.</p>"
            "</main></body></html>")
    article = read_text(text, path="p.html", format="html")
    assert lint(article, select="HL501,HL504") == []
    [stale] = lint(article, select="HL506")
    assert article.text[stale.start:stale.end] == "2019-04-01T08:00:00Z"


def test_unreadable_meta_date_is_reported_at_its_value():
    text = ("<html><head><meta property='article:modified_time' content='next week'></head>"
            "<body><main><p>Stretching the calf can ease a cramp.</p></main></body></html>")
    article = read_text(text, path="p.html", format="html")
    [bad] = lint(article, select="HL505")
    assert bad.excerpt == "next week"
    assert "article:modified_time" in bad.message


def test_labelled_time_elements_state_their_kind():
    text = ("<main><p>Cramps are common at night and usually harmless for most adults.</p>"
            "<p><time itemprop='dateModified' datetime='2024-02-03'>Feb 2024</time></p>"
            "<p><time class='entry-date published' datetime='2023-01-05'>5 Jan</time></p>"
            "</main>")
    article = read_text(text, path="p.html", format="html")
    assert [(m.name, m.value) for m in article.page_meta] == [
        ("updated", "2024-02-03"), ("published", "2023-01-05")]


def test_an_unlabelled_visible_date_takes_the_kind_its_time_element_states():
    from checks.detectors.dates import page_dates, with_time_values

    text = ("<main><p><time itemprop='dateModified' datetime='2024-02-03'>Feb 2024</time></p>"
            "<p>Cramps are common at night and usually harmless for most adults.</p></main>")
    article = read_text(text, path="p.html", format="html")
    [mention] = with_time_values(page_dates(article), article)
    assert mention.kind == "updated" and mention.reading.date.isoformat() == "2024-02-03"


def test_byline_style_author_meta_names_the_person():
    from checks.contract.model import CheckContext
    from checks.rules.provenance import people

    text = ("<html><head><meta name='byl' content='By Jane Doe, MD'></head>"
            "<body><main><p>Stretching the calf can ease a cramp.</p></main></body></html>")
    article = read_text(text, path="p.html", format="html")
    s = Settings()
    check = load(s).get("HL501")
    assert check is not None
    [person] = people(article, CheckContext(check, {}, s, {}, {}))
    assert (person.name, person.credentials, person.origin) == ("Jane Doe", ("MD",),
                                                                "page metadata")
