"""HL5xx provenance: authors, credentials, reviewers, dates, staleness, evidence age, schema."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from checks.detectors.dates import page_dates, parse_date
from checks.detectors.frontmatter_schema import validate
from checks.settings.config import ConfigError, Settings, settings_from_mapping
from checks.settings.policy import CONTENT_TYPES, resolve
from claims.read import read, read_text
from tests.conftest import SEEDS, needs_seeds
from tests.lint_helpers import lint_text

lint = partial(lint_text, fmt="markdown", select="HL5", path="a.md")


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def article(front: str, body: str = "# Title\n\nA plain sentence.\n") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}"


GOOD_FRONT = """
title: Sprains
author: "Jane Doe, RN"
medical_reviewer: "Ali Khan, MD"
published: 2026-03-02
updated: 2026-04-10
content_type: article
"""


def test_complete_front_matter_has_no_provenance_finding():
    assert lint(article(GOOD_FRONT)) == []


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "2025-11-08", "2025-11-08T10:30:00Z", "2025-11-08 10:30", "2025/11/08", "08 Nov, 2025",
    "8 Nov 2025", "08-Nov-2025", "8th November 2025", "8 November, 2025", "November 8, 2025",
    "Nov. 8th, 2025", "Nov 8 2025", "Saturday, November 8, 2025", "11/08/2025",
])
def test_common_date_formats(text):
    order = "mdy" if text == "11/08/2025" else "auto"
    assert parse_date(text, order).date == dt.date(2025, 11, 8)


def test_numeric_dates_follow_the_policy_order_and_are_ambiguous_under_auto():
    assert parse_date("11/08/2025", "dmy").date == dt.date(2025, 8, 11)
    auto = parse_date("11/08/2025", "auto")
    assert auto.date is None and auto.ambiguous and "ambiguous" in auto.problem
    # Only one reading is a real date: no ambiguity.
    assert parse_date("13/08/2025", "auto").date == dt.date(2025, 8, 13)
    assert parse_date("08/08/2025", "auto").date == dt.date(2025, 8, 8)


@pytest.mark.parametrize("text,problem", [
    ("31/02/2025", "no such day"), ("2025-13-01", "no such day"), ("soon", "recognised format"),
    ("0205-11-08", "implausible year"), ("2025-11-08 or so", "recognised format"),
])
def test_unreadable_dates_say_why(text, problem):
    reading = parse_date(text)
    assert reading.date is None and problem in reading.problem


def test_month_precision_date():
    reading = parse_date("November 2025")
    assert reading.date == dt.date(2025, 11, 1) and reading.precision == "month"


def test_scraped_updated_line_is_read_with_its_position():
    text = ("Home/Blog/Health\n\nMuscle cramps\n\nLast updated on : 08 Nov, 2025\n\n"
            "Read time : 7 min\n")
    art = read_text(text, path="p.txt", format="text")
    mentions = page_dates(art)
    assert [(m.kind, m.reading.date) for m in mentions] == [("updated", dt.date(2025, 11, 8))]
    assert text[mentions[0].start:mentions[0].end] == "08 Nov, 2025"


def test_byline_date_after_a_separator_and_an_undated_line():
    text = ("How cramps start\n\nBy Jane Doe | Published November 8, 2025 · Reviewed on "
            "2026-01-05\n\nNo date here: updated guidance is coming.\n")
    art = read_text(text, path="p.txt", format="text")
    found = {m.kind: m.reading.date for m in page_dates(art)}
    assert found == {"published": dt.date(2025, 11, 8), "reviewed": dt.date(2026, 1, 5)}


@needs_seeds
def test_well_cited_seed_update_date_is_read():
    path = next(SEEDS.glob("000_*.txt"))
    art = read(str(path))
    mentions = page_dates(art)
    assert [(m.kind, m.reading.date) for m in mentions] == [("updated", dt.date(2025, 11, 8))]
    findings = lint(path.read_text(encoding="utf-8"), fmt="text", path=str(path),
                    today="2026-01-01")
    assert not {"HL504", "HL505", "HL506"} & set(codes(findings))


@needs_seeds
def test_product_seed_has_no_author_and_no_date():
    path = next(SEEDS.glob("001_*.txt"))
    findings = lint(path.read_text(encoding="utf-8"), fmt="text", path=str(path))
    assert sorted(codes(findings)) == ["HL501", "HL504"]
    assert all((f.line, f.column) == (1, 1) for f in findings)


def test_date_missing_in_front_matter():
    findings = lint(article(GOOD_FRONT.replace("published: 2026-03-02\n", "")
                            .replace("updated: 2026-04-10\n", "")))
    assert codes(findings) == ["HL504"]
    assert "published:" in findings[0].message and findings[0].line == 1


def test_policy_can_require_the_updated_date():
    text = article(GOOD_FRONT.replace("updated: 2026-04-10\n", ""))
    assert lint(text) == []
    findings = lint(text, policy={"require": {"updated": True}})
    assert codes(findings) == ["HL504"] and "no updated date" in findings[0].message


def test_unparseable_and_ambiguous_front_matter_dates():
    text = article(GOOD_FRONT.replace("2026-03-02", "'03/02/2026'")
                   .replace("2026-04-10", "next week"))
    findings = lint(text, select="HL505")
    assert [f.excerpt for f in findings] == ["'03/02/2026'", "next week"]
    assert "ambiguous" in findings[0].message and "`updated`" in findings[1].message
    assert findings[0].line == 5
    assert lint(text.replace("next week", "2026-04-10"), select="HL505",
                policy={"date-order": "dmy"}) == []


def test_update_before_publication_is_reported():
    text = article(GOOD_FRONT.replace("updated: 2026-04-10", "updated: 2025-04-10"))
    findings = lint(text, select="HL505")
    assert codes(findings) == ["HL505"] and "before the published date" in findings[0].message


def test_stale_content_relative_to_a_pinned_today():
    text = article(GOOD_FRONT)
    assert lint(text, select="HL506", today="2028-04-09") == []
    findings = lint(text, select="HL506", today="2028-04-10")
    assert codes(findings) == ["HL506"]
    assert findings[0].excerpt == "2026-04-10"
    assert "24 months" in findings[0].message and "2 years" in findings[0].message
    # Supplement pages are re-reviewed yearly; news is never stale; a policy can change it.
    supplement = text.replace("content_type: article", "content_type: supplement")
    assert codes(lint(supplement, select="HL506", today="2027-05-01")) == ["HL506"]
    news = text.replace("content_type: article", "content_type: news")
    assert lint(news, select="HL506", today="2035-01-01") == []
    assert lint(text, select="HL506", today="2035-01-01", policy={"stale-after-months": 0}) == []


def test_ambiguous_date_is_stale_only_if_every_reading_is():
    text = article(GOOD_FRONT.replace("2026-03-02", "'03/02/2024'")
                   .replace("updated: 2026-04-10\n", ""))
    assert lint(text, select="HL506", today="2026-02-15") == []  # 2 March 2024 is 23 months
    assert codes(lint(text, select="HL506", today="2026-03-02")) == ["HL506"]


# --- people ----------------------------------------------------------------------------------


def test_author_missing_points_at_the_front_matter():
    findings = lint(article(GOOD_FRONT.replace('author: "Jane Doe, RN"\n', "")))
    assert codes(findings) == ["HL501"]
    assert (findings[0].line, findings[0].excerpt) == (1, "---")


def test_text_page_byline_names_the_author_and_reviewer():
    text = ("Muscle cramps\n\nBy Dr. Maya Lin, MD | Medically reviewed by Tom Ruiz\n\n"
            "Last updated on : 08 Nov, 2025\n\nStretching may ease a cramp.\n")
    assert lint(text, fmt="text", path="p.txt", today="2026-01-01") == []
    # A Markdown page without front matter is read for bylines too, and wants a reviewer
    # with credentials (the default policy for Markdown).
    findings = lint(text, fmt="markdown", today="2026-01-01")
    assert codes(findings) == ["HL502"]
    assert findings[0].excerpt == "Tom Ruiz" and "medical reviewer" in findings[0].message


def test_prose_starting_with_by_is_not_a_byline():
    text = ("Muscle cramps\n\nBy Monday the swelling had gone down.\n\n"
            "Updated: 2026-01-02\n")
    assert codes(lint(text, fmt="text", path="p.txt")) == ["HL501"]


def test_reviewer_without_credentials_and_policy_for_authors():
    text = article(GOOD_FRONT.replace('"Ali Khan, MD"', "Ali Khan")
                   .replace('"Jane Doe, RN"', "Jane Doe"))
    findings = lint(text)
    assert codes(findings) == ["HL502"] and findings[0].excerpt == "Ali Khan"
    strict = lint(text, policy={"require": {"author-credentials": True}})
    assert [f.excerpt for f in strict] == ["Jane Doe", "Ali Khan"]


@pytest.mark.parametrize("front", [
    "medical_reviewer: Ali Khan\nreviewer_credentials: MD",
    "reviewed_by:\n  name: Ali Khan\n  credentials: [MD, MPH]",
    "reviewer: Dr. Ali Khan",
    "medical_reviewer: [\"Ali Khan, PharmD\", \"Bea Ode, RD\"]",
])
def test_credential_forms(front):
    text = article(GOOD_FRONT.replace('medical_reviewer: "Ali Khan, MD"', front))
    assert lint(text) == []


def test_reviewer_missing_only_where_the_policy_wants_one():
    text = article(GOOD_FRONT.replace('medical_reviewer: "Ali Khan, MD"\n', ""))
    findings = lint(text)
    assert codes(findings) == ["HL503"] and "medical_reviewer:" in findings[0].message
    assert lint(text.replace("content_type: article", "content_type: news")) == []
    assert lint(text, policy={"paths": {"blog/*": {"require": {"medical-reviewer": False}}}},
                path="blog/a.md") == []
    assert codes(lint(text, policy={"paths": {"blog/*": {"require": {"medical-reviewer": False}}}},
                      path="news/a.md")) == ["HL503"]


# --- dated evidence --------------------------------------------------------------------------

EVIDENCE = article(GOOD_FRONT, """# Cramps

Magnesium supplements do not prevent nocturnal leg cramps in older adults [1].

Dehydration increases the risk of exercise-associated cramps [2].

## References

1. Garrison SR, et al. Magnesium for skeletal muscle cramps. Cochrane Database Syst Rev.
   2012;(9):CD009402. doi:10.1002/14651858.CD009402.pub2
2. Miller KC, et al. Exercise-associated muscle cramps. Sports Health. 2022;2(4):279-283.
   doi:10.1177/1941738109357299
""")


def test_claim_whose_only_source_is_old_is_information():
    findings = lint(EVIDENCE, select="HL507", today="2026-06-01")
    assert codes(findings) == ["HL507"]
    assert findings[0].severity.value == "info" and "2012" in findings[0].message
    assert findings[0].excerpt.startswith("Magnesium supplements")
    assert lint(EVIDENCE, select="HL507", policy={"evidence-max-age-years": 15}) == []


# --- front matter schema ---------------------------------------------------------------------


def test_key_typo_is_reported_at_its_line_with_a_suggestion():
    text = article(GOOD_FRONT.replace("author:", "autor:"))
    findings = lint(text, select="HL508")
    assert codes(findings) == ["HL508"]
    assert (findings[0].line, findings[0].column, findings[0].excerpt) == (3, 1, "autor")
    assert "did you mean 'author'" in findings[0].message


def test_content_type_typo_and_wrong_shapes():
    text = article(GOOD_FRONT.replace("content_type: article", "content_type: suplement")
                   + "draft: maybe\ntags: {a: 1}\n")
    findings = lint(text, select="HL508")
    messages = [f.message for f in findings]
    assert "did you mean 'supplement'" in messages[0] and findings[0].excerpt == "suplement"
    assert "draft: expected true or false" in messages[1]
    assert "tags: expected a list" in messages[2]


def test_own_keys_are_left_alone_unless_strict():
    text = article(GOOD_FRONT + "hero_colour: teal\nimages: [a.png]\n")
    assert lint(text, select="HL508") == []
    strict = lint(text, select="HL508", policy={"front-matter-strict": True})
    assert [f.excerpt for f in strict] == ["hero_colour"]
    declared = lint(text, select="HL508", policy={"front-matter-strict": True,
                                                  "front-matter-keys": ["hero_colour"]})
    assert declared == []


def test_alias_repeating_a_key_and_nested_person_typo():
    problems = validate({"published": "2025-01-01", "date": "2025-01-02",
                         "author": {"nmae": "Jane"}}, CONTENT_TYPES)
    messages = [p.message for p in problems]
    assert "'date' repeats 'published'" in messages[0]
    assert "unknown key 'nmae'; did you mean 'name'?" in messages[1]


# --- policy ----------------------------------------------------------------------------------


def test_policy_layers_format_content_type_and_path():
    s = settings_from_mapping({"policy": {
        "require": {"author-credentials": True},
        "content-types": {"recipe": {"stale-after-months": 6}},
        "paths": {"legacy/**": {"require": {"medical-disclaimer": False}}},
    }}, "test", "/site")
    text = read_text(article(GOOD_FRONT.replace("article", "recipe")), path="/site/legacy/x/a.md")
    policy = resolve(s, text)
    assert policy.content_type == "recipe" and policy.stale_after_months == 6
    assert policy.requires("author-credentials") and not policy.requires("medical-disclaimer")
    assert policy.requires("medical-reviewer")
    scraped = resolve(s, read_text("Page\n", path="/site/p.txt", format="text"))
    assert not scraped.requires("medical-reviewer") and scraped.requires("author")


@pytest.mark.parametrize("policy,expected", [
    ({"stale-after-month": 3}, "did you mean 'stale-after-months'"),
    ({"require": {"medical-disclaimr": True}}, "did you mean 'medical-disclaimer'"),
    ({"content-types": {"news": {"requires": {}}}}, "did you mean 'require'"),
    ({"date-order": "ydm"}, "one of auto, mdy, dmy"),
    ({"stale-after-months": -1}, "whole number"),
    ({"default-content-type": "artcle"}, "did you mean 'article'"),
])
def test_policy_typos_are_configuration_errors(policy, expected):
    with pytest.raises(ConfigError, match=expected):
        settings_from_mapping({"policy": policy}, "healthlint.yaml", ".")


def test_policy_typo_through_the_cli_is_exit_2(write, cli, tmp_path):
    write("healthlint.yaml", "policy:\n  stale-after-month: 3\n")
    path = write("a.md", article(GOOD_FRONT))
    result = cli("check", str(path))
    assert result.code == 2 and "did you mean 'stale-after-months'" in result.err


def test_bad_today_is_a_usage_error(write, cli):
    path = write("a.md", article(GOOD_FRONT))
    assert cli("check", str(path), "--today", "1 June").code == 2
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        settings_from_mapping({"today": "June"}, "healthlint.yaml", ".")


def test_content_type_from_type_only_when_it_is_a_content_type():
    s = Settings()
    supplement = read_text(article(GOOD_FRONT.replace("content_type: article",
                                                      "type: supplement")))
    assert resolve(s, supplement).content_type == "supplement"
    layout = read_text(article(GOOD_FRONT.replace("content_type: article", "type: post")))
    assert resolve(s, layout).content_type == "article"
    assert lint(article(GOOD_FRONT.replace("content_type: article", "type: post")),
                select="HL508") == []


def test_a_date_line_in_an_unknown_format_is_reported_not_ignored():
    text = "Muscle cramps\n\nBy Jane Doe\n\nLast updated on : the eighth of Nov\n\nBody text.\n"
    findings = lint(text, fmt="text", path="p.txt")
    assert codes(findings) == ["HL505"]
    assert "not in a recognised format" in findings[0].message


@pytest.mark.parametrize("front", ["title: [unclosed", "author: Jane\n  bad: indent: here"])
def test_unreadable_front_matter_is_one_hl904_not_a_guess_at_what_it_said(front):
    """The author and dates may be in the front matter that failed to parse: no HL4xx/HL5xx
    finding guesses they are missing, while the body's checks still run."""
    body = "# Title\n\nVitamin D deficiency causes rickets in children.\n"
    found = codes(lint(article(front, body), select="HL1,HL4,HL5,HL9"))
    assert "HL904" in found and "HL101" in found
    assert not [c for c in found if c[:3] in {"HL4", "HL5"}], found


def test_readable_front_matter_with_a_repeated_key_still_runs_provenance_checks():
    found = codes(lint(article("title: A\ntitle: B"), select="HL5,HL9"))
    assert "HL904" in found and "HL501" in found
