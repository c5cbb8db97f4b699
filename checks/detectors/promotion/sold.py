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
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from checks.detectors.promotion import lexicon, seller
from checks.detectors.promotion.document import BODY, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import (
    PRODUCT_NOUN_FORMS,
    SERVING_LINE,
    SUPPLEMENT_INGREDIENTS,
    Lazy,
)
from claims.alternation import one_of
from claims.model import BlockKind

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
    + one_of((w for w in SUPPLEMENT_INGREDIENTS | set(ALIASES) if w != "vitamin"),
             ignore_case=True)
    + r")(?![\w-])", re.IGNORECASE)
# Forms of health products the product-noun lexicon leaves out (it reads product names).
_EXTRA_FORMS = frozenset({"glasses", "eyeglasses", "goggles", "hearing aid", "hearing aids",
                          "corrector", "correctors", "sock", "socks", "stocking", "stockings"})
_FORM_SINGULARS = PRODUCT_NOUN_FORMS | _EXTRA_FORMS
# Forms too general to name a category alone.
_TOO_GENERAL_FORMS = frozenset({"supplement", "product", "formula", "blend", "complex",
                                "aid", "app", "kit", "mix", "device", "machine",
                                "drink", "tea", "oil", "drop", "band", "pad", "rub", "caps",
                                "monitor", "sensor", "tracker"})
_INGREDIENT_KEYS = frozenset(ALIASES.get(w, w) for w in SUPPLEMENT_INGREDIENTS | set(ALIASES))
_WORD = Lazy(r"[A-Za-z][\w-]*")
_TOP = 3  # units read as the page's title and opening

# The page's own goods: "our tinctures", "our organic Elderberry Syrup", "our formulation".
_OUR_GOODS = Lazy(r"\bour\s+(?:[\w-]+\s+){0,3}?(?P<noun>[\w-]+)\b", re.IGNORECASE)
# "our" and the words after it, up to four, within the clause.
_OUR_WORDS = Lazy(r"\bour\s+(?P<words>[\w-]+(?:\s+[\w-]+){0,3})", re.IGNORECASE)
_OUR_NOUNS = frozenset({"formulation", "formulations", "blend", "blends", "recipe", "line",
                        "products", "range", "collection", "selection", "shop", "store",
                        "bestseller", "bestselling", "customers", "brand", "apothecary", "pharmacy",
                        "company", "business", "farm", "kitchen"})
# "Our Editors", "Our Team": the publisher's people, not its goods.
_OUR_PEOPLE = frozenset({"editors", "editor", "team", "experts", "expert", "readers", "writers",
                         "staff", "testers", "reviewers", "top", "picks", "pick", "reader",
                         "audience", "community", "visitors", "subscribers", "members",
                         "partners", "sponsors", "advertisers", "doctors", "clinicians"})
_NEXT_WORD = re.compile(r"\s+([\w-]+)")
# A maker describing how it makes what it sells: "We source our collagen from...", "We
# simmer organic elderberries...", "We created Night Gummies to...".
_WE_MAKE = Lazy(r"\bwe\s+(?:also\s+|carefully\s+|only\s+)?(?:source|craft|hand-?make|handcraft"
                r"|bottle|brew|grow|simmer|press|extract|cold-press|created|developed|designed"
                r"|formulated|launched)\b", re.IGNORECASE)
_PRICE = Lazy(r"(?:[$£€]\s?\d[\d,]*(?:\.\d\d)?|\b\d+(?:\.\d\d)?\s?(?:USD|GBP|EUR|dollars)\b)")
_PACK = Lazy(r"\b\d[\d,.]*\s?(?:mg|mcg|µg|iu|ml|fl\.?\s?oz|oz|g|capsules?|caps|softgels?"
             r"|tablets?|tabs|gummies|count|ct|servings?|veg\s?caps)\b", re.IGNORECASE)
_SHOP_WORDS = Lazy(r"\b(?:add to (?:cart|basket|bag)|cart|basket|checkout|buy now|shop now"
                   r"|order now|in stock|out of stock|free (?:shipping|delivery)|subscribe "
                   r"(?:&|and) save|coupon|discount code|promo code|\d+% off|sold out"
                   r"|quantity|sku)\b", re.IGNORECASE)
# A title that ranks: "Best CBD Oils for Sleep", "The 7 Best Magnesium Supplements", "Top 15".
# A product's description speaking of the thing in the box: "this product", "each capsule",
# "per serving", "the formula".
# What a product's description calls the thing in the box.
_IN_THE_BOX = "product|formula|capsule|softgel|tablet|gummy|bottle|tincture|dropper|scoop|jar|tub"
_PRODUCT_VOICE = Lazy(r"\b(?:this|each|every|the)\s+(?:" + _IN_THE_BOX
                      + r")s?\b|\bper\s+(?:serving"
                      r"|capsule|softgel|tablet|gummy|dose|scoop|dropper)\b", re.IGNORECASE)
_BEST_TITLE = Lazy(r"^\W*(?:the\s+)?(?:\d+\s+)?best\b|\bbest\s+(?:[\w-]+\s+){1,3}(?:for|of|in|to)\b"
                   r"|\btop\s+\d+|\btop-rated\b|\bour\s+(?:top\s+)?picks?\b", re.IGNORECASE)
_DISCLOSURE = Lazy(r"\b(?:commission|affiliate|sponsored|paid partnership|advertisement"
                   r"|advertorial|we may earn|compensat\w+)\b", re.IGNORECASE)
_SALES_START = Lazy(r"^(?:try|buy|order|shop|browse|get|grab|visit|discover|consider|choose"
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
# Sellers' soft calls (read by the call-to-action detector too): an invitation to see for
# yourself, a shop's site, a call to try a supplement in the form it is sold in.
YOURSELF = Lazy(r"(?:^|[.!?:;]\s+|\s(?:and|then)\s+)(?P<verb>see|feel|try|taste|experience"
                 r"|discover|find\s+out)\b[^.!?;]{0,80}?\b(?:for\s+)?yourself\b", re.IGNORECASE)
VISIT = Lazy(r"\b(?:visit|go\s+to|head\s+to|check\s+out)\s+(?:us\s+at\s+)?(?:www\.)?"
              r"(?![\w-]*(?:gov|nhs|who|cdc|nih)\b)[\w-]+\.(?:com|net|co\.uk|co|shop|store|uk)\b",
              re.IGNORECASE)
# On any page: a clause-opening call to try or buy a supplement in the form it is sold in
# ("Try CBD Tinctures.", "Shop magnesium gummies"); advice names no form ("take vitamin D",
# "try a magnesium supplement" is left to the page's other signals).
FORM_CALL = Lazy(
    r"(?:^|[.!?:;]\s+)[\"'(*\s]*(?P<verb>try|buy|shop|order|grab|discover)\s+(?:our\s+|some\s+)?"
    r"(?P<what>(?:" + "|".join(sorted((re.escape(w) for w in SUPPLEMENT_INGREDIENTS
                                       if w not in ("vitamin", "protein", "fish")),
                                      key=len, reverse=True))
    + r"|vitamin\s+[a-ek]\d{0,2})\s+(?:[\w-]+\s+)?(?:tinctures?|gummies|capsules|softgels|drops"
    r"|sprays?|balms?|oils?|powders?|syrups?|chews|honey))\b", re.IGNORECASE)
# A seller's blog recommending the category to its reader in so many words: why one should
# wear or take it, its advantages, the support "your routine has been missing", "a simple
# way to ... is using ..." (a cue of the page judgement; on a page judged to sell, a
# sentence of this kind that names the category is its recommendation, HL301).
READER_PITCH = Lazy(
    r"\bwhy\s+(?:you|we|everyone|more\s+of\s+us|more\s+people)\s+(?:should|need\s+to|ought\s+to)\s+(?:be\s+|start\s+|consider\s+)?"
    r"(?:wearing|taking|using|trying|adding|wear|take|use|try|add|choose|switch)\b"
    r"|\b(?:\d+|top\s+\d+|several|many|more|another|the\s+(?:best|main|top))\s+reasons?\s+"
    r"(?:why\s+you\s+should\s+|to\s+)(?:wear|take|use|try|choose|buy|add|switch\s+to|give)\b"
    r"|\b(?:might|may|could|would|will)\s+(?:just\s+|well\s+)?be\s+(?:the|a|your)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:support|answer|solution|boost|lift|addition|upgrade|ally|companion|helper)\s+(?:your|you)\b"
    r"|\b(?:offer|offers|bring|brings|provide|provides|have|has)\s+(?:a\s+few|several|many|some"
    r"|a\s+number\s+of|plenty\s+of|lots\s+of|a\s+host\s+of|a\s+range\s+of)\s+(?:[\w-]+\s+)?"
    r"(?:advantages|perks)\b"
    r"|\b(?:a|one|the)\s+(?:simple|easy|great|quick|effective|good|smart)\s+way\s+to\s+"
    r"(?:[\w-]+\s+){1,7}?is\s+(?:by\s+)?(?:using|wearing|taking|adding|trying|with)\b",
    re.IGNORECASE)
# A soft link to the seller's goods: "you can find an option here:", "shop the range here",
# "stop in to see our selection", "come by the shop", "browse our collection" (a call to
# action on any page).
HERE_LINK = Lazy(
    r"\b(?:find|get|shop|grab|order|buy|explore|check\s+out|pick\s+up)\s+(?:an?|one|our|the|this"
    r"|these|yours?)\s+(?:[\w-]+\s+){0,2}?(?:options?|formulas?|products?|versions?|ranges?"
    r"|selection|collection|pairs?|bottles?|jars?|tubs?|packs?|boxes?|sets?|kits?)\s+(?:right\s+)?here\b"
    r"|\b(?:stop|come|pop|drop)\s+(?:in|by|into)\s+(?:(?:to|and)\s+(?:see|browse|check\s+out|try\s+on"
    r"|view)\s+)?(?:our|the\s+(?:shop|store|showroom))\b"
    r"|\b(?:see|browse|explore|check\s+out|view|shop)\s+our\s+(?:full\s+|wide\s+|whole\s+|latest"
    r"\s+|new\s+|great\s+)?(?:selection|range|collection|line-up|lineup)\b",
    re.IGNORECASE)
# A call to make the category a habit: "consider CBD as part of your sleep routine", "make
# vitamin D part of your morning routine" (a seller's cue for the page judgement only:
# public-health advice says the same of vitamin D, so it is no call to action by itself).
ROUTINE = Lazy(r"\b(?:consider|make|add|include|try|start)\s+(?:adding\s+|taking\s+)?(?:[\w-]+\s+)"
               r"{0,3}?(?:as\s+)?(?:a\s+)?(?:part\s+of|to|into)\s+your\s+(?:[\w-]+\s+)?(?:routine"
               r"|regimen|ritual)\b", re.IGNORECASE)
# The sections of a product's listing or label, each opening a line: "Supplement Facts",
# "Suggested use:", "Other ingredients:", "Warnings:", the supplement statement that the FDA
# has not evaluated it, a pharmacy's legal category ("GSL", "Pharmacy medicine"). A shop's
# product page carries several kinds; a patient leaflet carries some too, so the learned
# weights, not this list, say how much they tell.
_LABEL_SECTIONS = {
    "facts": r"(?:supplement|nutrition(?:al)?)\s+(?:facts|information)\b|" + SERVING_LINE,
    "ingredients": r"(?:other|non-?medicinal|medicinal|active|inactive|key|full)\s+ingredients?\b"
                   r"|ingredients?\s*(?::|$)|each\s+(?:softgel|capsule|tablet|gummy|serving|dropper"
                   r"|scoop|caplet|sachet)\s+contains\b",
    "use": r"(?:directions(?:\s+for\s+use)?|suggested\s+(?:use|usage|dose|serving)|recommended"
           r"\s+(?:use|usage|dose|dosage|daily\s+(?:dose|intake))|recommendations|how\s+to\s+(?:use"
           r"|take)|dosage)\s*(?::|$)",
    "warnings": r"(?:warnings?|cautions?|precautions)\s*(?::|$)|keep\s+(?:this\s+product\s+)?out\s+"
                r"of\s+(?:the\s+)?reach\s+(?:and\s+sight\s+)?of\s+children\b",
    "storage": r"storage(?:\s+(?:instructions|advice))?\s*(?::|$)"
               r"|store\s+(?:in\s+a\s+cool|below\s+\d)",
    "statement": r"(?:these|this|the)\s+statements?\s+(?:above\s+)?ha(?:ve|s)\s+not\s+been\s+"
                 r"evaluated\b|(?:this\s+product\s+is\s+)?not\s+intended\s+to\s+diagnose\b",
    "status": r"(?:legal\s+(?:category|status)|pharmacy\s+medicine|general\s+sales?\s+list|pack\s+"
              r"sizes?|product\s+(?:code|licen[cs]e))\b|(?:gsl|p)\s*(?:medicine)?\s*$",
}
_LABEL_SECTION = Lazy(r"^[\s\W]{0,4}(?:"
                      + "|".join(f"(?P<{k}>{v})" for k, v in _LABEL_SECTIONS.items()) + ")",
                      re.IGNORECASE)
# How a seller frames the category on its blog: the answer to the reader's trouble, a
# solution where plain forms fail, a powerhouse; what a shop's article opens or is headed
# with before it comes to its own bottle ("nature's answer to aching joints", "The modern
# solution", "Why plain turmeric isn't enough", "the key to relief could be in your
# cupboard"). Read in the title, the opening, the headings and the closing lines.
_ANSWER_FRAME = (
    r"\bnature's\s+(?:answer|remedy|secret|solution)\b"
    r"|\b(?:the|a|your)\s+(?:modern|natural|simple|real|ultimate|perfect|smart|smarter|better"
    r"|easy|easier|gentle|plant-based)\s+(?:solution|answer|fix|alternative)\b"
    r"|\b(?:the\s+)?(?:key|secret|answer)\s+to\s+(?:(?:better|healthier|restful|deeper|lasting"
    r"|natural|calmer|clearer|happier|comfortable)\s+)?(?:relief|sleep|joints?|health|skin|energy"
    r"|calm|wellness|recovery|mobility|immunity|rest)\b"
    r"|\b(?:the\s+)?(?:no\.?\s?1|#1|number\s+one)\s+(?:[\w-]+\s+){0,2}?(?:product|supplement|choice"
    r"|brand|remedy|solution)\b"
    r"|\bnot\s+all\s+[\w -]{1,30}?\s+are\s+(?:created|made)\s+equal\b"
    r"|\b(?:could|may|might)\s+(?:lie|be)\s+in\s+your\s+(?:cupboard|kitchen|pantry|spice\s+rack"
    r"|medicine\s+cabinet)\b")
# Praise that crowns the category (a cue, and hype's business rather than a pitch itself).
_CROWN_FRAME = (r"\b(?:real|true|mighty|tiny|little)\s+powerhouse\b|\bpowerhouse\s+(?:ingredient"
                r"|compound|nutrient|mineral|supplement|extract)\b|\bsuperstar\b|\bwonder\s+(?:spice"
                r"|herb|root|supplement|ingredient|mineral)\b|\bcornerstone\s+of\s+(?:a\s+|your\s+)?"
                r"healthy\b")
# The trouble set up for it: "Why plain turmeric isn't enough" (a cue, not a pitch itself).
_PROBLEM_FRAME = (r"\bwhy\s+(?:plain|regular|ordinary|cheap|most|generic|store-bought|standard"
                  r"|raw)\s+[\w -]{1,30}?\s+(?:isn't|aren't|is\s+not|are\s+not|won't|doesn't|don't"
                  r"|falls?\s+short)\b")
# How a seller's page announces what its category does for the reader, in a heading, a
# list item's label or a lead-in: "The benefits of wearing {C}", "How {C} can help", "Why
# choose {C}", "That's where {C} come in", "Enter {C}" (``_FRAME_LEADS``: {C} is any short
# noun phrase, counted where it holds the page's own name of its category), and, after
# that name, "{C} benefits", "{C} can be a helpful tool", "{C} can be useful for several
# reasons" (``_FRAME_AFTER``). Reference pages announce benefits too, so the learned
# weights, not these patterns, say how much a frame tells.
_C = r"(?:[\w-]+\s+){0,3}?[\w-]+"
_FRAME_LEADS = Lazy(
    r"\b(?:benefits|advantages|perks|pros)\s+of\s+" + _C
    + r"|\bhow\s+" + _C + r"\s+(?:can\s+|may\s+|could\s+|really\s+)?(?:help|helps|support"
    r"|supports|improve|improves|ease|eases|relieve|relieves|benefit|benefits|boost|boosts)\b"
    r"|\bwhy\s+(?:you\s+should\s+|you\s+need\s+|everyone\s+needs\s+)?(?:choose|use|wear|take"
    r"|try|consider|add|invest\s+in|switch\s+to)\s+" + _C
    + r"|\bwhy\s+" + _C + r"\s+(?:really\s+)?(?:work|works|help|helps)\b"
    r"|\b(?:that's|that\s+is|this\s+is|here's|here\s+is)\s+where\s+" + _C
    + r"\s+comes?\s+in\b"
    r"|^\W*enter\s+" + _C, re.IGNORECASE)
_FRAME_AFTER = Lazy(
    r"\s+(?:health\s+)?(?:benefits|advantages)\b"
    r"|\s+(?:can\s+be|is|are|may\s+be|could\s+be)\s+(?:an?\s+|the\s+)?(?:very\s+|really\s+"
    r"|truly\s+)?(?:helpful|useful|effective|great|valuable|excellent|simple|easy|powerful"
    r"|natural|smart|convenient)\s+(?:(?:yet|and)\s+\w+\s+)?(?:tool|solution|way|option"
    r"|choice|addition|aid|answer|remedy|ally|investment)\b"
    r"|\s+(?:can\s+be|is|are)\s+(?:very\s+|really\s+)?(?:useful|helpful|beneficial)\s+for\s+"
    r"(?:a\s+variety\s+of|many|several|a\s+number\s+of|lots\s+of|all\s+sorts\s+of)"
    r"\s+reasons\b", re.IGNORECASE)


def benefit_frames(units: list[Unit], terms: frozenset[str]) -> int:
    """How many units announce what the category does for the reader, named by one of the
    page's names of it (``terms``): see ``_FRAME_LEADS`` and ``_FRAME_AFTER``."""
    if not terms:
        return 0
    names = _term_pattern(terms)
    count = 0
    for unit in units:
        text = unit.norm
        spans = [m.span() for m in names.finditer(text)]
        if not spans:
            continue
        if any(_FRAME_AFTER.match(text, b) for _, b in spans) or any(
                any(m.start() <= a and b <= m.end() for a, b in spans)
                for m in _FRAME_LEADS.finditer(text)):
            count += 1
    return count


_PITCH_FRAME = Lazy("|".join((_ANSWER_FRAME, _CROWN_FRAME, _PROBLEM_FRAME)), re.IGNORECASE)
ANSWER_FRAME = Lazy(_ANSWER_FRAME, re.IGNORECASE)
# "the simple answer is they...": a reply to the reader's question, a cue of the judgement
# but no framing of the category (what follows is the claim: see ``answered``).
_REPLY = Lazy(r"\s+(?:is|was)\s+(?:that\s+)?(?:they|it|yes|no)\b", re.IGNORECASE)
_FRAME_ENDS = 3  # closing units read for the frame, as the title and opening are
_REPORTED = Lazy(r"\b(?:said|says|told|according to|reported|researchers|spokes\w+"
                 r"|investigators|published in|the study|the trial)\b", re.IGNORECASE)

FEATURES = ("commerce", "our_goods", "product_voice", "prices", "packs", "shop_words",
            "label_sections", "pitch_frame", "benefit_frame", "category_share", "best_title",
            "disclosure", "sales_starts", "soft_calls", "reader_pitch", "own_panel", "reported",
            "cited_share", "seller_signals", "bold_claims", "careful_claims", "hype", "caution")


@dataclass(frozen=True)
class Sold:
    """The page's judgement: what it sells (if anything) and how sure the model is."""

    category: str  # the category's key ("cbd", "vitamin d", "serum"); '' when none
    terms: frozenset[str]  # lower-case words that name the category on this page
    score: float
    sells: bool  # the page sells or recommends products of the category

    @property
    def supplement(self) -> bool:
        """The category is a supplement ingredient (HL304's remit), not a product form."""
        return bool(self.category) and (self.category.startswith("vitamin ")
                                        or self.category in _INGREDIENT_KEYS)

    def names(self, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` that name the category."""
        if not self.terms:
            return []
        return [m.span() for m in _term_pattern(self.terms).finditer(text)]


@lru_cache(maxsize=64)  # one page's terms; bounded, as every page of a batch has its own
def _term_pattern(terms: frozenset[str]) -> Lazy:
    alternatives = "|".join(sorted((re.escape(t).replace(r"\ ", r"\s+") for t in terms),
                                   key=len, reverse=True))
    # A Lazy pattern: it runs only on sentences that hold the terms' words.
    return Lazy(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", re.IGNORECASE)


def _key(word: str) -> str:
    low = re.sub(r"\s+", " ", word.lower())
    if low.startswith("vitamin "):
        return low[:9]  # "vitamin d3" and "vitamin d" are one category
    return ALIASES.get(low, low)


def _body(doc: PromoDoc) -> list[Unit]:
    return [u for u in doc.units if u.where == BODY and not u.view.quoted]


# A product named by its form, with the word before it: "eczema cream", "posture brace",
# "melatonin gummies", "hearing aids". Sellers of creams, devices and gear name what they
# sell this way; the head noun is the category, the phrases its names on the page.
_FORM_NAMES = one_of(PRODUCT_NOUN_FORMS | _EXTRA_FORMS, ignore_case=True)
_FORM_PHRASE = Lazy(r"(?<![\w-])(?:(?P<mod>[a-z][\w-]*)\s+)?(?P<head>" + _FORM_NAMES
                    + r")(?![\w-])", re.IGNORECASE)
# The same names alone: a cheap test that a unit names a form before the phrase is read.
_FORM_HEAD = Lazy(r"(?<![\w-])(?:" + _FORM_NAMES + r")(?![\w-])", re.IGNORECASE)
# A product form named this often, at least, is what a page without an ingredient is about.
_FORM_REPEATS = 3
# A term named this often, and twice as often as any other, is the page's subject even when
# its opening does not name it.
_DOMINANT_REPEATS = 5


def _dominant(ranked: list[tuple[str, int]]) -> bool:
    """The most named term is named often and at least twice as often as the next."""
    first = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return first >= _DOMINANT_REPEATS and first >= 2 * second


def _form_key(head: str) -> str:
    low = head.lower()
    for singular in (low[:-3] + "y", low[:-2], low[:-1]):
        if low.endswith(("ies", "es", "s")) and singular in _FORM_SINGULARS:
            return singular
    return low


def _form_category(units: list[Unit]) -> tuple[str, frozenset[str], int]:
    """The product form the page names most, when its opening (the first ``_TOP`` units)
    names it too or it is named far more than any other: ('', empty, 0) otherwise."""
    counts: Counter[str] = Counter()
    spellings: dict[str, set[str]] = {}
    titled: set[str] = set()  # the forms the opening names, read in the same pass
    for n, unit in enumerate(units):
        if not _FORM_HEAD.search(unit.norm):
            continue
        for m in _FORM_PHRASE.finditer(unit.norm):
            key = _form_key(m.group("head"))
            if n < _TOP:
                titled.add(key)
            if key in _TOO_GENERAL_FORMS:
                continue
            counts[key] += 1
            names = spellings.setdefault(key, set())
            names.add(m.group("head").lower())
            mod = (m.group("mod") or "").lower()
            if mod and mod not in lexicon.FUNCTION_WORDS:
                names.add(f"{mod} {m.group('head').lower()}")
    if not counts:
        return "", frozenset(), 0
    ranked = counts.most_common()
    key, named = ranked[0]
    if named >= _FORM_REPEATS and (key in titled or _dominant(ranked)):
        return key, frozenset(spellings[key]), named
    return "", frozenset(), 0


@per_document("sold.category")
def category(doc: PromoDoc) -> tuple[str, frozenset[str], int]:
    """The category the page is about: its most named supplement ingredient, when the title
    or opening names it too; else the product form it names most (a cream, a brace,
    gummies), when the opening names it too or nothing else comes close. With the words that
    name it and how often it is named; ('', empty, 0) when the page has no such category.
    Whether the page sells it is the learned judgement's to say: drug-class and device pages
    that only inform name a category too."""
    units = _body(doc)
    counts: Counter[str] = Counter()
    spellings: dict[str, set[str]] = {}
    titled: set[str] = set()  # what the title and opening name, read in the same pass
    for n, unit in enumerate(units):
        for m in _INGREDIENT.finditer(unit.norm):
            key = _key(m.group())
            counts[key] += 1
            spellings.setdefault(key, set()).add(m.group().lower())
            if n < _TOP:
                titled.add(key)
    ranked = [(k, n) for k, n in counts.most_common() if k not in _TOO_GENERAL]
    best = [k for k, _ in ranked if k in titled]
    if not best and ranked and _dominant(ranked):
        best = [ranked[0][0]]  # the opening was lost in scraping: named far more than any other
    if best and counts[best[0]] >= 2:
        key = best[0]
        terms = set(spellings[key]) | {a for a, k in ALIASES.items() if k == key} | {key}
        return key, frozenset(terms), counts[key]
    return _form_category(units)


def _log(n: float) -> float:
    return math.log1p(n)


def label_sections(doc: PromoDoc) -> set[str]:
    """The kinds of a product listing's sections the page's lines open with (see
    ``_LABEL_SECTIONS``), its disclaimers' lines included: the supplement statement."""
    lines = [u.norm for u in _body(doc)]
    lines += [b.text for b in doc.article.blocks if b.kind is BlockKind.DISCLAIMER]
    found: set[str] = set()
    for line in lines:
        m = _LABEL_SECTION.match(line)
        if m is not None and m.lastgroup:
            found.add(m.lastgroup)
    return found


def _framing_units(units: list[Unit]) -> list[Unit]:
    """The title, opening, headings and closing lines: where a seller frames its category."""
    ends = {id(u) for u in units[:_TOP + 2] + units[-_FRAME_ENDS:]}
    return [u for u in units if u.is_heading or id(u) in ends or _title_like(u)]


def _title_like(unit: Unit) -> bool:
    """A short line standing alone, unpunctuated at its end: a heading that plain text
    did not mark as one ("The Modern Solution: Boosting Absorption")."""
    text = unit.norm.strip()
    return (len(unit.view.units) == 1 and 0 < len(text.split()) <= 12
            and not text.endswith((".", ",", ";", "...")))


@per_document("sold.cues")
def _cue_values(doc: PromoDoc) -> dict[str, float]:
    """The features in ``SELLER_CUES``: what only a page that sells or recommends shows."""
    units = _body(doc)
    terms = category(doc)[1]
    our_goods = 0
    for unit in units:
        for m in _OUR_WORDS.finditer(unit.norm):
            # "our natural products": the goods' noun may follow a few describing words
            if any(word in PRODUCT_NOUN_FORMS or word in _OUR_NOUNS or word in terms
                   for word in m.group("words").lower().split()):
                our_goods += 1
    site = seller.of(doc)
    signals = int(site.shop) + int(bool(site.commerce)) + int(site.sells) + int(bool(site.names))
    text = doc.text
    return {
        "commerce": _log(doc.count(units, seller.COMMERCE)),
        "our_goods": _log(our_goods),
        "product_voice": _log(doc.count(units, _PRODUCT_VOICE)),
        "prices": _log(len(_PRICE.findall(text))),
        "packs": _log(len(_PACK.findall(text))),
        "shop_words": _log(len(_SHOP_WORDS.findall(text))),
        "label_sections": _log(len(label_sections(doc))),
        "pitch_frame": _log(doc.count(_framing_units(units), _PITCH_FRAME)),
        "benefit_frame": _log(benefit_frames(units, terms)),
        "best_title": 1.0 if units and _BEST_TITLE.search(units[0].norm) else 0.0,
        # a statement that the page takes no such money is no disclosure
        "disclosure": 1.0 if any(_DISCLOSURE.search(u.norm) and not lexicon.INDEPENDENT.search(
            u.norm) for u in doc.units) else 0.0,
        "sales_starts": _log(sum(1 for u in units if _SALES_START.match(u.norm.lstrip()))),
        "soft_calls": _log(doc.count(units, FORM_CALL, YOURSELF, VISIT, ROUTINE, HERE_LINK)),
        "reader_pitch": _log(doc.count(units, READER_PITCH)),
        "own_panel": _log(sum(len(panel) for panel in panels(doc, False))),
        "seller_signals": float(signals),
    }


def features(doc: PromoDoc, cues: dict[str, float] | None = None) -> dict[str, float]:
    """The page's cues, as numbers (the runtime's and the training script's own);
    ``cues``: the ``SELLER_CUES`` values when already computed."""
    cues = cues if cues is not None else _cue_values(doc)
    units = _body(doc)
    key, terms, named = category(doc)
    words = max(doc.words, 1)
    praised = [u for u in units if terms and _praises(u, Sold(key, terms, 0.0, True))]
    text = doc.text
    values = {
        **cues,
        "category_share": min(named * 100.0 / words, 10.0),
        "reported": _log(doc.count(units, _REPORTED)),
        "cited_share": sum(1 for u in units if u.cited) / max(len(units), 1),
        "bold_claims": _log(sum(1 for u in praised if not (u.cited or lexicon.hedged(u.norm)))),
        "careful_claims": _log(sum(1 for u in praised if u.cited or lexicon.hedged(u.norm))),
        "hype": _log(len(_HYPE.findall(text))) / max(math.log1p(words / 100), 1.0),
        "caution": _log(doc.count(units, _CAUTION)),
    }
    return {name: values[name] for name in FEATURES}


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


# The crowd turning to the category: "so many people are turning to CBD tinctures",
# "thousands of people are switching to turmeric capsules" (a pitch, not an efficacy claim).
_POPULAR = Lazy(r"\b(?:so\s+many|more\s+and\s+more|many|most|thousands\s+of|millions\s+of"
                r"|countless)\s+(?:of\s+)?(?:people|customers|women|men|adults|parents|athletes"
                r"|americans|britons)\s+(?:(?:are|have|now|already|all)\s+)*(?:turning|switching"
                r"|reaching|choosing|discovering|swear(?:ing)?|keep(?:ing)?|rely(?:ing)?|trust(?:ing)?"
                r"|turned|switched|chosen|discovered)\b", re.IGNORECASE)


def popular(unit: Unit, page: Sold) -> str:
    """The words of a crowd-turns-to-it pitch for the category in ``unit`` ('' if none)."""
    m = _POPULAR.search(unit.norm)
    return m.group() if m and page.names(unit.norm[m.end():]) else ""


# The product description's own voice presenting what is in the box: "This formula contains
# no artificial colours", "Each capsule delivers 500 mg", "This product is made with".
_DESCRIBES = Lazy(r"^\W*(?:this|each|every|one)\s+(?:" + _IN_THE_BOX
                  + r"|serving)s?\s+(?:also\s+)?(?:contains?"
                  r"|delivers?|provides?|gives?|combines?|is\s+(?:made|formulated|crafted|free)"
                  r"|are\s+(?:made|formulated|crafted|free)|has|have|packs?|features?)\b",
                  re.IGNORECASE)


# A seller introducing what goes into its product, with a colon: "we only use the highest
# quality ingredients:", "Our balm is made with:", "What's inside our gummies:".
_OWN_PANEL_LEAD = Lazy(
    r"\b(?:we\s+(?:only\s+|carefully\s+|proudly\s+|always\s+)?(?:use|choose|select|source"
    r"|combine|blend|include|add)\b[^.!?]{0,60}?\bingredients?|our\s+(?:[\w-]+\s+){0,3}?"
    r"(?:contains?|is\s+made\s+(?:with|from)|are\s+made\s+(?:with|from)|combines?|ingredients)"
    r"|what'?s\s+(?:inside|in)\s+our\b)[^.!?]*:\s*$", re.IGNORECASE)
# The same on a page judged to sell, in the listing's own words: "Key ingredients:".
_PANEL_LEAD = Lazy(r"^\W*(?:(?:key|active|star|hero|main|core)\s+)?ingredients\s*:?\s*$",
                   re.IGNORECASE)
# An entry of the panel: an ingredient's name, a colon and what the seller says of it.
_PANEL_ENTRY = Lazy(r"^\W{0,3}(?-i:[A-Z])[\w'-]*(?:\s+[\w'-]+){0,3}\s*:\s+\S")
_PANEL_MIN = 2  # entries: one "Name: text" line alone is no panel


@per_document("sold.speaks_as_seller")
def speaks_as_seller(doc: PromoDoc) -> bool:
    """Whether the page speaks as a seller, whatever its category: shop chrome or the
    site's own name with first-person commerce, or "our" before a product's noun ("our
    best-loved bedtime blend", "our tinctures")."""
    return seller.of(doc).selling or _cue_values(doc)["our_goods"] > 0


@per_document("sold.panel_lead")
def bare_panel_lead(doc: PromoDoc) -> bool:
    """Whether a body line is a bare panel lead ("Key ingredients:"), which opens a panel
    only on a page that sells: on a page without one, ``panels`` finds the same panels
    whether the page sells or not, and asking would read every seller cue for nothing."""
    return any(_PANEL_LEAD.match(u.norm.rstrip()) for u in _body(doc))


def panels(doc: PromoDoc, sells: bool) -> list[list[list[Unit]]]:
    """A seller's ingredient panels: after a lead in its own voice (``_OWN_PANEL_LEAD``; on a
    page judged to sell, a bare "Key ingredients:" or "Ingredients" heading too), the
    "Honey: ..." entries that follow, each with the rest of its paragraph; panels of at
    least ``_PANEL_MIN`` entries."""
    found: list[list[list[Unit]]] = []
    entries: list[list[Unit]] | None = None  # the open panel's entries; None: no lead
    for unit in doc.units:
        if unit.where != BODY or unit.view.quoted:
            entries = None
            continue
        opens_block = unit.view.units[0] is unit
        if unit.is_heading:  # a listing's "Ingredients" heading leads; any other ends a panel
            leads = sells and bool(_PANEL_LEAD.match(unit.norm.rstrip()))
            entries = [] if leads else None
            if entries is not None:
                found.append(entries)
            continue
        if entries is not None and opens_block and _PANEL_ENTRY.match(unit.norm):
            entries.append([unit])
            continue
        if entries and not opens_block:
            entries[-1].append(unit)
            continue
        text = unit.norm.rstrip()
        if _OWN_PANEL_LEAD.search(text) or (sells and _PANEL_LEAD.match(text)):
            entries = []
            found.append(entries)
        else:
            entries = None
    return [panel for panel in found if len(panel) >= _PANEL_MIN]


# Cues only a page that sells or recommends shows; a page with none of them is not judged a
# seller's, whatever its claims (a bold claim alone is HL1xx's, not a sale). A sentence
# opening with "Try" or "Choose" is a feature but no such cue: advice opens that way too
# ("Try stretching the muscle gently").
SELLER_CUES = ("commerce", "our_goods", "product_voice", "prices", "packs", "shop_words",
               "label_sections", "pitch_frame", "benefit_frame", "best_title", "disclosure",
               "soft_calls", "reader_pitch", "own_panel", "seller_signals")


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
    cues = _cue_values(doc)
    if not any(cues[name] > 0 for name in SELLER_CUES):
        return Sold(key, terms, 0.0, False)  # no seller cue: never a seller's, whatever it claims
    score = learned.score(features(doc, cues))
    return Sold(key, terms, score, score >= learned.threshold)


_CLAUSE_OPEN = Lazy(r"(?:^|[,;:(]|\b(?:and|so|why|now|today|here|that's\s+why|which\s+is\s+why))"
                    r"\s*(?:(?:here\s+at|at)\s+[\w&'-]+(?:\s+[\w&'-]+){0,2},?\s*)?$",
                    re.IGNORECASE)


# "in our own shop", "at our store": where something happened ("When I compared the labels
# in our own shop last week, ..."), not the seller presenting its range.
_PLACE_BEFORE = Lazy(r"\b(?:in|at|into|inside|outside)\s+$", re.IGNORECASE)


def _opens_clause(text: str, m: re.Match[str]) -> bool:
    """Whether a "we make"/"our range" match starts its clause: the seller speaking ("We
    make our tinctures...", "..., and we stock"), not a relative clause ("the cannabinoids
    we produce ourselves")."""
    return not m.group().lower().startswith("we") or bool(_CLAUSE_OPEN.search(text[:m.start()]))


# What a call to make something a habit must be about to recommend what is sold: the
# category, the product ("it", "them", "our drops").
_HABIT_OBJECT = Lazy(r"\b(?:it|them|these|this|our|one)\b", re.IGNORECASE)


def _habit(unit: Unit, page: Sold) -> str:
    """The words of a call to make the sold category a habit ("consider CBD as a part of
    your sleep routine", "make it part of your evening routine"); '' if none."""
    m = ROUTINE.search(unit.norm)
    if m is None:
        return ""
    what = m.group()
    if page.names(what) or _HABIT_OBJECT.search(what) or any(
            w.lower() in PRODUCT_NOUN_FORMS for w in re.findall(r"[\w-]+", what)):
        return what
    return ""


def recommends(unit: Unit, page: Sold) -> str:
    """The words of a sentence recommending the sold category to the reader (see
    ``READER_PITCH``) that names it: "why you should be wearing compression socks",
    "gummies offer a few simple advantages"; '' if none."""
    m = READER_PITCH.search(unit.norm)
    if m is None:
        return ""
    # the category named, or its form as the subject: "gummies offer a few advantages"
    subject = re.findall(r"[\w-]+", unit.norm[:m.start()])[-3:]
    if page.names(unit.norm) or any(_form_key(w) in _FORM_SINGULARS for w in subject):
        return m.group()
    return ""


def leaves_to_others(unit: Unit) -> bool:
    """Whether a sentence of the seller's range is another rule's on a recognised shop's
    page: a call to browse or buy (HL302) or a claim of what the range does (HL303)."""
    text = unit.norm
    return bool(_SALES_START.match(text.lstrip()) or _SALES_BENEFIT.search(text)
                or lexicon.efficacy().search(text) or lexicon.safety().search(text))


CROWD = "crowd"  # the crowd turning to the category
FRAME = "frame"  # the title, opening or a heading framing the category as the answer
RECOMMENDS = "recommends"  # a call to make the category a habit
PITCHED = "pitched"  # the category recommended to the reader: its advantages, why to use it
DESCRIPTION = "description"  # what is in the box
RANGE = "range"  # the seller's own goods in the first person plural


def own_range(doc: PromoDoc) -> list[tuple[Unit, str, str]]:
    """On a page judged to sell a category, the body sentences in which the seller speaks
    of its own goods in the first person plural ("We make all of our tinctures in small
    batches", "Our Calm Blend pairs ..."), describes what is in the box ("This formula
    contains no artificial colours") or says the crowd is turning to the category, with the
    words that show it."""
    page = of(doc)
    if not page.sells:
        return []
    out: list[tuple[Unit, str, str]] = []
    units = _body(doc)
    framing = {id(u) for u in _framing_units(units)}
    title = next((u for u in units[:_TOP + 2] if (u.is_heading or _title_like(u))
                  and page.names(u.norm)), None)
    for unit in units:
        if unit.cited:
            continue
        # the page's own title is left out: labellers read a titled framing as the
        # topic's, and it stays a cue of the judgement
        frame = ANSWER_FRAME.search(unit.norm) if id(unit) in framing and unit is not title \
            else None
        if frame is not None and not _REPLY.match(unit.norm, frame.end()):
            out.append((unit, frame.group(), FRAME))
            continue
        if unit.is_heading:
            continue
        habit = _habit(unit, page)
        if habit:
            out.append((unit, habit, RECOMMENDS))
            continue
        pitch = recommends(unit, page)
        if pitch:
            out.append((unit, pitch, PITCHED))
            continue
        crowd = popular(unit, page)
        described = _DESCRIBES.match(unit.norm) if len(unit.norm.split()) >= 5 \
            and not unit.norm.rstrip().endswith(":") else None  # not a label's "Each X contains:"
        if crowd:
            out.append((unit, crowd, CROWD))
            continue
        if described:
            out.append((unit, described.group().strip(), DESCRIPTION))
            continue
        words = _product_described(unit, page, doc.text)
        if words:
            out.append((unit, words, DESCRIPTION))
            continue
        m = next((x for x in (seller.COMMERCE.search(unit.norm), _WE_MAKE.search(unit.norm))
                  if x is not None and _opens_clause(unit.norm, x)
                  and not _PLACE_BEFORE.search(unit.norm, 0, x.start())), None)
        if m is None:
            m = next((g for g in _OUR_GOODS.finditer(unit.norm)
                      if g.group("noun").lower() in PRODUCT_NOUN_FORMS
                      or g.group("noun").lower() in page.terms
                      or (g.group("noun")[:1].isupper()
                          and g.group("noun").lower() not in _OUR_PEOPLE
                          and not _people_follow(unit.norm, g.end()))), None)
        if m is not None:
            out.append((unit, m.group(), RANGE))
    return out


# The description's voice naming what is in the box in passing: "Cholecalciferol, the
# source used in this product, is ...", "the form chosen for our formula".
_IN_THIS_PRODUCT = Lazy(r"\b(?:used|found|contained|chosen|included|featured|selected)\s+(?:in|for)"
                        r"\s+(?:this|our)\s+(?:" + _IN_THE_BOX + r"|formulation|blend|recipe)s?\b",
                        re.IGNORECASE)
# A product named for its category, by its maker: "Vitamin D3 from Northwind provides ...".
_FROM_MAKER = Lazy(r"^\W*(?:[\w-]+\s+){0,4}?(?:from|by)\s+(?-i:[A-Z])[\w&'.-]*(?:\s+(?-i:[A-Z])"
                   r"[\w&'.-]*){0,3}\s+(?:provides?|offers?|delivers?|gives?|supplies|combines?"
                   r"|contains?|is\s+(?:an?|the|made|crafted|formulated))\b", re.IGNORECASE)
# A product's own name, in title case, as the subject of what it is: "Calm Night CBD
# Tincture is an all-natural ...".
_TITLED_IS = Lazy(r"^\W*(?P<name>(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z0-9])[\w'-]*){1,5})\s+"
                  r"(?:(?:is|are)\s+(?:an?|our)\s+|(?:deliver|provide|combine|contain|pair|give|pack)s?\s+"
                  r"(?:\d|an?\b|the\b|you\b))", re.IGNORECASE)


def _product_described(unit: Unit, page: Sold, page_text: str = "") -> str:
    """The words by which a sentence describes the product sold rather than what it does
    for you: the description's voice in passing (``_IN_THIS_PRODUCT``), the product named
    for its category by its maker (``_FROM_MAKER``), its title-case name as the subject of
    what it is (``_TITLED_IS``), or praise of the category's quality alone ("is 100% pure,
    potent and free of additives"). '' when none."""
    text = unit.norm
    m = _IN_THIS_PRODUCT.search(text)
    if m is not None:
        return m.group()
    m = _FROM_MAKER.match(text)
    if m is not None and page.names(m.group()):
        return m.group().strip()
    m = _TITLED_IS.match(text)
    if m is not None:
        name = m.group("name")
        spans = page.names(name)
        rest = re.sub(r"\s+", " ", "".join(
            name[b:a] for (_, b), (a, _) in zip([(0, 0), *spans], [*spans, (len(name), 0)],
                                                strict=True))).strip()
        named = rest.split()
        # the category and a name of its own: "Calm Night" + "CBD"; not "Full-spectrum CBD
        # delivers ..." when the page writes "full-spectrum" in lower case elsewhere (a
        # capital that only opens a sentence)
        lower = named[0].lower() if named else ""
        if spans and named and (len(named) > 1 or not name.startswith(named[0]) or not re.search(
                r"(?<![\w-])" + re.escape(lower) + r"(?![\w-])", page_text)):
            return m.group().strip()
    spans = subjects(unit, page)
    if spans and quality_only(text, spans[0][1]):
        praise = _QUALITY.search(text, spans[0][1])
        return praise.group() if praise else text[spans[0][0]:spans[0][1]]
    return ""


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
    r"|says?|said|claims?|believe|think|according|function|role|centuries|traditionally"
    r"|historically|ancient|when|using|too|much|many|excess|high|large|low"
    r"|deficiency|give|try|take|add|pick|get|buy|order|choose|stir|use|start|shop|visit"
    r"|discover|check|look|ask|keep)\b|[;:?]", re.IGNORECASE)
# A lead-in before the subject's comma that attributes or conditions what follows.
_NOT_FRAMED = Lazy(r"\b(?:according|said|says|reports?|if|whether|while|although|though"
                   r"|not|no|centuries|traditionally|historically)\b|[;:?]", re.IGNORECASE)
# A pronoun that carries the subject over from the sentence before ("It quiets...").
_PRONOUN_START = Lazy(r"^\s*(?:it|they|this|these)\b(?!\s+(?:is|was)\s+(?:important|worth|best"
                      r"|wise|a good idea|possible|likely|unclear|not clear))", re.IGNORECASE)
# What a seller says its category does for you, in the words that sell rather than inform:
# a superlative, a promise of safety, a sweeping result ("the most effective form", "the
# natural alternative to pills", "stops night cramps", "free of side effects").
_SALES_BENEFIT = Lazy(
    r"\b(?:(?:the\s+|one\s+of\s+the\s+)?most\s+(?:effective|powerful|potent|bioavailable|important"
    r"|active|absorbable)"
    r"|(?:the\s+)?(?:best|fastest|simplest|easiest|purest)\s+(?:way|choice|form|defen[cs]e|source)"
    r"|gold[- ]standard|natural\s+(?:alternative|way|remedy|mood|relaxation)|secret\s+to"
    r"|non-?addictive|non-habit-forming|free\s+of\s+side[- ]effects|(?:completely|perfectly"
    r"|totally|100%)\s+safe|is\s+safe|are\s+safe|gentle|absorbed\s+(?:far\s+|much\s+)?better\s+than"
    r"|superchar\w*|transform\w*|melts?\s+away|banish\w*|chas(?:e|es)\s+away|stops?\s+\w+"
    r"|never\s+(?:wake|get|feel)|within\s+minutes|in\s+as\s+little\s+as|powerful|potent"
    r"|relaxation\s+mineral|mood\s+booster|firing\s+on|(?:restores?|rebalances?)\s+\w+"
    r"|replenish\w*|quiets?\s+\w+|steady|steadies"
    # a trouble cut or a recovery hurried: "cut swelling", "speed up muscle recovery"
    r"|cuts?\s+(?:down\s+(?:on\s+)?)?(?:[\w-]+\s+){0,2}?(?:swelling|pain|strain|fatigue|soreness"
    r"|cramps?|inflammation|stress|tension|eyestrain|headaches?)\b|speeds?\s+up\s+(?:[\w-]+\s+){0,2}?"
    r"(?:recovery|healing|metabolism)\b|rehydrates?\s+you\b"
    # effectiveness stated plainly or as if proven: "is effective for helping you doze off",
    # "has been shown to promote wellness"
    r"|(?:is|are)\s+(?:not\s+only\s+|also\s+|very\s+|highly\s+|extremely\s+)?effective\s+(?:for"
    r"|at|in|against)|(?:has|have)\s+been\s+(?:\w+\s+)?(?:shown|proven|found|demonstrated)\s+to"
    r"|(?:clinically|scientifically)\s+(?:proven|shown)"
    # a calm state promoted: "a supplement that promotes relaxation"
    r"|promot\w*\s+(?:deep\s+|restful\s+|better\s+|a\s+)?(?:relaxation|calm|sleep|rest|balance"
    r"|wellness|well-being|recovery|healing)"
    # what it keeps you: "keeps your heart strong", "sharpens your memory", "works all day"
    r"|(?:keeps?|makes?)\s+(?:your\s+)?(?:[\w-]+\s+){1,2}?(?:strong|healthy|supple|young|sharp"
    r"|youthful|radiant|glowing|flexible|calm|protected)\b|sharpens?\s+(?:your\s+)?(?:memory|mind"
    r"|focus|brain)|works?\s+all\s+day|all\s+day\s+long|keeps?\s+(?:[\w-]+\s+){1,3}(?:firmly\s+)?"
    r"under\s+control)", re.IGNORECASE)
# The category set against medicines, anywhere in the rest of the sentence: "can change
# your body's chemistry just as well - and sometimes better than - the pharmaceutical drugs".
_VERSUS_DRUGS = Lazy(r"\b(?:as\s+well\s+as|better\s+than|as\s+(?:effective|good|powerful)\s+as"
                     r"|outperform\w*|rivals?)\b[^.;]{0,40}?\b(?:pharmaceutical|drugs?|medications?"
                     r"|medicines?|pills|painkillers|prescriptions?|ibuprofen|nsaids?)\b",
                     re.IGNORECASE)
# What the seller says of the category's quality rather than what it does for you: "is the
# most active form", "100% pure, potent and free of additives" (a description of what is
# sold, HL301's, unless an effect is claimed beside it).
_QUALITY = Lazy(r"\b(?:(?:the\s+|one\s+of\s+the\s+)?most\s+(?:active|bioavailable|absorbable|potent"
                r"|natural)\s+(?:form|source|type)|(?:100%\s+)?pure|purest|potent|free\s+of\s+(?:additives"
                r"|fillers|artificial)|gold[- ]standard\s+form|best[- ]absorbed"
                r"|absorbed\s+(?:far\s+|much\s+)?better\s+than)\b", re.IGNORECASE)
# What a nutrient does in the body: the authorised kind of statement a label may make,
# and information on any page ("helps regulate", "plays a role in", "is needed for").
_ROLE = Lazy(r"\b(?:helps?\s+(?:to\s+)?(?:regulate|maintain|build|form|produce|make|control"
             r"|transport|convert|absorb)|plays?\s+(?:an?\s+)?(?:\w+\s+)?role|is\s+(?:needed|required"
             r"|essential|involved|important)|functions?\b|transfers?|regulat\w+|contributes?\s+to)",
             re.IGNORECASE)
_NEGATED_BETWEEN = Lazy(r"\b(?:not(?!\s+only\b)|never|no|cannot|isn't|aren't|doesn't|don't|won't)\b"
                        r"|n't\b",
                        re.IGNORECASE)
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
        framed, _, lead = before.rpartition(",")  # "Unlike sleeping pills, CBD is ..."
        agent = _AGENT_BEFORE.search(before)
        appositive = _APPOSITIVE.match(text, b)
        if appositive is not None:  # "... shifted to CBD: a supplement that promotes ..."
            out.append((a, appositive.end()))
            break
        if agent is not None:
            start = agent.start()
        elif _EVIDENCE_LEAD.search(before) or _IF_YOU_WANT.search(before) or (
                # "Many studies have found that CBD may ...", "If you want X, a CBD oil ..."
                len(lead.split()) <= 6 and not _NOT_SUBJECT_BEFORE.search(lead)
                and len(framed.split()) <= 12 and not _NOT_FRAMED.search(framed)):
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


# Evidence the page says backs what follows, naming none: "Many studies have found
# evidence that", "Research shows that", "Science has proven that".
_EVIDENCE_LEAD = Lazy(
    r"\b(?:(?:many|several|numerous|some|recent|countless|multiple|clinical|scientific|new)\s+)?"
    r"(?:studies|research|trials|science|scientists|researchers|evidence)\s+(?:(?:has|have|now"
    r"|also|already)\s+)*(?:found|shown|show|shows|proven|proved|confirmed|confirms?|demonstrated"
    r"|demonstrates?|suggests?|suggested|indicates?|indicated)\s+(?:(?:good|strong|some|growing)"
    r"\s+)?(?:evidence\s+)?that\s+(?:(?:a|an|the|daily|regular)\s+)?$", re.IGNORECASE)
# A reader's wish set up for the category to answer: "If you want to boost your energy, a
# magnesium supplement might be the right place to start".
_IF_YOU_WANT = Lazy(r"^\W*if\s+you(?:'re|\s+are)?\s+(?:want|need|hope|wish|looking|trying|keen)\b"
                    r"[^;:]{3,160},\s+(?:then\s+)?(?:(?:a|an|the|daily)\s+)?$", re.IGNORECASE)
# The category offered as the answer to that wish.
_THE_ANSWER = Lazy(r"\s*(?:(?:might|may|could|would|will|can)\s+be|is|are)\s+(?:just\s+)?(?:the|a"
                   r"|your)\s+(?:right|perfect|ideal|best|great|good|natural|simple)\s+(?:place\s+to"
                   r"\s+start|choice|answer|solution|option|way\s+to\s+go|fit)\b", re.IGNORECASE)


def answers_a_wish(text: str, at: int) -> bool:
    """Whether a sentence opening "If you want to <benefit>, ..." offers the category named
    before ``at`` as the answer: the benefit the wish names is promised."""
    head = _IF_YOU_WANT.search(text[:at].rsplit(",", 1)[0] + ", ")
    return bool(head and _THE_ANSWER.match(text, at) and (
        lexicon.efficacy().search(text, 0, at) or re.search(
            r"\b(?:boost|improve|reduce|ease|relieve|sleep|lower|increase|strengthen|support)\w*",
            text[:at], re.IGNORECASE)))


# The category in apposition to what it does: "CBD: a nutritional supplement that promotes
# relaxation", "turmeric, a spice that soothes ...".
_APPOSITIVE = Lazy(r"\s*[:,-]\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:supplement|compound"
                   r"|cannabinoid|extract|mineral|nutrient|vitamin|herb|spice|remedy|oil|ingredient"
                   r"|option|alternative)\s+(?:that|which)\s+", re.IGNORECASE)
# The category named again by its kind after a clause break: "... turning to CBD
# tinctures - the hemp-extracted compound is not only effective for ...".
_KIND_AGAIN = Lazy(r"(?:\s-\s|;\s|:\s)\s*(?P<np>(?:the|this|these)\s+(?:[\w-]+\s+)?(?:compound"
                   r"|cannabinoid|extract|mineral|nutrient|vitamin|herb|spice|root|supplement"
                   r"|remedy|plant)s?)\b(?=\s+(?:is|are|has|have|can|will|helps?|works?|also|not)\b)",
                   re.IGNORECASE)


# A dose of what is sold as the subject: "Just one drop a day boosts your mood", "A few
# drops under the tongue can help you feel calmer", "A full dropper soothes aches".
_DOSE_SUBJECT = Lazy(
    r"^\W*(?:just\s+|only\s+)?(?:one|a|a\s+single|a\s+few|a\s+full|two|three|a\s+couple\s+of)\s+"
    r"(?:[\w-]+\s+)?(?:drops?|droppers?|droppersful|spoonfuls?|teaspoons?|tablets?|capsules?"
    r"|softgels?|gummies|gummy|scoops?|sprays?|sachets?|chews?|caps)\b(?:\s+(?:of\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:a\s+day|daily|each\s+(?:day|morning|evening|night)|every\s+\w+"
    r"|under\s+the\s+tongue|before\s+bed|at\s+bedtime|in\s+the\s+(?:morning|evening)))?",
    re.IGNORECASE)


def dose_subject(unit: Unit) -> list[tuple[int, int]]:
    """A dose of what is sold opening the sentence as its subject (see ``_DOSE_SUBJECT``)."""
    m = _DOSE_SUBJECT.match(unit.norm)
    return [(m.end() - len(m.group().lstrip(" \t\"'(*")), m.end())] if m else []


def named_again(unit: Unit, page: Sold) -> list[tuple[int, int]]:
    """The category named again by its kind after a clause break in a sentence that named
    it before (see ``_KIND_AGAIN``): the subject of the clause that follows."""
    text = unit.norm
    for m in _KIND_AGAIN.finditer(text):
        if page.names(text[:m.start()]):
            return [m.span("np")]
    return []


# A claim's source named in the sentence after it: "A 2014 study published in ... showed".
_SOURCE_NEXT = Lazy(r"\b(?:(?:a|one|the|this)\s+(?:\d{4}\s+)?(?:[\w-]+\s+)?(?:study|trial|review"
                    r"|meta-analysis|paper)\s+(?:published|in|from|by|of)|published\s+in)\b",
                    re.IGNORECASE)
# The sentence ends by saying whose words it gives: "..., explains The Sleep Doctor".
_ATTRIBUTED_END = Lazy(r",\s*(?:explains?|says?|said|notes?|writes?|adds?|according\s+to"
                       r"|reports?)\s+(?:the\s+)?(?-i:[A-Z])[\w.'-]*(?:\s+[\w.'-]+){0,4}\W*$",
                       re.IGNORECASE)


def sourced(unit: Unit, following: Unit | None) -> bool:
    """Whether the sentence gives whose words it are, or the next sentence of its block
    names the study behind it: the claim has a source, however loosely given."""
    if _ATTRIBUTED_END.search(unit.norm):
        return True
    return following is not None and following.view is unit.view and bool(
        _SOURCE_NEXT.search(following.norm))


def evidence_claimed(text: str) -> bool:
    """Whether the sentence claims evidence for the category itself, naming none ("has
    been shown to", "Many studies have found evidence that ...")."""
    return bool(_EVIDENCE_LEAD.search(text) or _SHOWN.search(text))


_SHOWN = Lazy(r"\b(?:ha(?:s|ve)\s+been\s+(?:\w+\s+)?(?:shown|proven|found|demonstrated)\s+to"
              r"|(?:studies|research|trials|science)\s+(?:(?:has|have)\s+)?(?:found|shown|show|shows"
              r"|proven|proved|confirmed|demonstrated)\s+(?:(?:good|strong|some)\s+)?(?:evidence\s+)?"
              r"that)\b", re.IGNORECASE)


# A product picked by name: "Our top pick for the best probiotic is the X", "the best budget
# pick is X" (the sentence after it speaks of X).
_NAMES_A_PICK = Lazy(r"\b" + lexicon.PICK_ANNOUNCED + r"(?-i:[A-Z])", re.IGNORECASE)


# The pronoun an answer or a reason opens with: "the simple answer is they can stop your
# headaches", "Another reason to choose X is they also cut eye strain".
_ANSWER_PRONOUN = Lazy(r"\b(?:answer|reason|truth|good\s+news)\b[^.;!?]{0,60}?\bis\s+(?:that\s+)?"
                       r"(?P<pronoun>they|it)\s+(?!depends?\b)[a-z]",
                       re.IGNORECASE)


def answered(unit: Unit, previous: Unit | None, page: Sold) -> tuple[int, int] | None:
    """The pronoun of an answer or a reason given for the category ("Are X any good? The
    simple answer is they can stop your headaches"), when the sentence or the one before it
    names the category."""
    m = _ANSWER_PRONOUN.search(unit.norm)
    if m is None or not (page.names(unit.norm[:m.start("pronoun")]) or (
            previous is not None and _adjacent(previous, unit) and page.names(previous.norm))):
        return None
    return m.span("pronoun")


def pronoun_after(unit: Unit, previous: Unit | None) -> tuple[int, int] | None:
    """The pronoun opening ``unit`` right after ``previous`` (whose sentence was read as
    said of the category): a chain of "They ..." sentences keeps its subject."""
    if previous is None or not _adjacent(previous, unit) or not _PRONOUN_START.match(
            previous.norm):
        return None
    m = _PRONOUN_START.match(unit.norm)
    return (m.end() - len(m.group().lstrip()), m.end()) if m else None


def carried(unit: Unit, previous: Unit | None, page: Sold) -> tuple[int, int] | None:
    """The pronoun that opens ``unit`` when the sentence before it, in the same block, had
    the category as its subject ("Magnesium is nature's relaxation mineral. It quiets..."),
    described the product ("This formula contains..."), named the page's pick or recommended
    the category to the reader ("...why you should be wearing compression socks.")."""
    if previous is None or not _adjacent(previous, unit) or not (
            subjects(previous, page) or _DESCRIBES.match(previous.norm)
            or _NAMES_A_PICK.search(previous.norm) or recommends(previous, page)):
        return None
    m = _PRONOUN_START.match(unit.norm)
    return (m.end() - len(m.group().lstrip()), m.end()) if m else None


# A harm denied: "no negative side effects", "free of side effects" (a safety claim).
_DENIED = Lazy(r"\b(?:no|without|free\s+(?:of|from)|zero|any)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


# A trouble the subject is said to relieve, not a harm it does: "reduce eyestrain caused by
# screens", "prevent damage that may cause problems later" (no "but" or comma between).
_RELIEVED = Lazy(r"\b(?:reduc\w*|prevent\w*|reliev\w*|eas(?:e|es|ing)|cuts?|lowers?|fights?"
                 r"|combat\w*|counter\w*|block\w*|minimi[sz]\w*|mitigat\w*|stops?|slows?)"
                 r"(?:\s+(?!(?:but|and|or|although|though|while|yet)\b)[\w-]+){1,4}\s+$",
                 re.IGNORECASE)


def _harm(text: str) -> bool:
    """Whether ``text`` speaks of a harm it does not deny ("can cause diarrhoea", not "has
    no negative side effects") nor says it relieves ("reduce eyestrain caused by...")."""
    return any(not (_DENIED.search(text[:m.start()]) or _RELIEVED.search(text[:m.start()]))
               for m in _RISK.finditer(text))


def _adjacent(previous: Unit, unit: Unit) -> bool:
    """The sentence before in the same block, or the last sentence of the paragraph just
    before when ``unit`` opens its own ("...the right place to start. / They are ...")."""
    if previous.view is unit.view:
        return True
    return (previous.index + 1 == unit.index and previous.view.units[-1] is previous
            and unit.view.units[0] is unit and not previous.is_heading and not unit.is_heading
            and previous.view.block.kind is BlockKind.PARAGRAPH
            and unit.view.block.kind is BlockKind.PARAGRAPH)


def no_role(text: str, at: int) -> bool:
    """Whether what follows ``at`` is neither a harm nor a nutrient's role in the body."""
    return not (_harm(text[at:]) or _ROLE.search(text[at:at + 140]))


def benefit_after(text: str, at: int) -> bool:
    """Whether what follows ``at`` credits the subject with a benefit in a seller's words,
    unnegated, within the next words; not a harm, not a nutrient's role in the body."""
    rest = text[at:at + 140]
    m = _SALES_BENEFIT.search(text, at, at + 140) or _VERSUS_DRUGS.search(text, at)
    if m is None or _NEGATED_BETWEEN.search(text, at, m.start()):
        return False
    return not (_harm(text[at:]) or _ROLE.search(rest))


def quality_only(text: str, at: int) -> bool:
    """Whether what follows ``at`` praises what is sold for its quality ("is the most
    active form", "pure, potent and free of additives") and claims no effect beside it:
    a description of the product (HL301), not an efficacy claim."""
    rest = text[at:at + 140]
    praised = [m.span() for m in _QUALITY.finditer(rest)]
    if not praised or lexicon.efficacy().search(rest):
        return False
    return all(any(a <= m.end() and m.start() <= b for a, b in praised)
               for m in _SALES_BENEFIT.finditer(rest))


def reading(doc: PromoDoc, unit: Unit) -> Assessment | None:
    """The claims detector's reading of the unit's sentence (None for a unit with none)."""
    from claims.detect import prose_assessments

    assessed = doc.memo.get("sold.assessed")
    if assessed is None:
        assessed = doc.memo["sold.assessed"] = {
            id(s): a for s, a in prose_assessments(doc.article)}
    return assessed.get(id(unit.sentence)) if unit.sentence is not None else None


def negates(text: str) -> bool:
    """Whether the sentence holds a negation ("not only ... but also" is none)."""
    return bool(_NEGATED_BETWEEN.search(text))


def asserts(doc: PromoDoc, unit: Unit) -> bool:
    """Whether the sentence asserts something of its own, as the claims detector reads it:
    not a fragment, title, instruction or question; not negated; unhedged; naming no
    evidence of its own ("studies show" is HL102's business, not a seller's claim)."""
    found = reading(doc, unit)
    if found is None or found.excluded:
        return False
    attributes = found.attributes
    negated = attributes.get("negated") and negates(unit.norm)
    return not (negated or attributes.get("hedged")
                or attributes.get("evidence"))


def _people_follow(text: str, at: int) -> bool:
    """Whether the word after ``our <Name>`` names people ("our Canadian readers"), not the
    seller's goods."""
    m = _NEXT_WORD.match(text, at)
    return m is not None and m.group(1).lower() in _OUR_PEOPLE
