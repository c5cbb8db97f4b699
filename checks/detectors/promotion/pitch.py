"""Product pitch: a paragraph that promotes a named product.

Each paragraph that names a product (or refers back to one just named) is scored
from what it says about it:

- a benefit or safety claim about the product: 2 (1 when the sentence cites a source)
- a formulation boast ("formulated with", "packs 50 billion"): 2; a bare "contains": 1
- a call to action in the paragraph: 2
- the product recommended ("a cream like X", "our top pick"): 1
- owned with "our": 1
- marketing adjectives (fast-acting, premium, game-changer, ...): 1 each, at most 2
- the product is promoted elsewhere in the article (a call to action for it, a heading
  naming it, or three or more paragraphs about it): 1

A paragraph scoring at least ``min-score`` (default :data:`MIN_SCORE`) is a pitch. A neutral
mention ("sold as Tylenol") scores nothing, so clean articles that name a brand in
passing are not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.detectors.promotion import cta, lexicon, listings, names, predicates, seller
from checks.detectors.promotion.context import why_not_own
from checks.detectors.promotion.document import BODY, BlockView, PromoDoc, per_document
from checks.detectors.promotion.products import Mention, Product, ProductIndex

MIN_SCORE = 3  # HL301's default ``min-score``
_PLAIN_CONTENTS = frozenset({"contain", "contains"})
_CALLS = "calls the reader to act"
_ELSEWHERE = "the product is promoted elsewhere in the article"
_SOLD = "the article calls the reader to buy it"
_BUTTON_WORDS = 10  # a paragraph this short that only calls to buy is a button, not a pitch


@dataclass
class Pitch:
    view: BlockView
    score: int
    products: list[str]
    reasons: list[str] = field(default_factory=list)


def _called(hits: list[cta.CtaHit]) -> dict[str, set[int]]:
    """The products the article calls the reader to buy, with the paragraphs that call."""
    out: dict[str, set[int]] = {}
    for hit in hits:
        if hit.key:
            out.setdefault(hit.key, set()).add(hit.unit.view.index)
    return out


def _promoted(doc: PromoDoc, products: ProductIndex, hits: list[cta.CtaHit],
              called: dict[str, set[int]]) -> set[str]:
    """Products the article promotes somewhere: called for, named in a heading, recurring."""
    out: set[str] = set(called)
    paragraphs: dict[str, set[int]] = {}
    for mention in products.mentions:
        if not mention.explicit:
            continue
        name = mention.product.key
        if mention.unit.is_heading:
            out.add(name)
        else:
            paragraphs.setdefault(name, set()).add(mention.unit.view.index)
    out.update(name for name, views in paragraphs.items() if len(views) >= 3)
    if any(h.product == "" and h.unit.where == BODY for h in hits):
        out.update(p.key for p in products.products if p.origin in ("publisher", "front-matter"))
    return out


def _recommended(mention: Mention) -> bool:
    text = mention.unit.norm
    if lexicon.recommended_after(text[mention.b:mention.b + 80]):
        return why_not_own(text, mention.a, mention.b) is None
    before = text[max(0, mention.a - 40):mention.a]
    m = lexicon.recommend_before().search(before)
    if m is None:
        return False
    a = max(0, mention.a - 40) + m.start()
    return why_not_own(text, a, mention.b) is None


def score(view: BlockView, doc: PromoDoc, products: ProductIndex, hits: list[cta.CtaHit],
          promoted: set[str], preds: list[predicates.Predicate],
          called: dict[str, set[int]]) -> Pitch | None:
    site = seller.of(doc)
    mentions = [m for u in view.units for m in products.in_unit(u)
                if not u.in_quotes(m.a, m.b)]
    if not mentions:
        return None
    named: list[Product] = list(dict.fromkeys(m.product for m in mentions))
    shown: dict[str, str] = {}
    for m in mentions:
        if m.explicit:
            shown.setdefault(m.product.key, m.text.strip())
    pitch = Pitch(view, 0, list(shown.values()) or [named[0].name])

    def add(points: int, reason: str) -> None:
        pitch.score += points
        pitch.reasons.append(reason)

    unit_ids = {u.index for u in view.units}
    # A claim about the seller's range ("CBD oil has emerged as...") is HL303's; it names no
    # product, so it does not make the paragraph a product's pitch.
    mine = [p for p in preds if p.unit.index in unit_ids
            and not p.mention.product.key.startswith("range:")]
    benefit = [p for p in mine if p.kind in (predicates.EFFICACY, predicates.SAFETY)]
    if benefit:
        p = benefit[0]
        add(1 if p.unit.cited else 2, f"claims a benefit ('{p.text}')")
    formulation = [p for p in mine if p.kind == predicates.FORMULATION]
    if formulation:
        p = formulation[0]
        # "The gummies contain biotin and zinc" says what is in it, as a news story or a
        # label does; "formulated with", "packs 50 billion" or "patented" boast
        plain = all(q.text.lower() in _PLAIN_CONTENTS for q in formulation)
        add(1 if plain else 2, f"boasts about the formula ('{p.text}')")
    calls = [h for h in hits if h.unit.index in unit_ids and h.kind != cta.REVIEW_LINK]
    if calls:
        add(2, _CALLS)
    recommended = [m for m in mentions if m.explicit and _recommended(m)]
    if recommended:
        add(1, "recommends it")
    if any(m.kind == "our" for m in mentions):
        add(1, "presents it as the publisher's own")
    commerce = [u for u in view.units if u.index in site.commerce_ids]
    if commerce and site.selling:
        m = seller.COMMERCE.search(commerce[0].norm)
        # "Here at X we offer ...": the site presenting its range is a pitch by itself
        voice = any(seller.SELLER_VOICE.search(u.norm) for u in commerce)
        add(3 if voice else 2,
            f"the seller speaks of its own range ('{m.group() if m else 'we offer'}')")
    descriptors = 0
    for unit in view.units:
        for m in lexicon.descriptor().finditer(unit.norm):
            if descriptors >= 2:
                break
            if why_not_own(unit.norm, m.start(), m.end(),
                           quoted=unit.in_quotes(m.start(), m.end())) is None:
                descriptors += 1
    if descriptors:
        add(descriptors, "uses marketing language")
    if any(called.get(p.key, set()) - {view.index} for p in named):
        add(2, _SOLD)  # a buy link or "order X" elsewhere: the paragraph sells what it names
    elif any(p.key in promoted for p in named):
        add(1, _ELSEWHERE)
    only_the_call = [r for r in pitch.reasons if r not in (_ELSEWHERE, _SOLD)] == [_CALLS]
    if only_the_call and sum(len(u.norm.split()) for u in view.units) <= _BUTTON_WORDS:
        return None  # a buy button or link line ("Buy X on Amazon"): HL302 reports it
    if only_the_call and site.selling and all(p.origin in ("publisher", "page") for p in named):
        return None  # a shop's closing call to buy its own range: HL302 reports it
    return pitch


@per_document("pitch")
def find(doc: PromoDoc, products: ProductIndex) -> list[Pitch]:
    """Every body paragraph that names a product, scored (callers apply ``min-score``)."""
    hits = cta.find(doc, products)
    preds = predicates.find(doc, products)
    called = _called(hits)
    promoted = _promoted(doc, products, hits, called)
    out: list[Pitch] = []
    for view in doc.paragraphs():
        if view.quoted or view.where != BODY:
            continue
        pitch = score(view, doc, products, hits, promoted, preds, called)
        if pitch is not None:
            out.append(pitch)
    return out


# A heading framed as a pitch: it introduces the product or says how it helps. A listicle's
# "1. Best overall: X" is the list's structure, not a pitch of its own.
_PITCH_HEADING = lexicon.Lazy(
    r"^\W*(?:introducing|meet|say hello to|discover|try|the new)\s"
    r"|^\W*(?:how|why)\s+(?:[\w'\u2122\u00ae-]+\s+){1,5}(?:helps?|works?|can help|is different"
    r"|stands? out)\b|^\W*why\s+(?:[\w-]+\s+){1,3}(?:love|loves|trust|trusts|choose)\s",
    re.IGNORECASE)


def _same(a: Product, b: Product) -> bool:
    return a.key == b.key or (a.origin == b.origin == "publisher")


def headings(doc: PromoDoc, products: ProductIndex, pitches: list[Pitch],
             min_score: int) -> list[tuple[BlockView, list[str]]]:
    """Headings that pitch, on a seller's page or a ranking: a heading naming a product
    ("Meet X", "How X helps") whose section, up to the next heading, holds a pitch or a
    sales verdict of that product."""
    pitched: dict[int, list[Product]] = {}
    for p in pitches:
        if p.score >= min_score:
            pitched[p.view.index] = [m.product for u in p.view.units
                                     for m in products.in_unit(u)]
    for hit in listings.find(doc, products):
        if hit.kind == "praise":  # a sales verdict ("X is the best ... available today")
            pitched.setdefault(hit.unit.view.index, []).extend(
                m.product for m in products.in_unit(hit.unit))
    out: list[tuple[BlockView, list[str]]] = []
    if not (seller.of(doc).selling or len(names.listed(doc).slotted) >= 2):
        # a seller's page, or a list that ranks products; an advertorial's headings
        # ("How X works") are its story's
        return out
    views = doc.views
    for i, view in enumerate(views):
        if not view.is_heading or view.where != BODY or view.quoted:
            continue
        named = [m for u in view.units for m in products.in_unit(u) if m.explicit]
        if not named or not _PITCH_HEADING.search(view.norm):
            continue
        section = []
        for other in views[i + 1:]:
            if other.is_heading:
                break
            section.append(other)
        praised = {q.key for qs in pitched.values() for q in qs}
        if any(_same(m.product, q) for v in section for q in pitched.get(v.index, ())
               for m in named) or (any(m.product.key in praised for m in named)
                                   and _claims_benefits(section)):
            # the section pitches the product; or, the product pitched elsewhere, the
            # section under "How X helps" tells what it does for you without naming it again
            out.append((view, list(dict.fromkeys(m.text.strip() for m in named))))
    return out


def _claims_benefits(section: list[BlockView]) -> bool:
    """Whether a paragraph of the section claims a benefit as its own (not negated, not
    reported, not cited)."""
    for view in section:
        for unit in view.units:
            if unit.cited:
                continue
            for m in lexicon.efficacy().finditer(unit.norm):
                if why_not_own(unit.norm, m.start(), m.end(),
                               quoted=unit.in_quotes(m.start(), m.end())) is None:
                    return True
    return False
