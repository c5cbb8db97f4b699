"""Who is selling: a seller's page recognised from the page itself.

Real sellers rarely write "Buy now!". Their pages give them away by other means: shop
chrome (a basket, a checkout, add-to-cart buttons), the site's own name in the chrome or
byline turning up again in the body ("Here at Vitalroot we stock..."), and the first
person plural of commerce ("we offer", "our range", "shop our"). This module finds the
site's names, so the product index treats them as the publisher's own, and says whether
the page is a shop's, so prices and offers on it are read as offers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from checks.detectors.promotion.chrome import BASKET_COUNT
from checks.detectors.promotion.document import BODY, BOILERPLATE, PromoDoc, Unit, per_document
from checks.detectors.promotion.lexicon import LEGAL_FORM, Lazy, product_noun

# What a seller says it does with its goods: "we stock", "we brew", "we hand-make".
_MAKING = (r"offer|sell|stock|make|carry|supply|produce|formulate|manufacture|blend|brew|bake"
           r"|craft|design|hand-?make|source|roast|distil|press|ferment|grow|bottle|build|sew")
# The site naming itself as the one that makes: "At Wildbrew we brew ...", "At Oatlane, we
# make ...", opening a sentence.
_AT_HEAD = r"(?:^|(?<=[.!?]\s))At\s+"
_NAME3 = r"(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z])[\w&'-]*){0,2}"
_WE_MAKE = (r",?\s+we\s+(?:also\s+|only\s+|proudly\s+|still\s+|carefully\s+)?(?:" + _MAKING
            + r")\b")
_AT_NAME_WE = Lazy(_AT_HEAD + r"(?P<name>" + _NAME3 + r")" + _WE_MAKE)
# Chrome that only a shop has.
_SHOP_CUE = Lazy(BASKET_COUNT + r"|\badd (?:both |all )?to (?:cart|basket|bag|trolley)\b"
                 r"|\bcheckout\b|\bsubscribe (?:&|and) save\b", re.IGNORECASE)
# The first person plural of commerce: the site speaking of what it sells.
COMMERCE = Lazy(
    r"\b(?:here at (?-i:[A-Z])[\w&'-]+|we (?:also )?(?:offer|sell|stock|make|carry|supply|produce"
    r"|formulate|manufacture|ship|blend)\b|our (?:own )?(?:range|products|product "
    r"range|collection|formulas?|bestselling|best-selling|shop|store)\b)",
    re.IGNORECASE)
# The site naming itself as it offers its range: a pitch on its own (HL301).
SELLER_VOICE = Lazy(r"\bhere at (?-i:[A-Z])[\w&'-]+(?:\s+(?-i:[A-Z])[\w&'-]+){0,3},?\s+we\s+"
                    r"(?:also\s+)?(?:offer|sell|stock|make|carry|supply|produce|formulate|blend)\b",
                    re.IGNORECASE)
# The seller presenting its own goods without naming one: "At Wildbrew we brew ours
# slowly", "We stock the latest ... models", "Every frame is hand-finished in our studio".
OWN_GOODS = Lazy(
    r"(?:^|[.!?;]\s+)[\W_]*(?:(?:here\s+)?at\s+(?-i:[A-Z])[\w&'-]+(?:\s+(?-i:[A-Z])[\w&'-]+){0,2}"
    r",?\s+)?we\s+(?:also\s+|only\s+|proudly\s+|still\s+|carefully\s+)?(?:" + _MAKING + r")\b"
    r"|\b(?:every|each)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:is|are)\s+(?:[\w-]+\s+)?(?:hand-?[\w-]+|made"
    r"|crafted|brewed|blended|built|finished|assembled|bottled|mixed|packed|poured|roasted"
    r"|pressed|distilled)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:in|at|by)\s+our\b", re.IGNORECASE)
# The seller presenting its range in so many words: "Here is a summary of our natural
# products that suit eczema-prone skin", "Here are a few of our favourite balms" (a pitch on
# any page: the sentence itself says the goods are the site's).
_PRESENTS_RANGE = Lazy(
    r"(?:^|[.!?:;]\s+)\W*here\s+(?:is|are)\s+(?:(?:a|an)\s+(?:[\w-]+\s+)?(?:summary|selection|list"
    r"|round-?up|overview|few|handful)\s+of\s+|some\s+of\s+|(?:a\s+)?few\s+of\s+)?our\s+"
    r"(?P<words>[\w-]+(?:\s+[\w-]+){0,3})", re.IGNORECASE)
_RANGE_NOUNS = frozenset({"products", "range", "collection", "formulas", "blends", "remedies",
                          "bestsellers", "favourites", "favorites"})


def _presents_range(text: str) -> re.Match[str] | None:
    """A "Here is a summary of our natural products" sentence (see ``_PRESENTS_RANGE``)."""
    for m in _PRESENTS_RANGE.finditer(text):
        words = m.group("words").lower().split()
        if any(w in _RANGE_NOUNS or product_noun(w) for w in words):
            return m
    return None


# Other signs that the site sells: a call to shop its range, a disclosure that it makes
# what it writes about (not a pitch in themselves: HL302 and HL405 read those).
_SELLS = Lazy(r"\bshop (?:our|the)\b|\b(?:makes|sells) and (?:sells|makes)\b"
              r"|\bthe team (?:that|who) makes\b|\bwhich (?:makes|sells)\b", re.IGNORECASE)
# Where a page names itself: "Here at Vitalroot", "the team at Oatlane", "Posted by ...".
_SELF_NAMED = Lazy(
    r"\b(?:[Hh]ere at|[Tt]he team (?:at|behind|that makes)|[Pp]osted by|[Ww]ritten by the team "
    r"(?:at|that makes)|[Ww]elcome to)\s+(?P<name>(?:[A-Z][\w&'-]*)(?:\s+[A-Z][\w&'-]*){0,3})")
# A short title-case line at the top of a page: the shop's name ("CareWay Pharmacy").
_NAME_LINE = Lazy(r"(?:[A-Z][\w&'.-]*)(?:\s+[A-Z][\w&'.-]*){0,3}")
_TEAM = Lazy(r"^(?:the\s+)?(?P<name>.+?)(?:\s+(?:team|journal|blog|editors|editorial team"
             r"|staff|magazine))?$", re.IGNORECASE)
_GENERIC_HEADS = frozenset(
    {"skip", "home", "the", "shop", "search", "sign", "log", "menu", "our", "welcome", "free",
     "blog", "news", "health", "about", "contact", "account"})
_LEGAL = Lazy(r"\s+" + LEGAL_FORM + r"\.?$")
_TOP_UNITS = 8
# Prefilters: a pattern is searched for only when its page holds one of its words.
# What every match of _SELLS holds, lower-cased.
_SELLS_WORDS = ("shop our", "shop the", "and sells", "and makes", "team that makes",
                "team who makes", "which makes", "which sells")


def _may_sell(low: str) -> bool:
    """Whether ``low`` (a page's text, lower-cased) can hold a match of _SELLS. Only for
    ASCII text: IGNORECASE also matches letters that str.lower does not fold (ſ, ı, İ)."""
    return not low.isascii() or any(w in low for w in _SELLS_WORDS)


_SHOP_WORDS = ("cart", "basket", "bag", "trolley", "checkout", "save")
_COMMERCE_WORDS = ("here at", "we ", "our ")
_SELF_WORDS = ("here at", "the team", "posted by", "written by", "welcome to")
_PACK_WORDS = frozenset({"mg", "ml", "ct", "count", "pack", "iu", "mcg", "g", "kg", "oz"})
_NOT_BRANDS = _GENERIC_HEADS | {"a", "an", "how", "why", "what", "when", "where", "which",
                                "best", "top", "your", "my", "is", "are", "do", "does", "can"}


# Where a product title stops being the name: the pack size, strength or a dash.
_TITLE_END = Lazy(r"\s+[-\u2013\u2014|,(]\s*|\s+\d")


@dataclass(frozen=True, eq=False)
class Seller:
    """What the page says about who is selling."""

    names: tuple[str, ...]  # the site's names that recur in the body
    title_product: str  # on a shop's product page, the product its title names
    shop: bool  # shop chrome: a basket, a checkout, add-to-cart buttons
    commerce: tuple[Unit, ...]  # body units in the first person plural of commerce
    sells: bool = False  # a call to shop the site's range, or a disclosure that it sells

    @cached_property
    def commerce_ids(self) -> frozenset[int]:
        return frozenset(u.index for u in self.commerce)

    @property
    def product_page(self) -> bool:
        """A shop's page for one product (a title naming it, a basket): an advertisement by
        nature, which no reader takes for editorial content."""
        return self.shop and bool(self.title_product)

    @property
    def selling(self) -> bool:
        return self.shop or bool(self.names and (self.commerce or self.sells))


def _clean(name: str) -> str:
    m = _TEAM.match(name.strip(" .,:;|"))
    name = m.group("name") if m else name
    return _LEGAL.sub("", name).strip(" .,")


def _candidates(doc: PromoDoc) -> dict[str, Unit | None]:
    """Names the page gives itself, with the unit that gave each (None: front matter)."""
    out: dict[str, Unit | None] = {}
    meta = doc.article.metadata
    for key in ("site", "site_name", "publisher", "author"):
        value = meta.get(key)
        if isinstance(value, str) and (key != "author" or _TEAM.match(value.strip()).group(
                "name") != value.strip()):
            out.setdefault(_clean(value), None)  # an author counts as "... Team", "... Journal"
    for unit in doc.units[:_TOP_UNITS]:
        text = unit.text.strip()
        if unit.where == BOILERPLATE and _NAME_LINE.fullmatch(text) and len(text) >= 4:
            out.setdefault(_clean(text), unit)
    low = doc.lower
    for unit in doc.units if any(w in low for w in _SELF_WORDS) else ():
        for m in _SELF_NAMED.finditer(unit.norm):
            out.setdefault(_clean(m.group("name")), unit)
    return {n: u for n, u in out.items() if n and n.split()[0].lower() not in _GENERIC_HEADS}


def _speaks_as_seller(name: str, source: Unit | None) -> bool:
    """"Here at Gemstonz, we offer CBD honey": the sentence that names the site sells."""
    return source is not None and source.where == BODY and bool(
        SELLER_VOICE.search(source.norm)) and name.split()[0] in source.norm


def _recurs(name: str, source: Unit | None, doc: PromoDoc) -> bool:
    """Whether the name's first word is written, capitalised, in a body unit of its own."""
    head = re.compile(r"(?<![\w-])" + re.escape(name.split()[0]) + r"(?![\w-])")
    return any(unit is not source and unit.where == BODY and head.search(unit.norm)
               for unit in doc.units)


@per_document("seller")
def of(doc: PromoDoc) -> Seller:
    """The page's seller signals."""
    low = doc.lower  # the words every pattern below needs: most pages have none of them
    shop = any(w in low for w in _SHOP_WORDS) and any(_SHOP_CUE.search(u.norm)
                                                      for u in doc.units)
    commerce = tuple(u for u in doc.units if u.where == BODY and not u.view.quoted
                     and COMMERCE.search(u.norm)) if any(w in low for w in _COMMERCE_WORDS) \
        else ()
    candidates = _candidates(doc)
    names = tuple(n for n, source in candidates.items()
                  if _recurs(n, source, doc) or _speaks_as_seller(n, source))
    # The name's first word alone finds "Meadowfern Night Drops" from "Meadowfern Botanicals".
    names = tuple(dict.fromkeys([*names, *(n.split()[0] for n in names)]))
    sells = _may_sell(low) and any(u.where == BODY and _SELLS.search(u.norm)
                                   for u in doc.units)
    if not (shop or commerce or sells):
        names = ()  # a public body's name in its own header sells nothing
    return Seller(names, _title_product(doc) if shop else "", shop, commerce, sells)


def _title_product(doc: PromoDoc) -> str:
    """The product a shop's page is titled with: its first body heading, cut at the pack
    size ("Emberguard Maximum Strength Famotidine 20 mg ... – 50 ct" -> "Emberguard Maximum
    Strength Famotidine"), when its first word is a name."""
    title = next((v for v in doc.views if v.is_heading and v.where == BODY), None)
    if title is None:
        return ""
    text = title.text.strip()
    if not any(product_noun(w) or w.lower() in _PACK_WORDS for w in re.findall(r"[\w-]+", text)):
        return ""  # "A word of caution", "Varicose veins: what helps": not a product's name
    m = _TITLE_END.search(text)
    name = text[:m.start()] if m else text
    words = name.split()
    if not words or not words[0][:1].isupper() or words[0].lower() in _NOT_BRANDS:
        return ""
    return name if 1 <= len(words) <= 8 else ""


def is_shop(doc: PromoDoc) -> bool:
    return of(doc).shop


def own_goods(doc: PromoDoc) -> list[tuple[Unit, str]]:
    """Body sentences in which the seller tells how it makes or stocks its goods (see
    ``OWN_GOODS``), with the words that show it, or presents them ("Here is a summary of our
    natural products", on any page): on a recognised seller's page, or where a
    sentence names the site as the maker ("At Wildbrew we brew ...") and the name recurs in
    the body, the brand of its products (the page says who sells without shop chrome)."""
    if not any(w in doc.lower for w in ("we ", "our")):
        return []
    selling = of(doc).selling
    out: list[tuple[Unit, str]] = []
    for unit in doc.units:
        if unit.where != BODY or unit.view.quoted or unit.cited or unit.is_heading:
            continue
        m = OWN_GOODS.search(unit.norm)
        if m is None:
            shown = _presents_range(unit.norm) if "here " in unit.norm.lower() else None
            if shown is not None:
                out.append((unit, shown.group().lstrip(" .!?:;*_\"'")))
            continue
        at = _AT_NAME_WE.search(unit.norm)
        if selling or (at is not None and _recurs(at.group("name"), unit, doc)):
            out.append((unit, m.group().lstrip(" .!?;*_\"'")))
    return out
