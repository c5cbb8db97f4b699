"""Bylines as pages write them: author, reviewer, team bylines and the dates they carry."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from checks.detectors.bylines import find_bylines, is_organisation
from claims.read import read_text
from tests.conftest import load_script
from tests.lint_helpers import lint_text

lint = partial(lint_text, fmt="text", select="HL5", path="a.txt")


@pytest.mark.parametrize(("line", "role", "name", "person", "date"), [
    ("By the Healthwise Team | May 19, 2026", "author", "Healthwise Team", False,
     dt.date(2026, 5, 19)),
    ("By Maria Lopez | March 3, 2026", "author", "Maria Lopez", True, dt.date(2026, 3, 3)),
    ("Written by Tom Okafor, RN · 12 January 2026", "author", "Tom Okafor", True,
     dt.date(2026, 1, 12)),
    ("Medically reviewed by Dr. Priya Shah, MD — 2 February 2026", "reviewer", "Dr. Priya Shah",
     True, dt.date(2026, 2, 2)),
    ("Posted on July 2, 2025 by Sam Ortiz", "author", "Sam Ortiz", True, None),
    ("By Sunrise Pharmacy editors, 21/06/2025", "author", "Sunrise Pharmacy editors", False,
     dt.date(2025, 6, 21)),
    ("By the editorial team", "author", "editorial team", False, None),
])
def test_byline_forms(line, role, name, person, date):
    article = read_text(f"Cramps\n\n{line}\n\nStretch gently.\n", path="a.txt", format="text")
    (byline,) = find_bylines(article)
    assert (byline.role, byline.name, byline.person) == (role, name, person)
    assert [d.reading.date for d in byline.dates] == ([date] if date else [])


@pytest.mark.parametrize("text", [
    "By the time the ambulance team arrived, she was awake.",
    "Stretch gently by the wall for a minute.",
])
def test_prose_is_not_a_byline(text):
    assert find_bylines(read_text(f"Cramps\n\n{text}\n", path="a.txt", format="text")) == []


def test_organisations_and_people():
    assert is_organisation("the Mayfield Clinic Staff") and is_organisation("Clearwater News Desk")
    assert not is_organisation("Grace Mensah") and not is_organisation("Dr. Ali Khan")


def test_team_byline_is_an_author_with_its_date_and_an_info_finding():
    findings = lint("Cramps\n\nBy the Healthwise Team | May 19, 2026\n\nStretch gently.\n")
    assert [f.code for f in findings] == ["HL509"]
    assert findings[0].severity.value == "info" and findings[0].excerpt == "Healthwise Team"


def test_named_person_byline_needs_no_info_finding():
    assert lint("Cramps\n\nBy Maria Lopez | March 3, 2026\n\nStretch gently.\n") == []


def test_byline_in_html_and_markdown():
    html = ("<html><body><h1>Cramps</h1><p>By <a href='/a/jo'>Jo Whitfield</a> | Nov 8, 2025"
            "</p><p>Stretch gently.</p></body></html>")
    assert lint(html, fmt="html", path="a.html", today="2026-01-01") == []
    md = "---\ntitle: Cramps\n---\n\n# Cramps\n\n*By Jo Whitfield · 8 November 2025*\n\nStretch.\n"
    codes = [f.code for f in lint(md, fmt="markdown", path="a.md", today="2026-01-01")]
    assert "HL501" not in codes and "HL504" not in codes


def test_date_label():
    findings = lint("Cramps\n\nAuthor: Yuki Tanaka\nDate: 2025-09-15\n\nStretch gently.\n")
    assert findings == []


def test_devset_figures():
    module = load_script("eval_bylines")
    for name in ("tuning.yaml", "heldout.yaml"):
        right, total, wrong = module.score(module.DEVSET / name)
        assert all(right[f] / total >= 0.9 for f in module.FIELDS), wrong


def test_author_marked_in_html_markup_with_the_date_beside_it():
    html = ("<html><body><h1>HPV vaccine</h1><div class='meta'><span class='author'>Grace "
            "Mbeki-Lund</span> <time datetime='2025-02-11'>11 February 2025</time></div>"
            "<p>One dose protects.</p></body></html>")
    article = read_text(html, path="a.html", format="html")
    (byline,) = find_bylines(article)
    assert byline.name == "Grace Mbeki-Lund" and html[byline.start:byline.end] == byline.name
    assert lint(html, fmt="html", path="a.html", today="2025-06-01") == []


@pytest.mark.parametrize(("line", "kind", "day"), [
    ("This leaflet was revised in January 2025.", "updated", dt.date(2025, 1, 1)),
    ("This leaflet was last revised in 11/2024.", "updated", dt.date(2024, 11, 1)),
    ("Health : Hearing Last Updated: Jul 11, 2015 - 9:56:45 AM", "updated",
     dt.date(2015, 7, 11)),
    ("EMBARGOED FOR RELEASE: 11 A.M. (ET), MONDAY, AUGUST 24, 2015", "published",
     dt.date(2015, 8, 24)),
])
def test_dates_stated_in_a_sentence_or_mid_line(line, kind, day):
    from checks.detectors.dates import page_dates

    article = read_text(f"Leaflet\n\n{line}\n\nTake one tablet.\n", path="a.txt", format="text")
    assert [(m.kind, m.reading.latest) for m in page_dates(article)] == [(kind, day)]


@pytest.mark.parametrize(("line", "role", "name"), [
    ("answered by Marguerite Oyelaran, MPharm · community pharmacist", "author",
     "Marguerite Oyelaran"),
    ("Reviewed by the HealthPoint clinical team", "reviewer", "HealthPoint clinical team"),
    ("This is an article by Britt Daniel MD, retired neurologist.", "author", "Britt Daniel"),
    ("Ajay Pillai, MD, Director of Sleep Disorders Center", "author", "Ajay Pillai"),
])
def test_more_byline_forms(line, role, name):
    article = read_text(f"Title\n\n{line}\n\nBody text here.\n", path="a.txt", format="text")
    (byline,) = find_bylines(article)
    assert (byline.role, byline.name) == (role, name)


def test_a_role_placeholder_is_no_author():
    findings = lint("Tinnitus\n\nBy Hearing Writer\nJan 18, 2014\n\nI have had tinnitus.\n",
                    select="HL501", today="2014-02-01")
    assert [f.code for f in findings] == ["HL501"]


def test_a_credentials_line_in_a_list_of_experts_is_not_a_byline():
    text = ("Cramps\n\nStretch gently.\n\nOur experts\n\nAmatul Ameen\n\nB. Pharm, MSc.\n\n"
            "14 years\n")
    assert find_bylines(read_text(text, path="a.txt", format="text")) == []


@pytest.mark.parametrize("verb", ["warned", "warns", "explains", "said"])
def test_a_quoted_expert_is_no_byline(verb):
    """One reported-speech list (claims.attribution) for bylines and claim detection:
    'warned' was missing from the bylines' copy, so this line read as the author's."""
    text = f"Cramps\n\nAjay Pillai, MD, {verb} that cramps at night need a check.\n\nStretch.\n"
    assert find_bylines(read_text(text, path="a.txt", format="text")) == []
