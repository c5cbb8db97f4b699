"""Where an article promotes something: the promotion package's public summary.

Other checks (the HL405/HL406 disclosure checks) need to know *where* the body
promotes, not how HL3xx found it. :func:`signals` gives them that through a small,
stable record, computed once per article from the same document, product index,
pitch scores, calls to action and affiliate links that HL301, HL302 and HL306 use.
Site chrome (app-store blurbs, footers) is not the article's own promotion and is
left out, and so is a shop's own product page: it is an advertisement by nature and no
reader takes it for editorial content, so it owes no disclosure (its claims and calls
are still HL3xx findings). A shop's blog post is editorial in form and is read as usual;
on a page judged from its words to sell a category (``sold``), the sentences where the
seller speaks of its own range ("We source our collagen from...") are its own product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claims.model import Article

PITCH = "pitch"  # a paragraph scoring at least HL301's min-score
CTA = "cta"  # a call to buy, order or try a named product
AFFILIATE_LINK = "affiliate-link"
OWN_PRODUCT = "own-product"  # the publisher's own product named in the body

_OWN_ORIGINS = ("publisher", "front-matter")
_PITCH_CHECK = ("HL301", "product-pitch")


@dataclass(frozen=True)
class PromotionSignal:
    """One place where the body promotes: source offsets, what kind, and what it promotes."""

    kind: str  # PITCH | CTA | AFFILIATE_LINK | OWN_PRODUCT
    start: int
    end: int
    product: str  # the product(s) as named; '' for an affiliate link
    url: str = ""  # the link target, for affiliate links


def pitch_threshold(settings: Any) -> int:
    """HL301's ``min-score`` as configured for this run (by code or name), else its default."""
    from checks.detectors.promotion.pitch import MIN_SCORE

    for key, options in (getattr(settings, "checks", None) or {}).items():
        if str(key).strip().upper() != _PITCH_CHECK[0] \
                and str(key).strip().lower() != _PITCH_CHECK[1]:
            continue
        for name, value in (options or {}).items():
            if str(name).replace("_", "-") == "min-score" and isinstance(value, int):
                return value
    return MIN_SCORE


def signals(article: Article, ctx: Any) -> list[PromotionSignal]:
    """The body's promotion signals, earliest first (cached in ``ctx.memo``)."""
    cached = ctx.memo.get("promotion.signals")
    if cached is None or cached[0] is not article:
        found = sorted(_collect(article, ctx), key=lambda s: (s.start, s.end, s.kind))
        cached = ctx.memo["promotion.signals"] = (article, found)
    return cached[1]


def _collect(article: Article, ctx: Any) -> list[PromotionSignal]:
    from checks.detectors.promotion import affiliate, cta, pitch, seller, sold
    from checks.detectors.promotion.document import BODY
    from checks.detectors.promotion.products import index_for

    doc, products = index_for(article, ctx.memo, ctx.settings)
    out: list[PromotionSignal] = []
    if seller.of(doc).product_page:
        return out
    threshold = pitch_threshold(ctx.settings)
    for found in pitch.find(doc, products):
        if found.score >= threshold and found.view.where == BODY:
            start, end = found.view.trimmed_span()  # the paragraph, as HL301 reports it
            out.append(PromotionSignal(PITCH, start, end, ", ".join(found.products[:2])))
    for hit in cta.find(doc, products):
        if hit.unit.where == BODY and hit.product:
            start, end = hit.unit.source_span(hit.a, hit.b)
            out.append(PromotionSignal(CTA, start, end, hit.product))
    for link in affiliate.find_cached(article, ctx.memo):
        if not link.boilerplate:
            out.append(PromotionSignal(AFFILIATE_LINK, link.start, link.end, "", link.url))
    for mention in products.mentions:
        if mention.explicit and mention.product.origin in _OWN_ORIGINS \
                and mention.unit.where == BODY and not mention.unit.in_quotes(mention.a, mention.b):
            start, end = mention.unit.source_span(mention.a, mention.b)
            out.append(PromotionSignal(OWN_PRODUCT, start, end, mention.product.name))
    page = sold.of(doc)
    for unit, _words, kind in sold.own_range(doc):  # a page judged to sell, of its range
        if kind == sold.RANGE:
            start, end = unit.source_span(0, len(unit.text.rstrip()))
            out.append(PromotionSignal(OWN_PRODUCT, start, end,
                                       f"the seller's own range ({page.category})"))
    return out
