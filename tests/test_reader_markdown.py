"""The Markdown reader: blocks, projections, links, comments and front matter at exact offsets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from claims.model import Article, Block, BlockKind
from claims.readers import markdown
from claims.source import SourceText, decode
from tests.conftest import ROOT, SEEDS, needs_seeds

FIXTURES = ROOT / "tests" / "fixtures" / "readers"
MARKDOWN_FIXTURES = sorted(FIXTURES.glob("*.md"))


def md(text: str) -> Article:
    """The reader alone: structural kinds, before roles relabel anything."""
    article = Article(path="<text>", format="markdown", source=SourceText(text))
    markdown.parse(article)
    return article


def read(path: str | Path) -> Article:
    return md(decode(Path(path).read_bytes()).text)


def assert_exact(article: Article) -> None:
    """Every block span is inside the file; every projected character is the source
    character at its offset, or a synthetic space (line break, tab run, ``<br>``; a
    newline in code) or a decoded entity mapped to its ``&``; offsets stay inside the
    block, in source order."""
    text = article.text
    for block in article.blocks:
        assert 0 <= block.start <= block.end <= len(text), block
        projection = block.projection
        assert len(projection.offsets) == len(projection.text)
        previous = block.start
        for ch, offset in zip(projection.text, projection.offsets, strict=True):
            assert block.start <= offset < block.end, (block.kind, ch, offset)
            assert offset >= previous, "projection offsets must follow the source order"
            previous = offset
            source = text[offset]
            if source == ch:
                continue
            if ch in " \n":  # a line break or <br> (a newline in code), a collapsed run
                assert source.isspace() or source in "<&", (ch, source)
            else:
                assert source == "&", (ch, source, text[offset:offset + 10])
        for link in block.links:
            assert block.start <= link.start <= link.end <= block.end
            assert 0 <= link.url_start <= link.url_end <= len(text)
    for comment in article.comments:
        assert text[comment.start:comment.end] == comment.text
        assert comment.text.startswith("<!--")


def blocks(article: Article, *kinds: BlockKind) -> list[Block]:
    return [b for b in article.blocks if not kinds or b.kind in kinds]


def excerpt(article: Article, block: Block) -> str:
    return article.text[block.start:block.end]


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


# ---------------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("path", MARKDOWN_FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fixture_blocks_map_to_their_source(path: Path, newline: str, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    copy = tmp_path / path.name
    copy.write_bytes(text.replace("\n", newline).encode("utf-8"))
    article = read(copy)
    assert_exact(article)
    assert [b.start for b in article.blocks] == sorted(b.start for b in article.blocks)


def test_crlf_gives_the_same_lines_and_columns_as_lf() -> None:
    text = (FIXTURES / "article.md").read_text(encoding="utf-8")
    lf, windows = md(text), md(crlf(text))
    assert len(lf.blocks) == len(windows.blocks)
    for a, b in zip(lf.blocks, windows.blocks, strict=True):
        assert (a.kind, a.text) == (b.kind, b.text)
        assert lf.position(a.start) == windows.position(b.start)
        assert lf.position(a.end) == windows.position(b.end)
        assert [lf.position(o) for o in a.projection.offsets] == \
            [windows.position(o) for o in b.projection.offsets]
    assert [lf.position(c.start) for c in lf.comments] == \
        [windows.position(c.start) for c in windows.comments]


def test_fixture_article_structure() -> None:
    article = read(FIXTURES / "article.md")
    kinds = [b.kind for b in article.blocks]
    assert kinds[0] is BlockKind.FRONT_MATTER
    headings = [b.text for b in blocks(article, BlockKind.HEADING)]
    assert headings == ["Leg cramps at night: what helps", "Who is at risk?", "Doses compared",
                        "References"]
    code = blocks(article, BlockKind.CODE)
    assert [c.data["fenced"] for c in code] == [True, False]
    assert "studies show" in code[0].text
    assert all("studies show" not in b.text for b in article.blocks if b.kind.is_prose)


# ----------------------------------------------------------------------------- front matter


def test_front_matter_data_spans_and_positions_after_it() -> None:
    text = ("---\ntitle: Cramp relief\nauthor: \"Ana Ruiz, MD\"\ntags:\n  - calf\n---\n"
            "# Cramp relief\n\nBody text.\n")
    article = md(text)
    fm = article.front_matter
    assert fm is not None
    assert fm.data == {"title": "Cramp relief", "author": "Ana Ruiz, MD", "tags": ["calf"]}
    assert text[fm.start:fm.end] == "---\ntitle: Cramp relief\nauthor: \"Ana Ruiz, MD\"\n" \
                                    "tags:\n  - calf\n---"
    assert {k: text[s:e] for k, (s, e) in fm.key_spans.items()} == \
        {"title": "title", "author": "author", "tags": "tags"}
    assert {k: text[s:e] for k, (s, e) in fm.value_spans.items()} == \
        {"title": "Cramp relief", "author": "\"Ana Ruiz, MD\"", "tags": "- calf"}
    front, heading, paragraph = article.blocks
    assert front.kind is BlockKind.FRONT_MATTER and front.text == ""
    assert heading.kind is BlockKind.HEADING
    assert article.position(heading.start) == article.source.position(text.index("# Cramp"))
    assert article.position(heading.start).line == 7
    assert article.position(paragraph.start).line == 9
    assert article.problems == []


@pytest.mark.parametrize(
    ("front", "line", "column", "at", "words"),
    [
        ('title: "unterminated\nauthor: x\n', 4, 1, "-", "found unexpected end of stream"),
        ("title: x\n\tauthor: y\n", 3, 1, "\t", "cannot start any token"),
        ("title: [a, b\nauthor: c\n", 3, 7, ":", "expected ',' or ']'"),
        ("published: 2024-13-45\n", 2, 12, "2", "month must be in 1..12"),
        ("- just\n- a list\n", 2, 1, "-", "must be a mapping"),
        ("title: a\ntitle: b\n", 3, 1, "title", "(first set at line 2)"),
        ("a: !!python/object/apply:os.system [ls]\n", 2, 4, "!", "could not determine"),
    ],
)
def test_broken_front_matter_is_hl904_at_the_error(front: str, line: int, column: int,
                                                   at: str, words: str) -> None:
    text = f"---\n{front}---\n\nBody paragraph.\n"
    article = md(text)
    problems = [p for p in article.problems if p.code == "HL904"]
    assert len(problems) == 1, article.problems
    problem = problems[0]
    assert words in problem.message
    assert f"line {line}, column {column}" in problem.message
    position = article.position(problem.start)
    assert (position.line, position.column) == (line, column)
    assert text[problem.start:problem.end] == at
    # the YAML is never read as prose, and the body still is
    assert article.blocks[0].kind is BlockKind.FRONT_MATTER
    assert [b.text for b in blocks(article, BlockKind.PARAGRAPH)] == ["Body paragraph."]


def test_unquoted_colon_in_a_value_gets_the_quoted_form_as_a_hint() -> None:
    article = md('---\ntitle: Sleep: what "rest" means\n---\n\nBody.\n')
    (problem,) = article.problems
    assert "mapping values are not allowed here" in problem.message
    assert problem.message.endswith(
        "quote a value that contains ': ', as in title: \"Sleep: what \\\"rest\\\" means\"")


def test_broken_front_matter_fixture_reports_the_line_of_the_unclosed_quote() -> None:
    article = read(FIXTURES / "broken-front-matter.md")
    assert [p.code for p in article.problems] == ["HL904"]
    assert article.front_matter is None
    assert "line 4, column 1: found unexpected end of stream" in article.problems[0].message
    assert "while scanning a quoted scalar, opened at line 2, column 8" in \
        article.problems[0].message
    assert blocks(article, BlockKind.HEADING)[0].text == "Potassium and muscle cramps"


def test_unclosed_front_matter_is_reported_and_the_file_still_read() -> None:
    article = md("---\ntitle: Never closed\nauthor: x\n\nA paragraph.\n")
    assert [p.code for p in article.problems] == ["HL904"]
    assert "never closed" in article.problems[0].message
    assert article.text[article.problems[0].start:article.problems[0].end] == "---"
    assert article.front_matter is None
    assert blocks(article, BlockKind.PARAGRAPH)[-1].text == "A paragraph."


def test_thematic_breaks_around_prose_are_not_front_matter() -> None:
    article = md("---\n\nIntro after a rule.\n\n---\n\nMore.\n")
    assert article.front_matter is None and article.problems == []
    assert [b.text for b in article.blocks] == ["Intro after a rule.", "More."]


def test_empty_file_and_file_with_only_front_matter() -> None:
    for text in ("", "\n\n  \n"):
        article = md(text)
        assert article.blocks == [] and article.problems == [] and article.front_matter is None
    article = read(FIXTURES / "only-front-matter.md")
    assert [b.kind for b in article.blocks] == [BlockKind.FRONT_MATTER]
    assert article.metadata == {"title": "Only front matter", "author": "Sam Ortiz, PharmD"}
    no_newline = md("---\ntitle: x\n---")
    assert no_newline.metadata == {"title": "x"}
    assert no_newline.blocks[0].end == len(no_newline.text)


def test_empty_front_matter_and_bom() -> None:
    assert md("---\n---\nBody.\n").metadata == {}
    article = md("\ufeff---\ntitle: x\n---\nBody.\n")
    assert article.metadata == {"title": "x"}
    assert article.blocks[-1].text == "Body."


# ----------------------------------------------------------------------------------- blocks


def test_nested_lists_have_depth_markers_and_spans() -> None:
    text = ("- Older adults\n"
            "- People taking:\n"
            "  - diuretics\n"
            "    - loop diuretics\n"
            "  - statins\n"
            "\n"
            "3. third\n"
            "4) fourth\n")
    article = md(text)
    items = blocks(article, BlockKind.LIST_ITEM)
    assert [(b.text, b.level) for b in items] == [
        ("Older adults", 1), ("People taking:", 1), ("diuretics", 2), ("loop diuretics", 3),
        ("statins", 2), ("third", 1), ("fourth", 1)]
    assert [excerpt(article, b) for b in items[2:4]] == ["- diuretics", "- loop diuretics"]
    assert [b.data.get("number") for b in items[5:]] == [3, 4]
    assert article.position(items[3].start).column == 5
    assert_exact(article)


def test_loose_list_item_paragraphs_and_lazy_lines() -> None:
    text = "1. First paragraph\nlazy line\n\n   Second paragraph\n2. Next\n"
    article = md(text)
    first, second, nxt = blocks(article, BlockKind.LIST_ITEM)
    assert excerpt(article, first) == "1. First paragraph\nlazy line"
    assert first.text == "First paragraph lazy line"
    assert second.data.get("continuation") is True and second.text == "Second paragraph"
    assert "continuation" not in nxt.data
    assert_exact(article)


def test_table_cells_with_header_escaped_pipes_and_entities() -> None:
    text = ("| Supplement | Dose |\n"
            "|---|--:|\n"
            "| Magnesium *citrate* | 300&nbsp;mg |\n"
            "| weak \\| mixed | |\n")
    article = md(text)
    cells = blocks(article, BlockKind.TABLE_CELL)
    assert [(c.text, c.data["row"], c.data["column"]) for c in cells] == [
        ("Supplement", 0, 0), ("Dose", 0, 1), ("Magnesium citrate", 1, 0), ("300 mg", 1, 1),
        ("weak | mixed", 2, 0)]
    assert [excerpt(article, c) for c in cells[2:]] == [
        "Magnesium *citrate*", "300&nbsp;mg", "weak \\| mixed"]
    assert cells[3].data["column_header"] == "Dose"
    assert cells[0].data["header"] is True
    assert_exact(article)


def test_blockquote_paragraphs_are_quoted_and_keep_their_markers_in_the_span() -> None:
    text = "> First *quoted*\n> line\nlazy\n>\n> Second\n\n> - listed\n> # Heading\n"
    article = md(text)
    quotes = blocks(article, BlockKind.BLOCKQUOTE)
    assert [(excerpt(article, b), b.text) for b in quotes] == [
        ("> First *quoted*\n> line\nlazy", "First quoted line lazy"), ("Second", "Second")]
    assert all(b.quoted for b in article.blocks)
    item = blocks(article, BlockKind.LIST_ITEM)[0]
    heading = blocks(article, BlockKind.HEADING)[0]
    assert (excerpt(article, item), item.text) == ("> - listed", "listed")
    assert heading.text == "Heading" and heading.quoted
    assert_exact(article)


def test_code_fences_and_indented_code_are_code_not_prose() -> None:
    text = ("Before.\n\n~~~python\nprint('studies show')\n\n  x = 1\n~~~\n\n"
            "- item\n\n  ```\n  inside a list\n  ```\n\n    still the item\n\nAfter.\n\n"
            "\tindented code\n")
    article = md(text)
    code = blocks(article, BlockKind.CODE)
    assert [c.text for c in code] == ["print('studies show')\n\n  x = 1", "inside a list",
                                      "indented code"]
    assert excerpt(article, code[0]) == "~~~python\nprint('studies show')\n\n  x = 1\n~~~"
    assert code[0].data["info"] == "python"
    assert excerpt(article, code[1]) == "```\n  inside a list\n  ```"
    assert [b.text for b in article.blocks if b.kind.is_prose] == [
        "Before.", "item", "still the item", "After."]
    assert excerpt(article, code[2]) == "indented code"
    assert_exact(article)


def test_headings_atx_closing_sequence_and_setext() -> None:
    text = "# Title *one* ##\n\nSetext **two**\nspans lines\n===\n\n### C# basics\n"
    article = md(text)
    headings = blocks(article, BlockKind.HEADING)
    assert [(h.text, h.level) for h in headings] == [
        ("Title one", 1), ("Setext two spans lines", 1), ("C# basics", 3)]
    assert excerpt(article, headings[0]) == "# Title *one* ##"
    assert excerpt(article, headings[1]) == "Setext **two**\nspans lines\n==="
    assert_exact(article)


def test_sections_follow_the_heading_outline() -> None:
    text = "# Cramps\n\nIntro.\n\n## References\n\n### Journals\n\n1. Entry\n\n## Next\n\nText.\n"
    article = md(text)
    by_text = {b.text: b for b in article.blocks}
    assert by_text["Intro."].section == "Cramps"
    assert by_text["Entry"].section == "Journals"
    assert by_text["Entry"].data["headings"] == ("Cramps", "References", "Journals")
    assert by_text["Text."].data["headings"] == ("Cramps", "Next")


# ------------------------------------------------------------------------------ projection


def test_inline_markup_is_removed_and_offsets_point_at_the_words() -> None:
    text = ("Magnesium **may** help *some* people_with_cramps, ~~not~~ all; see `code span`,\n"
            "![a calf](calf.png) <span class=\"x\">kept</span> and a hard break  \n"
            "then a backslash break\\\nend.")
    article = md(text)
    (block,) = article.blocks
    assert block.text == ("Magnesium may help some people_with_cramps, not all; see code span, "
                          "kept and a hard break then a backslash break end.")
    for word in ("may", "some", "not", "code span", "kept", "end."):
        index = block.text.index(word)
        start, end = block.projection.source_span(index, index + len(word))
        assert text[start:end] == word
    assert_exact(article)


def test_entities_and_escapes_map_to_their_source() -> None:
    text = "AT&amp;T &copy; &#169; &#x1F600; &nosuch; \\*literal\\* 5 \\_ 3 &amp"
    article = md(text)
    (block,) = article.blocks
    assert block.text == "AT&T © © 😀 &nosuch; *literal* 5 _ 3 &amp"
    copyright_index = block.text.index("©")
    assert text[block.projection.offsets[copyright_index]:].startswith("&copy;")
    star = block.text.index("*")
    assert text[block.projection.offsets[star] - 1:block.projection.offsets[star] + 1] == "\\*"
    assert_exact(article)


def test_links_record_text_and_url_spans() -> None:
    text = ('See [the NHS page](https://www.nhs.uk/conditions/leg-cramps/ "NHS") and\n'
            "[a trial](https://doi.org/10.1016/S1836-9553(12)70068-0), [ref style][nhs], "
            "[nhs], <https://medlineplus.gov/> and <a href=\"https://example.org/a?b=1&amp;c=2\">"
            "raw *html*</a>.\n\n[NHS]:\n  <https://www.nhs.uk/>\n")
    article = md(text)
    (block,) = article.blocks
    assert block.text == ("See the NHS page and a trial, ref style, nhs, https://medlineplus.gov/ "
                          "and raw html.")
    found = [(link.url, text[link.start:link.end], text[link.url_start:link.url_end], link.text)
             for link in block.links]
    assert found == [
        ("https://www.nhs.uk/conditions/leg-cramps/", "the NHS page",
         "https://www.nhs.uk/conditions/leg-cramps/", "the NHS page"),
        ("https://doi.org/10.1016/S1836-9553(12)70068-0", "a trial",
         "https://doi.org/10.1016/S1836-9553(12)70068-0", "a trial"),
        ("https://www.nhs.uk/", "ref style", "https://www.nhs.uk/", "ref style"),
        ("https://www.nhs.uk/", "nhs", "https://www.nhs.uk/", "nhs"),
        ("https://medlineplus.gov/", "https://medlineplus.gov/", "https://medlineplus.gov/",
         "https://medlineplus.gov/"),
        ("https://example.org/a?b=1&c=2", "raw *html*", "https://example.org/a?b=1&amp;c=2",
         "raw html"),
    ]
    assert_exact(article)


def test_citation_markers_survive_projection() -> None:
    text = ("Cramps are common [1]. Stretching helps[2, 3].[^4] Linked marker [5](#ref-5) and "
            "reference-style [6]. Superscript<sup>7</sup> here.\n\n[6]: https://doi.org/10.1/x\n"
            "\n[^4]: A footnote.\n")
    article = md(text)
    paragraph = blocks(article, BlockKind.PARAGRAPH)[0]
    assert paragraph.text == ("Cramps are common [1]. Stretching helps[2, 3].[^4] Linked marker "
                              "[5] and reference-style [6]. Superscript7 here.")
    (sup,) = paragraph.data["superscripts"]
    assert text[sup[0]:sup[1]] == "<sup>7</sup>"
    assert [link.url for link in paragraph.links] == ["#ref-5", "https://doi.org/10.1/x"]
    assert_exact(article)


def test_footnote_definitions_become_labelled_list_items() -> None:
    text = ("Night cramps[^cramp] are common.[^2]\n\n"
            "[^cramp]: Allen RE, Kirby KA. Nocturnal leg cramps.\n"
            "    *Am Fam Physician*. 2012.\n\n"
            "    A second paragraph.\n"
            "[^2]: Second note.\n")
    article = md(text)
    paragraph, first, second, third = article.blocks
    assert paragraph.text == "Night cramps[^cramp] are common.[^2]"
    assert [(b.kind, b.data.get("footnote"), b.text) for b in (first, second, third)] == [
        (BlockKind.LIST_ITEM, "cramp",
         "Allen RE, Kirby KA. Nocturnal leg cramps. Am Fam Physician. 2012."),
        (BlockKind.LIST_ITEM, "cramp", "A second paragraph."),
        (BlockKind.LIST_ITEM, "2", "Second note."),
    ]
    assert excerpt(article, first).startswith("[^cramp]: Allen")
    assert second.data.get("continuation") is True
    assert_exact(article)


def test_multibyte_characters_and_tabs_keep_code_point_columns() -> None:
    text = "# Crampes 🦵\n\nLe café\tet 腿抽筋 — *très* fréquent 🙂 [1].\n"
    article = md(text)
    paragraph = article.blocks[1]
    assert paragraph.text == "Le café et 腿抽筋 — très fréquent 🙂 [1]."
    index = paragraph.text.index("[1]")
    start, end = paragraph.projection.source_span(index, index + 3)
    assert text[start:end] == "[1]"
    position = article.position(start)
    before = "Le café\tet 腿抽筋 — *très* fréquent 🙂 "
    assert (position.line, position.column) == (3, len(before) + 1)
    assert_exact(article)


# ------------------------------------------------------------------------ comments and HTML


def test_comments_are_collected_everywhere_but_code() -> None:
    text = ("<!-- healthlint-disable HL301 -->\n\n"
            "Paragraph <!-- healthlint-disable-next-line HL101 --> with an inline comment.\n\n"
            "> <!-- in a quote -->\n\n"
            "```\n<!-- not a comment: code -->\n```\n\n"
            "`<!-- code span -->`\n\n"
            "<!--\nmulti-line\n\ncomment -->\n")
    article = md(text)
    assert [c.text for c in article.comments] == [
        "<!-- healthlint-disable HL301 -->",
        "<!-- healthlint-disable-next-line HL101 -->",
        "<!-- in a quote -->",
        "<!--\nmulti-line\n\ncomment -->",
    ]
    paragraph = blocks(article, BlockKind.PARAGRAPH)[0]
    assert paragraph.text == "Paragraph with an inline comment."
    assert_exact(article)


def test_html_blocks_are_read_by_the_html_reader() -> None:
    text = ('Intro.\n\n<div class="callout">\n<p>Potassium &amp; cramps<sup>2</sup></p>\n'
            "<script>var x = 1;</script>\n</div>\n\nOutro.\n")
    article = md(text)
    assert [b.text for b in article.blocks] == ["Intro.", "Potassium & cramps2", "Outro."]
    callout = article.blocks[1]
    assert excerpt(article, callout) == "<p>Potassium &amp; cramps<sup>2</sup></p>"
    assert callout.data["ancestors"] == ("div.callout",)
    assert_exact(article)


# ------------------------------------------------------------------- agreement with markdown-it

AGREEMENT_CASES = [
    "*a* **b** ***c*** _d_ __e__ a*b*c snake_case 2*3*4",
    "**a *b* c** *a **b** c* *foo**bar**baz* __foo, __bar__, baz__",
    "foo*bar* _foo_bar_ *foo _bar* baz_ **foo*bar** *(*foo*)*",
    "`a` ``b ` c`` ```x`` unmatched `code",
    "[l](/u) [l](</u v> 'title') [a](b(c)d) [x]( /y \"t\" ) ![img *x*](p.png) [![i](a)](b)",
    "[ref] [Ref][] [text][ref] [nope] [foo [bar](/u)](/v)\n\n[ref]: /url",
    "<http://a.b/c?d=e> <me@example.org> <notalink> a < b > c",
    "<span>kept</span> x<!-- c -->y <b\nclass='x'>multi-line tag</b>",
    "&amp; &copy; &#169; &#xA9; &nosuch; &amp &lt;tag&gt; AT&T",
    "\\* \\_ \\[ \\\\ \\a foo\\\nbar  \nbaz",
    "> quote *a*\n> > nested\n> back\nlazy",
    "- a\n- b\n  - c\n    - d\n\n  para in b\n- e\n\n1. one\n2) two",
    "Setext *h*\n===\n\n## ATX ##\n#No hash heading",
    "[a\nb](u\n\"t\") *multi\nline* `code\nspan`",
    "Emoji 🙂 *é* 中文 **日本語** [链接](http://例子.测试) ü\ttab",
    "| a | *b* |\n|---|:--:|\n| `x` | [l](u) |",
]


def _markdown_it_text(children: list) -> str:
    parts = []
    for token in children:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "footnote_ref":
            parts.append(f"[^{token.meta['label']}]")
    return " ".join("".join(parts).split())


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("text", AGREEMENT_CASES)
def test_projection_agrees_with_markdown_it_inline_parser(text: str, newline: str) -> None:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    expected = [_markdown_it_text(t.children) for t in parser.parse(text)
                if t.type == "inline" and t.children is not None]
    article = md(text.replace("\n", newline))
    ours = [" ".join(b.text.split()) for b in article.blocks if b.kind is not BlockKind.CODE]
    assert ours == expected
    assert_exact(article)


# --------------------------------------------------------------------------- whole-file checks


@needs_seeds
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_pages_read_as_markdown_without_losing_positions(path: Path) -> None:
    article = read(path)
    assert len(article.blocks) > 20
    assert_exact(article)


def test_reading_html_or_text_does_not_import_markdown_it_or_yaml() -> None:
    code = (
        "import sys\n"
        "from claims.read import read_text\n"
        "read_text('<p>Hi</p>', format='html', analyse=False)\n"
        "assert 'markdown_it' not in sys.modules, 'markdown_it imported'\n"
        "assert 'yaml' not in sys.modules, 'yaml imported'\n"
        "read_text('No front matter here.', format='markdown', analyse=False)\n"
        "assert 'markdown_it' in sys.modules\n"
        "assert 'yaml' not in sys.modules, 'yaml imported without front matter'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_pathological_inline_input_stays_linear_enough() -> None:
    text = "*a " * 3000 + "_b " * 3000 + "[" * 2000 + "`" * 500
    article = md(text)
    (block,) = article.blocks
    assert re.sub(r"\s+", " ", block.text).startswith("*a *a")
    assert_exact(article)


# Pieces of markup that readers must survive in any order (a deterministic fuzz).
MARKUP_SOUP = [
    "*", "**", "_", "__", "~~", "`", "``", "[", "]", "(", ")", "![", "<", ">", "&amp;", "&",
    "\\", "\n", "\r\n", "\r", " ", "  ", "\t", "- ", "1. ", "1) ", "* ", "> ", "# ", "---",
    "===", "```", "~~~", "|", "[^1]", "[^1]: ", "[x]: /u", "<!--", "-->", "<sup>", "</sup>",
    "<a href='x'>", "</a>", "<div>", "</div>", "<p>", "</p>", "<br>", "<pre>", "</pre>",
    "<script>", "</script>", "<nav>", "http://x.y", "<http://a.b>", "&#x1F600;", "&nbsp;",
    "\"t\"", "'", "    ", "\n\n", "word", "café", "🙂", "中文", "title: x\n",
]


def markup_soup(seed: int, count: int) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(MARKUP_SOUP) for _ in range(rng.randint(1, 40)))
            for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_random_markup_never_breaks_exactness(seed: int) -> None:
    for text in markup_soup(seed, 250):
        assert_exact(md(text))
