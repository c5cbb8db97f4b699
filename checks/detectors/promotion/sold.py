"""What a page sells, judged from its words alone.

Scraped pages lose the chrome that gives a shop away (no basket, no front matter, no
site name in a header), yet a reader still sees who is selling: the page talks about one
category of product from its title on ("CBD oil for sleep"), speaks of "our tinctures",
prints prices and pack sizes, ends with "Try it yourself". This module turns those cues
into a few page-level numbers, and a logistic regression learned from the labelled dev
pages (``scripts/train_seller_pages.py``, shipped as ``data/seller_pages.json``) weighs
them into one judgement: this page sells or recommends products of category C. Informative
pages that mention prices or brands (news, reference, Q&A) are the negatives it learned
from, so the gate stays shut on them.

The category is the supplement ingredient the page names most, when its title or
opening names it too: the subject a seller's health claims
are about ("Vitamin D3 is the most effective form", "many people are turning to CBD").
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from checks.detectors.promotion import lexicon, seller
from checks.detectors.promotion.document import BODY, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import PRODUCT_NOUN_FORMS, SUPPLEMENT_INGREDIENTS, Lazy

if TYPE_CHECKING:
    from claims.detect import Assessment

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "seller_pages.json"

# Other names of a category: a page about CBD says "cannabidiol" and "hemp extract" too.
ALIASES = {"cannabidiol": "cbd", "hemp": "cbd", "cholecalciferol": "vitamin d",
           "curcumin": "turmeric", "omega": "omega-3", "fish": "omega-3", "krill": "omega-3",
           "magnesium-glycinate": "magnesium", "l-threonate": "magnesium",
           "electrolyte": "electrolytes", "multivitamin": "multivitamins",
           "whey": "protein", "probiotic": "probiotics"}
# Words too general to name what a page sells on their own.
_TOO_GENERAL = frozenset({"vitamin", "protein", "supplement", "supplements", "product",
                          "products", "formula", "formulas"})
_INGREDIENT = Lazy(
    r"\b(?:vitamin\s+(?:[a-ek]\d{0,2})\b|"
    + "|".join(sorted((re.escape(w) for w in SUPPLEMENT_INGREDIENTS | set(ALIASES)
                       if w != "vitamin"), key=len, reverse=True))
    + r")(?![\w-])", re.IGNORECASE)
_WORD = Lazy(r"[A-Za-z][\w-]*")
_TOP = 3  # units read as the page's title and opening

# The page's own goods: "our tinctures", "our organic Elderberry Syrup", "our formulation".
_OUR_GOODS = Lazy(r"\bour\s+(?:[\w-]+\s+){0,3}?(?P<noun>[\w-]+)\b", re.IGNORECASE)
_OUR_NOUNS = frozenset({"formulation", "formulations", "blend", "blends", "recipe", "line",
                        "products", "range", "collection", "shop", "store", "bestseller",
                        "bestselling", "customers", "brand"})
_PRICE = Lazy(r"(?:[$£€]\s?\d[\d,]*(?:\.\d\d)?|\b\d+(?:\.\d\d)?\s?(?:USD|GBP|EUR|dollars)\b)")
_PACK = Lazy(r"\b\d[\d,.]*\s?(?:mg|mcg|µg|iu|ml|fl\.?\s?oz|oz|g|capsules?|caps|softgels?"
             r"|tablets?|tabs|gummies|count|ct|servings?|veg\s?caps)\b", re.IGNORECASE)
_SHOP_WORDS = Lazy(r"\b(?:add to (?:cart|basket|bag)|cart|basket|checkout|buy now|shop now"
                   r"|order now|in stock|out of stock|free (?:shipping|delivery)|subscribe "
                   r"(?:&|and) save|coupon|discount code|promo code|\d+% off|sold out"
                   r"|quantity|sku)\b", re.IGNORECASE)
_BEST_TITLE = Lazy(r"\b(?:best|top\s+\d+|top-rated|our\s+picks?)\b", re.IGNORECASE)
_DISCLOSURE = Lazy(r"\b(?:commission|affiliate|sponsored|paid partnership|advertisement"
                   r"|advertorial|we may earn|compensat\w+)\b", re.IGNORECASE)
_SALES_START = Lazy(r"^(?:try|buy|order|shop|get|grab|visit|discover|consider|choose"
                    r"|pick up|reach for|stock up|treat yourself)\b", re.IGNORECASE)
_HYPE = Lazy(r"\b(?:powerful|amazing|remarkable|incredible|potent|premium|pure|purest|miracle"
              r"|superfood|game[- ]changer|best|finest|highest[- ]quality|all[- ]natural"
              r"|100% natural|go-to|must-have|secret|breakthrough|revolutionary)\b",
              re.IGNORECASE)
_CAUTION = Lazy(r"\b(?:evidence is (?:limited|weak|mixed|thin)|(?:little|no|not enough|limited)"
                r" (?:good |reliable |strong )?evidence|no proof|unproven|small studies|more "
                r"research is needed|did not (?:help|work|improve|reduce)|no better than placebo"
                r"|interact\w* with|overdose|toxic\w*|not regulated|claims? (?:made|on labels)"
                r"|be wary|be sceptical|be skeptical)\b", re.IGNORECASE)
_REPORTED = Lazy(r"\b(?:said|says|told|according to|reported|researchers|spokes\w+"
                 r"|investigators|published in|the study|the trial)\b", re.IGNORECASE)

FEATURES = ("commerce", "our_goods", "prices", "packs", "shop_words", "category_share",
            "best_title", "disclosure", "sales_starts", "reported",
            "cited_share", "seller_signals", "bold_claims", "careful_claims", "hype", "caution")


@dataclass(frozen=True)
class Sold:
    """The page's judgement: what it sells (if anything) and how sure the model is."""

    category: str  # the category's key ("cbd", "vitamin d", "serum"); '' when none
    terms: frozenset[str]  # lower-case words that name the category on this page
    score: float
    sells: bool  # the page sells or recommends products of the category

    def names(self, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` that name the category."""
        if not self.terms:
            return []
        return [m.span() for m in _term_pattern(self.terms).finditer(text)]


@cache
def _term_pattern(terms: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(t).replace(r"\ ", r"\s+") for t in terms),
                                   key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", re.IGNORECASE)


def _key(word: str) -> str:
    low = re.sub(r"\s+", " ", word.lower())
    if low.startswith("vitamin "):
        return low[:9]  # "vitamin d3" and "vitamin d" are one category
    return ALIASES.get(low, low)


def _body(doc: PromoDoc) -> list[Unit]:
    return [u for u in doc.units if u.where == BODY and not u.view.quoted]


def category(doc: PromoDoc) -> tuple[str, frozenset[str], int]:
    """The category the page is about: its most named supplement ingredient, when the title
    or opening names it too; with the words that name it and how often it is named. ('',
    empty, 0) when the page has no such category. Devices, creams and medicines are left to
    the product index: their sellers name them, and drug-class pages ("inhalers", "statins")
    are mostly information."""
    units = _body(doc)
    top = units[:_TOP]
    counts: Counter[str] = Counter()
    spellings: dict[str, set[str]] = {}
    for unit in units:
        for m in _INGREDIENT.finditer(unit.norm):
            key = _key(m.group())
            counts[key] += 1
            spellings.setdefault(key, set()).add(m.group().lower())
    titled = {_key(m.group()) for u in top for m in _INGREDIENT.finditer(u.norm)}
    best = [k for k, _ in counts.most_common() if k in titled and k not in _TOO_GENERAL]
    if best and counts[best[0]] >= 2:
        key = best[0]
        terms = set(spellings[key]) | {a for a, k in ALIASES.items() if k == key} | {key}
        return key, frozenset(terms), counts[key]
    return "", frozenset(), 0


def _log(n: float) -> float:
    return math.log1p(n)


def features(doc: PromoDoc) -> dict[str, float]:
    """The page's cues, as numbers (the runtime's and the training script's own)."""
    units = _body(doc)
    key, terms, named = category(doc)
    words = max(doc.words, 1)
    top_text = " ".join(u.norm for u in units[:_TOP])
    our_goods = 0
    for unit in units:
        for m in _OUR_GOODS.finditer(unit.norm):
            noun = m.group("noun").lower()
            if noun in PRODUCT_NOUN_FORMS or noun in _OUR_NOUNS or noun in terms:
                our_goods += 1
    praised = [u for u in units if terms and _praises(u, Sold(key, terms, 0.0, True))]
    site = seller.of(doc)
    signals = int(site.shop) + int(bool(site.commerce)) + int(site.sells) + int(bool(site.names))
    text = "\n".join(u.norm for u in doc.units)
    return {
        "commerce": _log(sum(1 for u in units if seller.COMMERCE.search(u.norm))),
        "our_goods": _log(our_goods),
        "prices": _log(len(_PRICE.findall(text))),
        "packs": _log(len(_PACK.findall(text))),
        "shop_words": _log(len(_SHOP_WORDS.findall(text))),
        "category_share": min(named * 100.0 / words, 10.0),
        "best_title": 1.0 if _BEST_TITLE.search(top_text) else 0.0,
        "disclosure": 1.0 if _DISCLOSURE.search(text) else 0.0,
        "sales_starts": _log(sum(1 for u in units if _SALES_START.match(u.norm.lstrip()))),
        "reported": _log(sum(1 for u in units if _REPORTED.search(u.norm))),
        "cited_share": sum(1 for u in units if u.cited) / max(len(units), 1),
        "seller_signals": float(signals),
        "bold_claims": _log(sum(1 for u in praised if not (u.cited or lexicon.hedged(u.norm)))),
        "careful_claims": _log(sum(1 for u in praised if u.cited or lexicon.hedged(u.norm))),
        "hype": _log(len(_HYPE.findall(text))) / max(math.log1p(words / 100), 1.0),
        "caution": _log(sum(1 for u in units if _CAUTION.search(u.norm))),
    }


def _praises(unit: Unit, page: Sold) -> bool:
    """Whether the sentence credits the category, as its subject, with a benefit: what the
    finder reports on a seller's page (``subjects`` and ``benefit_after``)."""
    spans = subjects(unit, page)
    return bool(spans) and benefit_after(unit.norm, spans[0][1])


class ModelError(Exception):
    """The shipped weight file is missing or malformed."""


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, values: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in values.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 35.0), -35.0)))


@cache
def model(path: Path = MODEL_PATH) -> Model:
    """The learned page model (weights already scaled to the raw features)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Model({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                     float(data["threshold"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot read the seller-page model {path}: {exc}") from exc


@per_document("sold")
def of(doc: PromoDoc) -> Sold:
    """Whether the page sells or recommends products of one category, and which."""
    key, terms, _ = category(doc)
    if not key:
        return Sold("", frozenset(), 0.0, False)
    try:
        learned = model()
    except ModelError:
        return Sold(key, terms, 0.0, False)
    score = learned.score(features(doc))
    return Sold(key, terms, score, score >= learned.threshold)


# What puts the category to work just before it is named: "taking a magnesium supplement",
# "many people are turning to CBD tinctures", "supplementing with vitamin D3".
_AGENT_BEFORE = Lazy(r"\b(?:taking|using|adding|turning\s+to|switching\s+to|supplementing\s+with"
                     r"|trying|consider(?:ing)?|with\s+(?:a\s+)?(?:daily\s+)?)\s+(?:[\w-]+\s+){0,3}$",
                     re.IGNORECASE)
# A subject's lead-in holds no verb, comparison, negation or dose of its own, and does not
# open an instruction ("Give your body the magnesium it needs" names it as an object).
_NOT_SUBJECT_BEFORE = Lazy(
    r"\b(?:is|are|was|were|be|been|can|could|may|might|will|would|has|have|had|do|does|did"
    r"|than|unlike|without|instead|not|no|nor|avoid|stop|if|whether|although|though|because"
    r"|says?|said|claims?|believe|think|according|function|role|too|much|many|excess|high|large|low|doses?|levels?"
    r"|deficiency|give|try|take|add|pick|get|buy|order|choose|stir|use|start|shop|visit"
    r"|discover|check|look|ask|keep)\b|[;:?]", re.IGNORECASE)
# A pronoun that carries the subject over from the sentence before ("It quiets...").
_PRONOUN_START = Lazy(r"^\s*(?:it|they|this|these)\b(?!\s+(?:is|was)\s+(?:important|worth|best"
                      r"|wise|a good idea|possible|likely|unclear|not clear))", re.IGNORECASE)
# What a seller says its category does for you, beyond the efficacy lexicon's verbs:
# "helps replenish", "is the most effective form", "the natural alternative to pills".
_BENEFIT = Lazy(
    r"\b(?:help(?:s|ed|ing)?|support(?:s|ed|ing)?|promot(?:e|es|ed|ing)|improv\w*|rais(?:e|es|ing)"
    r"|replenish\w*|relax\w*|calm\w*|quiet(?:s|ens)?|boost\w*|strengthen\w*|protect\w*|lift(?:s)?"
    r"|restor\w*|balanc(?:e|es|ing)|eas(?:e|es|ing)|effective|benefi\w*|absorbed\s+(?:far\s+|much\s+)?"
    r"better|bioavailable|gold[- ]standard|natural\s+alternative|transform\w*|melt\w*|sooth\w*"
    r"|smooth(?:s|es)?|fight\w*|defen[cs]es?|rebalanc\w*|banish\w*|superchar\w*|safe|gentle"
    r"|non-habit-forming|secret\s+to|powerful|potent|purest)\b", re.IGNORECASE)
_RISK = Lazy(r"\b(?:side[- ]effects?|cause[sd]?|harm\w*|risks?|toxic\w*|interact\w*|diarrh\w*"
             r"|overdose|upset|allerg\w*|not\s+suitable|should\s+not|avoid)\b", re.IGNORECASE)
_NP_TAIL = Lazy(r"(?:\s+(?:[\w-]+))", re.IGNORECASE)


def subjects(unit: Unit, page: Sold) -> list[tuple[int, int]]:
    """Spans (unit-relative) where the page's category is the subject or agent of what the
    sentence goes on to say: named within its first words with no verb before it ("CBD oil
    is safe...", "For many, a magnesium supplement can..."), or put to work ("taking a
    magnesium supplement can help", "turning to CBD tinctures for sleep")."""
    text = unit.norm
    out: list[tuple[int, int]] = []
    for a, b in page.names(text):
        before = text[:a]
        agent = _AGENT_BEFORE.search(before)
        if agent is not None:
            start = agent.start()
        elif len(before.split()) <= 6 and not _NOT_SUBJECT_BEFORE.search(before):
            start = a
        else:
            continue
        end = b
        for _ in range(2):  # "CBD oil tinctures", "magnesium supplements"
            m = _NP_TAIL.match(text, end)
            if m is None or not (m.group().strip().lower() in PRODUCT_NOUN_FORMS
                                 or m.group().strip().lower() in page.terms):
                break
            end = m.end()
        out.append((start, end))
        break  # the first naming is the sentence's subject; later ones are objects
    return out


def carried(unit: Unit, previous: Unit | None, page: Sold) -> tuple[int, int] | None:
    """The pronoun that opens ``unit`` when the sentence before it, in the same block, had
    the category as its subject ("Magnesium is nature's relaxation mineral. It quiets...")."""
    if previous is None or previous.view is not unit.view or not subjects(previous, page):
        return None
    m = _PRONOUN_START.match(unit.norm)
    return (m.end() - len(m.group().lstrip()), m.end()) if m else None


def benefit_after(text: str, at: int) -> bool:
    """Whether what follows ``at`` credits the subject with a benefit, and no harm."""
    rest = text[at:]
    return bool(_BENEFIT.search(rest)) and not _RISK.search(rest)


# The claim types that credit their subject with an effect.
_BENEFIT_TYPES = frozenset({"efficacy", "causal", "mechanism", "recommendation"})


def claim_of(doc: PromoDoc, unit: Unit) -> Assessment | None:
    """The claims detector's reading of the unit's sentence when it is a claim that credits
    its subject with an effect (efficacy, causal, mechanism or advice; not negated); None
    otherwise."""
    from claims.detect import DEFAULT_THRESHOLD, prose_assessments

    assessed = doc.memo.get("sold.assessed")
    if assessed is None:
        assessed = doc.memo["sold.assessed"] = {
            id(s): a for s, a in prose_assessments(doc.article)}
    if unit.sentence is None:
        return None
    found = assessed.get(id(unit.sentence))
    if (found is None or found.excluded or found.score < DEFAULT_THRESHOLD
            or found.type not in _BENEFIT_TYPES or found.attributes.get("negated")):
        return None
    return found
