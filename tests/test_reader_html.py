"""The HTML reader: content blocks of a saved page or CMS export, at exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.model import Article, BlockKind
from claims.read import read_text
from claims.readers import html
from claims.source import SourceText, decode
from tests.conftest import ROOT
from tests.test_reader_markdown import assert_exact, blocks, excerpt, markup_soup

FIXTURES = ROOT / "tests" / "fixtures" / "readers"
HTML_FIXTURES = sorted(FIXTURES.glob("*.html"))


def page(text: str) -> Article:
    """The reader alone: structural kinds, before roles relabel anything."""
    article = Article(path="<text>", format="html", source=SourceText(text))
    html.parse(article)
    return article


def read(path: Path) -> Article:
    return page(decode(path.read_bytes()).text)


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_fixture_blocks_map_to_their_source(path: Path, newline: str) -> None:
    text = path.read_text(encoding="utf-8").replace("\n", newline)
    article = page(text)
    assert article.blocks
    assert_exact(article)
    plain = read(path)
    assert [(b.kind, b.text) for b in article.blocks] == [(b.kind, b.text) for b in plain.blocks]
    assert [article.position(b.start) for b in article.blocks] == \
        [plain.position(b.start) for b in plain.blocks]


def content(article: Article) -> list:
    """The blocks of the article itself, without the page regions (site header, footer)."""
    return [b for b in article.blocks if "region" not in b.data]


def test_saved_page_keeps_the_article_and_drops_the_chrome() -> None:
    article = read(FIXTURES / "saved-page.html")
    texts = [b.text for b in content(article)]
    assert texts[:2] == ["Does dehydration cause muscle cramps?",
                         "By Priya Raman, RD · Reviewed by Dr. Jonas Weber"]
    joined = "\n".join(texts)
    for chrome in ("Home", "Conditions", "Share", "Popular", "Ten foods", "All rights reserved",
                   "not text", "color", "Example Health"):
        assert chrome not in joined, chrome
    assert [b.text for b in blocks(article, BlockKind.HEADING) if "region" not in b.data] == [
        "Does dehydration cause muscle cramps?", "What the trials measured", "References"]
    # the sidebar and the site footer are kept, marked as page regions; navigation is not
    assert [(b.data["region"], b.text) for b in article.blocks if "region" in b.data] == [
        ("aside", "Popular"), ("aside", "Ten foods for cramps"),
        ("footer", "© 2025 Example Health. All rights reserved.")]
    # comments are recorded everywhere, including outside <main>
    assert [c.text for c in article.comments] == [
        "<!-- healthlint-disable-file HL501 -- legacy page -->",
        "<!-- healthlint-disable-next-line HL102 -- editor's note -->",
    ]
    assert_exact(article)


def test_saved_page_blocks_kinds_and_spans() -> None:
    article = read(FIXTURES / "saved-page.html")
    text = article.text
    first = blocks(article, BlockKind.PARAGRAPH)[1]
    assert excerpt(article, first).startswith("<p>Fluid loss during exercise")
    assert excerpt(article, first).endswith("cramping<sup>2,3</sup>.</p>")
    assert first.text == ("Fluid loss during exercise has long been blamed for cramps1, but "
                          "controlled studies in athletes found no consistent link between "
                          "hydration status and cramping2,3.")
    assert [text[s:e] for s, e in first.data["superscripts"]] == [
        '<sup><a href="#ref-1">1</a></sup>', "<sup>2,3</sup>"]
    (link,) = first.links
    assert (link.url, text[link.start:link.end], text[link.url_start:link.url_end]) == \
        ("#ref-1", "1", "#ref-1")
    second = blocks(article, BlockKind.PARAGRAPH)[2]
    assert second.text == ("Drinking water with electrolytes—not plain water alone—may delay "
                           "cramps in some people. Ask a pharmacist before taking salt tablets.")
    cells = blocks(article, BlockKind.TABLE_CELL)
    assert [c.text for c in cells] == ["Study", "Participants", "Marathon field study",
                                       "210 runners", "Laboratory trial", "10 men"]
    assert [c.data.get("header", False) for c in cells[:3]] == [True, True, False]
    items = blocks(article, BlockKind.LIST_ITEM)
    assert [(i.text, i.level) for i in items[:3]] == [
        ("Cramps were not linked to body-weight loss.", 1),
        ("Serum sodium was similar in both groups.", 2),
        ("Cramp-prone runners had a history of cramping.", 1)]
    references = items[3:]
    assert references[0].data["id"] == "ref-1"
    assert "ol.references" in references[0].data["ancestors"]
    quote = blocks(article, BlockKind.BLOCKQUOTE)[0]
    assert quote.quoted and quote.text == "Hydration alone is unlikely to prevent cramps."
    (code,) = blocks(article, BlockKind.CODE)
    assert code.text == "fluid_loss = weight_before - weight_after  # <not prose>"
    assert all(b.section for b in article.blocks)


def test_cms_export_fragment() -> None:
    article = read(FIXTURES / "cms-export.html")
    text = article.text
    assert [(b.kind, b.text) for b in article.blocks] == [
        (BlockKind.HEADING, "Magnesium for cramps: a review of the evidence"),
        (BlockKind.PARAGRAPH, "A Cochrane review found that magnesium is unlikely to provide "
                              "clinically meaningful cramp prophylaxis for older adults[1]. "
                              "Trials in pregnancy were conflicting & small."),
        (BlockKind.PARAGRAPH, "Doses of 300–400 mg a day were used (see the review)."),
        (BlockKind.PARAGRAPH, "Text placed directly in a div with a span is still a paragraph."),
        (BlockKind.LIST_ITEM, "Talk to your doctor if cramps wake you up often."),
        (BlockKind.LIST_ITEM, "Check your medicines"),
        (BlockKind.LIST_ITEM, "diuretics"),
        (BlockKind.LIST_ITEM, "β-agonists"),
        (BlockKind.PARAGRAPH, "Nocturnal"),
        (BlockKind.PARAGRAPH, "Happening at night."),
        (BlockKind.PARAGRAPH, "Unclosed paragraph with bold text"),
        (BlockKind.PARAGRAPH, "Next paragraph after an implied end."),
        (BlockKind.PARAGRAPH, "A standing calf stretch — hold 30 seconds."),
    ]
    (link,) = article.blocks[2].links
    assert link.url == "https://doi.org/10.1002/14651858.CD009402.pub3"
    assert text[link.url_start:link.url_end] == link.url
    assert (text[link.start:link.end], link.text) == ("the review", "the review")
    first_item = article.blocks[4]
    assert excerpt(article, first_item) == "<li><p>Talk to your doctor if cramps wake you up " \
                                           "often.</p></li>"
    assert [b.level for b in article.blocks[4:8]] == [1, 1, 2, 2]
    unclosed = article.blocks[10]
    assert excerpt(article, unclosed) == "<p>Unclosed paragraph with <b>bold text"
    assert_exact(article)


def test_entities_brs_and_preformatted_text() -> None:
    text = ("<p>AT&amp;T &copy; &#169; &#x1F600; &notanentity &lt;b&gt; 5&nbsp;mg"
            "<br>next<br/>line</p><pre>\n  keep   spaces\n\tand tabs</pre>")
    article = page(text)
    paragraph, code = article.blocks
    assert paragraph.text == "AT&T © © 😀 ¬anentity <b> 5 mg next line"
    assert code.kind is BlockKind.CODE and code.text == "  keep   spaces\n\tand tabs"
    index = paragraph.text.index("©")
    assert text[paragraph.projection.offsets[index]:].startswith("&copy;")
    assert_exact(article)


def test_malformed_markup_never_raises() -> None:
    samples = [
        "<p>One <b>bold <i>italic\n<p>Two<li>item<td>cell",
        "</div></p>Text</span> after<p>para",
        "<div><nav><a href=/>Home</a><p>menu</p></div><p>After the unclosed nav</p>",
        "<p>Before</p><!-- never closed <p>hidden</p>",
        "<p a=\"unterminated>text</p><<>>&&;&#;&#x;</",
        "<svg/><p>after self-closed svg</p><math><mi>x</mi></math>",
        "<p>a < b and c > d</p><![CDATA[x]]><?php echo 1 ?>",
        "",
        "plain text without tags &amp; entities",
    ]
    for text in samples:
        article = page(text)
        assert_exact(article)
    assert [b.text for b in page(samples[2]).blocks] == ["After the unclosed nav"]
    hidden = page(samples[3])
    assert [b.text for b in hidden.blocks] == ["Before"]
    assert hidden.comments[0].text == "<!-- never closed <p>hidden</p>"
    assert [b.text for b in page(samples[8]).blocks] == ["plain text without tags & entities"]


def test_chrome_detection_is_conservative() -> None:
    text = ("<body class='has-sidebar'><div class='cookie-banner'>We use cookies</div>"
            "<div id='breadcrumbs'>Home › Cramps</div><div role='navigation'>Menu</div>"
            "<div class='shared-decision'><p>Shared decision making matters.</p></div>"
            "<div class='menu-planning'>Kept? no: menu is a chrome word</div>"
            "<p hidden>Hidden text</p><p class='content'>Real content.</p></body>")
    texts = [b.text for b in page(text).blocks]
    assert texts == ["Shared decision making matters.", "Real content."]


def test_main_is_preferred_else_the_largest_article() -> None:
    with_main = page("<p>Outside</p><main><p>Inside main</p></main><p>After</p>")
    assert [b.text for b in with_main.blocks] == ["Inside main"]
    articles = page("<article><p>Teaser</p></article><article><h1>Main story</h1>"
                    "<p>The longest article body on the page.</p></article>")
    assert [b.text for b in articles.blocks] == ["Main story",
                                                 "The longest article body on the page."]
    empty_main = page("<main><img src=x></main><p>Content outside an empty main</p>")
    assert [b.text for b in empty_main.blocks] == ["Content outside an empty main"]


def test_articles_near_the_largest_ones_size_are_content_too() -> None:
    answers = page("<h1>Can I lift weights with high blood pressure?</h1>"
                   "<article><p>Moderate lifting lowers blood pressure over time.</p></article>"
                   "<article><p>Heavy lifts raise blood pressure for a few seconds.</p></article>"
                   "<article><p>Related</p></article>")
    assert [b.text for b in answers.blocks] == [
        "Moderate lifting lowers blood pressure over time.",
        "Heavy lifts raise blood pressure for a few seconds."]


def test_answers_outside_an_article_that_holds_only_the_question_are_content() -> None:
    question = ("<article><h1>Can ashwagandha affect my thyroid?</h1><p>I take levothyroxine."
                "</p></article>")
    answers = ("<div><p>It can raise thyroid hormone levels, so your dose may need checking."
               "</p><p>Most studies of it were small and short, and liver injury has been "
               "reported.</p></div>")
    texts = [b.text for b in page(question + answers).blocks]
    assert texts[-1] == ("Most studies of it were small and short, and liver injury has been "
                         "reported.")
    assert texts[0] == "Can ashwagandha affect my thyroid?"
    teaser = page("<article><h1>Main story</h1><p>The article body, the longest text on the "
                  "page by far.</p></article><p>Related: five tips</p>")
    assert [b.text for b in teaser.blocks] == [
        "Main story", "The article body, the longest text on the page by far."]


def test_header_and_footer_inside_the_article_are_content() -> None:
    text = ("<header><p>Site banner</p></header><article><header><h1>Title</h1>"
            "<p>By Dr. Ada Obi</p></header><p>Body.</p><footer><p>Reviewed by Dr. Lin</p>"
            "</footer></article><footer><p>Site footer</p></footer>")
    article = page(text)
    assert [b.text for b in content(article)] == ["Title", "By Dr. Ada Obi", "Body.",
                                                  "Reviewed by Dr. Lin"]
    assert [(b.data["region"], b.text) for b in article.blocks if "region" in b.data] == [
        ("header", "Site banner"), ("footer", "Site footer")]


def test_multibyte_text_keeps_code_point_columns() -> None:
    text = "<p>Le café 🙂 et 腿抽筋\t<em>très</em> fréquent [1].</p>"
    article = page(text)
    (block,) = article.blocks
    assert block.text == "Le café 🙂 et 腿抽筋 très fréquent [1]."
    index = block.text.index("[1]")
    start, end = block.projection.source_span(index, index + 3)
    assert text[start:end] == "[1]"
    assert article.position(start).column == text.index("[1]") + 1
    assert_exact(article)


def test_blocks_carry_tag_classes_and_ancestors() -> None:
    text = ("<section id='refs' class='references list'><h2>Sources</h2>"
            "<ol><li class='ref'>Entry one</li></ol></section>")
    heading, item = page(text).blocks
    assert heading.data["tag"] == "h2" and heading.level == 2
    assert item.data["tag"] == "li" and item.data["classes"] == ("ref",)
    assert item.data["ancestors"] == ("section#refs.references.list", "ol")
    assert item.section == "Sources"


@pytest.mark.parametrize("seed", range(4))
def test_random_markup_never_breaks_exactness(seed: int) -> None:
    for text in markup_soup(seed, 250):
        assert_exact(page(text))


def test_a_note_number_after_a_full_stop_ends_the_sentence() -> None:
    article = read_text("<p>The average age of menopause is 51.<sup>1</sup> Doctors call it "
                        "early before 45.<sup>2</sup> Levels fell by 2.<sup>3</sup> in one "
                        "trial.</p>", path="a.html", format="html")
    assert [s.text for s in article.sentences] == [
        "The average age of menopause is 51.1", "Doctors call it early before 45.2",
        "Levels fell by 2.3 in one trial."]
    cited = {s.text for s in article.sentences for c in article.citations
             if s.start <= c.start < s.end}
    assert cited == {s.text for s in article.sentences}
