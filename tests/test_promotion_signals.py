"""checks.detectors.promotion.signals: the one public view of where an article promotes.

The disclosure checks (HL405/HL406) read promotion only through it, and it shares
the analysis the HL3xx checks do rather than repeating it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from checks.contract.model import CheckContext
from checks.contract.registry import load
from checks.detectors import promotion
from checks.detectors.promotion import pitch
from checks.engine.article import lint_article, plan_for
from checks.settings.config import Settings
from claims.read import read_text
from tests.promotion_helpers import by_code, run

ROOT = Path(__file__).resolve().parent.parent

PITCH_ONLY = """# Heel Pain

Plantar fasciitis is the most common cause of heel pain in adults.

Solevita Arnica Foot Balm is a fast-acting, premium balm: Solevita Arnica Foot Balm \
relieves heel pain in minutes and is formulated with arnica and menthol.
"""

MIXED = PITCH_ONLY + """
Order your Solevita Arnica Foot Balm today for just $14.99.

We keep a tub of [Acme Magnesium Gummies](https://amzn.to/3xYzAbc) in the kitchen.
"""


def _ctx(settings: Settings) -> CheckContext:
    registry = load(settings)
    check = registry.get("HL405")
    assert check is not None
    return CheckContext(check, {}, settings, {}, {})


def test_signals_report_kind_span_and_product_earliest_first():
    article = read_text(MIXED)
    found = promotion.signals(article, _ctx(Settings()))
    kinds = [s.kind for s in found]
    assert "cta" in kinds and "affiliate-link" in kinds
    assert [s.start for s in found] == sorted(s.start for s in found)
    cta = next(s for s in found if s.kind == "cta")
    assert "Solevita" in cta.product
    assert article.text[cta.start:cta.end].startswith("Order your Solevita")
    first = found[0]
    assert first.kind == "pitch" and article.text[first.start:].startswith("Solevita Arnica")
    link = next(s for s in found if s.kind == "affiliate-link")
    assert article.text[link.start:link.end] == "https://amzn.to/3xYzAbc"
    assert link.url == "https://amzn.to/3xYzAbc" and link.product == ""


def test_signals_are_computed_once_per_article():
    article = read_text(MIXED)
    ctx = _ctx(Settings())
    assert promotion.signals(article, ctx) is promotion.signals(article, ctx)


def test_pitch_scoring_is_shared_between_hl301_and_the_disclosure_check(monkeypatch):
    calls: list[int] = []
    original = pitch.score

    def counting(view, *args, **kwargs):
        calls.append(view.index)
        return original(view, *args, **kwargs)

    monkeypatch.setattr(pitch, "score", counting)
    findings = run(PITCH_ONLY, ["HL301", "HL405"])
    assert {f.code for f in findings} == {"HL301", "HL405"}
    assert len(calls) == len(set(calls))  # each paragraph scored once for both checks


def test_disclosure_honours_hl301_min_score_set_by_name():
    assert by_code(run(PITCH_ONLY, ["HL405"]), "HL405")
    settings = Settings(select=["HL405"], checks={"product-pitch": {"min-score": 99}})
    plan = plan_for(settings, load(settings))
    assert lint_article(read_text(PITCH_ONLY), plan).findings == []


def test_disclosure_reads_promotion_only_through_the_public_api():
    tree = ast.parse((ROOT / "checks/rules/disclosure.py").read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
            imported.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
    internal = {name for name in imported
                if name.startswith(("checks.detectors.promotion.", "checks.rules.promotion"))
                and name not in ("checks.detectors.promotion.PromotionSignal",
                                 "checks.detectors.promotion.signals")}
    assert internal == set()
