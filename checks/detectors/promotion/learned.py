"""A learned sentence-level promotion score, for the sellers' prose no rule describes.

Real sellers praise without the words the rules know: "X is the premier choice", "X
provides the best value", "CBD has quickly become one of the most trusted...". The
score is a logistic regression over the sentence's hashed word n-grams (brand names
folded to one token, as for HL307) and the cues the rule detectors already compute
for it and its page: a product named in the sentence, a seller's page, a heading, the
first person plural. It is learned from the labelled dev pages (tuning split only) by
``scripts/train_promotion_scorer.py`` and shipped as ``data/promotion_sentences.json``.
This module is the one place the features are made: training and runtime share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from checks.detectors.promotion import (
    cta,
    entries,
    listings,
    native,
    pitch,
    predicates,
    seller,
)
from checks.detectors.promotion.document import BODY, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import Lazy
from checks.detectors.promotion.products import ProductIndex

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "promotion_sentences.json"
SCRIPT = "scripts/train_promotion_scorer.py"

_WE = Lazy(r"\b(?:[Ww]e|[Oo]ur|[Uu]s)\b")
_YOU = Lazy(r"\b(?:[Yy]ou|[Yy]our)\b")
_SUPERLATIVE = Lazy(r"\b(?:best|top|premier|favou?rite|winner|must-have|go-to|stands? out)\b",
                    re.IGNORECASE)
_NUMBER = Lazy(r"\d")


@dataclass(frozen=True)
class PageCues:
    """What the page as a whole says about selling, computed once per document."""

    cues: tuple[str, ...]


@per_document("learned-page")
def page_cues(doc: PromoDoc, products: ProductIndex) -> PageCues:
    site = seller.of(doc)
    cues = [f"page:{name}" for name, on in (
        ("shop", site.shop), ("commerce", bool(site.commerce)), ("sells", site.sells),
        ("site", bool(site.names)), ("products", bool(products.products)),
        ("typed", bool(doc.content_type))) if on]
    if not cues:
        cues.append("page:plain")
    return PageCues(tuple(cues))


@per_document("learned-rules")
def _rule_readings(doc: PromoDoc, products: ProductIndex) -> dict[int, list[str]]:
    """What the rule detectors saw in each unit, even below their own thresholds: the
    paragraph's pitch points, the kinds of claim made about a product, a call to action,
    a product of the seller's range, the seller's first-person commerce."""
    out: dict[int, list[str]] = {}
    points = {f.view.index: f.score for f in pitch.find(doc, products)}
    for unit in doc.units:
        if unit.view.index in points:
            out.setdefault(unit.index, []).append(f"r:pitch{min(points[unit.view.index], 4)}")
    for pred in predicates.find(doc, products):
        out.setdefault(pred.unit.index, []).append(f"r:{pred.kind}")
    for hit in cta.find(doc, products):
        out.setdefault(hit.unit.index, []).append("r:cta")
    for unit in seller.of(doc).commerce:
        out.setdefault(unit.index, []).append("r:commerce")
    for mention in products.mentions:
        if mention.product.key.startswith("range:"):
            out.setdefault(mention.unit.index, []).append("r:range")
    return out


def unit_cues(unit: Unit, products: ProductIndex, doc: PromoDoc | None = None) -> list[str]:
    """The sentence's own cues, from the rule detectors' reading of it."""
    mentions = products.in_unit(unit)
    cues = sorted(set(_rule_readings(doc, products).get(unit.index, []))) if doc else []
    if any(m.explicit for m in mentions):
        cues.append("u:named")
    elif mentions:
        cues.append("u:refers")
    if unit.is_heading:
        cues.append("u:heading")
    if _WE.search(unit.norm):
        cues.append("u:we")
    if _YOU.search(unit.norm):
        cues.append("u:you")
    if _SUPERLATIVE.search(unit.norm):
        cues.append("u:superlative")
    if _NUMBER.search(unit.norm):
        cues.append("u:number")
    return cues


def features(text: str, unit: list[str], page: tuple[str, ...]) -> list[str]:
    """The n-grams of the sentence, its cues, and each cue crossed with each page cue
    (a named product means more on a seller's page than in a hospital leaflet)."""
    feats = native.features(text)
    feats.extend(unit)
    feats.extend(page)
    feats.extend(f"{u}&{p}" for u in unit for p in page)
    return feats


def unit_features(unit: Unit, doc: PromoDoc, products: ProductIndex) -> list[str]:
    return features(unit.text, unit_cues(unit, products, doc), page_cues(doc, products).cues)


def candidates(doc: PromoDoc) -> list[Unit]:
    """The units the score reads: body sentences and headings, not cited, not quoted."""
    return [u for u in doc.units if u.where == BODY and not u.cited and not u.view.quoted
            and u.text.strip()]


@cache
def model(path: str = str(MODEL_PATH)) -> native.Model:
    return native.read_model(path, "HL308's learned sentence score", SCRIPT)


@per_document("learned")
def scored(doc: PromoDoc, products: ProductIndex) -> list[tuple[Unit, float]]:
    """Every candidate unit with its probability of being promotion."""
    weights = model()
    return [(u, weights.probability(unit_features(u, doc, products))) for u in candidates(doc)]


def spoken(doc: PromoDoc, products: ProductIndex, min_score: int = pitch.MIN_SCORE) -> set[int]:
    """Units a rule of HL301, HL302 or HL303 already reports (by unit index): the learned
    score speaks only where they are silent, and its threshold is chosen on those units."""
    out = {h.unit.index for h in cta.find(doc, products)}
    out.update(p.unit.index for p in predicates.find(doc, products)
               if p.kind in (predicates.EFFICACY, predicates.SAFETY) and not p.before)
    found = pitch.find(doc, products)
    views = {f.view.index for f in found if f.score >= min_score}
    views.update(view.index for view, _ in pitch.headings(doc, products, found, min_score))
    out.update(u.index for u in doc.units if u.view.index in views)
    out.update(hit.unit.index for hit in listings.find(doc, products))
    out.update(hit.unit.index for hit in entries.find(doc)
               if hit.kind == "describes" or entries.line_pitches(hit))
    return out


def page_sells(doc: PromoDoc, products: ProductIndex, spoken_units: set[int]) -> bool:
    """Whether the score may speak on this page at all: a seller's page (shop chrome,
    first-person commerce, a call to shop its range, its name in the chrome and the body)
    or one where a rule already found promotion. Elsewhere, brands named in passing and a
    sentence that merely sounds warm ("our team of doctors recommends ...") are no
    seller's praise."""
    selling = {"page:shop", "page:commerce", "page:sells", "page:site"}
    return bool(selling & set(page_cues(doc, products).cues)) or bool(spoken_units)
