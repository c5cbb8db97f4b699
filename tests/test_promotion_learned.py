"""HL308: the learned sentence score, its weight file, and where it may speak."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.detectors.promotion import learned, native
from checks.detectors.promotion.products import index_for
from checks.settings.config import Settings
from claims.read import read, read_text
from tests.promotion_helpers import by_code, run

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "devset" / "promotion" / "seller-cbd-recovery-blog.txt"

SELLER = """Brightleaf Botanicals
Shop   Oils   Gummies   Balms   Blog   Cart (0)

Why We Love Chamomile at Bedtime

Chamomile tea has been drunk at bedtime for centuries. Small trials suggest it may help
some people feel calmer, but the evidence on sleep is weak.

Chamomile has quietly become the bedtime ritual of thousands of our happiest customers.

Chamomile can cause allergic reactions in people allergic to ragweed or daisies.
"""


def test_the_weight_file_is_small_and_says_how_it_was_learned() -> None:
    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert len(data["weights"]) < 5000
    cv = data["cross_validation"]
    assert cv["grouped_by"] == "page" and cv["folds"] == 5
    assert cv["rule_silent_sentences"]["precision"] >= cv["min_precision"]
    assert 0.0 < data["threshold"] < 1.0
    assert "tests/devset/promotion" in data["about"]


def test_features_carry_the_page_and_rule_cues_and_fold_brand_names() -> None:
    doc, products = index_for(read(str(PAGE)), {}, Settings(select=["HL3"]))
    rows = [learned.unit_features(u, doc, products) for u in learned.candidates(doc)]
    assert all("page:shop" in row for row in rows)
    assert any("u:named" in row for row in rows)
    one = learned.features("For runners, Zorvex stands out.", ["u:named"], ("page:shop",))
    other = learned.features("For runners, Quellin stands out.", ["u:named"], ("page:shop",))
    assert one == other  # an unseen brand reads like a known one
    assert "u:named&page:shop" in one


def test_every_candidate_gets_a_probability() -> None:
    doc, products = index_for(read(str(PAGE)), {}, Settings(select=["HL3"]))
    scored = learned.scored(doc, products)
    assert len(scored) == len(learned.candidates(doc)) > 10
    assert all(0.0 <= p <= 1.0 for _, p in scored)


def test_it_speaks_only_where_the_rules_are_silent() -> None:
    text = PAGE.read_text(encoding="utf-8")
    findings = run(text, ["HL301", "HL302", "HL303", "HL308"], path="page.txt", fmt="text",
                   checks={"HL308": {"threshold": 0.0}})
    learned_findings = by_code(findings, "HL308")
    assert learned_findings, "at threshold 0 every rule-silent sentence is reported"
    ruled = [f for f in findings if f.code in ("HL302", "HL303")]
    for f in learned_findings:
        assert not any(r.start < f.end and f.start < r.end for r in ruled), f.excerpt


def test_above_one_the_threshold_turns_it_off() -> None:
    assert by_code(run(SELLER, "HL308", path="page.txt", fmt="text",
                       checks={"HL308": {"threshold": 2.0}}), "HL308") == []


def test_it_is_in_preview() -> None:
    from checks.rules.promotion import CHECKS

    check = next(c for c in CHECKS if c.code == "HL308")
    assert check.preview


def test_an_unreadable_weight_file_is_a_plain_error(tmp_path: Path) -> None:
    broken = tmp_path / "weights.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(native.ModelError, match="train_promotion_scorer"):
        learned.model(str(broken))


def test_the_document_is_read_once(tmp_path: Path) -> None:
    article = read_text(SELLER, path="page.txt", format="text")
    doc, products = index_for(article, {}, Settings(select=["HL3"]))
    assert learned.scored(doc, products) is learned.scored(doc, products)
