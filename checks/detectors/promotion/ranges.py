"""What a seller sells: the category it praises, read as its own product.

On a seller's page, "CBD oil has emerged as one of the most effective natural sleep
aids" is promotion even though no brand is named: the shop sells CBD oil. A sentence
whose subject is such a category (a noun phrase ending in a product noun, or naming a
word of the seller's own product names) is said of the seller's range, so its benefit
and safety claims are read like claims about a named product (HL303).
"""

from __future__ import annotations

import re
from functools import cache

from checks.detectors.promotion import lexicon, seller, sold
from checks.detectors.promotion.document import BODY, PromoDoc, Unit
from checks.detectors.promotion.lexicon import SUPPLEMENT_INGREDIENTS, Lazy, product_noun
from checks.detectors.promotion.products import Mention, Product, ProductIndex

# A sentence's subject: after an optional lead-in ("That said,", "In recent years"), up to
# four words and the head, then a verb.
_SUBJECT = Lazy(
    r"^(?:(?:that said|in recent years|today|now|for many people|for most people)[, ]\s*"
    r"|(?:if|when|for|whatever|over|in|during|across|within|throughout)\b[^,;:.]{0,80},\s+)?"
    r"(?P<np>(?:(?:an?|the|one|a few|daily)\s+)?(?:[\w%-]+\s+){0,3}?(?P<head>[\w-]+))"
    r"\s+(?:has|have|is|are|can|will|may|helps?|works?)\b", re.IGNORECASE)
# The same subject followed straight by what the efficacy lexicon reads ("Blue light glasses
# protect your eyes", "Modern hearing aids restore your hearing"): devices and gear are
# praised with plain verbs, not with "can" or "helps".
@cache
def _efficacy_subject() -> re.Pattern[str]:
    head = _SUBJECT.pattern.rsplit(r"\s+(?:has|", 1)[0]
    verb = lexicon.efficacy().pattern
    return re.compile(head + r"\s+(?:also\s+|gently\s+|actually\s+)?(?=" + verb + ")",
                      re.IGNORECASE)


SELLER_RANGE = "seller-range"  # what a seller's page sells
SOLD_CATEGORY = "sold-category"  # the category a page is judged to sell from its words
SUPPLEMENT = "supplement"  # a supplement named by its kind, on any page
_PRONOUNS = frozenset({"it", "this", "that", "they", "these", "those", "there", "we", "you",
                       "i", "he", "she", "what", "which", "who", "research", "evidence"})


def _vocabulary(products: ProductIndex) -> set[str]:
    """The lower-case words of the seller's product names, brand words left out."""
    brands = {w.lower() for p in products.products if p.origin == "publisher"
              for w in p.name.split()}
    out: set[str] = set()
    for m in products.mentions:
        if m.product.origin != "publisher" or not m.explicit:
            continue
        out.update(w.lower() for w in re.findall(r"[A-Za-z][\w-]{3,}", m.text)
                   if w.lower() not in brands)
    return out


def category_mentions(doc: PromoDoc, products: ProductIndex) -> list[Mention]:
    """The sentences whose subject is what the page sells: on a seller's page, its range;
    on any page, a supplement sold as such ("CBD oil", "a magnesium supplement"), whose
    unhedged, uncited benefit and safety claims are the sales talk of the supplement trade
    (the caller keeps only those: see ``predicates.find``)."""
    site = seller.of(doc)
    vocabulary = _vocabulary(products) if site.selling else set()
    out: list[Mention] = []
    # Off a seller's page only a supplement's name can start such a sentence.
    needles = () if site.selling else tuple(w for w in SUPPLEMENT_INGREDIENTS if w in doc.lower)
    page = sold.of(doc)
    if not (site.selling or needles or page.sells):
        return out
    previous: Unit | None = None
    for unit in doc.units:
        if unit.where != BODY or unit.is_heading or unit.view.quoted or unit.cited:
            continue
        if page.sells and not site.selling:
            found = _sold_mentions(unit, previous, page, products,
                                   chained=bool(out) and out[-1].unit is previous)
            out.extend(found)
            previous = unit
            continue
        if needles and not any(w in unit.norm[:120].lower() for w in needles):
            continue
        m = _SUBJECT.match(unit.norm)
        if m is None and site.selling:  # plain verbs are sales talk on a seller's site only
            m = _efficacy_subject().match(unit.norm)
        origin, name = _subject_origin(m, site.selling, vocabulary) if m else ("", "")
        if m is not None and origin and any(x.a < m.end("np") for x in products.in_unit(unit)):
            continue  # a named product is the subject: the product index reads it
        if m is None or not origin:
            if site.selling and page.sells:
                # what the page sells, read as its category: "Wearing a posture corrector
                # ... retrains your muscles", "Blue light glasses protect your eyes" (no
                # pronoun is carried over here: the site's own voice names its goods)
                out.extend(_sold_mentions(unit, None, page, products))
            continue
        product = Product(f"range:{m.group('head').lower()}", name, origin,
                          "the subject of a claim about what the page sells")
        out.append(Mention(unit, m.start("np"), m.end("np"), product, "name"))
    return out


def _subject_origin(m: re.Match[str], selling: bool, vocabulary: set[str]) -> tuple[str, str]:
    """Whose goods a sentence's subject names: the seller's range (a product noun, a word
    of its product names or a supplement, on a seller's site), a supplement named by its
    kind (on any page), or neither ('', '')."""
    head = m.group("head").lower()
    if head in _PRONOUNS:
        return "", ""
    np = m.group("np").strip()
    words = {w.lower() for w in re.findall(r"[\w-]+", np)}
    if selling:
        if product_noun(head) or words & vocabulary or words & SUPPLEMENT_INGREDIENTS:
            return SELLER_RANGE, f"the range this site sells ({np})"
        return "", ""
    if words & SUPPLEMENT_INGREDIENTS and (product_noun(head) or head == "cbd"):
        return SUPPLEMENT, f"a supplement ({np})"
    return "", ""


def _sold_mentions(unit: Unit, previous: Unit | None, page: sold.Sold,
                   products: ProductIndex, chained: bool = False) -> list[Mention]:
    """On a page judged to sell a category from its words alone, the sentences whose
    subject or agent is that category ("taking a magnesium supplement can help..."), or a
    pronoun carrying it over from the sentence before."""
    out: list[Mention] = []
    named = products.in_unit(unit)
    if sold.popular(unit, page):
        # the crowd turning to it is a pitch (HL301), not an efficacy claim; a clause after
        # it may still claim one ("... - the compound is effective for ...")
        spans = sold.named_again(unit, page)
    else:
        spans = (sold.subjects(unit, page) or sold.named_again(unit, page)
                 or sold.dose_subject(unit))
    answer = sold.answered(unit, previous, page)
    if answer is not None:
        spans = [answer]  # "Another reason to choose X is they ...": the claim is the answer's
    if not spans:
        # "They cut swelling." after "They keep blood moving." after "Compression socks are
        # ...": a pronoun carries the category on down a chain of sentences that each read it
        pronoun = sold.carried(unit, previous, page) or (
            sold.pronoun_after(unit, previous) if chained else None)
        spans = [pronoun] if pronoun else []
    for a, b in spans:
        if any(x.a < b and x.explicit for x in named):
            continue  # a named product is the subject: the product index reads it
        np = unit.text[a:b].strip()
        product = Product(f"range:{page.category}", f"the category this page sells ({np})",
                          SOLD_CATEGORY, "the subject of a claim about what the page sells")
        out.append(Mention(unit, a, b, product, "name"))
    return out
