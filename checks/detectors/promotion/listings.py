"""Affiliate lists and reviews: award lines and the praise of the names they crown.

A "best X" review sells with labels and verdicts, not calls to buy: "Best overall:
Quiet Harbor Magnesium", "2. Simple Source Collagen - Best budget", then "Ease Daily
Magnesium provides the best value", "X stands out", "X is the premier choice". Such
brands are often made of ordinary words, so the product finder, which looks for
distinctive words, misses them; :mod:`names` reads them from the page's rankings and
repetitions.

A sentence whose name is followed by a verdict ("... is the premier choice", "...
provides the best value", "... stands out"), preceded by one ("you can't go wrong
with ...") or held up as the example of its kind ("a system such as X, intuitively
designed to ...") is a pitch (HL301); so is a verdict on a name seen only once when
an ingredient or product noun says it is a product; and, on a page that ranks products,
announces its picks by name or sells, a maker's reputation boasted of and a verdict whose
name a singular pronoun carries ("It is our pick for the best probiotic",
"making it one of the best"). So is an award line, when the page's awards go to two or
more names (a list that ranks products) and the section under it, or a verdict
elsewhere, pitches the name it crowns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.detectors.promotion import affiliate, names
from checks.detectors.promotion.document import BODY, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import (
    COMMON_CAPITALISED,
    PICK_ANNOUNCED,
    PRODUCT_NOUN_FORMS,
    SUPPLEMENT_INGREDIENTS,
    Lazy,
    product_noun,
)
from checks.detectors.promotion.products import ProductIndex

_GOOD = (r"fantastic|excellent|great|ideal|perfect|solid|smart|superb|outstanding"
         r"|terrific|wonderful|brilliant")
_VERDICT = (
    r"(?:(?:is|are|remains?)\s+(?:simply\s+|hands\s+down\s+|by\s+far\s+|easily\s+|clearly\s+"
    r"|still\s+|truly\s+)?(?:the|our)\s+(?:(?:very|overall|clear|absolute|single|undisputed)\s+)?"
    r"(?:premier|best|top|winner|favou?rite|go-to|standout|clear\s+winner|number\s+one|#1)\b"
    rf"|(?:is|are|makes?)\s+(?:an?|the)\s+(?:(?:really|truly|very)\s+)?(?:{_GOOD})\s+"
    r"(?:[\w-]+\s+)?(?:choice|option|pick|buy|bet|value|investment|addition)"
    r"|(?:provides?|offers?|delivers?|gives?\s+you|represents?)\s+(?:the\s+)?(?:best|great"
    r"|excellent|unbeatable|outstanding|exceptional|incredible)\s+value"
    r"|(?:is|are)\s+the\s+(?:cheapest|easiest|simplest|quickest)\s+way\s+to"
    r"|(?:is|are)\s+an?\s+(?:tasty|easy|simple|delicious|convenient|effortless|smart)\s+way\s+to"
    r"|(?:is|are)\s+an?\s+(?:brand|name|company)\s+(?:you\s+can|to)\s+trust"
    r"|(?:is|are)\s+(?:the|our)\s+(?:standout|stand-out|pick|cream|star)\s+of\s+the"
    r"|stands?\s+out|punches\s+(?:well\s+)?above\s+its|is\s+(?:the\s+)?(?:one|brand)\s+to\s+"
    r"(?:buy|beat|get|choose)|(?:is|are|was)\s+(?:hands\s+down|by\s+far|easily)\s+the\b"
    r"|tops\s+our\s+list|earns?\s+our\s+top"
    r"|(?:is|are)\s+the\s+ones?\s+(?:we|I)(?:\s+would|'d)?\s+(?:buy|choose|pick|put|keep|take"
    r"|reach\s+for|recommend|use)\b"
    r"|is\s+one\s+of\s+(?:my|our)\s+(?:top\s+|absolute\s+|all-time\s+)?(?:favou?rites?|picks)"
    # a superlative bounded by the market: "is the most comfortable brace on the market",
    # or set beside the name: "X, the most powerful compact massage gun ever made"
    r"|(?:(?:is|are)\s+|,\s*)(?:one\s+of\s+)?(?:the|our)\s+(?:most\s+[\w-]+|[\w-]+est|best-selling"
    r"|highest-rated|top-rated)\s+(?:[\w-]+\s+){0,3}?(?:on\s+the\s+market|ever\s+made"
    r"|(?:that\s+)?(?:you|money)\s+can\s+buy|in\s+its\s+class|available\b)"
    r"|(?:is|are)\s+(?:our|the)\s+(?:best-selling|highest-rated|top-rated|most\s+popular)\b"
    r"|(?:is|are)\s+(?:very\s+|really\s+)?hard\s+to\s+beat|can(?:'|no)?t\s+be\s+beaten"
    r"|beats?\s+out\s+(?:the\s+|many\s+|all\s+|every\s+)?(?:[\w-]+\s+){0,2}?(?:other|rivals?"
    r"|competitors?|competition|picks?|brands?))")
# A product noun right after a name ("Novosbed mattress", "Calmwell gummies"): what it is sold as
_NOUN_AFTER = r"\s+(?:" + "|".join(sorted(PRODUCT_NOUN_FORMS, key=len, reverse=True)) + r")\b"
# Right after the name: "X is the premier choice", "X, at $20, provides the best value".
_PRAISE_AFTER = Lazy(r"(?:'s(?:\s+[\w-]+){1,3}|" + _NOUN_AFTER + r")?"
                     r"\s*(?:,[^,]{1,60},\s*)?"
                     r"(?:(?:also|really|truly|certainly|clearly|easily)\s+)?" + _VERDICT,
                     re.IGNORECASE)
# Later in a sentence the name opens: "X is formulated for ... and is a fantastic option".
_PRAISE_LATER = Lazy(r"(?:,\s*|\s)(?:and|but|so\s+it)\s+" + _VERDICT, re.IGNORECASE)
_PRAISE_BEFORE = Lazy(
    r"(?:can(?:'|no)?t\s+go\s+wrong\s+with|our\s+(?:top\s+)?(?:pick|choice|favou?rite)"
    r"\s+(?:is|was|remains)|(?:we|I)\s+(?:highly\s+)?recommend"
    r"|only\s+(?:buy|try|get|choose)\s+one,\s+make\s+it|nothing\s+(?:beats|compares\s+to)"
    r"|(?:you\s+)?can(?:'|no)?t\s+beat)\s+(?:the\s+)?$",
    re.IGNORECASE)

# A pick announced before the name: "Our top pick for the best probiotic is the X", "The
# best budget pick is X", "Our choice for runners remains the X".
_PICK_BEFORE = Lazy(
    r"\b(?:our|the|my)\s+(?:(?:top|overall|best|budget|premium|step[- ]up|upgrade|runner[- ]up"
    r"|favou?rite|editor'?s'?|value|first)\s+){0,3}" + PICK_ANNOUNCED + "$",
    re.IGNORECASE)

# "a system such as X, intuitively designed to ...": the name held up as the example of
# its kind, with a maker's boast about its design.
_EXAMPLE_BEFORE = Lazy(r"\b(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?:such\s+as|like)\s+$",
                       re.IGNORECASE)
_DESIGNED_AFTER = Lazy(r"\s*,\s*(?:[\w-]+ly\s+)?(?:designed|formulated|engineered|crafted"
                       r"|developed|made)\s+(?:to|for|with|specifically|at|by)\b", re.IGNORECASE)

_SOLD_AS = Lazy(_NOUN_AFTER, re.IGNORECASE)
# A maker's reputation boasted of: "they have since become one of the most reputable
# brands in CBD", "X is one of the most trusted names in sleep support".
_REPUTATION = Lazy(
    r"\b(?:(?:has|have)\s+(?:since\s+|quickly\s+|now\s+|long\s+)?(?:become|grown\s+into"
    r"|been)|(?:is|are|remains?)(?:\s+(?:now|still|today|easily|arguably))?"
    r"|established\s+(?:itself|themselves)\s+as)\s+one\s+of\s+"
    r"the\s+(?:most|best)[-\s](?:reputable|trusted|respected|popular|well-known|recogni[sz]ed"
    r"|beloved|reliable|loved|highly[-\s]regarded)\s+(?:[\w-]+\s+){0,2}?(?:brands?|names?"
    r"|companies|manufacturers|makers)\b", re.IGNORECASE)


# A verdict on the one entry the page is describing, its name carried by a singular pronoun
# ("These are the best picks we found" speaks of the list, not of a product): "It is our
# pick for the best probiotic", "It's one of the best formulas because ...", "..., making
# it one of the best supplements on the market".
_PRONOUN_VERDICT = Lazy(
    r"(?:^\W*|\bmak(?:es|ing)\s+)(?:it|this(?:\s+(?:one|product|formula|brand))?)"
    r"(?:(?:'s|’s|\s+is|\s+was|\s+remains)\s+(?:also\s+|easily\s+|truly\s+)?)?\s*"
    r"(?:one\s+of\s+the\s+(?:very\s+)?(?:best|top)\b|(?:our|my)\s+(?:top\s+)?(?:pick|choice)\s+for\b"
    r"|the\s+(?:very\s+)?best\s+(?:[\w-]+\s+){0,3}(?:on\s+the\s+market|(?:we|I)\s+(?:have\s+)?"
    r"(?:tried|tested|found|reviewed))|" + _VERDICT + ")", re.IGNORECASE)


# A pick announced and named: "Our step-up pick is the X" (a capital follows).
_PICK_BEFORE_NAME = Lazy(r"\b(?:our|the|my)\s+(?:[\w-]+\s+){0,3}" + PICK_ANNOUNCED
                         + r"(?-i:[A-Z])", re.IGNORECASE)


# The page says it is paid when the reader buys: its links survive scraping as words only.
_COMMISSION = Lazy(r"\b(?:we|i)\s+(?:may\s+|might\s+|could\s+)?(?:earn|receive|get|make)\s+"
                   r"(?:a\s+)?(?:small\s+)?(?:share\s+of\s+(?:the\s+)?(?:sale|revenue)|(?:affiliate\s+)?"
                   r"commission)|\b(?:contains?|uses?|includes?)\s+affiliate\s+links\b")


@dataclass(frozen=True)
class ListingHit:
    unit: Unit
    name: str
    kind: str  # "award" | "praise"


def _brand_words(doc: PromoDoc, known: set[str], products: ProductIndex | None) -> set[str]:
    """Single words that name a product: the product index's brands, and the first word of
    a known name that the page never writes in lower case ("Riverbend", not "Quiet")."""
    out = {p.key for p in (products.products if products else ())
           if p.origin in ("text", "configured") and p.key[:1].isupper() and " " not in p.key}
    low = doc.lower
    for name in known:
        first = name.split()[0]
        if first.lower() not in names.OPENERS and len(first) > 3 and not re.search(
                r"(?<![\w-])" + re.escape(first.lower()) + r"(?![\w-])", doc.text):
            out.add(first)
    return {w for w in out if w.lower() in low}


@per_document("listings")
def find(doc: PromoDoc, products: ProductIndex | None = None) -> list[ListingHit]:
    """Award lines of a ranking list and sentences that praise a named product."""
    out: list[ListingHit] = []
    if not any(w in doc.lower for w in ("best", "pick", "favour", "favorit", "winner",
                                        "value", "stand", "wrong with", "recommend",
                                        "premier", "choice", "option", "trust", "way to",
                                        "such as", "like", "most", "top", "beat",
                                        "rated", "selling")):
        return out
    listed = names.listed(doc)
    awards, known = listed.awards, set(listed.known)
    known |= _brand_words(doc, known, products)
    award_units = {unit.index for _, unit in awards}
    ranks = len(listed.slotted) >= 2  # the page ranks or lists products
    # or it announces picks by name ("Our step-up pick is the X", "The best budget pick is X")
    picks = sum(1 for unit in doc.units if _PICK_BEFORE_NAME.search(unit.norm)) >= 2
    # where a verdict a pronoun carries, or a maker's boast, is said of a product for sale
    for_sale = ranks or bool(awards) or picks or _sells(doc)
    if len({name for name, _ in awards}) >= 2:
        out.extend(ListingHit(unit, name, "award") for name, unit in awards)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(
        names.pattern_of(n) for n in sorted(known, key=len, reverse=True)) + r")(?![\w-])") \
        if known else None
    for unit in doc.units:
        if unit.where != BODY or unit.index in award_units or unit.view.quoted or unit.cited:
            continue
        verdict = _verdict_on_a_name(doc, unit)
        if verdict:
            out.append(ListingHit(unit, verdict, "praise"))
            continue
        if for_sale and (_REPUTATION.search(unit.norm) or _PRONOUN_VERDICT.search(unit.norm)):
            out.append(ListingHit(unit, _nearest_name(doc, unit, listed.slotted), "praise"))
            continue
        if pattern is None:
            continue
        for m in pattern.finditer(unit.norm):
            opens = not unit.norm[:m.start()].strip(" *\"'")
            example = _EXAMPLE_BEFORE.search(unit.norm, 0, m.start()) and \
                _DESIGNED_AFTER.match(unit.norm, m.end())
            if example or _PRAISE_AFTER.match(unit.norm, m.end()) or _PRAISE_BEFORE.search(
                    unit.norm, 0, m.start()) or (opens and _PRAISE_LATER.search(
                    unit.norm, m.end())):
                out.append(ListingHit(unit, m.group(), "praise"))
                break
    return out


def _sells(doc: PromoDoc) -> bool:
    """A seller's own page, or one judged from its words to sell a category: a verdict
    its pronoun carries is said of what the page sells."""
    from checks.detectors.promotion import seller, sold

    return seller.of(doc).selling or sold.of(doc).sells


def _nearest_name(doc: PromoDoc, unit: Unit, slotted: set[str]) -> str:
    """The listed name the unit speaks of: the last one the page named at or before it."""
    for other in reversed(doc.units[:unit.index + 1]):
        for name in sorted(slotted, key=len, reverse=True):
            if name in other.norm:
                return name
    return "the brand"


def _verdict_on_a_name(doc: PromoDoc, unit: Unit) -> str:
    """A name seen only once, right before a sales verdict ("The Dr. Mercola Magnesium
    L-Threonate supplement is the premier choice") or right after a pick is announced ("Our
    top pick for the best probiotic is the X"): the verdict says it is a product."""
    for m in names.CAPITALISED_RUN.finditer(unit.norm):
        name = names.clean_name(m.group()) or _one_word_sold(unit.norm, m)
        if not name or not (_PRAISE_AFTER.match(unit.norm, m.end())
                            or _PICK_BEFORE.search(unit.norm, 0, m.start())):
            continue
        # a product's name: an ingredient or a product noun in it or right after it
        sold = _SOLD_AS.match(unit.norm, m.end()) or any(
            w.lower() in SUPPLEMENT_INGREDIENTS or product_noun(w.lower()) for w in name.split())
        if sold and names.brand_like(doc, name):
            return name.rstrip(".,;:")
    return ""


def _one_word_sold(text: str, run: re.Match[str]) -> str:
    """A one-word name inside a sentence with a product noun after it ("The Larkfield
    mattress"): the noun says the word names a product, as a second word of a name would."""
    words = run.group().split()
    kept = [w for w in words if w.lower() not in names.OPENERS]
    if len(kept) != 1 or (run.start() == 0 and len(words) == 1):
        return ""
    word = kept[0]
    if word.lower() in COMMON_CAPITALISED or not _SOLD_AS.match(text, run.end()):
        return ""
    return word


def award_pitches(doc: PromoDoc, award: ListingHit, hits: list[ListingHit],
                  pitched: set[int]) -> bool:
    """Whether an award line is part of the pitch: any award on a page paid when the
    reader buys (affiliate links or a commission disclosure), a heading whose section (up
    to the next heading) gives a sales verdict (``pitched``: indexes of the paragraphs that
    do), or a line of a summary whose name is given one somewhere on the page. Elsewhere a
    ranking that only labels its entries ("Best for runners: X" over a description) is left
    to HL301's paragraph score: an award over a paragraph that informs is a label."""
    view = award.unit.view
    if affiliate.find_cached(doc.article, doc.memo) or _COMMISSION.search(doc.lower):
        return True
    if view.is_heading:
        at = next(i for i, other in enumerate(doc.views) if other is view)
        for other in doc.views[at + 1:]:
            if other.is_heading:
                return False
            if other.index in pitched:
                return True
        return False
    stem = names.stem(award.name)
    return any(hit.kind == "praise" and names.stem(hit.name) == stem for hit in hits)
