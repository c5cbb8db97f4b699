"""Block roles for label statements and app-download chrome, in every reader."""

from __future__ import annotations

import pytest

from claims.model import Article, BlockKind
from claims.read import read_text
from claims.roles import chrome_heading, is_disclaimer, is_regulatory_statement
from tests.promotion_helpers import run


def kind_of(article: Article, prefix: str) -> tuple[BlockKind, object]:
    block = next(b for b in article.blocks if b.text.startswith(prefix))
    return block.kind, block.data.get("role")


@pytest.mark.parametrize("text", [
    "Food supplements should not be used as a substitute for a varied and balanced diet and "
    "a healthy lifestyle.",
    "Food supplements must not be used as a substitute for a varied diet.",
    "A varied and balanced diet and a healthy lifestyle are important.",
    "Do not exceed the recommended daily dose. Keep out of the reach of young children.",
    "This product is not intended to diagnose, treat, cure or prevent any disease.",
])
def test_label_statements_are_disclaimers(text: str) -> None:
    assert is_regulatory_statement(text)
    assert is_disclaimer(text)


@pytest.mark.parametrize("text", [
    "Do not exceed the recommended daily dose of paracetamol, as it can damage the liver.",
    "Keep medicines out of the reach of children.",
    "A varied diet gives most adults all the vitamin C they need.",
])
def test_ordinary_advice_is_not_a_label_statement(text: str) -> None:
    assert not is_regulatory_statement(text)
    assert not is_disclaimer(text)


def test_eu_statement_in_an_article_is_a_disclaimer_not_a_claim() -> None:
    text = ("# Vitamin D\n\nVitamin D helps the body absorb calcium.\n\n"
            "Food supplements should not be used as a substitute for a varied and balanced "
            "diet and a healthy lifestyle.\n")
    article = read_text(text)
    assert kind_of(article, "Food supplements") == (BlockKind.DISCLAIMER, "regulatory-statement")
    assert all("Food supplements" not in c.text for c in article.claims)


@pytest.mark.parametrize("heading", [
    "Get the Healthify Me App", "Download the app", "Get our free app", "Download Truemeds",
    "Install the Example Health app now!",
])
def test_app_download_headings_are_chrome(heading: str) -> None:
    assert chrome_heading(heading) == "app-store"


@pytest.mark.parametrize("heading", [
    "Get the facts", "Apps that help you sleep", "Download a symptom tracker", "Get moving",
])
def test_content_headings_are_not_app_chrome(heading: str) -> None:
    assert chrome_heading(heading) is None


def test_app_heading_starts_a_chrome_section_until_content_resumes() -> None:
    text = """# Heel pain

Heel pain is common and usually settles with stretching within a few weeks for most adults.

## Get the Healthy Feet Plus App

Track your heel pain every day and order insoles in minutes with the Healthy Feet Plus app, \
now with a free trial for new members.

## When to see a doctor

See a doctor if heel pain lasts for more than a few weeks, wakes you at night, or follows \
an injury, or if the foot is numb or swollen.
"""
    article = read_text(text)
    assert kind_of(article, "Get the Healthy") == (BlockKind.BOILERPLATE, "app-store")
    assert kind_of(article, "Track your heel")[0] is BlockKind.BOILERPLATE
    assert kind_of(article, "See a doctor")[0] is BlockKind.PARAGRAPH


APP_TAIL = """# Heel pain

Heel pain is common and usually settles with stretching.

## References

1. Landorf KB. Plantar heel pain and plantar fasciitis. BMJ Clin Evid. 2015;2015:1111.

Get the Footly App

Order foot care products in minutes and save 20% on your first order, and track how your \
heel pain improves every day with Footly.

Get it on Google Play

© 2025 Footly Health. All rights reserved.
"""


def test_app_blurb_after_the_article_is_chrome_for_every_check() -> None:
    article = read_text(APP_TAIL)
    assert kind_of(article, "Order foot care")[0] is BlockKind.BOILERPLATE
    assert all("Footly" not in s.text for s in article.sentences)
    blurb = [f for f in run(APP_TAIL) if f.line == 11]
    assert blurb and all(f.severity.value == "info" for f in blurb)


def test_prose_after_the_references_with_no_chrome_after_it_stays_body() -> None:
    text = APP_TAIL.split("Get it on Google Play")[0].replace(
        "Get the Footly App\n\n", "© 2025 Footly Health. All rights reserved.\n\n")
    article = read_text(text)
    assert kind_of(article, "Order foot care")[0] is BlockKind.PARAGRAPH
