"""HL3xx: promotion — product pitches, calls to action, hype, unsubstantiated claims.

HL301–HL306 are written in Python; the phrase rules (HL310 and up) come from the
YAML rule packs in ``checks/detectors/rulepacks`` plus any packs named by the ``rule-packs``
setting, and are registered as checks of their own. The entry point names
:func:`load_checks`, which the registry calls with the settings.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from checks.contract.model import Check, CheckContext, Diagnostic, Option, Severity
from checks.contract.weights import WeightsError, load_once
from checks.detectors.promotion import affiliate, cta, pitch, predicates, testimonials
from checks.detectors.promotion.document import BODY, BOILERPLATE, PromoDoc, doc_for
from checks.detectors.promotion.emit import diagnostic, placed
from checks.detectors.promotion.products import ProductIndex, index_for
from claims.model import Article

_FTC = "FTC, Health Products Compliance Guidance (2022)"
# Normalised content types (claims.metadata) whose pages fall under food-labelling law.
_SUPPLEMENT_TYPES = ("supplement", "food")
# The forms a supplement is sold in: with an ingredient, they tell a supplement shop's page.
_SUPPLEMENT_FORMS = ("supplement", "capsule", "gummies", "gummy", "tincture", "softgel",
                     "syrup", "tablet", "powder", "drops")


def _shared(article: Article, ctx: CheckContext) -> tuple[PromoDoc, ProductIndex]:
    return index_for(article, ctx.memo, ctx.settings)


def _product_pitch(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    doc, products = _shared(article, ctx)
    threshold = int(ctx.option("min-score"))
    found_all = pitch.find(doc, products)
    for view, named in pitch.headings(doc, products, found_all, threshold):
        start, end = view.trimmed_span()
        names = ", ".join(f"“{n}”" for n in named[:3])
        yield Diagnostic(start, end, f"product pitch: this heading names {names} and the "
                         "section under it pitches it; a heading that sells is part of the "
                         "advertisement", data={"products": named, "where": view.where,
                                                "heading": True,
                                                "source": "FTC, Native Advertising: A Guide "
                                                          "for Businesses"})
    for found in found_all:
        if found.score < threshold:
            continue
        start, end = found.view.trimmed_span()
        names = ", ".join(f"“{n}”" for n in found.products[:3])
        message = (f"product pitch: this paragraph promotes {names} "
                   f"({'; '.join(dict.fromkeys(found.reasons))}); an article that sells must "
                   "say so, so label it as advertising or rewrite it as editorial")
        data = {"score": found.score, "products": found.products, "where": found.view.where,
                "source": "FTC, Native Advertising: A Guide for Businesses; HONcode principle 8"}
        yield placed(start, end, found.view.where, message, data=data)
    reported = {f.view.index for f in found_all if f.score >= threshold}
    listed: set[int] = set()  # units a ranking's rules have reported
    yield from _listing_pitches(doc, products, reported, listed)
    yield from _entry_pitches(doc, products, reported, listed)
    said = set(listed)  # units reported once are not reported again by the sold reading
    yield from _own_range(doc, products, reported, said)
    yield from _shop_voice(doc, reported, said)


def _shop_voice(doc: PromoDoc, reported: set[int], said: set[int]) -> Iterator[Diagnostic]:
    """On a recognised seller's page, a body sentence in which the seller presents how it
    makes or stocks its goods ("We stock the latest ...", "At Wildbrew we brew ...", "Every
    frame is hand-finished in our studio"), where no scored paragraph already did: such
    sentences often name no product, so the paragraph score never reads them."""
    from checks.detectors.promotion import seller

    for unit, words in seller.own_goods(doc):
        if unit.view.index in reported or unit.index in said:
            continue
        message = (f"product pitch: the seller presents its own range (“{words}”); an article "
                   "that sells must say so, so label it as advertising or rewrite it as "
                   "editorial")
        yield diagnostic(unit, 0, len(unit.text.rstrip()), message,
                         data={"source": "FTC, Native Advertising: A Guide for Businesses"})


def _own_range(doc: PromoDoc, products: ProductIndex, reported: set[int],
               said: set[int]) -> Iterator[Diagnostic]:
    """On a page judged from its words to sell a category, the seller presenting its own
    range ("We make all of our tinctures..."), describing what is in the box or saying the
    crowd turns to it, where no scored paragraph already did (on a recognised shop's page
    too: its paragraph score misses sentences that name no product); ``said`` collects the
    units reported."""
    from checks.detectors.promotion import seller, sold

    shop = seller.of(doc).selling  # a recognised shop: calls and claims are others' there
    page = sold.of(doc)
    hows = {sold.CROWD: "says the crowd is turning to it",
            sold.FRAME: "frames it as the answer", sold.RECOMMENDS: "recommends making it a habit",
            sold.PITCHED: "recommends it to the reader",
            sold.DESCRIPTION: "describes what is in the box", sold.RANGE: "presents its own range"}
    for unit, words, kind in sold.own_range(doc):
        if unit.view.index in reported or unit.index in said or (
                shop and kind == sold.RANGE and sold.leaves_to_others(unit)):
            continue
        said.add(unit.index)
        how = hows[kind]
        message = (f"product pitch: on a page that sells {page.category}, the seller {how} "
                   f"(“{words.strip()}”); an article that sells must say so, so label it as "
                   "advertising or rewrite it as editorial")
        yield diagnostic(unit, 0, len(unit.text.rstrip()), message,
                         data={"category": page.category, "seller_score": round(page.score, 3),
                               "source": "FTC, Native Advertising: A Guide for Businesses"})


def _listing_pitches(doc: PromoDoc, products: ProductIndex, reported: set[int],
                     listed: set[int]) -> Iterator[Diagnostic]:
    """A ranking list's award lines and the verdicts that praise the names it crowns
    (the indexes of the units it reports are added to ``listed``)."""
    from checks.detectors.promotion import listings

    hits = listings.find(doc, products)
    praised = {hit.unit.view.index for hit in hits if hit.kind == "praise"}
    for hit in hits:
        if hit.unit.view.index in reported or (
                hit.kind == "award" and not listings.award_pitches(doc, hit, hits, praised)):
            continue
        if hit.kind == "award":
            message = (f"product pitch: this line awards “{hit.name}” a place in a ranking of "
                       "products; a list that crowns products sells them, so say how the "
                       "ranking was made and disclose any commission")
        else:
            message = (f"product pitch: this sentence gives “{hit.name}” a sales verdict "
                       "(best, premier, best value, stands out); an article that sells must "
                       "say so, so label it as advertising or rewrite it as editorial")
        yield diagnostic(hit.unit, 0, len(hit.unit.text.rstrip()), message,
                         data={"products": [hit.name], "listing": hit.kind,
                               "source": "FTC, Native Advertising: A Guide for Businesses; "
                                         "FTC Endorsement Guides, 16 CFR 255"})
        listed.add(hit.unit.index)


def _entry_pitches(doc: PromoDoc, products: ProductIndex, reported: set[int],
                   listed: set[int]) -> Iterator[Diagnostic]:
    """The tagged lines of a ranking's entries and the sentences that describe or praise
    the entry's product, where no scored paragraph or sales verdict already spoke, and
    where HL303 does not: a claim that the product works is its finding, one a sentence
    (the units reported are added to ``listed``)."""
    from checks.detectors.promotion import entries

    claimed = {p.unit.index for p in predicates.find(doc, products)
               if p.kind in (predicates.EFFICACY, predicates.SAFETY) and not p.before}
    for hit in entries.find(doc):
        if hit.kind == "summary":
            if all(line.unit.index in listed or line.unit.view.index in reported
                   for line in hit.lines):
                continue
            listed.update(line.unit.index for line in hit.lines)
            yield _summary_pitch(hit)
            continue
        if hit.unit.index in claimed or hit.unit.view.index in reported or \
                hit.unit.index in listed or (hit.kind == "entry"
                                             and not entries.line_pitches(hit)):
            continue
        if hit.kind == "entry":
            message = (f"product pitch: this line presents “{hit.name}” as an entry of a "
                       "ranking of products; a list that recommends products sells them, so "
                       "say how the ranking was made and disclose any commission")
        else:
            message = (f"product pitch: this sentence describes or praises “{hit.name}”, "
                       "an entry of a ranking of products (its make, form, dose, standing); "
                       "a list that recommends products sells them, so say how the ranking "
                       "was made and disclose any commission")
        listed.add(hit.unit.index)
        yield diagnostic(hit.unit, 0, len(hit.unit.text.rstrip()), message,
                         data={"products": [hit.name], "listing": hit.kind,
                               "source": "FTC, Native Advertising: A Guide for Businesses; "
                                         "FTC Endorsement Guides, 16 CFR 255"})


def _summary_pitch(hit: Any) -> Diagnostic:
    """One finding for a ranking's summary box: the run of its tagged lines."""
    names = [line.name for line in hit.lines]
    named = ", ".join(f"“{n}”" for n in names[:3])
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    start, _ = hit.lines[0].unit.source_span()
    _, end = hit.lines[-1].unit.source_span()
    return placed(start, end, hit.unit.where,
                  f"product pitch: this list crowns {len(names)} products ({named}{more}) "
                  "with awards; a list that recommends products sells them, so say how the "
                  "ranking was made and disclose any commission",
                  data={"where": hit.unit.where, "products": names, "listing": "summary",
                        "source": "FTC, Native Advertising: A Guide for Businesses; "
                                  "FTC Endorsement Guides, 16 CFR 255"})


def _learned_pitches(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Sentences the learned score reads as promotion where no rule of HL301, HL302 or
    HL303 speaks: sellers' praise in words no pattern lists."""
    from checks.detectors.promotion import learned

    doc, products = _shared(article, ctx)
    threshold = float(ctx.option("threshold"))
    if threshold > 1.0:
        return
    spoken = learned.spoken(doc, products)
    if not learned.page_sells(doc, products, spoken):
        return
    for unit, score in learned.scored(doc, products):
        if score < threshold or unit.index in spoken:
            continue
        names = [m.text.strip() for m in products.in_unit(unit) if m.explicit]
        what = f" about {', '.join(f'“{n}”' for n in dict.fromkeys(names))}" if names else ""
        message = (f"promotional sentence: this reads as a seller's promotion{what} "
                   f"(learned score {score:.2f}); an article that sells must say so, so label "
                   "it as advertising or rewrite it as editorial")
        yield diagnostic(unit, 0, len(unit.text.rstrip()), message,
                         data={"score": round(score, 3), "learned": True, "products": names,
                               "source": "FTC, Native Advertising: A Guide for Businesses"})


def _call_to_action(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    doc, products = _shared(article, ctx)
    for hit in cta.find(doc, products):
        target = f" for “{hit.product}”" if hit.product else ""
        message = (f"call to action ({hit.kind}{target}): asking readers to buy, order or "
                   "download turns health information into advertising")
        yield diagnostic(hit.unit, hit.a, hit.b, message,
                         data={"kind": hit.kind, "product": hit.product,
                               "source": "FTC, Native Advertising: A Guide for Businesses"})


def _efficacy(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    doc, products = _shared(article, ctx)
    found = [p for p in predicates.find(doc, products)
             if p.kind in (predicates.EFFICACY, predicates.SAFETY) and not p.before]
    done = {t.unit.index for t in testimonials.find(doc, products) if t.kind == "result story"}
    for p in found:
        unit = p.unit
        if unit.index in done or unit.cited or unit.view.quoted:
            continue
        done.add(unit.index)
        same = [q for q in found if q.unit is unit and q.mention is p.mention]
        kinds = {q.kind for q in found if q.unit is unit}
        what = " and ".join(sorted(kinds))
        mention = p.mention
        claim = _claim_text(unit.text, mention.a, max(q.b for q in same))
        subject = "" if mention.explicit else f" (refers to {mention.product.name})"
        hedge = " (hedged, but still a claim)" if p.hedged else ""
        message = (f"unsubstantiated product {what} claim{hedge}: “{claim}”{subject} cites no "
                   "source; claims that a product works or is safe need competent and reliable "
                   "scientific evidence, cited where they are made")
        yield diagnostic(unit, 0, len(unit.text), message,
                         severity=Severity.WARNING if p.hedged else None,
                         data={"product": mention.product.name, "claim": claim,
                               "kinds": sorted(kinds), "source": _FTC + "; HONcode principle 5"})


def _claim_text(text: str, a: int, b: int, words: int = 4) -> str:
    """The claim as quoted in a message: through the predicate and a few words more."""
    m = re.match(r"(?:[^\S\n]+[^\s.,;:!?]+){0," + str(words) + "}", text[b:])
    end = b + (m.end() if m else 0)
    return text[a:end].strip()


def _content_type_is_supplement(doc: PromoDoc) -> bool:
    return doc.content_type in _SUPPLEMENT_TYPES


def _sells_supplements(doc: PromoDoc) -> bool:
    """A page with no declared type that sells supplements: a seller's page (shop chrome,
    first-person commerce, a call to shop its range) that names a supplement ingredient
    and a form supplements are sold in, a page judged from its words to sell a
    supplement category (``sold``: its name is a supplement ingredient), or a page that
    shows a supplement's label (a Supplement Facts panel)."""
    from checks.detectors.promotion import label_panel, seller, sold
    from checks.detectors.promotion.lexicon import SUPPLEMENT_INGREDIENTS

    if doc.content_type:
        return False
    if label_panel.shows_supplement_facts(doc):
        return True
    page = sold.of(doc)
    if page.sells and page.supplement:
        return True
    if not seller.of(doc).selling:
        return False
    low = doc.lower
    return any(form in low for form in _SUPPLEMENT_FORMS) and any(
        word in low for word in SUPPLEMENT_INGREDIENTS)


def _disease_claims(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    doc = doc_for(article, ctx.memo)
    inferred = _sells_supplements(doc)
    if not (_content_type_is_supplement(doc) or inferred):
        return
    page = (f"a {doc.content_type} page" if not inferred else
            "a page that sells supplements")
    from checks.detectors.promotion.context import clause, why_not_own
    from checks.detectors.promotion.lexicon import (
        disease_claim,
        evidence_before,
        general_subject,
        medical_use,
        medicine_before,
    )
    from checks.detectors.promotion.matcher import seller_voice

    for unit in doc.units:
        if unit.view.quoted or medical_use().search(unit.norm):
            continue
        for m in disease_claim().finditer(unit.norm):
            a, b = m.span()
            if why_not_own(unit.norm, a, b, quoted=unit.in_quotes(a, b),
                           seller=seller_voice(doc, unit)) is not None:
                continue
            if medicine_before().search(unit.norm, max(0, a - 60), a):
                continue
            start = clause(unit.norm, a, b)[0]
            if evidence_before().search(unit.norm, start, a):
                continue  # "evidence for uses such as preventing ...": the evidence reported
            if (m.group("marker") or m.group("effect")) and general_subject().search(
                    unit.norm, start, a):
                continue  # "What lowers blood pressure": advice, not the product's claim
            claim = unit.text[a:b]
            message = (f"prohibited disease claim on {page}: “{claim}”; a "
                       "food or supplement may not claim to cure, treat or prevent a disease "
                       "(FDA 21 CFR 101.93(g); EU Reg 1169/2011 Art 7(3))")
            yield diagnostic(unit, a, b, message,
                             data={"content_type": doc.content_type or "supplement (inferred)",
                                   "source": "21 CFR 101.93(g); Regulation (EU) No 1169/2011 "
                                             "Art 7(3); Directive 2002/46/EC Art 6(2)"})


def _testimonials(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    doc, products = _shared(article, ctx)
    for t in testimonials.find(doc, products):
        message = (f"testimonial ({t.kind}): personal results and ratings are not evidence "
                   "that a product works, and the FTC requires them to reflect typical results")
        yield diagnostic(t.unit, t.a, t.b, message,
                         data={"kind": t.kind,
                               "source": _FTC + "; FTC Endorsement Guides, 16 CFR 255"})


def _native_ads(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    from checks.detectors.promotion import native

    doc = doc_for(article, ctx.memo)
    model = native.model()
    threshold = float(ctx.option("threshold"))
    for unit in doc.units:
        if unit.where != BODY or unit.is_heading or unit.cited or unit.view.quoted:
            continue
        if not native.names_something(unit.text):
            continue
        names = native.names_in(unit.text)
        if native.names_no_brand(names, doc.text):
            continue
        score = model.score(unit.text)
        if score < threshold:
            continue
        named = ", ".join(f"“{n}”" for n in names[:2]) if names else "a named brand"
        message = (f"native advertising: this sentence slips praise or a recommendation of "
                   f"{named} into informational text; say that it is advertising, or name "
                   "alternatives on equal terms")
        yield diagnostic(unit, 0, len(unit.text), message,
                         data={"score": round(score, 3), "names": names,
                               "source": "FTC, Native Advertising: A Guide for Businesses"})


def _affiliate_links(article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    for link in affiliate.find_cached(article, ctx.memo):
        message = (f"affiliate link: {link.why}; readers must be told about the commission "
                   "before the link (FTC Endorsement Guides, 16 CFR 255)")
        where = BOILERPLATE if link.boilerplate else BODY
        yield placed(link.start, link.end, where, message,
                     data={"url": link.url, "where": where,
                           "source": "FTC Endorsement Guides, 16 CFR 255.5"})


def _native_weights() -> Any:
    """HL307's learned weights (``checks/detectors/data/native_ads.json``)."""
    from checks.detectors.promotion import native

    return native.model()


def _learned_weights() -> Any:
    """HL308's learned weights (``checks/detectors/data/promotion_sentences.json``)."""
    from checks.detectors.promotion import learned

    return learned.model()


def _threshold(weights: Callable[[], Any], unreadable: float) -> float:
    """A learned model's own threshold, the option's default; ``unreadable`` when its file
    cannot be read (a run that enables the check then stops with the reason, read once)."""
    try:
        return float(load_once(weights).threshold)
    except WeightsError:
        return unreadable


_BOILERPLATE_NOTE = (" In site boilerplate (app-store blurbs, payment partners, footers) the "
                     "same finding is reported at info level.")

CHECKS: list[Check] = [
    Check(
        "HL301", "product-pitch", Severity.WARNING,
        "Paragraph promotes a named product",
        "Health articles that turn into adverts are the everyday failure of the field: a page "
        "about muscle spasms that ends up selling a cream. A paragraph is a pitch when it names "
        "a product (a brand the text introduces, a configured brand or the publisher's own) "
        "and scores enough promotional signals: benefit or safety claims about it, formulation "
        "boasts, recommendations, calls to action, marketing adjectives. Sponsored content must "
        "be labelled as advertising (FTC native-advertising guidance; HONcode principle 8). "
        "Ranking lists pitch too: an award line (\"Best value: X\", \"2. X - best budget\") "
        "over a section that pitches X, and a sales verdict on a named product (\"X is the "
        "premier choice\", \"X provides the best value\", \"X stands out\"), where a name "
        "is a run of capitalised words the page crowns or repeats with a product noun. On a "
        "page judged from its words to sell a supplement category (see HL303), a sentence in "
        "which the seller presents its own range (\"We make all of our tinctures...\"), "
        "describes what is in the box (\"Each capsule provides...\") or says the crowd is "
        "turning to the category is a pitch too. So, on a seller's page (or where a sentence "
        "names the site as the maker of the brand the page names), is a sentence telling how "
        "the seller makes or stocks its goods (\"We stock the latest ...\", \"At Wildbrew we "
        "brew ...\", \"Every frame is hand-finished in our studio\"); and, on a page paid "
        "when the reader buys (affiliate links or a disclosed commission), a summary line of "
        "awards (\"Best budget: X - $549\") or an award alone on its line over or under a "
        "name (\"Editor's Choice\"). On a page whose title or opening ranks products "
        "(\"best\", \"top 10\", \"we tested\", \"our picks\"), each entry (a numbered or "
        "short line naming the product, often with a tag: \"2. X - Potency Variety\") is a "
        "pitch when tagged, and so is each sentence of the entry whose subject is its "
        "product (its name, a short form, \"this oil\", \"it\" right after, \"each "
        "serving\") and that tells how it is made, what it comes in or delivers, its "
        "certification, taste or standing (\"X is made in small batches\", \"It comes in a "
        "powder form\", \"Certified by <body>\", \"It's a best-seller\"), unless it finds "
        "fault; a guide that compares products without ranking them has no entries."
        + _BOILERPLATE_NOTE,
        _product_pitch,
        options={"min-score": Option(pitch.MIN_SCORE, "points a paragraph needs to count as a "
                                     "pitch", int)},
    ),
    Check(
        "HL302", "call-to-action", Severity.WARNING,
        "Call to buy, order, download or try a product",
        "Buy/order/shop/download/try/'head for' + a product, add-to-cart buttons, discount "
        "codes, prices, free shipping and money-back guarantees are the language of a shop, "
        "not of health information. Generic advice (\"try a warm bath\") is not reported. "
        "Sellers' soft calls count as well: a call to try a supplement in the form it is sold "
        "(\"Try CBD tinctures\"), and, on a page judged to sell a category, a call whose "
        "object is that category (\"Stock your cupboard with magnesium\"), \"see the results "
        "for yourself\" and \"Visit <shop>.com\"; shops' offers (\"on orders over $40\", "
        "\"90-day returns\", \"try before you buy\", \"0% finance\", \"3 for 2\"), start-your "
        "prompts (\"Book your free hearing test today\"), shop buttons (\"Shop <Name>\"), "
        "stockists named (\"available from <retailer> and online at <site>\"; one retailer "
        "alone on a shop's page), buying direct (\"you can now buy them directly online\") "
        "and, on a page that names a product or sells, the publisher's own review as the next "
        "click (\"check out our <Name> Review\", \"read our full review of the best ...\"), "
        "a free consultation to book, delivery times, \"ships free\", members-only deals, "
        "a free gift with every order and a shop's buttons (\"Buy at <Retailer>\", \"We "
        "accept\"). "
        "A price in information (\"prices from $12\", "
        "\"at $35 a month\") and a payment-card name are not calls to action."
        + _BOILERPLATE_NOTE,
        _call_to_action,
    ),
    Check(
        "HL303", "unsubstantiated-product-efficacy", Severity.ERROR,
        "Product efficacy or safety claim with no citation",
        "A named product credited with an effect (\"relieves pain\", \"boosts circulation\") or "
        "with safety (\"safely provides relief\") must be backed by competent and reliable "
        "scientific evidence, generally randomised controlled trials (FTC Health Products "
        "Compliance Guidance; HONcode principle 5, justifiability). The sentence must cite it. "
        "Hedged claims (\"may help\") are reported as warnings. On a page that sells a "
        "category (shop chrome or first-person commerce, or, on a scraped page with neither, "
        "a page a learned model judges from its words to sell one: prices, pack sizes, \"our "
        "tinctures\", a category named from the title on; scripts/train_seller_pages.py), an "
        "unhedged benefit whose subject is the category sold (\"CBD oil is gentle and "
        "non-habit-forming\", \"taking a magnesium supplement stops night cramps\") is read "
        "as said of the seller's product.",
        _efficacy,
    ),
    Check(
        "HL304", "prohibited-disease-claim", Severity.ERROR,
        "Supplement or food page claims to cure, treat or prevent a disease",
        "When the front matter says the page is about a supplement or food (type: supplement), "
        "or the page has no declared type but sells supplements (a seller's page naming a "
        "supplement ingredient and the form it is sold in: capsules, gummies, drops..., a "
        "page judged from its words to sell a supplement category, or a page that shows a "
        "supplement's label, its Supplement Facts panel), "
        "claims to cure, treat or prevent a disease are prohibited: in the US they make the "
        "product an unapproved drug (21 CFR 101.93(g)), and in the EU no food may be said to "
        "prevent, treat or cure a human disease (Reg 1169/2011 Art 7(3); Dir 2002/46/EC "
        "Art 6(2)).",
        _disease_claims,
    ),
    Check(
        "HL305", "testimonial", Severity.WARNING,
        "Testimonial or star rating offered as evidence",
        "First-person cure stories (\"it cured my arthritis\"), verified-buyer quotes and star "
        "ratings persuade without informing: the FTC's guidance says testimonials are not "
        "evidence that a product works, and the Endorsement Guides require results shown to "
        "be typical (16 CFR 255.2)." + _BOILERPLATE_NOTE,
        _testimonials,
    ),
    Check(
        "HL306", "affiliate-link", Severity.WARNING,
        "Affiliate or tracking link to a shop",
        "amzn.to short links, tag=/ref=/aff= parameters, affiliate networks and /go/ redirects "
        "pay the publisher when the reader buys. That is a material connection the reader "
        "must be told about before the link (FTC Endorsement Guides, 16 CFR 255.5); HL4xx "
        "checks that the disclosure is there." + _BOILERPLATE_NOTE,
        _affiliate_links,
    ),
    Check(
        "HL307", "native-ad", Severity.WARNING,
        "Brand praised or recommended inside informational text",
        "Native advertising names a brand with praise or a recommendation and no call to buy "
        "(\"consider a system such as X, intuitively designed to...\", \"X stands out\"), "
        "woven into text that reads as information. Readers must be able to tell advertising "
        "from editorial content (FTC, Native Advertising: A Guide for Businesses). The score is "
        "a logistic regression over word n-grams, learned by scripts/train_native_ads.py from "
        "the Webis Generated Native Ads 2024 data; measure it with scripts/eval_native_ads.py.",
        _native_ads, preview=True, weights=_native_weights,
        options={"threshold": Option(_threshold(_native_weights, 0.5), "probability a "
                                     "sentence needs to be reported (the learned model's own "
                                     "by default)", float)},
    ),
    Check(
        "HL308", "promotional-sentence", Severity.WARNING,
        "Sentence reads as a seller's promotion (learned)",
        "Sellers praise in words no rule lists (\"CBD has quickly become one of the most "
        "trusted recovery tools\", \"the one our customers reach for\"). This check reports "
        "the sentences a learned score reads as promotion where no rule of HL301-HL303 already "
        "speaks, on pages that sell (shop chrome, first-person commerce, the site's name in "
        "chrome and body) or where a rule already found promotion. The score is a logistic "
        "regression over the sentence's word n-grams (brand "
        "names folded) and the cues the promotion detectors compute for it and its page, "
        "learned from the labelled dev pages by scripts/train_promotion_scorer.py, which "
        "chooses the threshold by cross-validation grouped by page at precision 0.92 on those "
        "rule-silent sentences. In preview: on text from outside the dev set it is not yet "
        "precise enough (see the README's Development section).",
        _learned_pitches, preview=True, weights=_learned_weights,
        options={"threshold": Option(_threshold(_learned_weights, 2.0), "probability a "
                                     "sentence needs to be reported (the learned model's own "
                                     "by default; above 1 turns the check off)", float)},
    ),
]


def _run_rule(rule: Any, article: Article, ctx: CheckContext) -> Iterator[Diagnostic]:
    from checks.detectors.promotion.matcher import run

    yield from run(rule, doc_for(article, ctx.memo))


def _pack_check(rule: Any, root: str) -> Check:
    where = rule.path
    with contextlib.suppress(ValueError):  # another drive on Windows
        where = os.path.relpath(rule.path, root) if os.path.isabs(rule.path) else rule.path
    rationale = (rule.why.strip() + "\n\n" if rule.why else "") + (
        f"Message: {rule.message}\nSource: {rule.source}"
        + (f"\nSee: {rule.link}" if rule.link else "")
        + f"\nRule type: {rule.extends}." + _BOILERPLATE_NOTE)
    return Check(rule.code, rule.name, rule.level, rule.summary, rationale,
                 partial(_run_rule, rule), source=f"rule pack {rule.pack} ({where})")


def load_checks(settings: Any = None) -> list[Check]:
    """The Python checks plus one check per rule of the built-in and configured packs."""
    from checks.detectors.promotion.packs import PackError, configured_rules

    packs = list(getattr(settings, "rule_packs", []) or [])
    root = str(getattr(settings, "root", ".") or ".")
    try:
        rules = configured_rules(packs, root, frozenset(c.code for c in CHECKS))
    except PackError as exc:
        from checks.settings.config import ConfigError

        source = getattr(settings, "source", "configuration")
        raise ConfigError(f"{source}: rule-packs: {exc}") from None
    return [*CHECKS, *(_pack_check(rule, root) for rule in rules)]
