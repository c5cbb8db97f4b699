"""Plain-text reader: block kinds, exact block spans and projection offsets."""

from __future__ import annotations

import pytest

from claims.model import Article, Block, BlockKind
from claims.read import read, read_text
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "text"


def parse(text: str) -> Article:
    return read_text(text, format="text", analyse=False)


def kinds(article: Article) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in article.blocks]


def assert_exact(article: Article, block: Block) -> None:
    """Every projected character comes from its source offset (line breaks become spaces)."""
    text = article.text
    assert len(block.projection.offsets) == len(block.text)
    for char, offset in zip(block.text, block.projection.offsets, strict=True):
        if char == " " and text[offset] != " ":
            assert text[offset] in "\r\n\t\u00a0 " or text[offset:offset + 4] == "<!--"
        else:
            assert text[offset] == char
    assert block.start <= block.projection.offsets[0]
    assert block.projection.offsets[-1] < block.end
    assert not text[block.start].isspace() and not text[block.end - 1].isspace()


def test_paragraphs_headings_and_bullets() -> None:
    text = (
        "Why Do Muscles Cramp?\n"
        "\n"
        "A cramp is a sudden, painful tightening of a muscle that you cannot relax.\n"
        "\n"
        "  • Dehydration after long exercise.\n"
        "  - Low potassium.\n"
        "  * Standing for hours.\n"
        "  1. Some medicines.\n"
        "\n"
        "Most cramps stop on their own within minutes.\n"
    )
    article = parse(text)
    assert kinds(article) == [
        ("heading", "Why Do Muscles Cramp?"),
        ("paragraph",
         "A cramp is a sudden, painful tightening of a muscle that you cannot relax."),
        ("list_item", "Dehydration after long exercise."),
        ("list_item", "Low potassium."),
        ("list_item", "Standing for hours."),
        ("list_item", "Some medicines."),
        ("paragraph", "Most cramps stop on their own within minutes."),
    ]
    markers = [b.data.get("marker") for b in article.blocks if b.kind is BlockKind.LIST_ITEM]
    assert markers == ["•", "-", "*", "1."]
    for block in article.blocks:
        assert_exact(article, block)
    bullet = article.blocks[2]
    assert text[bullet.start:bullet.end] == "• Dehydration after long exercise."
    assert bullet.projection.source_span(0, len(bullet.text)) == (
        text.index("Dehydration"), text.index("Dehydration") + len(bullet.text))


def test_sections_follow_the_nearest_heading() -> None:
    text = (
        "Causes of Cramps\n\nMost cramps follow heavy exercise in hot weather.\n\n"
        "When to See a Doctor\n\nSee a doctor if cramps wake you every night.\n"
    )
    article = parse(text)
    assert [(b.kind.value, b.section) for b in article.blocks] == [
        ("heading", "Causes of Cramps"),
        ("paragraph", "Causes of Cramps"),
        ("heading", "When to See a Doctor"),
        ("paragraph", "When to See a Doctor"),
    ]


@pytest.mark.parametrize("line", [
    "Who is at Risk?",
    "Self-Care for Immediate Relief:",
    "Understanding Cramps: Causes and Care",
    "Prescription Options (For Frequent Cramps)",
])
def test_heading_like_lines_are_headings(line: str) -> None:
    text = f"{line}\n\nThis paragraph explains the topic in a full sentence of prose.\n"
    assert parse(text).blocks[0].kind is BlockKind.HEADING


@pytest.mark.parametrize("line", [
    "Stretching helps most people.",  # a sentence
    "Published on : 3 May, 2024",  # label : value
    "Name: Asha Rao",  # one-word label
    "Reading time: 4 min",  # label with a number
    "Home/Articles/Cramps",  # a path
    "see www.example.org",  # starts lowercase, a URL
    "Some people lose more salt than others in sweat, including:",  # a lead-in sentence
])
def test_other_short_lines_are_not_headings(line: str) -> None:
    text = f"{line}\n\nThis paragraph explains the topic in a full sentence of prose.\n"
    assert parse(text).blocks[0].kind is not BlockKind.HEADING


def test_a_short_line_before_more_short_lines_is_not_a_heading() -> None:
    text = "Useful Links\n\nContact\n\nCareers\n"
    assert all(b.kind is not BlockKind.HEADING for b in parse(text).blocks)


def test_a_title_line_directly_above_its_list_is_a_heading() -> None:
    text = ("Sleep gummies differ more in their herbs than in their melatonin.\n\n"
            "Our Top Picks at a Glance\n1. Moonlit Meadow Gummies - Best overall\n"
            "2. Hush Hour Chews - Best value\n")
    kinds = [b.kind for b in parse(text).blocks]
    assert kinds[1] is BlockKind.HEADING and BlockKind.LIST_ITEM in kinds[2:]


def test_a_lead_in_directly_above_its_list_stays_a_sentence() -> None:
    text = ("Hay fever is an allergy to pollen.\n\nSymptoms Can Include:\n"
            "- sneezing and a runny nose\n- itchy eyes\n")
    assert parse(text).blocks[1].kind is not BlockKind.HEADING


def test_scraped_lines_stay_separate_but_hard_wrapped_text_is_joined() -> None:
    scraped = "Select a Topic\nIs this page useful?\n12 people liked this page\n"
    assert len(parse(scraped).blocks) == 3
    wrapped = (
        "Night cramps are common in older adults and often affect the calf\n"
        "muscles. Gentle stretching before bed reduces how often they occur,\n"
        "and so does drinking enough water during the day.\n"
    )
    article = parse(wrapped)
    (block,) = article.blocks
    assert block.text == " ".join(wrapped.split("\n")).strip()
    assert (block.start, block.end) == (0, len(wrapped) - 1)
    assert_exact(article, block)
    # The joining spaces point at the line breaks they stand for.
    first_break = wrapped.index("\n")
    assert block.projection.offsets[block.text.index(" muscles.")] == first_break


def test_a_field_line_never_continues_a_wrapped_paragraph() -> None:
    text = ("Each carton contains 90 tablets, enough for three months of daily use.\n"
            "Manufacturer: Harlow Health Ltd, 22 Canal Street, Nottingham NG1 7HB\n"
            "Date of revision: January 2025\n")
    assert [b.text for b in parse(text).blocks] == text.splitlines()
    # a field whose value wraps keeps its continuation
    wrapped = ("Warnings: do not take with other products that contain paracetamol or\n"
               "with alcohol, and ask a pharmacist before use if you are pregnant.\n")
    assert len(parse(wrapped).blocks) == 1


def test_a_lead_in_and_its_unbulleted_items_stay_one_a_line() -> None:
    text = ("Call 999 straight away if you notice any of these:\n"
            "your face droops on one side and you cannot smile\n"
            "you cannot lift both arms and keep them there\n")
    assert [b.text for b in parse(text).blocks] == text.splitlines()


def test_hanging_indent_continues_a_list_item() -> None:
    text = (
        "- Drink water before, during and after\n"
        "  exercise in hot weather.\n"
        "- Stretch the calves.\n"
    )
    article = parse(text)
    assert kinds(article) == [
        ("list_item", "Drink water before, during and after exercise in hot weather."),
        ("list_item", "Stretch the calves."),
    ]
    assert_exact(article, article.blocks[0])


def test_crlf_gives_the_same_blocks_with_exact_offsets() -> None:
    lf = "Cramp Relief\n\nStretch the muscle gently.\n\n  • Apply heat.\n  • Rest.\n"
    crlf = lf.replace("\n", "\r\n")
    a, b = parse(lf), parse(crlf)
    assert kinds(a) == kinds(b)
    for block in b.blocks:
        assert_exact(b, block)
        line = b.source.position(block.start).line
        assert b.source.position(block.end).line == line
    item = b.blocks[2]
    assert crlf[item.start:item.end] == "• Apply heat."
    assert b.source.position(item.start).column == 3


def test_lone_cr_line_endings() -> None:
    text = "Cramp Relief\r\rStretch the muscle gently before you sleep.\r"
    assert kinds(parse(text)) == [
        ("heading", "Cramp Relief"),
        ("paragraph", "Stretch the muscle gently before you sleep."),
    ]


def test_tabs_and_multibyte_characters_keep_exact_offsets() -> None:
    text = (
        "Café Culture and Cramps 😀\n"
        "\n"
        "\t•\tCaffeine in café crème can dehydrate — drink water too 💧.\n"
        "Naïve runners skip warm-ups.\u00a0\n"
    )
    article = parse(text)
    assert kinds(article) == [
        ("heading", "Café Culture and Cramps 😀"),
        ("list_item", "Caffeine in café crème can dehydrate — drink water too 💧."),
        ("paragraph", "Naïve runners skip warm-ups."),
    ]
    for block in article.blocks:
        assert_exact(article, block)
    item = article.blocks[1]
    assert article.source.position(item.start).column == 2  # after the tab
    assert text[item.projection.offsets[0]] == "C"
    para = article.blocks[2]
    assert text[para.end - 1] == "."  # the trailing NBSP is not part of the block


def test_comments_are_collected_and_left_out_of_the_text() -> None:
    text = (
        "<!-- healthlint-disable-next-line HL301 -- quoted from the label -->\n"
        "The cream relieves pain fast. <!-- note --> Apply twice daily.\n"
    )
    article = parse(text)
    assert [c.text for c in article.comments] == [
        "<!-- healthlint-disable-next-line HL301 -- quoted from the label -->",
        "<!-- note -->",
    ]
    (block,) = article.blocks
    assert block.text == "The cream relieves pain fast. Apply twice daily."
    assert_exact(article, block)


def test_front_matter_in_a_text_file() -> None:
    text = "---\ntitle: Cramps\nauthor: A. Rao\n---\n\nCramps are common in athletes.\n"
    article = parse(text)
    assert article.front_matter is not None
    assert article.front_matter.data["title"] == "Cramps"
    body = [b for b in article.blocks if b.kind is not BlockKind.FRONT_MATTER]
    assert kinds(Article(article.path, "text", article.source, blocks=body)) == [
        ("paragraph", "Cramps are common in athletes."),
    ]


def test_bom_and_blank_file() -> None:
    assert parse("").blocks == []
    assert parse("\n \n\t\n").blocks == []
    article = parse("\ufeffCramps are common in athletes.\n")
    assert kinds(article) == [("paragraph", "Cramps are common in athletes.")]
    assert article.blocks[0].start == 1


def test_utf16_file_is_read_with_the_text_reader(tmp_path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes("Cramps are common.\r\n".encode("utf-16"))
    article = read(str(path))
    assert article.format == "text"
    assert kinds(article) == [("paragraph", "Cramps are common.")]


def test_fixture_page_every_block_is_exact() -> None:
    article = read(str(FIXTURES / "scraped_page.txt"), analyse=False)
    assert len(article.blocks) > 20
    for block in article.blocks:
        assert_exact(article, block)


def test_underlined_titles_are_headings_and_rules_are_not_text() -> None:
    text = (
        "Cramps at Night\n"
        "===============\n"
        "They are common after sixty.\n"
        "\n"
        "* * *\n"
        "\n"
        "Stretch before bed.\n"
    )
    article = parse(text)
    assert kinds(article) == [
        ("heading", "Cramps at Night"),
        ("paragraph", "They are common after sixty."),
        ("paragraph", "Stretch before bed."),
    ]
    assert article.blocks[0].end == text.index("\n")


def test_a_leading_rule_that_is_not_front_matter_is_skipped() -> None:
    text = "---\nNot a YAML block, just a rule.\n---\nText after the rule.\n"
    article = parse(text)
    assert article.front_matter is None
    assert kinds(article) == [
        ("paragraph", "Not a YAML block, just a rule."),
        ("paragraph", "Text after the rule."),
    ]


def test_a_pipe_table_is_read_as_table_cells() -> None:
    text = ("Probiotics compared\n\nThe three we tested are below.\n\n"
            "| Name | Strains | Best for |\n| --- | :-: | --- |\n"
            "| Alpha Biotic | 10 | Daily support |\n| Beta Flora |  | Value |\n\n"
            "Each was taken for a month.\n")
    article = parse(text)
    assert kinds(article)[2:10] == [("table_cell", cell) for cell in (
        "Name", "Strains", "Best for", "Alpha Biotic", "10", "Daily support", "Beta Flora",
        "Value")]
    assert kinds(article)[-1] == ("paragraph", "Each was taken for a month.")
    for block in article.blocks:
        assert_exact(article, block)


def test_pipes_without_a_separator_row_stay_lines() -> None:
    # a breadcrumb or a row of links, not a table
    article = parse("| Home | Health | Vitamins |\n| Shop | Blog | Contact |\n\n"
                    "Vitamin D helps the body absorb calcium.\n")
    assert all(b.kind != BlockKind.TABLE_CELL for b in article.blocks)
