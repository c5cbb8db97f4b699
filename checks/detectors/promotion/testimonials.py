"""Testimonials: first-person cure and result stories, star ratings, verified-buyer quotes,
and customers' opinion offered as proof ("thousands of users say it works").

The FTC's guidance is blunt: a testimonial is not evidence that a product works,
and results have to be typical to be shown at all. A personal story in the author's
own essay ("my back pain eased with physiotherapy") is not a testimonial unless it
is tied to a product, quoted with an attribution, or framed as a customer review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from checks.detectors.promotion.context import why_not_own
from checks.detectors.promotion.document import BODY, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import Lazy
from checks.detectors.promotion.products import ProductIndex

# "My" and "We" open quoted stories: the pronouns are matched in either case, "I" as is.
_FIRST_PERSON = Lazy(r"\b(?:I|I'm|I've|I'd|[Mm]y|[Mm]e|[Ww]e|[Oo]ur)\b")
_RESULTS = (
    r"(?:cured|healed|fixed|saved|changed|transformed)\s+my\b(?:\s+[\w-]+){0,2}",
    r"my\s+(?:own\s+)?(?:[\w-]+\s+){0,3}?(?:[\w-]+)\s+(?:is|was|are|were|has\s+been"
    r"|have\s+been|had|'s|'re)(?:\s+(?:completely|totally|finally|all|almost|already|practically"
    r"|virtually|noticeably|much|\d+%))?\s+"
    r"(?:gone|better|cured|healed|disappeared|vanished|a\s+thing\s+of\s+the\s+past"
    r"|back\s+to\s+normal|normal\s+again|under\s+control|thicker|stronger|clearer|smoother"
    r"|fuller|healthier)",
    r"I\s+(?:lost|dropped|shed)\s+\d+\s+(?:pounds|lbs?|kg|kilos?|stone|dress\s+sizes?)",
    r"(?:never|haven't|have\s+not)\s+felt\s+better",
    r"(?:feel|felt)\s+like\s+a\s+new\s+(?:person|man|woman)",
    r"got\s+my\s+life\s+back",
    r"I(?:'m|\s+am|\s+was|'ve\s+been|\s+have\s+been)\s+(?:finally\s+)?(?:pain|symptom|migraine)"
    r"[- ]free",
)
_RATING = Lazy(
    r"[\u2605\u2b50]{3,}(?:\s*\(\s*[\d,.]+\s+(?:reviews?|ratings?)\s*\))?"
    r"|\b(?:rated\s+)?\d(?:\.\d)?\s*(?:/\s*5|out\s+of\s+(?:5|five))(?:\s+stars?)?"
    r"(?:\s+(?:by|from)\s+(?:more\s+than\s+|over\s+)?[\d,]+\s+(?:customers|reviewers|users|buyers))?"
    r"|\b\d(?:\.\d)?[- ]star\s+(?:rating|reviews?)"
    r"|\b[\d,]+\+?\s+(?:five|5)[- ]star\s+(?:ratings|reviews)",
    re.IGNORECASE)
# Customers' opinion offered as proof ("Thousands of users say it works", "97% of customers
# would recommend it"): the FTC treats it as a testimonial, and it is no evidence either.
_OPINION = Lazy(
    r"(?:\b(?:thousands|hundreds|millions|many|most|\d[\d,.]*%\s+of|(?:over|more\s+than)\s+"
    r"[\d,]+|[\d,]{4,}\+?)\s+(?:of\s+)?|^)(?:our\s+)?(?:happy\s+|satisfied\s+|loyal\s+)?"
    r"(?:customers|users|buyers|reviewers|clients|shoppers|members)\s+(?:say|agree|report|swear"
    r"|rave|love|would\s+recommend|recommend)\b"
    r"|\b(?:thousands|hundreds|millions)\s+(?:say|swear|agree)\b",
    re.IGNORECASE)
_OPINION_WORDS = ("customers", "users", "buyers", "reviewers", "clients", "shoppers",
                  "members", "thousands", "hundreds", "millions")
_ATTRIBUTION = Lazy(r"[\"\u201d]\s*[-\u2013\u2014,]?\s*(?:[-\u2013\u2014]\s*)?(?:says\s+)?"
                    r"[A-Z][a-z]+(?:\s+[A-Z]\.?)?"
                          r"(?:,\s*\d{2})?|verified\s+(?:buyer|purchase|customer|review(?:er)?)",
                          re.IGNORECASE)
# Words a rating or a result story cannot do without: a sentence with none of them is
# skipped before any pattern is compiled.
_RATING_WORDS = ("\u2605", "\u2b50", "out of", "/5", "/ 5", "star")
_RESULT_WORDS = ("gone", "better", "cured", "healed", "lost", "dropped", "shed", "felt",
                 "life", "free", "normal", "control", "saved", "changed", "fixed",
                 "transformed", "vanished", "disappeared", "past", "thicker", "stronger",
                 "clearer", "smoother", "fuller", "healthier")
_VERIFIED = Lazy(r"verified\s+(?:buyer|purchase|customer|review(?:er)?)", re.IGNORECASE)


@dataclass(frozen=True)
class Testimonial:
    unit: Unit
    a: int
    b: int
    kind: str  # "result story" | "rating" | "customer review" | "customer opinion"


@cache
def _results() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _RESULTS), re.IGNORECASE)


def _tied(unit: Unit, products: ProductIndex) -> bool:
    """A first-person story counts when it names a product, is quoted with an
    attribution, or sits in a customer-review block."""
    view = unit.view
    if any(products.in_unit(u) for u in view.units):
        return True
    if _REVIEW_SECTION.fullmatch(view.section.strip()):
        return True
    text = view.norm
    return (view.quoted or bool(view.quotes)) and bool(_ATTRIBUTION.search(text))


_REVIEW_SECTION = Lazy(r"(?:customer |user |verified |product )?reviews?|testimonials?"
                       r"|(?:ratings? (?:and|&) )reviews|what (?:our )?(?:customers|users|clients"
                       r"|patients|readers|people) (?:say|are saying)", re.IGNORECASE)
# A shop review's signature: "– Laura, Bristol", "– Marcus D., verified buyer",
# "– Geoffrey, 74, Stockport" closing the paragraph.
_SIGNATURE = Lazy(r"(?:^|\s)[-\u2013\u2014]\s*[A-Z][a-z]+(?:\s+[A-Z]\.?)?(?:,\s*\d{1,3})?"
                  r"(?:,\s*(?:verified\s+(?:buyer|purchaser?|customer|reviewer)"
                  r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))?\s*$")
# A review's byline on the line above it: "Tom, Bristol · Verified purchase · 3 weeks ago".
_BYLINE = Lazy(r"^[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?(?:,\s*[A-Z][a-z]+)?\s*\u00b7\s*(?:verified"
               r"\s+\w+\s*\u00b7\s*)?(?:\d+|a|an)\s+(?:days?|weeks?|months?|years?)\s+ago$",
               re.IGNORECASE)
# A reviewer's own headline under four or five stars ("★★★★★ Can finally sleep"); an
# aggregate score ("★★★★★ 4.7 | 3,208 reviews") heads no review.
_STAR_LINE = Lazy(r"^\s*(?:[\u2605\u2b50]\s*){4}[\u2605\u2606\u2b50]?\s*[\"\u201c'A-Za-z]")
# What a happy reviewer reports of their health: a symptom gone or cleared, a night slept,
# a life before and after ("I used to hobble", "Haven't had a single cold", "still works").
_OUTCOME = Lazy(r"\b(?:gone|cleared|clear(?:ed)?\s+up|no\s+more|not\s+(?:a\s+)?single"
                r"|haven't\s+had|hasn't\s+come\s+back|can\s+(?:now\s+|finally\s+)?(?:breathe|sleep"
                r"|hear|walk|run|see)|slept|heard|fresh|stopped|works?\s+(?:brilliantly|wonders"
                r"|great|a\s+treat)|still\s+works|lost\s+\d+|used\s+to\s+(?!buy|pay|get)\w+"
                r"|different\s+(?:man|woman|person)|(?:went|dropped|fell|came\s+down)\s+from\s+\S+\s+to"
                r"|been\s+missing)\b", re.IGNORECASE)
# A disappointed review: what it reports is no result to advertise.
_LET_DOWN = Lazy(r"\bbut\s+(?:[\w']+\s+){0,3}(?:still|more|worse|now|then|after)\b|\b(?:didn't"
                 r"|did\s+not|doesn't|does\s+not)\s+(?:do|help|work|last)\b|\bno\s+use\b|\bwaste\b",
                 re.IGNORECASE)


def _review_view(doc: PromoDoc, position: int) -> bool:
    """A paragraph that is a customer's review: signed with a first name, under a review's
    byline or a reviewer's star-rated headline, or in a reviews section."""
    view = doc.views[position]
    if _SIGNATURE.search(view.norm) or _REVIEW_SECTION.fullmatch(view.section.strip()):
        return True
    before = doc.views[position - 1].norm.strip() if position > 0 else ""
    return bool(_BYLINE.match(before) or _STAR_LINE.match(before))


def _review_sentence(view_units: list[Unit]) -> Unit | None:
    """The first sentence of a review that reports a health result; a signature, a
    headline or a let-down is not one."""
    for unit in view_units:
        text = unit.norm
        if len(text.split()) < 5 or _SIGNATURE.match(text.strip()) or text.rstrip().endswith("?"):
            continue
        if _OUTCOME.search(text) and not _LET_DOWN.search(text):
            return unit
    return None


@per_document("testimonials")
def find(doc: PromoDoc, products: ProductIndex) -> list[Testimonial]:
    """The page's testimonials (HL303 and HL305 both read them)."""
    out: list[Testimonial] = []
    done_views: set[int] = set()
    # The key words the article holds at all: most articles hold few, so units test fewer.
    article = doc.lower
    rating_words = [k for k in _RATING_WORDS if k in article]
    opinion_words = [k for k in _OPINION_WORDS if k in article] if products.products else []
    result_words = [k for k in _RESULT_WORDS if k in article]
    for unit in doc.units:
        text = unit.norm
        low = text.lower()
        if rating_words and any(k in low for k in rating_words):
            for m in _RATING.finditer(text):
                if why_not_own(text, m.start(), m.end()) is None:
                    out.append(Testimonial(unit, m.start(), m.end(), "rating"))
        if opinion_words and any(k in low for k in opinion_words):
            for m in _OPINION.finditer(text):
                if why_not_own(text, m.start(), m.end()) is None:
                    out.append(Testimonial(unit, m.start(), len(text.rstrip()),
                                           "customer opinion"))
                    break
        if unit.view.index in done_views:
            continue  # one result story per quote or paragraph
        if result_words and any(k in low for k in result_words) and _FIRST_PERSON.search(text):
            for m in _results().finditer(text):
                reason = why_not_own(text, m.start(), m.end())
                if reason is None and _tied(unit, products):
                    out.append(Testimonial(unit, 0, len(text), "result story"))
                    done_views.add(unit.view.index)
                    break
    out.extend(_reviews(doc, done_views))
    for view in doc.views:
        if view.index in done_views or "verified" not in view.norm.lower():
            continue
        if not _VERIFIED.search(view.norm):
            continue
        for qa, qb in view.quotes:
            for unit in view.units:
                if unit.pstart <= qa < unit.pend:
                    out.append(Testimonial(unit, qa - unit.pstart,
                                           min(qb, unit.pend) - unit.pstart, "customer review"))
                    break
            break
    return out


def _reviews(doc: PromoDoc, done_views: set[int]) -> list[Testimonial]:
    """Customers' reviews as shops print them, one finding per review: the story need not
    name a cure ("Now I'm fresh the next morning"), the signature or byline makes it one."""
    out: list[Testimonial] = []
    for position, view in enumerate(doc.views):
        if view.index in done_views or view.is_heading or view.where != BODY:
            continue
        if not _review_view(doc, position):
            continue
        unit = _review_sentence(view.units)
        if unit is None or why_not_own(unit.norm, 0, len(unit.norm)) is not None:
            continue
        out.append(Testimonial(unit, 0, len(unit.text), "customer review"))
        done_views.add(view.index)
    return out
